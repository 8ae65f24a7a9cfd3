"""Every row the generator writes is one Schakel itself could have written: the history
follows the lifecycle, everything of a case stays in its region, and every access-log
row is a read the access policy allowed at that moment. Run on SQLite and PostgreSQL
(DATABASE_URL), with the cases spread over several regions as in a national run."""

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from schakel.access import partitions
from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import CASE_READING_REASONS, visible_cases
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CLOSED_STATES, INTAKE_STATES, is_allowed
from schakel.cases.models import Case, CaseParticipant, CasePerson, CaseTransition
from schakel.demo import generator
from schakel.demo.generator import generate_demo_data, region_specs
from schakel.demo.nazorg import CASES_PER_REGION_DETAINEE
from schakel.demo.reference import ORGANISATIONS, TABLES, USERS
from schakel.inquiries.models import InformationRequest
from schakel.organisations.models import Organisation, Region
from schakel.persons.bsn import is_valid_bsn
from schakel.persons.models import Person
from schakel.retention.models import RetentionPolicy
from schakel.tables.models import Table
from schakel.triage.models import TriageDecision

SIZE = 45
REGIONS = 3


def test_a_large_size_spreads_over_regions_and_a_small_one_does_not():
    assert [share for _spec, share in region_specs(300)] == [300]
    assert [share for _spec, share in region_specs(generator.REGION_CASES)] == [
        generator.REGION_CASES
    ]
    spread = region_specs(1_000_000)
    assert sum(share for _spec, share in spread) == 1_000_000
    assert len(spread) == 25 and spread[0][0].code == "zhz"
    assert len({spec.code for spec, _share in spread}) == len(spread)


