"""Shared fixtures of the cross-cutting tests: one small region with every kind of record."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from schakel.access.models import EmergencyAccess
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, LifeDomain, ParticipationReason
from schakel.followup.models import Action, Escalation
from schakel.inquiries import services as inquiry_services
from schakel.inquiries.models import LegalGround
from schakel.meetings.models import AgendaItem, AgendaSource, Attendance, Meeting
from schakel.notifications.models import Notification
from schakel.persons.models import Person
from schakel.plans.models import Goal, Intervention, Plan
from schakel.rights import services as rights_services
from tests.factories import CaseFactory, UserFactory, add_participant, add_person


class World:
    """Everything a page of the project may need, by name."""


@pytest.fixture
def world(
    region,
    municipality,
    zvh,
    politie,
    ggz,
    table,
    procesregisseur,
    partner_user,
    ggz_user,
    beheerder,
    informatiemakelaar,
):
    w = World()
    w.region, w.municipality, w.zvh, w.politie, w.ggz, w.table = (
        region,
        municipality,
        zvh,
        politie,
        ggz,
        table,
    )
    w.users = {
        "procesregisseur": procesregisseur,
        "partner": partner_user,
        "ggz_user": ggz_user,
        "beheerder": beheerder,
        "informatiemakelaar": informatiemakelaar,
        "privacy_officer": UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER]),
    }
    table.fixed_participants.add(politie)
    now = timezone.now()

    def case_in(state, title):
        case = CaseFactory(
            region=region, municipality=municipality, title=title, table=table, state=state
        )
        Case.objects.filter(pk=case.pk).update(procesregisseur=procesregisseur)
        case.procesregisseur = procesregisseur
        add_person(case)
        add_participant(case, politie, reason=ParticipationReason.UITGENODIGD)
        return case

    w.case = case_in(CaseState.IN_UITVOERING, "Casus in uitvoering")
    add_participant(w.case, ggz, reason=ParticipationReason.INTERVENTIE)
    w.new_case = case_in(CaseState.AANGEMELD, "Nieuwe melding")
    w.triage_case = case_in(CaseState.IN_TRIAGE, "Casus in triage")
    w.closed_case = case_in(CaseState.AFGESLOTEN, "Afgesloten casus")
    w.person = Person.objects.filter(case_links__case=w.case).first()
    w.plan = Plan.objects.create(case=w.case, main_goal="Stabiele woonsituatie")
    w.goal = Goal.objects.create(plan=w.plan, description="Schulden geregeld", position=1)
    w.goal.life_domains.set(LifeDomain.objects.all()[:1])
    w.intervention = Intervention.objects.create(
        plan=w.plan,
        line="zorg",
        kader="vrijwillig",
        description="Schuldhulpverlening",
        organisation=ggz,
        goal=w.goal,
    )
    # Under way (minutes and attendance are recorded only once a meeting has begun) and
    # still planned, so it can be moved or cancelled too.
    starts_at = now - datetime.timedelta(hours=1)
    w.meeting = Meeting.objects.create(
        table=table, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )
    w.item = AgendaItem.objects.create(
        meeting=w.meeting, case=w.case, source=AgendaSource.MANUAL, purpose="Voortgang bespreken"
    )
    w.item.invited_organisations.add(politie)
    w.attendance = Attendance.objects.create(
        meeting=w.meeting, organisation=politie, name="Wijkagent", mode="aanwezig"
    )
    w.action = Action.objects.create(
        case=w.case,
        description="Huisbezoek afleggen",
        owner_organisation=politie,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        created_by=procesregisseur,
    )
    w.escalation = Escalation.objects.create(
        case=w.case,
        level="tactisch",
        question="Wie financiert de opvang?",
        addressee="Tactisch overleg",
        raised_on=timezone.localdate(),
        raised_by=procesregisseur,
    )
    w.inquiry = inquiry_services.request_information(
        actor=procesregisseur,
        case=w.new_case,
        organisation=politie,
        persons=Person.objects.filter(case_links__case=w.new_case),
        question="Wat is bij u bekend?",
        purpose="Beeldvorming voor de triage",
        legal_ground=LegalGround.WGS,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    # A rights request of the person, linked, with a task for the police.
    w.rights_request = rights_services.register_request(
        actor=w.users["privacy_officer"],
        kind="inzage",
        first_names=w.person.first_names,
        last_name=w.person.last_name,
        birth_date=w.person.birth_date,
        identity_check="balie",
        received_on=timezone.localdate(),
        request_text="Ik wil weten wat er over mij is vastgelegd.",
    )
    rights_services.link_person(
        actor=w.users["privacy_officer"], rights_request=w.rights_request, person=w.person
    )
    rights_services.create_tasks(actor=w.users["privacy_officer"], rights_request=w.rights_request)
    w.rights_task = w.rights_request.tasks.get(organisation=politie)
    w.notification = Notification.objects.create(
        user=procesregisseur, text="Nieuwe casus", topic="bad-input"
    )
    # A noodtoegang that is over (it opens nothing) and awaits the privacy officer's review.
    w.emergency_access = EmergencyAccess.objects.create(
        user=procesregisseur,
        region=region,
        case=w.case,
        case_ref=w.case.pk,
        reason="Crisismelding over de hoofdpersoon buiten kantooruren",
        started_at=now - datetime.timedelta(hours=2),
        expires_at=now + datetime.timedelta(hours=22),
        ended_at=now - datetime.timedelta(hours=1),
    )
    return w
