"""Need-to-know by involvement: a partner sees a case iff its organisation is involved in
that case now — never because it is a standing member of the table.

The property test drives the real services (agenda, invitations, interventions, actions,
regie) in random order and checks the policy against a model that knows only the rule.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schakel.access.policy import can_see_case, case_readers, visible_cases, visible_persons
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from schakel.followup import services as followup
from schakel.meetings import services as meetings
from schakel.plans import services as plans
from schakel.plans.models import Plan
from tests.builders import case_at_table
from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    UserFactory,
    add_participant,
    add_person,
)
from tests.helpers import make_meeting

PARTNER_COUNT = 4


@pytest.fixture
def world(region, municipality, table, procesregisseur, politie):
    """A case in uitvoering on the table, reported by the police; four more partners, two
    of them standing members of the table; one meeting with the case on its agenda, in
    its information window."""
    partners = [
        OrganisationFactory(region=region, name=f"Partner {index}")
        for index in range(PARTNER_COUNT)
    ]
    table.fixed_participants.add(partners[0], partners[1])
    # The police melding, triaged onto the table: who reads it follows from that history.
    case = CaseFactory(region=region, municipality=municipality, title="Casus aan tafel")
    add_person(case)
    add_participant(case, politie, reason="melder")
    case_at_table(case, table=table, actor=procesregisseur)
    meeting = make_meeting(table, days=0, hours=2)
    meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    item = meeting.items.get(case=case)
    transition_case(
        case=case,
        to_state=CaseState.IN_UITVOERING,
        actor=procesregisseur,
        reason="Plan vastgesteld",
    )
    plan = Plan.objects.get(case=case)
    users = {
        organisation.pk: UserFactory(organisation=organisation, roles=[Role.KETENPARTNER])
        for organisation in partners
    }
    return {
        "case": case,
        "item": item,
        "plan": plan,
        "partners": partners,
        "users": users,
        "director": procesregisseur,
        "melder": politie,
    }


def _save_intervention(world, organisation, intervention=None):
    plan = Plan.objects.get(pk=world["plan"].pk)
    return plans.save_intervention(
        plan=plan,
        actor=world["director"],
        expected_revision=plan.revision,
        line="zorg",
        kader="vrijwillig",
        description="Begeleiding",
        organisation=organisation,
        responsible_name="",
        goal=None,
        starts_on=None,
        ends_on=None,
        status="gepland",
        intervention=intervention,
    )


def test_standing_member_sees_nothing_until_ticked_and_nothing_after_unticking(world):
    """Defect 1: a standing member of the table opened every case of the table, also
    after being unticked from the case's agenda item."""
    standing = world["partners"][0]
    user = world["users"][standing.pk]
    item, director, case = world["item"], world["director"], world["case"]
    # Build-agenda ticks the standing members by default: they read the case.
    assert set(item.invited_organisations.all()) >= {standing, world["partners"][1]}
    assert can_see_case(user, case)

    meetings.set_invited_organisations(item=item, actor=director, organisations=[])
    assert not can_see_case(user, case)
    assert not visible_persons(user).exists()
    assert user not in case_readers(case)


