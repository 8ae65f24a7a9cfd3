from django.db import migrations

LIFE_DOMAINS = [
    ("wonen", "Wonen / huisvesting"),
    ("financien", "Financiën en schulden"),
    ("inkomen", "Inkomen / uitkering"),
    ("werk", "Werk, dagbesteding en onderwijs"),
    ("psychisch", "Psychische gezondheid"),
    ("lichamelijk", "Lichamelijke gezondheid"),
    ("verslaving", "Verslaving / middelengebruik"),
    ("justitie", "Justitie / criminaliteit"),
    ("netwerk", "Sociaal netwerk"),
    ("gezin", "Gezin / opvoeding"),
    ("veiligheid", "Veiligheid (thuis)"),
    ("identiteit", "Identiteitsbewijs"),
    ("zelfredzaamheid", "Verstandelijke beperking / zelfredzaamheid"),
]


def add_life_domains(apps, schema_editor):
    LifeDomain = apps.get_model("cases", "LifeDomain")
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def remove_life_domains(apps, schema_editor):
    apps.get_model("cases", "LifeDomain").objects.filter(
        code__in=[code for code, _ in LIFE_DOMAINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_life_domains, remove_life_domains)]
