"""Who may import and read import reports: ZVH staff of the region; others 403, another
region's job 404 (as for a job that does not exist)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.access import rules
from schakel.imports.models import ImportJob
from schakel.imports.registry import importers, kind_choices
from tests.imports.helpers import csv_text, good_row, import_now, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(zsm_region, informatiemakelaar):
    return import_now(informatiemakelaar, csv_text([good_row(1, bsn="12")]))


def _urls(job_pk: int) -> list[str]:
    return [
        reverse("imports:detail", args=[job_pk]),
        reverse("imports:progress", args=[job_pk]),
        reverse("imports:report_csv", args=[job_pk]),
    ]


def test_procesregisseur_and_informatiemakelaar_of_the_region_read_the_job(
    job, signed_in, procesregisseur, informatiemakelaar
):
    for user in (procesregisseur, informatiemakelaar):
        client = signed_in(user)
        assert client.get(reverse("imports:list")).status_code == 200
        assert client.get(reverse("imports:create")).status_code == 200
        for url in _urls(job.pk):
            assert client.get(url).status_code in (200, 302), url


@pytest.mark.parametrize("who", ["partner_user", "manager", "beheerder"])
def test_other_roles_get_403(job, signed_in, request, who):
    client = signed_in(request.getfixturevalue(who))
    for url in [reverse("imports:list"), reverse("imports:create"), *_urls(job.pk)]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("imports:create"), {"kind": "zsm", "file": upload(csv_text([good_row(2)]))}
    )
    assert response.status_code == 403
    assert ImportJob.objects.count() == 1


def test_another_regions_job_is_404_like_a_job_that_does_not_exist(
    job, signed_in, other_region_procesregisseur
):
    client = signed_in(other_region_procesregisseur)
    for url in [*_urls(job.pk), *_urls(job.pk + 1000)]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("imports:list"))
    assert listing.status_code == 200
    assert job.original_name not in listing.content.decode()


def test_the_navigation_offers_importing_only_to_who_may(
    signed_in, informatiemakelaar, partner_user
):
    assert "Importeren" in signed_in(informatiemakelaar).get("/").content.decode()
    assert "Importeren" not in signed_in(partner_user).get("/").content.decode()


def test_each_kind_names_who_may_import_it_within_the_import_roles(
    procesregisseur, informatiemakelaar, partner_user
):
    for importer in importers():
        assert importer.roles, importer.kind
        assert set(importer.roles) <= set(rules.IMPORT_ROLES), importer.kind
    # Detentiemeldingen are nazorg's and police incidents are procesregie's: ZSM is shared.
    assert [kind for kind, _label in kind_choices(procesregisseur)] == [
        "detentiemeldingen",
        "incidenten",
        "zsm",
    ]
    assert [kind for kind, _label in kind_choices(informatiemakelaar)] == ["zsm"]
    assert kind_choices(partner_user) == []
