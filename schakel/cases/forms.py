from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schakel.access.policy import may_request_information, visible_cases
from schakel.cases.lifecycle import OPEN_STATES, CaseState
from schakel.cases.models import Case, CaseTransition, PersonRole
from schakel.core.forms import SafeModelChoiceField, SchakelForm, text_field
from schakel.organisations.models import Municipality
from schakel.persons.forms import PersonCreateForm
from schakel.persons.matching import last_name_key
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User


class CaseFilterForm(SchakelForm):
    """Filters of the case list. Sent by GET: none of them is personal data."""

    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *CaseState.choices],
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    municipality = SafeModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Alle gemeenten"),
        error_messages={"invalid_choice": _("Kies een gemeente van uw regio.")},
    )
    table = SafeModelChoiceField(
        label=_("Regietafel"),
        required=False,
        queryset=Table.objects.none(),
        empty_label=_("Alle regietafels"),
        error_messages={"invalid_choice": _("Kies een regietafel van uw regio.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = user.region_id
        self.fields["municipality"].queryset = Municipality.objects.filter(region_id=region_id)
        self.fields["table"].queryset = Table.objects.filter(region_id=region_id)

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored (and shown as an error)."""
        self.is_valid()  # a field with an error is left out of cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if value}


# A reference as shown ("C2026-000123"), without the C, or the bare number. The number
# is capped so that a pasted 25-digit value is a form error, not a database overflow.
REFERENCE = re.compile(r"^C?(?:(?P<year>\d{4})-)?(?P<number>\d{1,10})$", re.IGNORECASE)


def parse_reference(value: str) -> tuple[int | None, int] | None:
    """(year or None, case number) of a typed reference, or None when it is none."""
    match = REFERENCE.match("".join(value.split()))
    if match is None:
        return None
    year = match.group("year")
    return (int(year) if year else None, int(match.group("number")))


class CaseMergeForm(SchakelForm):
    """Close a duplicate melding as samengevoegd into another case: the target by reference."""

    target = forms.CharField(
        label=_("Samenvoegen met casus"),
        max_length=20,
        help_text=_("Het kenmerk van de lopende casus, bijvoorbeeld C2025-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Geef het kenmerk van de casus.")},
    )
    reason = text_field(
        CaseTransition,
        "reason",
        label=_("Reden"),
        rows=3,
        help_text=_("Bijvoorbeeld: dezelfde situatie is al gemeld en wordt daar behandeld."),
        error_messages={"required": _("Geef een reden voor het samenvoegen.")},
    )
    confirm = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat deze melding over dezelfde situatie gaat"),
        error_messages={"required": _("Bevestig dat u deze casus wilt samenvoegen.")},
    )

    def __init__(self, *args, user: User, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.case = user, case

    def clean_target(self) -> Case:
        from schakel.access.policy import may_direct_case, visible_cases

        parsed = parse_reference(self.cleaned_data["target"])
        found = None
        if parsed is not None:
            year, number = parsed
            found = visible_cases(self.user).filter(pk=number).exclude(pk=self.case.pk).first()
            if found is not None and year is not None and found.created_at.year != year:
                found = None
        if found is None or not may_direct_case(self.user, found):
            raise ValidationError(
                _("Er is geen andere casus met dit kenmerk die u kunt samenvoegen."),
                code="unknown_case",
            )
        return found


# What may be typed as (part of) a reference: an optional C, digits and dashes.
REFERENCE_FRAGMENT = re.compile(r"^C?[\d-]*\d[\d-]*$", re.IGNORECASE)


def reference_fragment(value: str) -> str | None:
    """The typed value as a reference fragment ("C2026-0001"), or None when it is a name."""
    compact = "".join(value.split()).upper()
    return compact if REFERENCE_FRAGMENT.match(compact) else None


class CaseSearchForm(SchakelForm):
    """One search field for a case number or a person's name.

    Always sent by POST: a name must never be in a URL (nor so in a server log). A case
    number is sent on as GET (?kenmerk=), so that a search by number can be linked.
    """

    zoekterm = forms.CharField(
        label=_("Zoeken op kenmerk of naam"),
        max_length=200,
        help_text=_(
            "Een (deel van het) kenmerk, bijvoorbeeld 123 of C2025-000123, of de naam van "
            "een betrokkene; ook varianten in spelling worden gevonden."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul een kenmerk of een naam in.")},
    )

    def clean_zoekterm(self) -> str:
        value = " ".join(self.cleaned_data["zoekterm"].split())
        if reference_fragment(value) is None and not last_name_key("", value):
            raise ValidationError(
                _("Vul een kenmerk (cijfers) of een naam (letters) in."), code="empty_search"
            )
        return value


class CaseChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} — {obj.title}"


class PersonInCaseForm(PersonCreateForm):
    """A new betrokkene and the open case (with the role) it is registered into."""

    case = CaseChoiceField(
        label=_("Casus"),
        queryset=Case.objects.none(),
        empty_label=_("Kies een casus"),
        help_text=_("De casus waarin deze persoon betrokken is."),
    )
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=PersonRole.choices)

    field_order = ["case", "role"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["case"].queryset = (
            visible_cases(user).filter(state__in=OPEN_STATES).order_by("-created_at", "-pk")
        )

    def clean_case(self) -> Case:
        case = self.cleaned_data["case"]
        if not may_request_information(self.user, case):
            raise ValidationError(_("U kunt aan deze casus geen betrokkenen toevoegen."))
        return case
