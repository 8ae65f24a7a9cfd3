from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do. Which cases they may see is decided by need-to-know."""

    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    KETENPARTNER = "ketenpartner", _("Ketenpartner")
    INFORMATIEMAKELAAR = "informatiemakelaar", _("Informatiemakelaar")
    MANAGER = "manager", _("Manager")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer (FG)")
    BESTUURDER = "bestuurder", _("Bestuurder")


# The roles that open case content (the same as CASE_ROLES in schakel.access.policy).
# Granting one takes a second person's approval, and none of them may sit on the account
# of a functioneel beheerder: whoever hands out access must not be able to use it.
CASE_CONTENT_ROLES = frozenset({Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.INFORMATIEMAKELAAR})

# Who, besides the requester, may approve a grant of a case role in their region.
GRANT_APPROVER_ROLES = (Role.BEHEERDER, Role.MANAGER)
