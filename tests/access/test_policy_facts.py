"""A procesregisseur's directed tables and noodtoegang are read once per request, and
every change to them counts at once (schakel.access.policy.policy_facts)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schakel.access import policy
from schakel.access.policy import directs_table, policy_facts, visible_cases
from schakel.access.services import end_emergency_access, start_emergency_access
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.tables.models import Table
from tests.builders import reported_case
from tests.factories import TableFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Crisisdienst belt over de hoofdpersoon; de regisseur van de tafel is onbereikbaar."


@pytest.fixture
def regisseur(procesregisseur):
    """The procesregisseur as a request would hold it: one object, read once."""
    return User.objects.select_related("organisation").get(pk=procesregisseur.pk)


def sees(user, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def test_the_facts_are_read_once_for_every_query_of_a_request(regisseur, youth_case, table):
    with CaptureQueriesContext(connection) as first:
        sees(regisseur, youth_case)
    with CaptureQueriesContext(connection) as later:
        for _ in range(3):
            sees(regisseur, youth_case)
        assert directs_table(regisseur, table.pk)
        assert not directs_table(regisseur, youth_case.table_id)
    # Roles, the directed tables, the noodtoegang and the case; then only the case.
    assert len(first) == 4
    assert len(later) == 3
    assert policy_facts(regisseur).directed_table_ids == frozenset({table.pk})


def test_a_table_given_or_taken_counts_at_once_for_the_same_user_object(regisseur, youth_case):
    youth_table = Table.objects.get(pk=youth_case.table_id)
    assert not sees(regisseur, youth_case)
    youth_table.procesregisseurs.add(regisseur)
    assert sees(regisseur, youth_case)
    assert directs_table(regisseur, youth_table.pk)
    youth_table.procesregisseurs.remove(regisseur)
    assert not sees(regisseur, youth_case)
    regisseur.directed_tables.add(youth_table)
    assert sees(regisseur, youth_case)
    regisseur.directed_tables.clear()
    assert not sees(regisseur, youth_case)


def test_a_table_deleted_closes_its_cases_at_once(regisseur, youth_case, region, zvh):
    # A table of its own, with one case, that is then deleted with its links.
    own = TableFactory(region=region, name="Wijk")
    own.procesregisseurs.add(regisseur)
    assert own.pk in policy_facts(regisseur).directed_table_ids
    Table.objects.filter(pk=own.pk).delete()
    assert own.pk not in policy_facts(regisseur).directed_table_ids


def test_noodtoegang_counts_from_its_start_until_its_end(regisseur, youth_case):
    assert not sees(regisseur, youth_case)
    access = start_emergency_access(
        actor=regisseur, case_number=youth_case.reference, reason=REASON
    )
    assert sees(regisseur, youth_case)
    assert [a.pk for a in policy_facts(regisseur).emergency_accesses] == [access.pk]
    end_emergency_access(actor=regisseur, access=access)
    assert not sees(regisseur, youth_case)
    assert policy_facts(regisseur).emergency_accesses == ()


def test_noodtoegang_ends_at_its_expiry_within_the_same_request(regisseur, youth_case):
    access = start_emergency_access(
        actor=regisseur, case_number=youth_case.reference, reason=REASON
    )
    assert sees(regisseur, youth_case)
    with time_machine.travel(access.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert sees(regisseur, youth_case)
    with time_machine.travel(access.expires_at, tick=False):
        assert not sees(regisseur, youth_case)


def test_a_change_made_elsewhere_counts_after_the_facts_lifetime_at_most(regisseur, youth_case):
    """Another process's change sends no signal here: a long task sees it this late at most."""
    assert not sees(regisseur, youth_case)
    link = Table.procesregisseurs.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {link._meta.db_table} (table_id, user_id) VALUES (%s, %s)",  # noqa: S608
            [youth_case.table_id, regisseur.pk],
        )
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        regisseur._policy_facts = policy_facts(regisseur).__class__(
            frozenset(), (), policy._generation, now, now + policy.FACTS_LIFETIME
        )
        assert not sees(regisseur, youth_case)  # still the facts read before
    with time_machine.travel(now + policy.FACTS_LIFETIME, tick=False):
        assert sees(regisseur, youth_case)


def test_a_clock_set_back_reads_the_facts_again(regisseur, youth_case):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        first = policy_facts(regisseur)
    with time_machine.travel(now - datetime.timedelta(hours=1), tick=False):
        assert policy_facts(regisseur) is not first


def test_only_a_procesregisseur_has_directed_tables(partner_user, youth_case, table):
    table.procesregisseurs.add(partner_user)  # a link without the role opens nothing
    partner = User.objects.select_related("organisation").get(pk=partner_user.pk)
    assert policy.directed_table_ids(partner) == frozenset()
    assert not directs_table(partner, table.pk)


def test_a_procesregisseur_without_tables_sees_only_the_intake_of_the_region(
    zvh, youth_case, region, municipality, partner_user
):
    newcomer = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    intake = reported_case(reporter=partner_user, municipality=municipality, title="Nieuw")
    assert policy_facts(newcomer).directed_table_ids == frozenset()
    assert set(visible_cases(newcomer).values_list("pk", flat=True)) == {intake.pk}


def test_a_procesregisseur_without_tables_sees_meetings_and_actions_of_none(zvh):
    from schakel.access.policy import visible_actions, visible_agenda_items, visible_meetings

    newcomer = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    # No directed table: each arm matches nothing, and the query still runs.
    assert list(visible_meetings(newcomer)) == []
    assert list(visible_agenda_items(newcomer)) == []
    assert list(visible_actions(newcomer)) == []
