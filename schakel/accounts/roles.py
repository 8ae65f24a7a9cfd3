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
