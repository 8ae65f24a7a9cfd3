"""Vertrouwelijke onderdelen: the fields an item carries when its writer limits who reads it.

An answer to an information request, the BOB minutes of an agenda item, the analysis of
a leefgebied and a progress report can each be marked *vertrouwelijk* and limited to
named organisations (PRODUCT.md section 14). Who may read such an item is decided in one
place, schakel.access.policy.may_read_confidential; who else may see *that* it exists
sees the placeholder schakel/_confidential.html with whom to ask.

The kernel holds the shape only (the columns, the form fields and the frozen form kept in
a plan version); the apps whose items carry it own their migrations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from schakel.core.forms import SafeModelMultipleChoiceField


@dataclass(frozen=True)
class WhomToAsk:
    """The organisation (and person) that holds a confidential item's content."""

    organisation: str
    name: str = ""
    email: str = ""
    phone: str = ""


class Confidential(models.Model):
    """Mixed into every model whose content can be marked vertrouwelijk.

    ``confidential_for`` always holds the writer's own organisation when the item is
    marked. ``confidential_for_procesregie`` says whether the procesregie of the ZVH
    (procesregisseur, informatiemakelaar) reads it too: by default it does, because
    procesregie must be able to weigh everything brought to the table; a partner may
    leave it out (e.g. police information under investigation), and when procesregie
    itself writes it is always included.
    """

    is_confidential = models.BooleanField(_("vertrouwelijk"), default=False)
    confidential_for = models.ManyToManyField(
        "organisations.Organisation",
        related_name="+",
        blank=True,
        verbose_name=_("vertrouwelijk voor"),
    )
    confidential_for_procesregie = models.BooleanField(
        _("ook voor de procesregie van het ZVH"), default=True
    )
    # Whom the others ask: the organisation that marked the item and its writer.
    confidential_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confidential_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def confidential_organisation_ids(self) -> set[int]:
        # .all() so a prefetch_related("confidential_for") is used.
        return {organisation.pk for organisation in self.confidential_for.all()}

    @property
    def whom_to_ask(self) -> WhomToAsk:
        organisation = self.confidential_organisation
        contact = self.confidential_contact
        return WhomToAsk(
            organisation=str(organisation) if organisation is not None else "",
            name=(contact.get_full_name() or contact.get_username()) if contact else "",
            email=(contact.email if contact and contact.email else "")
            or (organisation.email if organisation is not None else ""),
            phone=organisation.phone if organisation is not None else "",
        )

    def confidential_mark(self) -> ConfidentialMark:
        """The marking as plain data, for a frozen plan version."""
        return ConfidentialMark(
            is_confidential=self.is_confidential,
            confidential_for_procesregie=self.confidential_for_procesregie,
            organisation_ids=tuple(sorted(self.confidential_organisation_ids)),
            ask=self.whom_to_ask if self.is_confidential else None,
        )


@dataclass(frozen=True)
class ConfidentialMark:
    """A marking outside the database (a frozen plan version): the same questions answered
    by the same policy function as a model row."""

    is_confidential: bool = False
    confidential_for_procesregie: bool = True
    organisation_ids: tuple[int, ...] = field(default_factory=tuple)
    ask: WhomToAsk | None = None

    @property
    def confidential_organisation_ids(self) -> set[int]:
        return set(self.organisation_ids)

    @property
    def whom_to_ask(self) -> WhomToAsk:
        return self.ask or WhomToAsk(organisation="")

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["organisation_ids"] = list(self.organisation_ids)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ConfidentialMark:
        """A snapshot from before the marking existed reads as not confidential."""
        if not data:
            return cls()
        ask = data.get("ask")
        return cls(
            is_confidential=bool(data.get("is_confidential")),
            confidential_for_procesregie=bool(data.get("confidential_for_procesregie", True)),
            organisation_ids=tuple(data.get("organisation_ids") or ()),
            ask=WhomToAsk(**ask) if ask else None,
        )


# --- Form fields ------------------------------------------------------------------------


def confidentiality_fields(
    *, organisations: models.QuerySet, writer_is_procesregie: bool, prefix: str = ""
) -> dict[str, forms.Field]:
    """The checkbox and the organisation choice every form that writes such an item adds.

    ``organisations`` are the ones that may be named (schakel.access.policy.
    confidential_choices); any id validates here, so that a tampered choice reaches the
    service and gets its precise refusal there.
    """
    fields: dict[str, forms.Field] = {
        f"{prefix}is_confidential": forms.BooleanField(
            label=_("Vertrouwelijk"),
            required=False,
            help_text=_(
                "Alleen de organisaties die u hieronder kiest lezen de inhoud; uw eigen "
                "organisatie altijd. Anderen die de casus zien, zien alleen dát er iets "
                "vertrouwelijks is en bij wie zij het kunnen navragen."
            ),
        ),
        f"{prefix}confidential_for": SafeModelMultipleChoiceField(
            label=_("Ook te lezen door"),
            queryset=organisations.model._default_manager.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _("Kies alleen organisaties die bij deze casus betrokken zijn."),
            },
        ),
    }
    fields[f"{prefix}confidential_for"].widget.choices = [(o.pk, str(o)) for o in organisations]
    if not writer_is_procesregie:
        fields[f"{prefix}confidential_for_procesregie"] = forms.BooleanField(
            label=_("Ook te lezen door de procesregie van het ZVH"),
            required=False,
            initial=True,
            help_text=_(
                "De procesregisseur weegt alle informatie aan tafel. Haal het vinkje alleen "
                "weg als de informatie echt alleen bij de gekozen organisaties mag blijven."
            ),
        )
    return fields


def initial_marking(item: Confidential | None, *, prefix: str = "") -> dict[str, Any]:
    if item is None or not item.is_confidential:
        return {}
    return {
        f"{prefix}is_confidential": True,
        f"{prefix}confidential_for": sorted(
            pk
            for pk in item.confidential_organisation_ids
            if pk != item.confidential_organisation_id
        ),
        f"{prefix}confidential_for_procesregie": item.confidential_for_procesregie,
    }


@dataclass(frozen=True)
class Marking:
    """What the writer chose, as the services take it."""

    is_confidential: bool = False
    organisations: tuple[Any, ...] = ()
    for_procesregie: bool = True

    @classmethod
    def from_cleaned(cls, data: dict[str, Any], *, prefix: str = "") -> Marking:
        return cls(
            is_confidential=bool(data.get(f"{prefix}is_confidential")),
            organisations=tuple(data.get(f"{prefix}confidential_for") or ()),
            for_procesregie=bool(data.get(f"{prefix}confidential_for_procesregie", True)),
        )


NOT_CONFIDENTIAL = Marking()


def prefetch_markings(items: Iterable[Confidential]) -> None:
    """Load the named organisations of the marked items among these, in one query, and
    none at all when nothing is marked (the common case adds no query to a page)."""
    marked = [item for item in items if item.is_confidential]
    if marked:
        prefetch_related_objects(marked, "confidential_for")
