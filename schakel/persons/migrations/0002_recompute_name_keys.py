"""The name key became spelling-tolerant and "<last name>|<first name>": recompute it."""

from django.db import migrations


def recompute_name_keys(apps, schema_editor):
    from schakel.persons.matching import name_key

    Person = apps.get_model("persons", "Person")
    changed = []
    for person in Person.objects.only("pk", "first_names", "name_prefix", "last_name", "name_key").iterator(chunk_size=2000):
        key = name_key(person.first_names, person.name_prefix, person.last_name)
        if key != person.name_key:
            person.name_key = key
            changed.append(person)
        if len(changed) >= 2000:
            Person.objects.bulk_update(changed, ["name_key"])
            changed = []
    if changed:
        Person.objects.bulk_update(changed, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0001_initial"),
    ]

    operations = [
        # Reversing leaves the new keys in place: they are only a search aid.
        migrations.RunPython(recompute_name_keys, migrations.RunPython.noop),
    ]
