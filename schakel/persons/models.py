from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned
from schakel.persons.bsn import validate_bsn

# What every screen outside the privacy officer's shows instead of a person whose
# processing is restricted (AVG article 18): the record stays, its content is shown to no one.
RESTRICTED_LABEL = _("Gegevens beperkt (AVG art. 18)")


class Gender(models.TextChoices):
    MAN = "man", _("Man")
    VROUW = "vrouw", _("Vrouw")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend")


class Person(Versioned):
    """A betrokkene. Belongs to one region; never visible across regions.

    Versioned: the privacy officer's correction form is checked against the version it
    was opened with, so two corrections never silently overwrite each other.
    """

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
    # AVG article 18: while set, the person is left out of every visible set (the policy),
    # shown masked wherever a case lists its persons, and no new processing is allowed.
    # The history of restrictions is ProcessingRestriction; this flag is their current state.
    is_restricted = models.BooleanField(_("verwerking beperkt"), default=False)

    class Meta:
        ordering = ["last_name", "first_names"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        indexes = [
            models.Index(fields=["region", "birth_date"], name="person_region_birth"),
            models.Index(fields=["region", "bsn"], name="person_region_bsn"),
            # The persons search by last name: a prefix of name_key within the region.
            # The pattern operator class lets PostgreSQL use it for LIKE 'key%' whatever
            # the database's collation; other databases ignore it.
            models.Index(
                fields=["region", "name_key"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="person_region_name",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.first_names, self.name_prefix, self.last_name]
        return " ".join(p for p in parts if p)


def person_field_label(name: str) -> str:
    """The label of a person's field, as the correction history and the log name it."""
    try:
        field = Person._meta.get_field(name)
    except FieldDoesNotExist:  # a field renamed since: show its stored name
        return name
    return str(getattr(field, "verbose_name", name))


class MaskedPerson(Person):
    """A restricted person as the screens outside the privacy officer's show them: the
    same id (so links, the access log and counts still work), no name, BSN, date of birth,
    address or contact data. Made by persons.restriction.shown; never saved."""

    class Meta:
        proxy = True

    @property
    def full_name(self) -> str:
        return str(RESTRICTED_LABEL)

    def save(self, *args, **kwargs):
        raise TypeError("A masked person is a view of a record and is never saved.")

    def delete(self, *args, **kwargs):
        raise TypeError("A masked person is a view of a record and is never deleted.")


class PersonCorrection(models.Model):
    """Rectificatie (AVG article 16): one corrected field, with its old value kept.

    Values are kept as the text that was shown (a date as 31-12-1990, a municipality by
    name), so the history reads the same whatever happens to the reference lists later.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("gegeven"), max_length=40)
    old_value = models.TextField(_("oude waarde"), blank=True)
    new_value = models.TextField(_("nieuwe waarde"), blank=True)
    reason = models.TextField(_("reden"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("gecorrigeerd op"), default=timezone.now)

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        verbose_name = _("correctie van persoonsgegevens")
        verbose_name_plural = _("correcties van persoonsgegevens")

    @property
    def field_label(self) -> str:
        return person_field_label(self.field)


class ProcessingRestriction(models.Model):
    """Beperking van de verwerking (AVG article 18): from when, by whom, why, and its lifting."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="restrictions")
    reason = models.TextField(_("reden"))
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    restricted_at = models.DateTimeField(_("beperkt sinds"), default=timezone.now)
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(_("reden van opheffen"), blank=True)

    class Meta:
        ordering = ["-restricted_at", "-pk"]
        verbose_name = _("beperking van de verwerking")
        verbose_name_plural = _("beperkingen van de verwerking")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_restriction_per_person",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