def test_a_national_size_counts_the_other_detainees_and_a_demo_size_does_not():
    # In a national run a quarter of each region's share are other detainees, so the size
    # is the number of cases; up to REGION_CASES they come on top, as the demo has them.
    assert generator.national_split(40_000) == (30_000, 10_000)
    for share in (1, 3, 4, 5, 33_334, 40_000):
        generated, detainees = generator.national_split(share)
        assert generated + detainees == share
        assert abs(detainees - generated // CASES_PER_REGION_DETAINEE) <= 1


def every_region_has_the_reference_shape() -> None:
    assert Region.objects.count() == REGIONS
    # A national run's size is all its cases, the other detainees' included.
    assert Case.objects.count() == SIZE
    for region in Region.objects.all():
        assert Organisation.objects.filter(region=region).count() == len(ORGANISATIONS)
        assert Table.objects.filter(region=region).count() == len(TABLES)
        usernames = set(
            User.objects.filter(organisation__region=region).values_list("username", flat=True)
        )
        suffix = "" if region.code == "zhz" else f".{region.code}"
        assert {spec.username + suffix for spec in USERS} <= usernames
        assert Case.objects.filter(region=region).count() >= SIZE // REGIONS
    # The demo region keeps the documented usernames; the others carry their code.
    assert User.objects.get(username="procesregisseur").region_id == (
        Region.objects.get(code="zhz").pk
    )
    assert User.objects.filter(username="procesregisseur.regio01").exists()


def history_follows_the_lifecycle_in_every_region() -> None:
    by_case = defaultdict(list)
    for transition in CaseTransition.objects.order_by("case_id", "at", "pk"):
        by_case[transition.case_id].append(transition)
    now = timezone.now()
    for case in Case.objects.all():
        steps = by_case[case.pk]
        assert steps[0].from_state == "" and steps[0].at == case.created_at
        for earlier, later in zip(steps, steps[1:], strict=False):
            assert later.from_state == earlier.to_state
            assert is_allowed(earlier.to_state, later.to_state)
        assert steps[-1].to_state == case.state and steps[-1].at == case.state_changed_at
        assert steps[-1].at < now


def everything_of_a_case_stays_in_its_region() -> None:
    org_region = dict(Organisation.objects.values_list("pk", "region_id"))
    for case in Case.objects.select_related("municipality", "table", "procesregisseur"):
        region = case.region_id
        assert case.municipality.region_id == region
        assert case.table is None or case.table.region_id == region
        assert case.procesregisseur is None or case.procesregisseur.region_id == region
    for case_region, person_region in CasePerson.objects.values_list(
        "case__region_id", "person__region_id"
    ):
        assert case_region == person_region
    for case_region, organisation in CaseParticipant.objects.values_list(
        "case__region_id", "organisation_id"
    ):
        assert org_region[organisation] == case_region
    for case_region, request_region, organisation in InformationRequest.objects.values_list(
        "case__region_id", "region_id", "organisation_id"
    ):
        assert org_region[organisation] == case_region == request_region
    for case_region, table_region in TriageDecision.objects.exclude(table=None).values_list(
        "case__region_id", "table__region_id"
    ):
        assert case_region == table_region


def bsns_are_valid_test_numbers_and_unique_within_each_region() -> None:
    by_region = defaultdict(list)
    for region, bsn in Person.objects.exclude(bsn="").values_list("region_id", "bsn"):
        assert is_valid_bsn(bsn) and bsn.startswith("99")
        by_region[region].append(bsn)
    for bsns in by_region.values():
        assert len(bsns) == len(set(bsns))


def every_access_log_row_is_a_read_the_policy_allowed_then() -> None:
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    cases = {case.pk: case for case in Case.objects.all()}
    users = {
        user.pk: user
        for user in User.objects.select_related("organisation").prefetch_related(
            "role_assignments", "directed_tables"
        )
    }
    involvements = defaultdict(list)
    for case_id, organisation_id, since, visible_from in CaseParticipant.objects.filter(
        reason__in=CASE_READING_REASONS, ended_at=None
    ).values_list("case_id", "organisation_id", "since", "visible_from"):
        involvements[case_id, organisation_id].append(visible_from or since)
    requests = dict(
        (pk, (case_id, organisation_id))
        for pk, case_id, organisation_id in InformationRequest.objects.values_list(
            "pk", "case_id", "organisation_id"
        )
    )
    history = defaultdict(list)
    for case_id, state, at in CaseTransition.objects.order_by("at").values_list(
        "case_id", "to_state", "at"
    ):
        history[case_id].append((at, state))

    def state_at(case_id: int, moment: datetime.datetime) -> str:
        return [state for at, state in history[case_id] if at <= moment][-1]

    # Rows stamped before today are the generator's; the privacy examples are written now
    # by Schakel's own services.
    rows = AccessLogEntry.objects.filter(at__lt=midnight, case__isnull=False)
    assert rows.count() >= 5 * SIZE
    for row in rows:
        case, user = cases[row.case_id], users[row.user_id]
        assert user.region_id == case.region_id
        assert case.created_at <= row.at
        assert row.action in (AccessAction.READ, AccessAction.CREATE)
        assert row.person_id is None or Person.objects.get(pk=row.person_id).region_id == (
            case.region_id
        )
        if row.object_type == "InformationRequest":
            # Asked for information, a partner reads only the request addressed to it.
            assert requests[int(row.object_ref)] == (case.pk, user.organisation_id)
            continue
        assert row.object_type == "Case" and row.object_ref == str(case.pk)
        if user.has_role(Role.PROCESREGISSEUR):
            directed = {table.pk for table in user.directed_tables.all()}
            assert case.table_id is None or case.table_id in directed
        elif user.has_role(Role.INFORMATIEMAKELAAR) and state_at(case.pk, row.at) in (
            INTAKE_STATES
        ):
            pass
        else:
            # The melder registers its melding whether or not it signed the convenant;
            # reading the case after that needs the convenant.
            assert user.has_role(Role.KETENPARTNER)
            opened = involvements[case.pk, user.organisation_id]
            assert any(start <= row.at for start in opened), (row.purpose, case.pk)
            assert row.action == AccessAction.CREATE or user.organisation.has_signed_convenant


def the_demo_users_see_only_their_own_region() -> None:
    demo = Region.objects.get(code="zhz")
    for username in ("procesregisseur", "informatiemakelaar", "politie", "ggz"):
        seen = visible_cases(User.objects.get(username=username))
        assert seen.exists()
        assert not seen.exclude(region=demo).exists()
    other = User.objects.get(username="politie.regio02")
    assert visible_cases(other).exists()
    assert not visible_cases(other).filter(region=demo).exists()


def test_a_national_run_writes_only_rows_schakel_could_have_written(db, monkeypatch):
    """One run, several checks: building the regions is the slow part."""
    # SIZE cases make a national run here, as a million does, with earlier years as a
    # decade has them (the other regions work out no casework, so any case may be old).
    monkeypatch.setattr(generator, "REGION_CASES", SIZE // REGIONS)
    monkeypatch.setattr(generator, "CASES_PER_YEAR", 5)
    monkeypatch.setattr(generator, "OTHER_REGION_CASEWORK_CASES", 0)
    generate_demo_data(size=SIZE, seed=5, regions=REGIONS)
    every_region_has_the_reference_shape()
    history_follows_the_lifecycle_in_every_region()
    everything_of_a_case_stays_in_its_region()
    bsns_are_valid_test_numbers_and_unique_within_each_region()
    every_access_log_row_is_a_read_the_policy_allowed_then()
    the_demo_users_see_only_their_own_region()
    the_generated_log_lies_in_its_own_months()
    earlier_years_hold_only_closed_cases_which_their_convenant_still_keeps()


def earlier_years_hold_only_closed_cases_which_their_convenant_still_keeps():
    now = timezone.now()
    year_ago = now - datetime.timedelta(days=366)
    earlier = Case.objects.filter(created_at__lt=year_ago)
    assert earlier.exists()
    assert set(earlier.values_list("state", flat=True)) <= CLOSED_STATES
    # The past year has every kind of work; the region's earlier years only history.
    assert Case.objects.filter(created_at__gte=year_ago).exclude(state__in=CLOSED_STATES).exists()
    for case in earlier.select_related("region__retention_policy"):
        policy = case.region.retention_policy
        kept_until = case.state_changed_at + datetime.timedelta(days=30 * policy.case_months)
        assert kept_until > now
        assert case.state_changed_at - case.created_at < datetime.timedelta(days=366)
    oldest_log = AccessLogEntry.objects.order_by("at").values_list("at", flat=True).first()
    assert oldest_log < year_ago
    for policy in RetentionPolicy.objects.all():
        assert oldest_log > now - datetime.timedelta(days=365 * policy.access_log_years)


def the_generated_log_lies_in_its_own_months():
    """On PostgreSQL no generated log row falls into the DEFAULT partition, which would keep
    its month from ever being pruned or dropped on its own (see schakel.access.partitions)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {partitions.DEFAULT_PARTITION}")  # noqa: S608
        assert cursor.fetchone()[0] == 0


def test_an_interrupted_run_keeps_its_finished_chunks_and_a_rerun_says_so(db, monkeypatch):
    monkeypatch.setattr(generator, "CASES_PER_CHUNK", 10)

    def broken(self):
        raise RuntimeError("stroomuitval")

    monkeypatch.setattr(generator.NazorgBuilder, "build", broken)
    with pytest.raises(RuntimeError):
        generate_demo_data(size=25, seed=2)
    assert Case.objects.count() == 25  # every chunk was committed before the failure
    for args in ((), ("--if-empty",)):
        with pytest.raises(CommandError, match="afgebroken"):
            call_command("demo_data", "--size", "5", *args, stdout=io.StringIO())
