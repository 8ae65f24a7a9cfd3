"""Writes through the API take the same service path as the pages."""

from __future__ import annotations

import pytest

from schakel.cases.models import Case, CaseParticipant, CasePerson
from schakel.referrals.models import Referral
from tests.api.conftest import bearer
from tests.helpers import person_row, referral_post, sign_in

pytestmark = pytest.mark.django_db


def _melding(municipality, **overrides):
    body = {
        "source": "veldaanmelding",
        "receivedOn": "2025-03-14",
        "municipality": municipality.cbs_code,
        "kind": "persoon",
        "title": "Zorgen om bewoner",
        "description": "Buren melden aanhoudende overlast.",
        "urgency": "normaal",
        "question": "Kan het ZVH de partners bij elkaar brengen?",
        "reporterContact": "K. de Vries, 078-1234567",
        "persons": [
            {
                "role": "hoofdpersoon",
                "firstNames": "Fenna",
                "lastName": "Fictief",
                "gender": "vrouw",
            }
        ],
    }
    body.update(overrides)
    return body


def _shape(referral: Referral) -> dict:
    case = referral.case
    return {
        "state": case.state,
        "kind": case.kind,
        "title": case.title,
        "source": referral.source,
        "description": referral.description,
        "question": referral.question,
        "organisation": referral.reporting_organisation_id,
        "participants": sorted(
            CaseParticipant.objects.filter(case=case).values_list("organisation_id", "reason")
        ),
        "persons": sorted(
            CasePerson.objects.filter(case=case).values_list(
                "role", "person__first_names", "person__last_name"
            )
        ),
    }


def test_a_melding_through_the_api_equals_one_through_the_ui(
    client, api_world, municipality, partner_user
):
    response = client.post(
        "/api/v1/meldingen",
        _melding(municipality),
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert response.status_code == 201, response.content
    assert response["Location"].endswith(f"/api/v1/meldingen/{response.json()['id']}")
    by_api = Referral.objects.get(pk=response.json()["id"])

    sign_in(client, partner_user)
    page = client.post(
        "/meldingen/nieuw/",
        referral_post(
            municipality,
            title="Zorgen om bewoner",
            description="Buren melden aanhoudende overlast.",
            question="Kan het ZVH de partners bij elkaar brengen?",
            persons=[
                person_row(
                    role="hoofdpersoon", first_names="Fenna", last_name="Fictief", gender="vrouw"
                )
            ],
        ),
    )
    assert page.status_code == 302
    by_ui = Referral.objects.exclude(pk__in=[by_api.pk, api_world.referral.pk]).get()
    assert _shape(by_api) == _shape(by_ui)
    assert by_api.reported_by == api_world.police.client.service_user


def test_a_bad_melding_is_400_per_field_and_saves_nothing(client, api_world, municipality):
    cases = Case.objects.count()
    response = client.post(
        "/api/v1/meldingen",
        _melding(
            municipality,
            receivedOn="31-02-2025",
            description="",
            persons=[{"role": "getuige", "firstNames": "A", "lastName": "B", "bsn": "123456789"}],
        ),
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {param["name"] for param in response.json()["invalidParams"]}
    assert {"receivedOn", "description"} <= names
    assert Case.objects.count() == cases


def test_a_service_refusal_names_the_field_in_the_api(client, api_world, municipality):
    cases = Case.objects.count()
    response = client.post(
        "/api/v1/meldingen",
        _melding(
            municipality,
            receivedOn="2999-01-01",
            persons=[{"role": "getuige", "firstNames": "Fenna", "lastName": "Fictief"}],
        ),
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert response.status_code == 400
    params = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert "toekomst" in params["receivedOn"]
    assert "hoofdpersoon" in params["persons"]
    assert Case.objects.count() == cases


def test_progress_and_completion_go_through_the_services(client, api_world):
    progress = client.post(
        f"/api/v1/interventies/{api_world.intervention.pk}/voortgangsrapportages",
        {"status": "lopend", "text": "Eerste gesprek gevoerd."},
        content_type="application/json",
        **bearer(api_world.care_token),
    )
    assert progress.status_code == 201
    api_world.intervention.refresh_from_db()
    assert api_world.intervention.status == "lopend"
    done = client.post(
        f"/api/v1/acties/{api_world.action.pk}/gereedmelding",
        {"result": "Huisbezoek afgelegd."},
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert done.status_code == 201
    assert done.json()["status"] == "gereed"
    again = client.post(
        f"/api/v1/acties/{api_world.action.pk}/gereedmelding",
        {"result": "Nog een keer."},
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert again.status_code == 400


def test_lists_are_paginated_with_links(client, api_world, municipality):
    for number in range(4):
        client.post(
            "/api/v1/meldingen",
            _melding(municipality, title=f"Melding {number}", urgency="normaal"),
            content_type="application/json",
            **bearer(api_world.police_token),
        )
    first = client.get("/api/v1/meldingen?pageSize=2", **bearer(api_world.police_token)).json()
    assert len(first["results"]) == 2
    assert first["links"]["self"]["href"].endswith("/api/v1/meldingen?pageSize=2")
    assert "prev" not in first["links"]
    second = client.get(first["links"]["next"]["href"], **bearer(api_world.police_token)).json()
    assert "page=2" in second["links"]["self"]["href"]
    assert "prev" in second["links"]
    assert second["links"]["next"]
    last = client.get(second["links"]["next"]["href"], **bearer(api_world.police_token)).json()
    assert "next" not in last["links"]
    seen = [r["id"] for page in (first, second, last) for r in page["results"]]
    assert len(seen) == len(set(seen)) == 5
    bad = client.get("/api/v1/meldingen?page=0", **bearer(api_world.police_token))
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "page"
