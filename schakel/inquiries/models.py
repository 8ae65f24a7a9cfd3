from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.confidentiality import Confidential


class LegalGround(models.TextChoices):
    WGS = "wgs", _("Wet gegevensverwerking door samenwerkingsverbanden (WGS)")
    CONVENANT = "convenant", _("Convenant informatiedeling van de regio")
    WJSG = "wjsg", _("Wet justitiële en strafvorderlijke gegevens")
    WPG = "wpg", _("Wet politiegegevens")
    AVG_6E = "avg_6e", _("AVG art. 6 lid 1 sub e (publieke taak)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEANTWOORD = "beantwoord", _("Beantwoord")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


# The order of the request lists: open requests first. One expression for the lists and
# for the indexes that serve them, so that PostgreSQL reads a page in index order instead
# of sorting every request the reader may see.
OPEN_FIRST = models.Case(
    models.When(status=RequestStatus.OPEN, then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class InformationRequest(Confidential, models.Model):
    """An uitvraag: a question to one convenant partner about one case. The answering
    partner can mark its answer vertrouwelijk (Confidential); the question never is."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="information_requests"
    )
    # Always its case's region (set on save, moved along with a transferred case): the
    # lists of a national installation start from the own region's requests instead of
    # every request in the country.
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    persons = models.ManyToManyField(
        "persons.Person", related_name="+", verbose_name=_("betrokkenen")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("partnerorganisatie"),
    )
    question = models.TextField(_("vraag"), max_length=2000)
    purpose = models.TextField(_("doel"), max_length=1000)
    legal_ground = models.CharField(_("grondslag"), max_length=20, choices=LegalGround.choices)
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("antwoord"), max_length=10000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("informatieverzoek")
        verbose_name_plural = _("informatieverzoeken")
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"], name="inforeq_org_open"),
            # The list of a partner (its own organisation's requests) and of procesregie.
            models.Index(
                models.F("organisation"),
                OPEN_FIRST,
                models.F("deadline"),
                models.F("id"),
                name="inforeq_org_list",
            ),
            models.Index(
                models.F("region"),
                OPEN_FIRST,
                models.F("deadline"),
                models.F("id"),
                name="inforeq_region_list",
            ),
            # The region's open requests past their deadline (the worklist), by deadline.
            models.Index(
                fields=["region", "deadline"],
                condition=models.Q(status=RequestStatus.OPEN),
                name="inforeq_region_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.deadline:%d-%m-%Y}"

    def save(self, *args, **kwargs) -> None:
        if self.region_id is None:
            self.region_id = self.case.region_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        """Still open after its deadline: shown as "Te laat" everywhere."""
        return self.is_open and self.deadline < timezone.localdate()
