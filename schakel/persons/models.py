from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.persons.bsn import validate_bsn


class Gender(models.TextChoices):
    MAN = "man", _("Man")
    VROUW = "vrouw", _("Vrouw")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class Person(models.Model):
    """A betrokkene. Belongs to one region; never visible across regions."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="persons"
    )
    bsn = models.CharField(
        _("BSN"), max_length=9, blank=True, validators=[validate_bsn], db_index=True
    )
    first_names = models.CharField(_("voornamen"), max_length=200)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    gender = models.CharField(
        _("geslacht"), max_length=10, choices=Gender.choices, default=Gender.ONBEKEND
    )
    street_address = models.CharField(_("adres"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # Normalised spelling of the name, so that "Jansen" finds "Janssen" and "Yilmaz" "Ijlmaz".
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_names"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        indexes = [
            models.Index(fields=["region", "birth_date"], name="person_region_birth"),
            models.Index(fields=["region", "bsn"], name="person_region_bsn"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.first_names, self.name_prefix, self.last_name]
        return " ".join(p for p in parts if p)
