import base64
import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.models import AccessLogEntry
from schakel.access.policy import visible_cases
from schakel.accounts.models import RoleAssignment, User
from schakel.accounts.roles import Role
from schakel.api.demo_key import DEMO_CLIENT_ID
from schakel.api.models import ApiClient
from schakel.cases.lifecycle import CaseState, is_allowed
from schakel.cases.models import Case, CaseParticipant, CasePerson, ParticipationReason
from schakel.demo import names
from schakel.demo.credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET, current_code
from schakel.demo.generator import generate_demo_data
from schakel.demo.nazorg import CASES_PER_REGION_DETAINEE
from schakel.demo.reference import MUNICIPALITIES, USERS
from schakel.demo.seed_cases import SEED_CASES
from schakel.inquiries.models import InformationRequest, RequestStatus
from schakel.meetings.models import AgendaItem
from schakel.nazorg.models import DetentionNotice
from schakel.organisations.models import Municipality, Organisation, Region
from schakel.persons.bsn import is_valid_bsn
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource
from schakel.triage.models import TriageDecision, TriageOutcome

PAST_TRIAGE = {
    CaseState.GEAGENDEERD,
    CaseState.IN_UITVOERING,
    CaseState.AFGESCHAALD,
    CaseState.AFGESLOTEN,
    CaseState.NIET_IN_BEHANDELING,
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    run("demo_data", "--size", "60", "--seed", "7")


def test_the_command_refuses_outside_demo_mode(db):
    with override_settings(DEMO_MODE=False), pytest.raises(CommandError, match="demomodus"):
        run("demo_data", "--size", "5")
    assert not Region.objects.exists()
    assert not User.objects.exists()


def with_detainees(size: int) -> int:
    """The cases of a run of `size`: that many generated, plus the region's other
    detainees (one for every three), each with the intake case its detentiemelding opened."""
    return size + size // CASES_PER_REGION_DETAINEE


def test_a_small_size_makes_exactly_that_many_cases(db):
    output = run("demo_data", "--size", "25")
    assert Case.objects.count() == with_detainees(25) == 33
    detainee_cases = DetentionNotice.objects.filter(source_reference__startswith="PI-ZHZ-")
    assert detainee_cases.count() == 8
    assert Case.objects.exclude(detention_notice__in=detainee_cases).count() == 25
    assert Referral.objects.count() >= 33
    assert CasePerson.objects.filter(case__isnull=False).values("case").distinct().count() == 33
    assert "cases.Case: 33" in output


def test_a_small_run_is_fast_and_lists_the_example_cases(db):
    started = time.monotonic()
    output = run("demo_data", "--size", "20")
    elapsed = time.monotonic() - started
    assert elapsed < 20, f"demo_data --size 20 took {elapsed:.1f} s"
    assert "Voorbeeldcasussen" in output
    for seed in SEED_CASES:
        case = Case.objects.get(title=seed.title)
        assert f"{case.reference}  {seed.title}" in output
    assert "meetings.Meeting:" in output and "plans.PlanVersion:" in output


def test_if_empty_does_nothing_the_second_time(db):
    run("demo_data", "--size", "12", "--if-empty")
    counts = (Region.objects.count(), Case.objects.count(), User.objects.count())
    output = run("demo_data", "--size", "12", "--if-empty")
    assert "al een regio" in output
    assert (
        (Region.objects.count(), Case.objects.count(), User.objects.count())
        == counts
        # The demo users, and the service account of the demo API client.
        == (1, with_detainees(12), len(USERS) + 1)
    )


def test_without_if_empty_a_second_run_is_refused(db):
    run("demo_data", "--size", "3")
    with pytest.raises(CommandError, match="al een regio"):
        run("demo_data", "--size", "3")
    assert Case.objects.count() == with_detainees(3)


def test_the_region_has_its_ten_real_municipalities(demo):
    region = Region.objects.get()
    assert (region.code, region.name) == ("zhz", "Zuid-Holland Zuid")
    assert set(Municipality.objects.values_list("cbs_code", "name")) == {
        ("GM0482", "Alblasserdam"),
        ("GM0505", "Dordrecht"),
        ("GM0512", "Gorinchem"),
        ("GM0523", "Hardinxveld-Giessendam"),
        ("GM0531", "Hendrik-Ido-Ambacht"),
        ("GM1963", "Hoeksche Waard"),
        ("GM1978", "Molenlanden"),
        ("GM0590", "Papendrecht"),
        ("GM0610", "Sliedrecht"),
        ("GM0642", "Zwijndrecht"),
    }
    assert len(MUNICIPALITIES) == 10


def test_exactly_one_organisation_has_not_signed_the_convenant(demo):
    unsigned = Organisation.objects.filter(convenant_signed_on__isnull=True)
    assert [o.kind for o in unsigned] == ["woningcorporatie"]


def test_every_state_has_cases(demo):
    # Samengevoegd is not generated yet: a merged case needs the case it went into.
    expected = set(CaseState.values) - {CaseState.SAMENGEVOEGD}
    assert set(Case.objects.values_list("state", flat=True)) == expected


def test_every_role_has_a_user_with_the_documented_password(demo):
    for role in Role.values:
        assert RoleAssignment.objects.filter(role=role).exists(), role
    for username in ("procesregisseur", "informatiemakelaar", "politie", "ggz", "veiligthuis"):
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.organisation is not None


def test_procesregisseurs_direct_the_five_tables(demo):
    regisseur = User.objects.get(username="procesregisseur")
    assert regisseur.directed_tables.exists()
    tables = Region.objects.get().tables.all()
    assert {t.name for t in tables} == {
        "Jeugd",
        "Volwassenen",
        "Huiselijk Geweld",
        "Nazorg en Re-integratie",
        "O3MP",
    }
    for table in tables:
        assert table.procesregisseurs.exists(), table
        assert table.fixed_participants.count() >= 4, table
        assert not table.fixed_participants.filter(convenant_signed_on__isnull=True).exists()


def test_a_code_from_the_documented_secret_verifies(demo):
    code = TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token()
    device = TOTPDevice.objects.get(user__username="procesregisseur")
    assert device.confirmed
    assert device.verify_token(f"{code:06d}")


def test_demo_totp_prints_the_current_code(demo):
    output = run("demo_totp", "ggz").strip()
    assert len(output) == 6 and output.isdigit()
    assert TOTPDevice.objects.get(user__username="ggz").verify_token(output)


def test_demo_totp_refuses_other_users_and_outside_demo_mode(demo, django_user_model):
    real_user = django_user_model.objects.create(username="echt")
    TOTPDevice.objects.create(user=real_user, name="telefoon", confirmed=True)
    with pytest.raises(CommandError, match="geen demogebruiker"):
        run("demo_totp", "echt")
    with pytest.raises(CommandError, match="geen demogebruiker"):
        run("demo_totp", "bestaat-niet")
    with override_settings(DEMO_MODE=False), pytest.raises(CommandError, match="demomodus"):
        run("demo_totp", "ggz")


def test_demo_login_help_explains_how_to_sign_in(db):
    output = run("demo_login_help")
    assert "http://127.0.0.1:8000" in output
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    assert "make totp GEBRUIKER=<gebruikersnaam>" in output
    for username, role in (("procesregisseur", "Procesregisseur"), ("privacy", "Privacy officer")):
        line = next(line for line in output.splitlines() if line.strip().startswith(username))
        assert role in line


def test_history_follows_the_lifecycle_and_ends_in_the_current_state(demo):
    for case in Case.objects.prefetch_related("transitions"):
        transitions = list(case.transitions.all())
        assert transitions[0].from_state == "" and transitions[0].to_state == CaseState.AANGEMELD
        for earlier, later in zip(transitions, transitions[1:], strict=False):
            assert later.from_state == earlier.to_state
            assert is_allowed(earlier.to_state, later.to_state)
            assert earlier.at <= later.at
        assert transitions[-1].to_state == case.state
        assert case.state_changed_at == transitions[-1].at
        assert case.created_at == transitions[0].at
        assert transitions[-1].at < timezone.now()


def test_a_reopened_case_keeps_its_history_and_has_a_hermelding(demo):
    reopened = Case.objects.filter(transitions__from_state=CaseState.AFGESLOTEN).distinct()
    assert reopened.exists()
    for case in reopened:
        assert case.state == CaseState.AANGEMELD
        assert case.referrals.filter(source=ReferralSource.HERMELDING).exists()


def test_referrals_of_every_source_with_leefgebieden(demo):
    assert set(Referral.objects.values_list("source", flat=True)) == set(ReferralSource.values)
    for referral in Referral.objects.prefetch_related("life_domains"):
        assert referral.life_domains.count() >= 2


def test_information_requests_open_overdue_and_answered(demo):
    today = timezone.localdate()
    requests = InformationRequest.objects.all()
    assert requests.filter(status=RequestStatus.OPEN, deadline__gte=today).exists()
    assert requests.filter(status=RequestStatus.OPEN, deadline__lt=today).exists()
    answered = requests.filter(status=RequestStatus.BEANTWOORD)
    assert answered.exists()
    assert not answered.filter(answered_at__isnull=True).exists()
    assert not requests.filter(organisation__convenant_signed_on__isnull=True).exists()
    for request in requests.filter(status=RequestStatus.OPEN):
        assert request.case.state == CaseState.IN_UITVRAAG
        assert request.persons.exists()


def test_cases_past_triage_have_a_triage_decision(demo):
    for case in Case.objects.filter(state__in=PAST_TRIAGE):
        triage = TriageDecision.objects.get(case=case)
        if case.state == CaseState.NIET_IN_BEHANDELING:
            assert triage.outcome != TriageOutcome.AGENDEREN
            assert case.table is None
        else:
            assert triage.outcome == TriageOutcome.AGENDEREN
            assert triage.purpose and triage.table_id == case.table_id
            assert triage.meets_landelijk_kader


def test_participants_the_reporter_and_the_invited_by_case(demo):
    """The melder takes part in its case; a table's standing members read a case only when
    invited to its agenda item, never by membership of the table."""
    assert not CaseParticipant.objects.filter(reason=ParticipationReason.VASTE_DEELNEMER).exists()
    for case in Case.objects.select_related("table"):
        reasons = CaseParticipant.objects.filter(case=case)
        melders = set(
            reasons.filter(reason=ParticipationReason.MELDER).values_list(
                "organisation_id", flat=True
            )
        )
        assert melders == set(case.referrals.values_list("reporting_organisation_id", flat=True))
        invited_to_items = set(
            AgendaItem.objects.filter(case=case).values_list("invited_organisations", flat=True)
        )
        if invited_to_items - {None}:
            invitees = set(
                reasons.filter(
                    reason=ParticipationReason.UITGENODIGD, ended_at__isnull=True
                ).values_list("organisation_id", flat=True)
            )
            assert invitees <= invited_to_items, case.reference


def test_persons_are_fictional_with_valid_unique_bsns(demo):
    people = list(Person.objects.all())
    bsns = [p.bsn for p in people if p.bsn]
    assert bsns and all(is_valid_bsn(b) and b.startswith("99") for b in bsns)
    assert len(bsns) == len(set(bsns))
    first_names = set(
        names.DUTCH_MALE + names.DUTCH_FEMALE + names.MIGRANT_MALE + names.MIGRANT_FEMALE
    )
    surnames = {last for _prefix, last in names.DUTCH_SURNAMES + names.MIGRANT_SURNAMES}
    towns = {town for spec in MUNICIPALITIES for town, _areas in spec.towns}
    for person in people:
        assert person.first_names in first_names and person.last_name in surnames
        assert person.city in towns
        assert person.municipality.region.code == "zhz"
        assert person.birth_date < timezone.localdate()


def test_every_case_has_access_log_rows(demo):
    logged = set(AccessLogEntry.objects.exclude(case_ref=None).values_list("case_ref", flat=True))
    assert logged == set(Case.objects.values_list("pk", flat=True))


def test_the_demo_api_client_works_in_demo_mode_as_the_police(demo):
    client = ApiClient.objects.get(application__client_id=DEMO_CLIENT_ID)
    assert client.organisation == User.objects.get(username="politie").organisation
    assert client.service_user.has_role("ketenpartner")
    assert not client.service_user.has_usable_password()


def test_need_to_know_holds_for_the_demo_users(demo):
    assert visible_cases(User.objects.get(username="politie")).exists()
    assert visible_cases(User.objects.get(username="procesregisseur")).exists()
    assert not visible_cases(User.objects.get(username="woningcorporatie")).exists()
    assert not visible_cases(User.objects.get(username="manager")).exists()


def _fingerprint() -> list[tuple]:
    return list(
        Person.objects.order_by("pk").values_list("first_names", "last_name", "bsn", "city")[:50]
    ) + list(Case.objects.order_by("pk").values_list("state", "title", "created_at"))


def test_the_same_seed_gives_the_same_data(db):
    today = datetime.date(2025, 6, 1)
    fingerprints = []
    for _attempt in range(2):
        with transaction.atomic():
            generate_demo_data(size=15, seed=3, today=today)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    generate_demo_data(size=15, seed=4, today=today)
    assert _fingerprint() != fingerprints[0]


def test_the_generated_code_matches_an_authenticator(demo):
    device = TOTPDevice.objects.get(user__username="om")
    assert current_code(device) == f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