def test_unticked_standing_member_gets_404_on_plan_and_case(world, signed_in):
    standing = world["partners"][0]
    meetings.set_invited_organisations(
        item=world["item"], actor=world["director"], organisations=[world["partners"][1]]
    )
    client = signed_in(world["users"][standing.pk])
    case = world["case"]
    assert client.get(reverse("plans:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.reference not in client.get(reverse("cases:list")).content.decode()


def test_removing_the_last_intervention_ends_the_holders_access(world):
    holder = world["partners"][2]
    user = world["users"][holder.pk]
    intervention = _save_intervention(world, holder)
    assert can_see_case(user, world["case"])
    plan = Plan.objects.get(pk=world["plan"].pk)
    plans.remove_intervention(
        plan=plan,
        actor=world["director"],
        expected_revision=plan.revision,
        intervention=intervention,
    )
    assert not can_see_case(user, world["case"])


def test_an_action_may_not_go_to_someone_who_cannot_read_the_case(world, region):
    """Defect 4: a bestuurder, manager, privacy officer or beheerder could own an action."""
    invited = world["partners"][0]
    for role in (Role.BESTUURDER, Role.MANAGER, Role.PRIVACY_OFFICER, Role.BEHEERDER):
        someone = UserFactory(organisation=invited, roles=[role])
        with pytest.raises(ValidationError) as error:
            followup.create_action(
                actor=world["director"],
                case=world["case"],
                description="Huisbezoek",
                owner_organisation=invited,
                owner_user=someone,
                due_on=timezone.localdate() + datetime.timedelta(days=7),
            )
        assert "owner_user" in error.value.message_dict


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["invite", "untick", "intervene", "drop_intervention", "act", "cancel_action", "regie"]
        ),
        st.integers(min_value=0, max_value=PARTNER_COUNT - 1),
    ),
    max_size=8,
)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_a_partner_sees_the_case_iff_it_is_involved_now(world, operations):
    case, item, director = world["case"], world["item"], world["director"]
    partners = world["partners"]
    with transaction.atomic():
        invited = set(item.invited_organisations.values_list("pk", flat=True))
        interventions: dict[int, object] = {}
        actions: dict[int, object] = {}
        regie: int | None = None
        for operation, index in operations:
            organisation = partners[index]
            if operation == "invite":
                invited.add(organisation.pk)
                meetings.set_invited_organisations(
                    item=item,
                    actor=director,
                    organisations=[o for o in partners if o.pk in invited],
                )
            elif operation == "untick":
                invited.discard(organisation.pk)
                meetings.set_invited_organisations(
                    item=item,
                    actor=director,
                    organisations=[o for o in partners if o.pk in invited],
                )
            elif operation == "intervene" and organisation.pk not in interventions:
                interventions[organisation.pk] = _save_intervention(world, organisation)
            elif operation == "drop_intervention" and organisation.pk in interventions:
                plan = Plan.objects.get(pk=world["plan"].pk)
                plans.remove_intervention(
                    plan=plan,
                    actor=director,
                    expected_revision=plan.revision,
                    intervention=interventions.pop(organisation.pk),
                )
            elif operation == "act" and organisation.pk not in actions:
                involved = invited | set(interventions) | {regie}
                if organisation.pk in involved:  # an action never widens who reads
                    actions[organisation.pk] = followup.create_action(
                        actor=director,
                        case=case,
                        description="Terugkoppelen aan de tafel",
                        owner_organisation=organisation,
                        owner_user=None,
                        due_on=timezone.localdate() + datetime.timedelta(days=7),
                    )
            elif operation == "cancel_action" and organisation.pk in actions:
                followup.cancel_action(
                    actor=director, action=actions.pop(organisation.pk), reason="Niet meer nodig"
                )
            elif operation == "regie":
                plan = Plan.objects.get(pk=world["plan"].pk)
                regie = organisation.pk
                plans.update_plan_general(
                    plan=plan,
                    actor=director,
                    expected_revision=plan.revision,
                    main_goal="Stabiel wonen",
                    main_goal_domains=[],
                    casusregisseur_organisation=organisation,
                    casusregisseur_name="",
                    non_compliance="",
                    monitoring="",
                    reporting_organisation=None,
                    reporting_frequency="",
                    next_evaluation_on=None,
                    escalation_agreements="",
                )
        involved_now = invited | set(interventions) | set(actions) | {regie}
        for organisation in partners:
            user = world["users"][organisation.pk]
            expected = organisation.pk in involved_now
            assert visible_cases(user).filter(pk=case.pk).exists() == expected, (
                organisation,
                operations,
            )
            assert case_readers(case).filter(pk=user.pk).exists() == expected
        transaction.set_rollback(True)
