"""Input of Volhouden and Opschalen; the services decide what is allowed."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.core.concurrency import VersionedFormMixin
from schakel.core.forms import SafeModelChoiceField, SchakelForm, text_field
from schakel.core.forms import date_field as picker_date_field
from schakel.followup.models import Action, Escalation, EscalationLevel, ProgressMeasurement
from schakel.followup.selectors import (
    ActionFilter,
    escalation_addressees,
    owner_organisations,
    owner_user_candidates,
)
from schakel.followup.services import SCORE_MAX, SCORE_MIN, goal_field_name
from schakel.organisations.models import Organisation
from schakel.plans.selectors import holder_label, task_recipients

DEFAULT_ACTION_DAYS = 14


def date_field(label, *, required_message, help_text=""):
    return picker_date_field(
        label, help_text=help_text, error_messages={"required": required_message}
    )


class OwnerChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ActionForm(SchakelForm):
    description = text_field(
        Action,
        "description",
        label=_("Actie"),
        rows=4,
        help_text=_("Wat moet er gebeuren? Noem geen namen van betrokkenen."),
        error_messages={"required": _("Beschrijf de actie.")},
    )
    owner_organisation = SafeModelChoiceField(
        label=_("Eigenaar (organisatie)"),
        queryset=None,
        help_text=_("Alleen organisaties die aan de casus deelnemen."),
        error_messages={
            "required": _("Kies de organisatie die de actie uitvoert."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    owner_user = OwnerChoiceField(
        label=_("Eigenaar (persoon)"),
        queryset=None,
        required=False,
        help_text=_("Optioneel: een medewerker van de gekozen organisatie."),
        error_messages={"invalid_choice": _("Kies een medewerker uit de lijst.")},
    )
    due_on = date_field(
        _("Uiterlijk gereed op"),
        required_message=_("Geef de datum waarop de actie uiterlijk gereed is."),
    )

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any organisation or user id validates here, so a tampered choice reaches the
        # service and gets its precise refusal; the selects offer only the valid ones.
        offered = list(owner_organisations(case=case, user=user))
        organisation = self.fields["owner_organisation"]
        organisation.queryset = Organisation.objects.all()
        recipients = task_recipients([o.pk for o in offered])
        organisation.widget.choices = [
            ("", _("— kies een organisatie —")),
            *((o.pk, holder_label(o, recipients)) for o in offered),
        ]
        owner = self.fields["owner_user"]
        owner.queryset = User.objects.all()
        people = owner_user_candidates(case=case, organisations=offered)
        owner.widget.choices = [
            ("", _("— geen persoon, de organisatie —")),
            *((u.pk, f"{u.get_full_name() or u.username} ({u.organisation})") for u in people),
        ]
        if not self.is_bound:
            self.initial.setdefault(
                "due_on", timezone.localdate() + datetime.timedelta(days=DEFAULT_ACTION_DAYS)
            )


class ActionResultForm(VersionedFormMixin, SchakelForm):
    result = text_field(
        Action,
        "result",
        label=_("Resultaat"),
        rows=3,
        error_messages={"required": _("Beschrijf wat de actie heeft opgeleverd.")},
    )


class ActionCancelForm(VersionedFormMixin, SchakelForm):
    result = text_field(
        Action,
        "result",
        label=_("Reden van vervallen"),
        rows=3,
        error_messages={"required": _("Geef aan waarom de actie vervalt.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "vervallen")
        super().__init__(*args, **kwargs)


class ActionFilterForm(SchakelForm):
    status = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[
            (ActionFilter.OPEN, _("Open acties")),
            (ActionFilter.OVERDUE, _("Alleen acties over datum")),
            (ActionFilter.ALL, _("Alle acties")),
        ],
    )

    def status_filter(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return ActionFilter.OPEN


class EscalationForm(SchakelForm):
    level = forms.ChoiceField(
        label=_("Niveau"),
        choices=[("", _("— kies een niveau —")), *EscalationLevel.choices],
        help_text=_("Strategisch of bestuurlijk opschalen kan pas na een tactische opschaling."),
        error_messages={
            "required": _("Kies het niveau waarnaar u opschaalt."),
            "invalid_choice": _("Kies een niveau uit de lijst."),
        },
    )
    question = text_field(
        Escalation,
        "question",
        label=_("Vraag"),
        rows=5,
        help_text=_(
            "Waar komen de partners op operationeel niveau niet uit, of welk mandaat ontbreekt?"
        ),
        error_messages={
            "required": _("Formuleer de vraag die op dit niveau moet worden beantwoord.")
        },
    )
    addressee = text_field(
        Escalation,
        "addressee",
        label=_("Aan wie"),
        help_text=_("Bijvoorbeeld het tactisch overleg ZVH of de burgemeester."),
        error_messages={"required": _("Geef aan aan wie de vraag wordt voorgelegd.")},
    )
    raised_on = date_field(_("Datum"), required_message=_("Geef de datum van de opschaling."))
    addressed_to = OwnerChoiceField(
        label=_("Voorleggen aan (in Schakel)"),
        queryset=None,
        required=False,
        help_text=_(
            "Optioneel: een bestuurder of manager die de vraag in Schakel krijgt en beantwoordt. "
            "Die ziet alleen de vraag en uw toelichting, niet de casus."
        ),
        error_messages={"invalid_choice": _("Kies een persoon uit de lijst.")},
    )
    briefing = text_field(
        Escalation,
        "briefing",
        label=_("Toelichting voor de geadresseerde"),
        rows=4,
        required=False,
        help_text=_(
            "Wat moet de geadresseerde weten om de vraag te beantwoorden? Geen namen of BSN."
        ),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Any user id validates here, so a tampered choice gets the service's refusal.
        self.fields["addressed_to"].queryset = User.objects.all()
        self.fields["addressed_to"].widget.choices = [
            ("", _("— niemand in Schakel —")),
            *(
                (u.pk, f"{u.get_full_name() or u.username} ({u.organisation})")
                for u in escalation_addressees(case=case)
            ),
        ]
        if not self.is_bound:
            self.initial.setdefault("raised_on", timezone.localdate())


class EscalationAnswerForm(SchakelForm):
    answer = text_field(
        Escalation,
        "answer",
        label=_("Uw antwoord"),
        rows=6,
        error_messages={"required": _("Geef uw antwoord op de vraag.")},
    )


class EscalationResolveForm(VersionedFormMixin, SchakelForm):
    outcome = text_field(
        Escalation,
        "outcome",
        label=_("Uitkomst"),
        rows=5,
        error_messages={"required": _("Beschrijf de uitkomst van de opschaling.")},
    )
    resolved_on = date_field(
        _("Afgerond op"),
        required_message=_("Geef de datum waarop de opschaling is afgerond."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("resolved_on", timezone.localdate())


def score_field(label, *, required_message, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        coerce=int,
        choices=[(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": _("Geef een score van 1 tot en met 5."),
        },
    )


SCALE_HELP = _("1 = niet bereikt / slecht, 5 = volledig bereikt / goed.")


class MeasurementForm(SchakelForm):
    """The Stappenmeter: fixed fields plus one score field per subdoel of the plan."""

    measured_on = date_field(
        _("Evaluatiedatum"), required_message=_("Geef de datum van de evaluatie.")
    )
    cooperation = score_field(
        _("Kwaliteit van de samenwerking"),
        required_message=_("Geef de kwaliteit van de samenwerking een score."),
        help_text=SCALE_HELP,
    )
    main_goal_score = score_field(
        _("Hoofddoel"),
        required_message=_("Geef het hoofddoel een score."),
        help_text=SCALE_HELP,
    )

    def __init__(self, *args, plan, goals, **kwargs):
        super().__init__(*args, **kwargs)
        if plan.main_goal:
            self.fields["main_goal_score"].help_text = f"{plan.main_goal[:300]} — {SCALE_HELP}"
        self.goal_fields = []
        for number, goal in enumerate(goals, start=1):
            name = goal_field_name(goal.pk)
            self.fields[name] = score_field(
                _("Subdoel %(number)d") % {"number": number},
                required_message=_("Geef dit subdoel een score."),
                help_text=f"{goal.description[:300]} — {SCALE_HELP}",
            )
            self.goal_fields.append((goal.pk, name))
        self.fields["note"] = text_field(
            ProgressMeasurement, "note", label=_("Toelichting"), required=False, rows=3
        )
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "measured_on": data["measured_on"],
            "cooperation": data["cooperation"],
            "main_goal_score": data["main_goal_score"],
            "goal_scores": {pk: data.get(name) for pk, name in self.goal_fields},
            "note": data.get("note", ""),
        }
