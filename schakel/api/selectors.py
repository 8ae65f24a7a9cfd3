"""What a partner system reads. Every query starts from schakel.access.policy, with the
client's service account as the user: the API shows exactly what the pages would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schakel.access.policy import (
    partner_organisation_id,
    visible_actions,
    visible_cases,
    visible_information_requests,
    visible_meetings,
    visible_persons,
)
from schakel.cases.models import Case, CasePerson
from schakel.followup.models import Action
from schakel.inquiries.models import InformationRequest
from schakel.meetings.models import Meeting
from schakel.persons.models import Person
from schakel.plans.models import Intervention
from schakel.referrals.models import Referral

if TYPE_CHECKING:
    from schakel.accounts.models import User


def own_referrals(*, user: User) -> QuerySet[Referral]:
    """The meldingen the organisation made, on the cases it may still see."""
    return (
        Referral.objects.filter(
            reporting_organisation_id=user.organisation_id or 0,
            case__in=visible_cases(user).values("pk"),
        )
        .select_related("case")
        .order_by("-received_on", "-pk")
    )


def get_own_referral(*, user: User, pk: int) -> Referral:
    referral = own_referrals(user=user).filter(pk=pk).first()
    if referral is None:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    return referral


def cases(*, user: User) -> QuerySet[Case]:
    return (
        visible_cases(user).select_related("municipality", "table").order_by("-created_at", "-pk")
    )


def with_persons(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.prefetch_related(
        Prefetch(
            "case_persons",
            queryset=CasePerson.objects.select_related("person").order_by("pk"),
        )
    )


def persons(*, user: User) -> QuerySet[Person]:
    return (
        visible_persons(user)
        .select_related("municipality")
        .order_by("last_name", "first_names", "pk")
    )


def addressed_requests(*, user: User) -> QuerySet[InformationRequest]:
    """The information requests addressed to the organisation (never those of others)."""
    return (
        visible_information_requests(user)
        .filter(organisation_id=user.organisation_id or 0)
        .select_related("case")
        .prefetch_related("persons")
        .order_by("deadline", "pk")
    )


def get_addressed_request(*, user: User, pk: int) -> InformationRequest:
    information_request = addressed_requests(user=user).filter(pk=pk).first()
    if information_request is None:
        raise Http404(_("Dit informatieverzoek bestaat niet of u heeft er geen toegang toe."))
    return information_request


def own_actions(*, user: User) -> QuerySet[Action]:
    return (
        visible_actions(user)
        .filter(owner_organisation_id=user.organisation_id or 0)
        .select_related("case")
        .order_by("due_on", "pk")
    )


def get_own_action(*, user: User, pk: int) -> Action:
    action = own_actions(user=user).filter(pk=pk).first()
    if action is None:
        raise Http404(_("Deze actie bestaat niet of u heeft er geen toegang toe."))
    return action


def own_interventions(*, user: User) -> QuerySet[Intervention]:
    """The interventions the organisation holds, in the cases it may see."""
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return Intervention.objects.none()
    return (
        Intervention.objects.filter(
            organisation_id=organisation_id, plan__case__in=visible_cases(user).values("pk")
        )
        .select_related("plan", "plan__case")
        .order_by("plan__case_id", "position", "pk")
    )


def get_own_intervention(*, user: User, pk: int) -> Intervention:
    intervention = own_interventions(user=user).filter(pk=pk).first()
    if intervention is None:
        raise Http404(_("Deze interventie bestaat niet of u heeft er geen toegang toe."))
    return intervention


def meetings(*, user: User) -> QuerySet[Meeting]:
    """The meetings the organisation is invited to (date, time, place, status only)."""
    return visible_meetings(user).select_related("table").order_by("starts_at", "pk")
