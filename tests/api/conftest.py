"""A region where the police (melder, invited to the meeting, owner of an action, asked for
information) and the GGZ (holder of an intervention) take part in one case, and a
housing corporation takes part in nothing; each has its own API client."""

from __future__ import annotations

import base64
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from schakel.accounts.models import RoleGrant
from schakel.accounts.services import approve_role_grant
from schakel.api.scopes import SCOPES
from schakel.api.services import register_api_client
from schakel.cases.models import ParticipationReason
from schakel.cases.services import add_participant
from schakel.inquiries import services as inquiries
from schakel.inquiries.models import LegalGround
from schakel.meetings.models import Meeting
from schakel.plans.models import Intervention
from tests.builders import action_for, case_in_uitvoering, invited, reported_case

ALL_SCOPES = sorted(SCOPES)


def approved_client(*, organisation, beheerder, manager, scopes=ALL_SCOPES, name="Koppeling"):
    """A client registered by the beheerder and its role approved by the manager."""
    registered = register_api_client(
        actor=beheerder, organisation=organisation, name=name, scopes=list(scopes)
    )
    grant = RoleGrant.objects.get(user=registered.client.service_user, status="pending")
    approve_role_grant(actor=manager, grant=grant)
    return registered


def basic_auth(registered) -> dict[str, str]:
    """HTTP Basic client authentication at the token endpoint."""
    pair = f"{registered.client_id}:{registered.client_secret}".encode()
    return {"HTTP_AUTHORIZATION": f"Basic {base64.b64encode(pair).decode()}"}


def token_for(client, registered, scope: str | None = None) -> str:
    """A token from the real token endpoint."""
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    response = client.post("/api/v1/token", data, **basic_auth(registered))
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api_world(
    client,
    region,
    municipality,
    politie,
    ggz,
    outsider_org,
    table,
    procesregisseur,
    partner_user,
    beheerder,
    manager,
):
    case = reported_case(reporter=partner_user, municipality=municipality)
    meeting = Meeting.objects.create(
        table=table,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        location="Stadskantoor Dordrecht",
    )
    case_in_uitvoering(
        case, table=table, actor=procesregisseur, intervention_by=ggz, meeting=meeting
    )
    item = meeting.items.get(case=case)
    invited(item, [politie], actor=procesregisseur)
    add_participant(case=case, organisation=politie, reason=ParticipationReason.UITGENODIGD)
    action = action_for(case, politie, actor=procesregisseur)
    person = case.case_persons.first().person
    information_request = inquiries.request_information(
        actor=procesregisseur,
        case=case,
        organisation=politie,
        persons=[person],
        question="Is de betrokkene bij u bekend?",
        purpose="Beeldvorming voor het plan van aanpak",
        legal_ground=LegalGround.WGS,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    intervention = Intervention.objects.get(plan__case=case, organisation=ggz)
    police = approved_client(organisation=politie, beheerder=beheerder, manager=manager)
    care = approved_client(
        organisation=ggz, beheerder=beheerder, manager=manager, name="GGZ-koppeling"
    )
    outsider = approved_client(
        organisation=outsider_org, beheerder=beheerder, manager=manager, name="Buiten"
    )
    return SimpleNamespace(
        case=case,
        person=person,
        meeting=meeting,
        action=action,
        information_request=information_request,
        intervention=intervention,
        referral=case.referrals.get(),
        police=police,
        care=care,
        outsider=outsider,
        police_token=token_for(client, police),
        care_token=token_for(client, care),
        outsider_token=token_for(client, outsider),
        municipality=municipality,
    )
