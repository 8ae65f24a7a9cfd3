"""What happens in a case, who must hear of it, and what the message says: one function
per event. The service that makes it happen sends its app's signal; receivers.py calls
the function here (the domain apps do not import notifications).

The rules every function follows:

- A message about a case goes only to users who may open the case (notify(case=...)
  filters by the access policy); it links to the case or to a page of it.
- Someone who must act without reading the case — the organisation asked for
  information, the addressee of an escalation, an organisation invited before the
  meeting's information window opens — gets a message that names the case reference
  only and links to what they may open (the request, the escalation, the meeting).
- A text holds a case reference and a short neutral sentence: never a name, a reason or
  any other case content. The same text travels by e-mail, one e-mail per recipient
  (schakel.notifications.services).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from schakel.access.policy import case_readers
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, ParticipationReason
from schakel.notifications.models import Notification, NotificationKind
from schakel.notifications.services import notify

if TYPE_CHECKING:
    from schakel.cases.models import Case
    from schakel.followup.models import Action, Escalation
    from schakel.inquiries.models import InformationRequest
    from schakel.meetings.models import Meeting
    from schakel.plans.models import Plan, PlanVersion
    from schakel.triage.models import TriageDecision

# Plans of cases in these states are evaluated (the others are not under way).
EVALUATION_STATES = (CaseState.IN_UITVOERING, CaseState.AFGESCHAALD)


# --- Recipient rules -------------------------------------------------------------------


def partner_users(organisation_ids: Iterable[int | None]) -> QuerySet[User]:
    """The active ketenpartners of these organisations that signed the convenant: the
    people who act for an organisation in Schakel."""
    ids = [pk for pk in organisation_ids if pk is not None]
    return User.objects.filter(
        organisation_id__in=ids,
        organisation__convenant_signed_on__isnull=False,
        role_assignments__role=Role.KETENPARTNER,
        is_active=True,
    ).distinct()


def case_directors(case: Case) -> QuerySet[User]:
    """The procesregie of the case: the procesregisseurs of its table, or before it is on
    a table its own procesregisseur; only those who may open it."""
    readers = case_readers(case).filter(role_assignments__role=Role.PROCESREGISSEUR)
    if case.table_id is not None:
        return readers.filter(directed_tables=case.table_id).distinct()
    if case.procesregisseur_id is None:
        return readers.none()
    return readers.filter(pk=case.procesregisseur_id)


def action_reminder_recipients(action: Action) -> list[User]:
    """Who may open the case among: the owner (or, without a named owner, the owner
    organisation's people) and the procesregisseurs of the case. Nobody else hears of it."""
    readers = case_readers(action.case)
    if action.owner_user_id is not None:
        owners = readers.filter(pk=action.owner_user_id)
    else:
        owners = readers.filter(organisation_id=action.owner_organisation_id)
    unique = {user.pk: user for user in [*owners, *case_directors(action.case)]}
    return list(unique.values())


def _case_link(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


# --- Uitvraag --------------------------------------------------------------------------


def information_requested(*, information_request: InformationRequest) -> int:
    """The addressed organisation's partners: they may not read the case, so the message
    links to the request (question, purpose, ground), which they may open."""
    reference = information_request.case.reference
    return notify(
        users=partner_users([information_request.organisation_id]),
        text=_(
            "Informatieverzoek over casus %(reference)s: uw organisatie wordt om informatie "
            "gevraagd (uiterlijk %(deadline)s)."
        )
        % {"reference": reference, "deadline": _date(information_request.deadline)},
        link=reverse("inquiries:detail", args=[information_request.pk]),
        topic=f"verzoek-{information_request.pk}-ontvangen",
        kind=NotificationKind.INFORMATIEVERZOEK,
        reference=reference,
    )


def information_answered(*, information_request: InformationRequest) -> int:
    """The requester and the procesregie of the case, as far as they may open it."""
    case = information_request.case
    users = [*case_directors(case), *User.objects.filter(pk=information_request.requested_by_id)]
    return notify(
        users=users,
        text=_("Casus %(reference)s: een informatieverzoek is beantwoord.")
        % {"reference": case.reference},
        link=reverse("inquiries:detail", args=[information_request.pk]),
        topic=f"verzoek-{information_request.pk}-beantwoord",
        case=case,
        kind=NotificationKind.VERZOEK_BEANTWOORD,
        reference=case.reference,
    )


# --- Weegoverleg -----------------------------------------------------------------------


def _outcome_phrase(outcome: str) -> str:
    from schakel.triage.models import TriageOutcome

    return {
        TriageOutcome.AGENDEREN: _("geagendeerd"),
        TriageOutcome.ADVIES: _("advies"),
        TriageOutcome.DOORVERWIJZEN: _("doorverwezen"),
        TriageOutcome.ZSM_ADVIES: _("ZSM-advies"),
        TriageOutcome.NIET_IN_BEHANDELING: _("niet in behandeling"),
    }[TriageOutcome(outcome)]


def triage_decided(*, decision: TriageDecision) -> int:
    """The melder's partners hear the outcome only: no reason, table or partner."""
    case = decision.case
    melders = CaseParticipant.objects.filter(
        case=case, reason=ParticipationReason.MELDER, ended_at__isnull=True
    ).values_list("organisation_id", flat=True)
    return notify(
        users=partner_users(melders),
        text=_("Uw melding %(reference)s is besproken in het weegoverleg: %(outcome)s.")
        % {"reference": case.reference, "outcome": _outcome_phrase(decision.outcome)},
        link=_case_link(case),
        topic=f"triage-{decision.pk}",
        case=case,
        kind=NotificationKind.TRIAGE,
        reference=case.reference,
    )


# --- Casusoverleg ----------------------------------------------------------------------


def meeting_invitations(*, meeting: Meeting) -> int:
    """One message per organisation for the whole meeting, naming the references of the
    items it is invited for and linking to the meeting (which its partners may open; the
    cases only from the information window). Called after every change of the agenda or
    the invitations: the one message is kept current. An organisation no longer invited
    for anything loses a message that had not gone out yet; one that had gone out is
    replaced by a short notice that the invitation is withdrawn."""
    from schakel.meetings.models import MeetingStatus

    if meeting.status != MeetingStatus.PLANNED:
        return 0
    references: dict[int, list[str]] = {}
    for item in meeting.items.select_related("case").prefetch_related("invited_organisations"):
        for organisation in item.invited_organisations.all():
            references.setdefault(organisation.pk, []).append(item.case.reference)
    topic = f"overleg-{meeting.pk}-uitnodiging"
    when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y H:i")
    link = reverse("meetings:detail", args=[meeting.pk])
    sent = 0
    for organisation_id, case_references in sorted(references.items()):
        sent += notify(
            users=partner_users([organisation_id]),
            text=_(
                "Uitnodiging casusoverleg %(table)s op %(when)s: uw organisatie is uitgenodigd "
                "voor %(references)s."
            )
            % {"table": meeting.table, "when": when, "references": ", ".join(case_references)},
            link=link,
            topic=topic,
            kind=NotificationKind.UITNODIGING,
            replace=True,
        )
    withdrawn = Notification.objects.filter(topic=topic).exclude(
        user__organisation_id__in=list(references)
    )
    withdrawn.filter(mailed_at__isnull=True, read_at__isnull=True, was_delivered=False).delete()
    remaining = list(withdrawn.values_list("user_id", flat=True))
    if remaining:
        sent += notify(
            users=User.objects.filter(pk__in=remaining),
            text=_("Casusoverleg %(table)s op %(when)s: uw organisatie is niet meer uitgenodigd.")
            % {"table": meeting.table, "when": when},
            link="",
            topic=topic,
            kind=NotificationKind.UITNODIGING,
            replace=True,
        )
    return sent


def meeting_cancelled(*, meeting: Meeting) -> int:
    """Everyone who had the meeting's invitation hears it is cancelled (no references)."""
    topic = f"overleg-{meeting.pk}-uitnodiging"
    invited = Notification.objects.filter(topic=topic)
    invited.filter(mailed_at__isnull=True, read_at__isnull=True, was_delivered=False).delete()
    remaining = list(invited.values_list("user_id", flat=True))
    if not remaining:
        return 0
    when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y H:i")
    return notify(
        users=User.objects.filter(pk__in=remaining),
        text=_("Casusoverleg %(table)s op %(when)s is geannuleerd.")
        % {"table": meeting.table, "when": when},
        link="",
        topic=topic,
        kind=NotificationKind.UITNODIGING,
        replace=True,
    )


# --- Plan van aanpak en regie ----------------------------------------------------------


def plan_agreed(*, version: PlanVersion) -> int:
    """The partners of the organisations holding an intervention in the plan."""
    case = version.plan.case
    holders = version.plan.interventions.values_list("organisation_id", flat=True)
    return notify(
        users=partner_users(holders),
        text=_("Casus %(reference)s: het plan van aanpak (versie %(number)s) is vastgesteld.")
        % {"reference": case.reference, "number": version.number},
        link=reverse("plans:detail", kwargs={"case_pk": case.pk}),
        topic=f"plan-{version.pk}-vastgesteld",
        case=case,
        kind=NotificationKind.PLAN,
        reference=case.reference,
    )


def regie_holders(case: Case) -> set[int]:
    """The organisations that hold the regie on the case now."""
    return set(
        CaseParticipant.objects.filter(
            case=case, reason=ParticipationReason.REGIE, ended_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )


def regie_handed_over(*, case: Case, before: set[int]) -> int:
    """The partners of each organisation that holds the regie now and did not before
    (casusregisseur in the plan, or regie teruggelegd at afschalen)."""
    new = regie_holders(case) - before
    if not new:
        return 0
    return notify(
        users=partner_users(new),
        text=_("Casus %(reference)s: de regie ligt nu bij uw organisatie.")
        % {"reference": case.reference},
        link=_case_link(case),
        case=case,
        kind=NotificationKind.REGIE,
        reference=case.reference,
    )


def evaluations_due() -> QuerySet[Plan]:
    from schakel.plans.models import Plan

    return Plan.objects.filter(
        next_evaluation_on__lte=timezone.localdate(), case__state__in=EVALUATION_STATES
    ).select_related("case", "case__table")


def evaluation_due(*, plan: Plan) -> int:
    """The procesregie of the case, once per evaluation date."""
    case = plan.case
    # Only plans with a date are due (evaluations_due filters on it).
    assert plan.next_evaluation_on is not None
    return notify(
        users=case_directors(case),
        text=_(
            "Casus %(reference)s: de evaluatie van het plan van aanpak is aan de beurt "
            "(gepland op %(date)s)."
        )
        % {"reference": case.reference, "date": _date(plan.next_evaluation_on)},
        link=reverse("plans:detail", kwargs={"case_pk": case.pk}),
        topic=f"evaluatie-{plan.pk}-{plan.next_evaluation_on.isoformat()}",
        case=case,
        kind=NotificationKind.EVALUATIE,
        reference=case.reference,
    )


# --- Volhouden en opschalen ------------------------------------------------------------


def action_overdue(*, action: Action) -> int:
    case = action.case
    return notify(
        users=action_reminder_recipients(action),
        # A case reference and a date only: reminders travel outside Schakel.
        text=_("Casus %(reference)s: actie is over de uiterlijke datum (uiterlijk %(due)s).")
        % {"reference": case.reference, "due": _date(action.due_on)},
        link=_case_link(case),
        topic=f"actie-{action.pk}-te-laat",
        case=case,
        kind=NotificationKind.ACTIE,
        reference=case.reference,
    )


def escalation_addressed(*, escalation: Escalation) -> int:
    """The addressee reads the question and the briefing, never the case: the message
    links to the escalation."""
    if escalation.addressed_to_id is None:
        return 0
    reference = escalation.case.reference
    return notify(
        users=User.objects.filter(pk=escalation.addressed_to_id),
        text=_("Opschaling %(reference)s: er ligt een vraag aan u voor.")
        % {"reference": reference},
        link=reverse("followup:escalation_answer", args=[escalation.pk]),
        topic=f"opschaling-{escalation.pk}-voorgelegd",
        kind=NotificationKind.OPSCHALING,
        reference=reference,
    )


def escalation_answered(*, escalation: Escalation) -> int:
    case = escalation.case
    return notify(
        users=case_readers(case).filter(role_assignments__role=Role.PROCESREGISSEUR),
        text=_("Opschaling %(reference)s is beantwoord.") % {"reference": case.reference},
        link=_case_link(case),
        topic=f"opschaling-{escalation.pk}-beantwoord",
        case=case,
        kind=NotificationKind.OPSCHALING,
        reference=case.reference,
    )
