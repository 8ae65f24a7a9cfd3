"""Bad input never gives a server error, and never leaves anything half-saved.

Every URL of the project is listed below, either as a page that accepts POST (with the
user allowed to post there and the objects it needs) or as a page that only reads. A
new URL that is in neither list fails the completeness test, so it gets checked too.
Every POST page then receives hostile payloads (a 25-digit id, a negative id, text where
a number belongs, a NUL byte, an over-long text, a wrong date format) in every field its
form shows; the answer must not be a 500, and for a form the database must be as before.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schakel.accounts.models import IdentityProvider
from schakel.accounts.services import create_identity_provider
from schakel.cases.models import Case
from schakel.core.forms import (
    NO_NULL_CHARACTERS,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
)
from schakel.nazorg.models import Condition, DetentionNotice
from schakel.nazorg.services import ConditionAnswer, register_detention_notice, save_quickscan
from schakel.organisations.models import Organisation
from schakel.referrals.services import PersonDetails
from tests.helpers import sign_in

HUGE = "9" * 25
HOSTILE_VALUES = {
    "huge id": HUGE,
    "negative id": "-1",
    "text for a number": "abc",
    "NUL byte": "Tekst\x00met nul",
    "over-long text": "x" * 20_000,
    "wrong date format": "31-02-2025 25:61",
}
# Written on every request (the access log, sessions, login throttling, second-factor
# counters): these may change on any page view and say nothing about a half-saved form.
NOT_FINGERPRINTED = {
    "access.accesslogentry",
    "access.accesslogentry_persons",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "otp_static.statictoken",
    "admin.logentry",
    "accounts.user",  # last_login moves on sign-in
    "accounts.securityevent",
    "notifications.notification",
}


@dataclass
class Target:
    """A page that accepts POST: who may post there, and where its form is shown."""

    user: str | None  # key of World.users; None is anonymous
    kwargs: object = None  # callable World -> dict of URL arguments
    form_page: str | None = None  # url name of the page showing the form, if not itself
    form: bool = True  # False: a button without input; only "no 500" applies
    extra: dict = field(default_factory=dict)


def _case(w):
    return {"case_pk": w.case.pk}


POST_TARGETS = {
    "accounts:login": Target(None),
    "accounts:two_factor": Target(None),
    "accounts:logout": Target("procesregisseur", form=False),
    "accounts:end_session": Target("procesregisseur", lambda w: {"pk": 1}, form=False),
    "accounts:password_change": Target("procesregisseur"),
    "organisations:organisation_create": Target("beheerder"),
    "organisations:organisation_edit": Target("beheerder", lambda w: {"pk": w.ggz.pk}),
    "organisations:municipality_create": Target("beheerder"),
    "retention:policy_edit": Target("beheerder"),
    "organisations:municipality_edit": Target("beheerder", lambda w: {"pk": w.municipality.pk}),
    "organisations:user_create": Target("beheerder"),
    "organisations:identity_provider_create": Target("beheerder"),
    "organisations:identity_provider_edit": Target(
        "beheerder", lambda w: {"pk": _identity_provider(w).pk}
    ),
    "organisations:user_edit": Target("beheerder", lambda w: {"pk": w.users["partner"].pk}),
    "organisations:user_reset_2fa": Target(
        "beheerder", lambda w: {"pk": w.users["partner"].pk}, form=False
    ),
    "organisations:user_deactivate": Target(
        "beheerder", lambda w: {"pk": w.users["partner"].pk}, form=False
    ),
    "organisations:user_activate": Target(
        "beheerder", lambda w: {"pk": w.users["partner"].pk}, form=False
    ),
    "api_clients:create": Target("beheerder"),
    "api_clients:revoke": Target("beheerder", lambda w: {"pk": 999999}, form=False),
    # The partner API answers a session with 401; its own hostile input is played by
    # schemathesis in tests/api. Here only: no 500 for a form post.
    "api:token": Target(None, form=False),
    "api:referrals": Target("partner", form=False),
    "api:information_request_answer": Target("partner", lambda w: {"pk": 1}, form=False),
    "api:action_completion": Target("partner", lambda w: {"pk": 1}, form=False),
    "api:intervention_progress": Target("partner", lambda w: {"pk": 1}, form=False),
    "persons:search": Target("procesregisseur"),
    "persons:create": Target("procesregisseur"),
    "persons:merge": Target("procesregisseur", lambda w: {"pk": w.person.pk}),
    "referrals:create": Target("procesregisseur"),
    "referrals:rereport": Target("procesregisseur", lambda w: {"pk": w.closed_case.pk}),
    "referrals:rereport_attach": Target(
        "procesregisseur", lambda w: {"pk": w.new_case.pk, "closed_pk": w.closed_case.pk}
    ),
    "referrals:rereport_keep_apart": Target(
        "procesregisseur",
        lambda w: {"pk": w.new_case.pk, "closed_pk": w.closed_case.pk},
        form=False,
    ),
    "cases:list": Target("procesregisseur"),
    "cases:merge": Target("procesregisseur", lambda w: {"pk": w.new_case.pk}),
    "inquiries:detail": Target("partner", lambda w: {"pk": w.inquiry.pk}),
    "inquiries:withdraw": Target("procesregisseur", lambda w: {"pk": w.inquiry.pk}, form=False),
    "inquiries:create": Target("procesregisseur", lambda w: {"case_pk": w.new_case.pk}),
    "triage:start": Target("procesregisseur", lambda w: {"case_pk": w.new_case.pk}, form=False),
    "triage:decide": Target("procesregisseur", lambda w: {"case_pk": w.triage_case.pk}),
    "access:log": Target("privacy_officer"),
    "access:unusual": Target("privacy_officer"),
    "access:break_glass_review": Target("privacy_officer", lambda w: {"pk": w.emergency_access.pk}),
    "break_glass:request": Target("procesregisseur"),
    "break_glass:end": Target(
        "procesregisseur", lambda w: {"pk": w.emergency_access.pk}, form=False
    ),
    "privacy_persons:search": Target("privacy_officer"),
    "privacy_persons:correct": Target("privacy_officer", lambda w: {"pk": w.person.pk}),
    "privacy_persons:restrict": Target("privacy_officer", lambda w: {"pk": w.person.pk}),
    "privacy_persons:lift": Target("privacy_officer", lambda w: {"pk": w.person.pk}),
    "meetings:create": Target("procesregisseur"),
    "meetings:move": Target("procesregisseur", lambda w: {"pk": w.meeting.pk}),
    "meetings:cancel": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk}, form_page="meetings:detail"
    ),
    "meetings:held": Target("procesregisseur", lambda w: {"pk": w.meeting.pk}, form=False),
    "meetings:build_agenda": Target("procesregisseur", lambda w: {"pk": w.meeting.pk}, form=False),
    "meetings:add_case": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk}, form_page="meetings:detail"
    ),
    "meetings:attendance": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk}, form_page="meetings:detail"
    ),
    "meetings:attendance_remove": Target(
        "procesregisseur",
        lambda w: {"pk": w.meeting.pk, "attendance_pk": w.attendance.pk},
        form=False,
    ),
    "meetings:invite": Target(
        "procesregisseur",
        lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk},
        form_page="meetings:item",
    ),
    "meetings:minutes": Target(
        "procesregisseur",
        lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk},
        form_page="meetings:item",
    ),
    "meetings:item_remove": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk}, form=False
    ),
    "meetings:item_up": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk}, form=False
    ),
    "meetings:item_down": Target(
        "procesregisseur", lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk}, form=False
    ),
    "meetings:table_edit": Target("procesregisseur", lambda w: {"pk": w.table.pk}),
    "plans:agree": Target("procesregisseur", _case),
    "plans:edit_general": Target("procesregisseur", _case),
    "plans:edit_analyses": Target("procesregisseur", _case),
    "plans:goal_create": Target("procesregisseur", _case),
    "plans:goal_edit": Target("procesregisseur", lambda w: {**_case(w), "goal_pk": w.goal.pk}),
    "plans:goal_remove": Target("procesregisseur", lambda w: {**_case(w), "goal_pk": w.goal.pk}),
    "plans:intervention_create": Target("procesregisseur", _case),
    "plans:intervention_edit": Target(
        "procesregisseur", lambda w: {**_case(w), "intervention_pk": w.intervention.pk}
    ),
    "plans:intervention_remove": Target(
        "procesregisseur", lambda w: {**_case(w), "intervention_pk": w.intervention.pk}
    ),
    "plans:progress": Target(
        "ggz_user", lambda w: {**_case(w), "intervention_pk": w.intervention.pk}
    ),
    "followup:action_complete": Target(
        "partner", lambda w: {"pk": w.action.pk}, form_page="followup:action_detail"
    ),
    "followup:action_cancel": Target(
        "procesregisseur", lambda w: {"pk": w.action.pk}, form_page="followup:action_detail"
    ),
    "followup:action_create": Target("procesregisseur", _case),
    "followup:measurement_create": Target("procesregisseur", _case),
    "followup:escalation_create": Target("procesregisseur", _case),
    "followup:escalation_resolve": Target("procesregisseur", lambda w: {"pk": w.escalation.pk}),
    "closure:de_escalate": Target("procesregisseur", _case),
    "closure:close": Target("procesregisseur", _case),
    "closure:evaluation": Target("procesregisseur", lambda w: {"case_pk": w.closed_case.pk}),
    "notifications:mark_read": Target(
        "procesregisseur", lambda w: {"pk": w.notification.pk}, form=False
    ),
    "notifications:mark_all_read": Target("procesregisseur", form=False),
    "notifications:preferences": Target("procesregisseur"),
    "rights:create": Target("privacy_officer"),
    "rights:link": Target("privacy_officer", lambda w: {"pk": w.rights_request.pk}),
    "rights:tasks": Target("privacy_officer", lambda w: {"pk": w.rights_request.pk}, form=False),
    "rights:extend": Target("privacy_officer", lambda w: {"pk": w.rights_request.pk}),
    "rights:close": Target("privacy_officer", lambda w: {"pk": w.rights_request.pk}),
    "rights:task_detail": Target("partner", lambda w: {"pk": w.rights_task.pk}),
    "imports:create": Target("procesregisseur"),
    # Their own tests post real grants and answers; here only: hostile input is no 500.
    "organisations:role_grant_approve": Target("beheerder", lambda w: {"pk": 1}, form=False),
    "organisations:role_grant_reject": Target("beheerder", lambda w: {"pk": 1}, form=False),
    "followup:escalation_answer": Target("procesregisseur", lambda w: {"pk": w.escalation.pk}),
    "transfers:propose": Target("procesregisseur", _case),
    "transfers:detail": Target("procesregisseur", lambda w: {"pk": 1}, form=False),
    "transfers:withdraw": Target("procesregisseur", lambda w: {"pk": 1}, form=False),
    "nazorg:create": Target("procesregisseur"),
    "nazorg:quickscan": Target("procesregisseur", lambda w: {"pk": _detention_notice(w).pk}),
    "nazorg:officer": Target("procesregisseur", lambda w: {"pk": _detention_notice(w).pk}),
    "nazorg:release_date": Target("procesregisseur", lambda w: {"pk": _detention_notice(w).pk}),
    "nazorg:table": Target(
        "procesregisseur", lambda w: {"pk": _detention_notice(w).pk}, form_page="nazorg:detail"
    ),
    "nazorg:close": Target(
        "procesregisseur", lambda w: {"pk": _detention_notice(w).pk}, form=False
    ),
}
# Pages that only read: a POST to them changes nothing.
READ_ONLY = {
    "core:health",
    "api_clients:list",
    "api:schema",
    "api:docs",
    "api:referral",
    "api:cases",
    "api:case",
    "api:persons",
    "api:person",
    "api:information_requests",
    "api:information_request",
    "api:actions",
    "api:interventions",
    "api:meetings",
    "api:unknown",
    "access:refused",
    "access:break_glass_reviews",
    "organisations:role_grant_list",
    "home:worklist",
    "home:accessibility",
    "home:privacy",
    "accounts:sessions",
    "organisations:index",
    "organisations:organisation_list",
    "organisations:municipality_list",
    "organisations:user_list",
    "organisations:identity_provider_list",
    "accounts:oidc_callback",
    "persons:detail",
    "privacy_persons:detail",
    "cases:detail",
    "cases:section",
    "inquiries:list",
    "meetings:list",
    "meetings:detail",
    "meetings:print_agenda",
    "meetings:print_minutes",
    "meetings:item",
    "meetings:tables",
    "meetings:table_calendar",
    "meetings:table",
    "plans:detail",
    "plans:versions",
    "plans:compare",
    "plans:version",
    "plans:version_pdf",
    "followup:action_list",
    "followup:action_detail",
    "closure:improvements",
    "closure:improvements_export",
    "notifications:list",
    "transfers:list",
    "reports:index",
    "reports:report",
    "rights:list",
    "rights:detail",
    "rights:inzage",
    "rights:inzage_pdf",
    "rights:task_list",
    "retention:index",
    "imports:list",
    "imports:detail",
    "imports:progress",
    "imports:report_csv",
    "nazorg:worklist",
    "nazorg:detail",
}


def _identity_provider(w) -> IdentityProvider:
    """The GGZ's IdP, as a beheerder sets it up (once per test)."""
    existing = IdentityProvider.objects.filter(organisation=w.ggz).first()
    return existing or create_identity_provider(
        actor=w.users["beheerder"],
        organisation=w.ggz,
        name="GGZ-inlog",
        issuer="https://login.ggz.example",
        client_id="schakel",
        client_secret_variable="SCHAKEL_IDP_GGZ",
        email_domains=["ggz.example"],
        trusts_mfa=False,
        mfa_acr_values="",
        is_active=True,
    )


