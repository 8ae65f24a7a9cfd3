import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.models import AccessLogEntry
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.core.concurrency import EditConflict
from schakel.nazorg import selectors, services
from schakel.nazorg.models import (
    ConditionStatus,
    DetentionNotice,
    NoticeEvent,
    NoticeStatus,
)
from schakel.referrals.models import Referral, ReferralSource
from schakel.triage.models import TriageDecision, TriageOutcome
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.nazorg.helpers import VALID_BSN, answers, fill, register

pytestmark = pytest.mark.django_db


def test_a_detentiemelding_opens_a_case_in_intake_with_a_referral_and_an_empty_quickscan(
    regisseur, institution, municipality
):
    notice = register(regisseur, institution=institution, municipality=municipality, bsn=VALID_BSN)
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == CaseState.AANGEMELD
    assert case.municipality == municipality
    referral = Referral.objects.get(case=case)
    assert referral.source == ReferralSource.DETENTIEMELDING
    assert notice.person.bsn == VALID_BSN
    statuses = set(notice.quickscan.conditions.values_list("status", flat=True))
    assert statuses == {ConditionStatus.ONBEKEND}
    assert notice.quickscan.conditions.count() == 9
    assert AccessLogEntry.objects.filter(
        object_type="DetentionNotice", object_ref=str(notice.pk), action="create"
    ).exists()


def test_a_known_source_reference_is_refused_as_duplicate_and_nothing_is_saved(
    regisseur, institution, municipality
):
    register(regisseur, institution=institution, municipality=municipality, reference="PI-2026-1")
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(
            regisseur, institution=institution, municipality=municipality, reference="PI-2026-1"
        )
    assert refused.value.error_dict["source_reference"][0].code == "duplicate"
    assert Case.objects.count() == cases_before
    assert DetentionNotice.objects.count() == 1


