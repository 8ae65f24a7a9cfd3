"""Who may use the rights pages: the region's privacy officer, and a partner its own task."""

import pytest
from django.urls import reverse

from schakel.rights import services

pytestmark = pytest.mark.django_db


def officer_urls(rights_request, person):
    pk = rights_request.pk
    return [
        reverse("rights:detail", args=[pk]),
        reverse("rights:link", args=[pk]),
        reverse("rights:tasks", args=[pk]),
        reverse("rights:extend", args=[pk]),
        reverse("rights:close", args=[pk]),
        reverse("rights:inzage", args=[pk, person.pk]),
        reverse("rights:inzage_pdf", args=[pk, person.pk]),
    ]


@pytest.mark.parametrize("role", ["procesregisseur", "manager", "beheerder", "partner_user"])
def test_other_roles_get_403_on_every_officer_page(
    request, role, linked_request, fenna_world, signed_in
):
    client = signed_in(request.getfixturevalue(role))
    for url in [
        reverse("rights:list"),
        reverse("rights:create"),
        *officer_urls(linked_request, fenna_world.fenna),
    ]:
        assert client.get(url).status_code == 403, url


def test_bestuurder_gets_403(linked_request, zvh, signed_in):
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    client = signed_in(UserFactory(organisation=zvh, roles=[Role.BESTUURDER]))
    assert client.get(reverse("rights:detail", args=[linked_request.pk])).status_code == 403


def test_officer_of_another_region_gets_404_as_for_a_request_that_does_not_exist(
    linked_request, fenna_world, other_region_officer, signed_in
):
    client = signed_in(other_region_officer)
    for url in officer_urls(linked_request, fenna_world.fenna):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("rights:detail", args=[linked_request.pk + 1000])).status_code == 404
    # The list is there, but empty for them.
    assert linked_request.reference not in client.get(reverse("rights:list")).content.decode()


def test_inzage_of_a_person_not_linked_is_404(
    linked_request, fenna_world, privacy_officer, signed_in
):
    client = signed_in(privacy_officer)
    url = reverse("rights:inzage", args=[linked_request.pk, fenna_world.partner.pk])
    assert client.get(url).status_code == 404


def test_a_partner_sees_only_its_own_organisations_task(
    tasks, politie, housing, partner_user, housing_user, signed_in
):
    police_task, housing_task = tasks[politie.name], tasks[housing.name]
    client = signed_in(partner_user)
    assert client.get(reverse("rights:task_detail", args=[police_task.pk])).status_code == 200
    assert client.get(reverse("rights:task_detail", args=[housing_task.pk])).status_code == 404
    listing = client.get(reverse("rights:task_list")).content.decode()
    assert police_task.request.reference in listing
    housing_listing = signed_in(housing_user).get(reverse("rights:task_list")).content.decode()
    assert reverse("rights:task_detail", args=[police_task.pk]) not in housing_listing


def test_another_organisation_cannot_answer_by_post(tasks, politie, housing_user, signed_in):
    task = tasks[politie.name]
    response = signed_in(housing_user).post(
        reverse("rights:task_detail", args=[task.pk]), {"answer": "Niets", "version": task.version}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.is_open


def test_an_outsider_organisation_without_a_task_sees_an_empty_list(tasks, outsider, signed_in):
    response = signed_in(outsider).get(reverse("rights:task_list"))
    assert response.status_code == 200
    assert "Er zijn geen privacyverzoeken voor uw organisatie." in response.content.decode()


@pytest.mark.parametrize("role", ["procesregisseur", "informatiemakelaar", "manager"])
def test_roles_without_partner_tasks_get_403_on_the_task_pages(
    request, role, tasks, politie, signed_in
):
    client = signed_in(request.getfixturevalue(role))
    assert client.get(reverse("rights:task_list")).status_code == 403
    assert (
        client.get(reverse("rights:task_detail", args=[tasks[politie.name].pk])).status_code == 403
    )


def test_the_privacy_officer_does_not_answer_a_partners_task(tasks, politie, privacy_officer):
    from django.core.exceptions import PermissionDenied

    task = tasks[politie.name]
    with pytest.raises(PermissionDenied):
        services.answer_task(
            actor=privacy_officer, task=task, answer="x", expected_version=task.version
        )
