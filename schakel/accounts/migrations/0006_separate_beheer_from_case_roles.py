"""A functioneel beheerder may no longer hold a role that opens case content.

Accounts that combined them lose the case roles (not the beheer role): access to case
content is what separation of duties takes away, and the beheer work goes on. Each
removal is written to the security log so the region can hand the case work to a
separate account, through the four-eyes grant.
"""

from django.db import migrations

BEHEERDER = "beheerder"
CASE_CONTENT_ROLES = ("procesregisseur", "ketenpartner", "informatiemakelaar")


def remove_case_roles_from_beheerders(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    SecurityEvent = apps.get_model("accounts", "SecurityEvent")
    beheerders = RoleAssignment.objects.filter(role=BEHEERDER).values("user_id")
    combined = RoleAssignment.objects.filter(user_id__in=beheerders, role__in=CASE_CONTENT_ROLES)
    removed: dict[int, list[str]] = {}
    for assignment in combined:
        removed.setdefault(assignment.user_id, []).append(assignment.role)
    combined.delete()
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(pk__in=removed):
        SecurityEvent.objects.create(
            kind="role_changed",
            user=user,
            username=user.username,
            detail=(
                "scheiding van taken: casusrollen van functioneel beheerder verwijderd: "
                + ", ".join(sorted(removed[user.pk]))
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_role_grant")]

    operations = [
        migrations.RunPython(remove_case_roles_from_beheerders, migrations.RunPython.noop),
    ]