def _detention_notice(w):
    """A detainee whose quickscan shows problems, so the table form is on its page."""
    existing = DetentionNotice.objects.first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    actor = w.users["procesregisseur"]
    notice = register_detention_notice(
        actor=actor,
        person=PersonDetails(first_names="Fictief", last_name="Gedetineerde"),
        institution=w.politie,
        detention_started_on=today - datetime.timedelta(days=90),
        expected_release_on=today + datetime.timedelta(days=30),
        return_municipality=w.municipality,
    )
    save_quickscan(
        actor=actor,
        notice=notice,
        expected_version=0,
        conditions={code: ConditionAnswer(status="niet_op_orde") for code in Condition.values},
        already_known="nee",
        concerns="",
        to_be_discussed=False,
    )
    return notice


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "admin":
                continue
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_checked_or_read_only():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(POST_TARGETS) - READ_ONLY == set(), "classify the new URL above"
    assert set(POST_TARGETS) & READ_ONLY == set()


def fingerprint() -> str:
    """All stored rows, except those any page view writes (see NOT_FINGERPRINTED)."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        if model._meta.label_lower in NOT_FINGERPRINTED:
            continue
        rows = list(model._default_manager.order_by("pk").values_list())
        digest.update(f"{model._meta.label_lower}:{rows!r}".encode())
    return digest.hexdigest()


INPUT_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def form_field_names(client: Client, url: str) -> set[str]:
    page = client.get(url)
    if page.status_code != 200:
        return set()
    return set(INPUT_NAME.findall(page.content.decode())) - {"csrfmiddlewaretoken"}


def _client_for(world, target: Target) -> Client:
    client = Client()
    if target.user is not None:
        sign_in(client, world.users[target.user])
    return client


# Names that any form of the project may carry, for a page whose form cannot be read first
# (a sign-in step, say): the hostile value goes into each of them too.
COMMON_NAMES = {"username", "password", "token", "otp_token", "version", "pagina"}


@pytest.mark.parametrize("name", sorted(POST_TARGETS))
def test_hostile_post_never_500_nor_half_saved(world, name):
    target = POST_TARGETS[name]
    kwargs = target.kwargs(world) if target.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    client = _client_for(world, target)
    page = reverse(target.form_page, kwargs=kwargs) if target.form_page else url
    names = form_field_names(client, page) | COMMON_NAMES
    for label, value in HOSTILE_VALUES.items():
        before = fingerprint() if target.form else None
        response = client.post(url, {field_name: value for field_name in names})
        assert response.status_code < 500, (name, label)
        # A form shown again with its messages saved nothing at all. (A free-text form may
        # take "999..." as a whole, valid answer: then it redirects.)
        if target.form and response.status_code == 200:
            assert fingerprint() == before, f"{name}: {label} changed stored data"


@pytest.mark.parametrize(
    ("path", "user", "method"),
    [
        (f"/overleggen/{HUGE}/", "procesregisseur", "get"),
        (f"/overleggen/{HUGE}/wijzigen/", "procesregisseur", "post"),
        (f"/overleggen/{HUGE}/punten/{HUGE}/", "procesregisseur", "get"),
        (f"/overleggen/{HUGE}/punten/{HUGE}/verslag/", "procesregisseur", "post"),
        (f"/casussen/{HUGE}/", "procesregisseur", "get"),
        (f"/casussen/{HUGE}/plan/algemeen/", "procesregisseur", "post"),
        (f"/casussen/{HUGE}/plan/subdoelen/{HUGE}/", "procesregisseur", "get"),
        (f"/casussen/{HUGE}/afschalen/", "procesregisseur", "post"),
        (f"/acties/{HUGE}/", "procesregisseur", "get"),
        (f"/acties/{HUGE}/gereed/", "procesregisseur", "post"),
        (f"/opschalingen/{HUGE}/afronden/", "procesregisseur", "post"),
        (f"/regietafels/{HUGE}/wijzigen/", "procesregisseur", "post"),
        (f"/beheer/organisaties/{HUGE}/", "beheerder", "post"),
        (f"/beheer/gemeenten/{HUGE}/", "beheerder", "post"),
        (f"/beheer/gebruikers/{HUGE}/", "beheerder", "get"),
        (f"/personen/{HUGE}/", "procesregisseur", "get"),
        (f"/informatieverzoeken/{HUGE}/", "procesregisseur", "post"),
        (f"/berichten/{HUGE}/gelezen/", "procesregisseur", "post"),
        (f"/overdrachten/{HUGE}/", "procesregisseur", "get"),
        (f"/privacy/verzoeken/{HUGE}/", "privacy_officer", "get"),
        (f"/privacy/verzoeken/{HUGE}/afhandelen/", "privacy_officer", "post"),
        (f"/privacy/verzoeken/1/inzage/{HUGE}/", "privacy_officer", "get"),
        (f"/privacy/taken/{HUGE}/", "partner", "post"),
        (f"/nazorg/{HUGE}/", "procesregisseur", "get"),
        (f"/nazorg/{HUGE}/quickscan/", "procesregisseur", "post"),
        (f"/nazorg/{HUGE}/agenderen/", "procesregisseur", "post"),
    ],
)
def test_huge_id_in_the_path_is_a_404(world, path, user, method):
    client = sign_in(Client(), world.users[user])
    assert getattr(client, method)(path).status_code == 404


def test_huge_id_in_the_query_string_is_no_500(world):
    client = sign_in(Client(), world.users["procesregisseur"])
    url = reverse("followup:action_create", kwargs={"case_pk": world.case.pk})
    assert client.get(f"{url}?agendapunt={HUGE}").status_code == 404
    url = reverse("plans:agree", kwargs={"case_pk": world.case.pk})
    assert client.get(f"{url}?overleg={HUGE}").status_code in (200, 403)


# --- The melding formset --------------------------------------------------------------


def referral_post(world, **overrides):
    data = {
        "source": "veldaanmelding",
        "received_on": timezone.localdate().isoformat(),
        "municipality": str(world.municipality.pk),
        "kind": "persoon",
        "title": "Zorgen om bewoner Lindelaan",
        "description": "Herhaaldelijk overlast en verwaarlozing gemeld door buren.",
        "urgency": "normaal",
        "question": "Wie kan helpen?",
        "reporter_contact": "",
        "betrokkene-TOTAL_FORMS": "1",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "1",
        "betrokkene-MAX_NUM_FORMS": "20",
        "betrokkene-0-role": "hoofdpersoon",
        "betrokkene-0-first_names": "Fictief",
        "betrokkene-0-last_name": "Voorbeeldpersoon",
        "betrokkene-0-gender": "onbekend",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


BROKEN = "Het formulier is niet volledig ontvangen"


@pytest.mark.parametrize(
    "management",
    [
        pytest.param({f"betrokkene-{key}": None for key in MANAGEMENT}, id="missing"),
        pytest.param({"betrokkene-TOTAL_FORMS": "veel"}, id="garbled"),
        pytest.param({"betrokkene-TOTAL_FORMS": "-3"}, id="negative"),
        pytest.param({"betrokkene-INITIAL_FORMS": "5"}, id="more-initial-than-total"),
        pytest.param({"betrokkene-TOTAL_FORMS": HUGE}, id="beyond-any-limit"),
        pytest.param({"betrokkene-TOTAL_FORMS": "1\x00"}, id="nul-byte"),
    ],
)
def test_referral_with_broken_management_form_keeps_what_was_typed(world, management):
    client = sign_in(Client(), world.users["procesregisseur"])
    cases_before = Case.objects.count()
    response = client.post(reverse("referrals:create"), referral_post(world, **management))
    body = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == cases_before
    assert BROKEN in body
    # The main form and the person row keep what was typed.
    assert "Zorgen om bewoner Lindelaan" in body
    assert "Voorbeeldpersoon" in body
    # The page carries a sound management form again, so the next save goes through.
    assert 'name="betrokkene-TOTAL_FORMS" value="1"' in body


def test_referral_with_zero_rows_counted_still_reads_the_typed_row(world):
    client = sign_in(Client(), world.users["procesregisseur"])
    response = client.post(
        reverse("referrals:create"), referral_post(world, **{"betrokkene-TOTAL_FORMS": "0"})
    )
    assert response.status_code == 302
    assert Case.objects.filter(title="Zorgen om bewoner Lindelaan").exists()


def test_referral_saves_after_the_repaired_page_is_sent_again(world):
    client = sign_in(Client(), world.users["procesregisseur"])
    broken = referral_post(world, **{f"betrokkene-{key}": None for key in MANAGEMENT})
    assert client.post(reverse("referrals:create"), broken).status_code == 200
    assert client.post(reverse("referrals:create"), referral_post(world)).status_code == 302


# --- The shared field, property-based --------------------------------------------------

CHOICE_MESSAGES = {"Kies een organisatie uit de lijst.", str(NO_NULL_CHARACTERS)}


@pytest.fixture
def organisation(region):
    return Organisation.objects.create(
        region=region, name="Fictieve Zorgpartner", domain="zorg", kind="GGZ"
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=40),
        st.sampled_from(
            [HUGE, "-1", "0", " 1 ", "1e3", "0x10", "\u0661\u0662", "1\x00", "+1", "1\x1c"]
        ),
    )
)
def test_safe_fields_answer_any_posted_id_with_the_choice_or_a_dutch_message(value, organisation):
    messages = {"invalid_choice": "Kies een organisatie uit de lijst."}
    single = SafeModelChoiceField(
        queryset=Organisation.objects.all(), required=False, error_messages=messages
    )
    multiple = SafeModelMultipleChoiceField(
        queryset=Organisation.objects.all(), required=False, error_messages=messages
    )
    for form_field, posted in ((single, value), (multiple, [value])):
        try:
            cleaned = form_field.clean(posted)
        except ValidationError as error:
            assert set(error.messages) <= CHOICE_MESSAGES, error.messages
        else:
            chosen = list(cleaned) if form_field is multiple else [cleaned]
            for item in chosen:
                # Only the existing organisation, by exactly its id, or nothing at all.
                assert (item is None and not value.strip()) or int(value) == item.pk


@pytest.mark.parametrize("value", [HUGE, "-1", "abc", "1.5"])
def test_without_a_message_of_its_own_the_field_gives_djangos_dutch_invalid_choice(
    value, organisation
):
    single = SafeModelChoiceField(queryset=Organisation.objects.all())
    multiple = SafeModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(ValidationError) as refused:
        single.clean(value)
    assert refused.value.messages == [
        "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."
    ]
    with pytest.raises(ValidationError) as refused:
        multiple.clean([value])
    assert refused.value.messages == [
        f"Selecteer een geldige keuze. {value} is geen beschikbare keuze."
    ]
