"""What the access log holds after every read and write of a rights request."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db


def rows_after(user, fn):
    before = set(AccessLogEntry.objects.filter(user=user).values_list("pk", flat=True))
    fn()
    return list(AccessLogEntry.objects.filter(user=user).exclude(pk__in=before))


@pytest.mark.parametrize("name", ["detail", "link", "tasks", "extend", "close"])
def test_every_officer_page_logs_its_read_on_the_linked_person(
    name, linked_request, fenna_world, privacy_officer, signed_in
):
    client = signed_in(privacy_officer)
    rows = rows_after(
        privacy_officer,
        lambda: client.get(reverse(f"rights:{name}", args=[linked_request.pk])),
    )
    assert rows
    assert any(row.person_id == fenna_world.fenna.pk for row in rows)
    assert all(row.purpose == f"inzageverzoek {linked_request.reference}" for row in rows)


def test_the_list_logs_the_persons_it_shows(
    linked_request, fenna_world, privacy_officer, signed_in
):
    client = signed_in(privacy_officer)
    rows = rows_after(privacy_officer, lambda: client.get(reverse("rights:list")))
    assert [row.person_id for row in rows] == [fenna_world.fenna.pk]
    assert linked_request.reference in rows[0].detail


def test_the_inzage_view_and_pdf_are_logged_as_read_and_export(
    linked_request, fenna_world, privacy_officer, signed_in
):
    client = signed_in(privacy_officer)
    args = [linked_request.pk, fenna_world.fenna.pk]
    (read,) = rows_after(privacy_officer, lambda: client.get(reverse("rights:inzage", args=args)))
    assert (read.action, read.person_id) == (AccessAction.READ, fenna_world.fenna.pk)
    assert read.purpose == f"inzageverzoek {linked_request.reference}"
    (export,) = rows_after(
        privacy_officer, lambda: client.get(reverse("rights:inzage_pdf", args=args))
    )
    assert (export.action, export.person_id) == (AccessAction.EXPORT, fenna_world.fenna.pk)
    assert export.purpose == f"inzageverzoek {linked_request.reference}"


def test_the_partners_reads_and_answer_are_logged(
    tasks, politie, partner_user, fenna_world, signed_in
):
    task = tasks[politie.name]
    client = signed_in(partner_user)
    url = reverse("rights:task_detail", args=[task.pk])
    (read,) = rows_after(partner_user, lambda: client.get(url))
    assert (read.action, read.person_id, read.object_type) == (
        AccessAction.READ,
        fenna_world.fenna.pk,
        "RightsTask",
    )
    rows = rows_after(
        partner_user, lambda: client.post(url, {"answer": "Eén melding.", "version": task.version})
    )
    assert any(row.action == AccessAction.CHANGE for row in rows)


def test_every_write_is_logged(rights_request, fenna_world, privacy_officer, signed_in):
    client = signed_in(privacy_officer)
    rows = rows_after(
        privacy_officer,
        lambda: client.post(
            reverse("rights:link", args=[rights_request.pk]), {"person": fenna_world.fenna.pk}
        ),
    )
    assert [(r.action, r.person_id) for r in rows] == [(AccessAction.CHANGE, fenna_world.fenna.pk)]
    rows = rows_after(
        privacy_officer, lambda: client.post(reverse("rights:tasks", args=[rights_request.pk]))
    )
    assert rows and rows[0].action == AccessAction.CHANGE