def test_the_same_reference_in_another_region_is_another_notice(
    regisseur, institution, municipality, other_region_procesregisseur, other_region
):
    register(regisseur, institution=institution, municipality=municipality, reference="PI-7")
    elsewhere = register(
        other_region_procesregisseur,
        institution=OrganisationFactory(region=other_region, domain="straf"),
        municipality=MunicipalityFactory(region=other_region),
        reference="PI-7",
    )
    assert elsewhere.region_id == other_region.pk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"release_in_days": -400}, "expected_release_on", "vóór het begin"),
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"last_name": " "}, "last_name", "achternaam"),
    ],
)
def test_bad_input_is_refused_per_field_in_dutch_and_saves_nothing(
    regisseur, institution, municipality, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        register(regisseur, institution=institution, municipality=municipality, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Case.objects.exists()
    assert not DetentionNotice.objects.exists()


def test_a_municipality_of_another_region_is_unknown(regisseur, institution, other_region):
    with pytest.raises(ValidationError) as refused:
        register(
            regisseur,
            institution=institution,
            municipality=MunicipalityFactory(region=other_region),
        )
    assert "Onbekende gemeente" in refused.value.message_dict["return_municipality"][0]


def test_a_ketenpartner_may_not_register(partner_user, institution, municipality):
    with pytest.raises(PermissionDenied):
        register(partner_user, institution=institution, municipality=municipality)


# --- Release date -------------------------------------------------------------------------


def test_a_new_release_date_moves_the_deadlines_and_is_kept_in_the_history(regisseur, notice):
    old = notice.expected_release_on
    new = old + datetime.timedelta(days=21)
    services.change_release_date(
        actor=regisseur,
        notice=notice,
        expected_release_on=new,
        reason="Vervroegde invrijheidstelling afgewezen",
        expected_version=notice.version,
    )
    notice = selectors.get_notice(user=regisseur, pk=notice.pk)
    row = selectors.notice_row(notice)
    assert row.quickscan_due == new - datetime.timedelta(days=28)
    assert row.discuss_before == new - datetime.timedelta(days=14)
    event = NoticeEvent.objects.get(notice=notice, new_release_on__isnull=False)
    assert (event.old_release_on, event.new_release_on, event.actor) == (old, new, regisseur)
    assert event.reason == "Vervroegde invrijheidstelling afgewezen"


def test_a_release_date_change_needs_a_reason_and_a_fresh_version(regisseur, notice):
    new = notice.expected_release_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.change_release_date(
            actor=regisseur, notice=notice, expected_release_on=new, reason="", expected_version=0
        )
    assert "reason" in refused.value.message_dict
    stale = notice.version
    services.change_release_date(
        actor=regisseur, notice=notice, expected_release_on=new, reason="PI", expected_version=stale
    )
    with pytest.raises(EditConflict):
        services.change_release_date(
            actor=regisseur,
            notice=DetentionNotice.objects.get(pk=notice.pk),
            expected_release_on=new + datetime.timedelta(days=1),
            reason="Tweede wijziging",
            expected_version=stale,
        )


# --- Re-integratieofficier and quickscan -----------------------------------------------------


def test_only_a_gemeente_ketenpartner_can_be_the_officer(regisseur, notice, rio, partner_user):
    with pytest.raises(ValidationError):
        services.assign_reintegration_officer(
            actor=regisseur, notice=notice, officer=partner_user, expected_version=notice.version
        )
    services.assign_reintegration_officer(
        actor=regisseur, notice=notice, officer=rio, expected_version=notice.version
    )
    assert DetentionNotice.objects.get(pk=notice.pk).reintegration_officer == rio


def test_the_assigned_officer_fills_in_the_quickscan_and_a_stale_save_is_a_conflict(
    regisseur, notice, rio
):
    services.assign_reintegration_officer(
        actor=regisseur, notice=notice, officer=rio, expected_version=notice.version
    )
    stale = notice.quickscan.version
    fill(rio, notice, huisvesting=ConditionStatus.NIET_OP_ORDE)
    assert notice.quickscan.conditions.get(condition="huisvesting").status == "niet_op_orde"
    with pytest.raises(EditConflict):
        services.save_quickscan(
            actor=regisseur,
            notice=notice,
            expected_version=stale,
            conditions=answers(),
            already_known="nee",
            concerns="",
            to_be_discussed=False,
        )


def test_an_officer_not_assigned_may_not_fill_in(notice, rio):
    with pytest.raises(PermissionDenied):
        fill(rio, notice)


# --- The outcome in one step -------------------------------------------------------------------


def test_a_quickscan_with_problems_puts_the_detainee_on_the_nazorg_table_in_one_step(
    regisseur, notice, nazorg_table
):
    fill(regisseur, notice, huisvesting="niet_op_orde", inkomen="niet_op_orde")
    assert selectors.default_nazorg_table(region_id=notice.region_id) == nazorg_table
    notice.quickscan.refresh_from_db()
    services.put_on_nazorg_table(
        actor=regisseur,
        notice=notice,
        table=nazorg_table,
        expected_quickscan_version=notice.quickscan.version,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        impacts_local_safety=False,
    )
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == CaseState.GEAGENDEERD
    assert case.table == nazorg_table
    decision = TriageDecision.objects.get(case=case)
    assert decision.outcome == TriageOutcome.AGENDEREN
    assert "huisvesting" in decision.questions
    assert DetentionNotice.objects.get(pk=notice.pk).status == NoticeStatus.NAZORGTAFEL


def test_a_quickscan_all_in_order_cannot_go_on_the_table_but_closes_in_one_step(
    regisseur, notice, nazorg_table
):
    fill(regisseur, notice)
    notice.quickscan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.put_on_nazorg_table(
            actor=regisseur,
            notice=notice,
            table=nazorg_table,
            expected_quickscan_version=notice.quickscan.version,
            meets_multiple_domains=True,
            needs_multiple_chains=True,
            impacts_system=True,
            impacts_local_safety=False,
        )
    assert Case.objects.get(pk=notice.case_id).state == CaseState.AANGEMELD
    notice.quickscan.refresh_from_db()
    services.close_without_aftercare(
        actor=regisseur, notice=notice, expected_quickscan_version=notice.quickscan.version
    )
    case = Case.objects.get(pk=notice.case_id)
    assert case.state == CaseState.NIET_IN_BEHANDELING
    assert TriageDecision.objects.get(case=case).outcome == TriageOutcome.NIET_IN_BEHANDELING
    assert DetentionNotice.objects.get(pk=notice.pk).status == NoticeStatus.GEEN_NAZORG


def test_concerns_alone_keep_the_detainee_from_closing(regisseur, notice):
    fill(regisseur, notice, concerns="Dreigt terug te vallen in oud netwerk")
    notice.quickscan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.close_without_aftercare(
            actor=regisseur, notice=notice, expected_quickscan_version=notice.quickscan.version
        )
    assert DetentionNotice.objects.get(pk=notice.pk).status == NoticeStatus.OPEN


def test_criteria_not_met_refuse_the_table_and_roll_back_the_triage_start(
    regisseur, notice, nazorg_table
):
    fill(regisseur, notice, huisvesting="niet_op_orde")
    notice.quickscan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.put_on_nazorg_table(
            actor=regisseur,
            notice=notice,
            table=nazorg_table,
            expected_quickscan_version=notice.quickscan.version,
            meets_multiple_domains=False,
            needs_multiple_chains=False,
            impacts_system=False,
            impacts_local_safety=False,
        )
    assert Case.objects.get(pk=notice.case_id).state == CaseState.AANGEMELD
    assert DetentionNotice.objects.get(pk=notice.pk).status == NoticeStatus.OPEN


def test_worklist_orders_by_release_and_filters(regisseur, institution, municipality, rio):
    later = register(
        regisseur, institution=institution, municipality=municipality, release_in_days=90
    )
    sooner = register(
        regisseur, institution=institution, municipality=municipality, release_in_days=5
    )
    fill(regisseur, later)
    assert list(selectors.notice_worklist(user=regisseur)) == [sooner, later]
    assert list(selectors.notice_worklist(user=regisseur, only_open=True)) == [sooner]
    rows, count = selectors.released_soon_with_open_conditions(user=regisseur, limit=10)
    assert count == 1 and rows[0].notice == sooner and rows[0].warning
    today = timezone.localdate()
    assert rows[0].days_to_release == (sooner.expected_release_on - today).days
    services.assign_reintegration_officer(
        actor=regisseur, notice=later, officer=rio, expected_version=later.version
    )
    assert list(selectors.notice_worklist(user=regisseur, officer_id=rio.pk)) == [later]
