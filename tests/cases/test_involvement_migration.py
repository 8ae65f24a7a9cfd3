"""The data migration that brings existing involvements under the rule 'involved in this
case, not at this table'."""

import importlib

from django.apps import apps

from schakel.access.policy import can_see_case
from schakel.accounts.roles import Role
from schakel.cases.models import CaseParticipant, ParticipationReason
from schakel.meetings.models import MeetingStatus
from tests.factories import OrganisationFactory, UserFactory, add_participant
from tests.helpers import make_meeting, make_table_case, put_on_agenda

migration = importlib.import_module("schakel.cases.migrations.0005_involvement_by_case")


def test_standing_members_keep_only_the_cases_they_are_invited_to(region, municipality, table):
    invited_member = OrganisationFactory(region=region, name="Vaste deelnemer, uitgenodigd")
    unticked_member = OrganisationFactory(region=region, name="Vaste deelnemer, afgevinkt")
    named_at_triage = OrganisationFactory(region=region, name="Bij triage genoemd")
    cancelled_only = OrganisationFactory(region=region, name="Alleen op geannuleerd overleg")
    case = make_table_case(table, municipality)
    for organisation in (invited_member, unticked_member, cancelled_only):
        add_participant(case, organisation, reason=ParticipationReason.VASTE_DEELNEMER)
    add_participant(case, named_at_triage, reason=ParticipationReason.UITGENODIGD)
    put_on_agenda(make_meeting(table, days=-7), case, invited=[invited_member])
    cancelled = make_meeting(table, days=7, status=MeetingStatus.CANCELLED)
    put_on_agenda(cancelled, case, invited=[cancelled_only])
    users = {
        organisation: UserFactory(organisation=organisation, roles=[Role.KETENPARTNER])
        for organisation in (invited_member, unticked_member, named_at_triage, cancelled_only)
    }

    migration.forwards(apps, None)

    assert can_see_case(users[invited_member], case)
    assert not can_see_case(users[unticked_member], case)
    assert not can_see_case(users[named_at_triage], case)
    assert not can_see_case(users[cancelled_only], case)
    # Nothing is deleted: the ended rows stay as history.
    assert (
        CaseParticipant.objects.filter(
            case=case, reason=ParticipationReason.VASTE_DEELNEMER, ended_at__isnull=False
        ).count()
        == 3
    )
    assert (
        CaseParticipant.objects.get(
            case=case, organisation=invited_member, reason=ParticipationReason.UITGENODIGD
        ).ended_at
        is None
    )
