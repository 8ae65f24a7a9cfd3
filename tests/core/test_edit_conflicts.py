"""No lost updates: every edit form of the project, with two real signed-in users.

Both open the form, the first saves, then the second saves what it typed on the page it
opened before that. The second gets the Dutch conflict message naming who changed it,
with its own text and the stored text side by side; the first save is kept. After a
fresh reload the second user's save goes through.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.closure.models import DeEscalation
from schakel.followup.models import Action, ActionStatus, Escalation
from schakel.meetings.models import AgendaItem, Meeting, MeetingStatus
from schakel.organisations.models import Municipality, Organisation
from schakel.plans.models import Goal, Intervention, Plan
from schakel.tables.models import Table
from tests.factories import UserFactory
from tests.helpers import sign_in

FIRST_TEXT = "Tekst van de eerste collega"
SECOND_TEXT = "Tekst van de tweede collega"
CONFLICT = "intussen gewijzigd"


@pytest.fixture
def colleagues(world, zvh, table):
    """Two users of the same role for each kind of edit: the first is Anouk."""
    director = UserFactory(
        organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Anouk", last_name="Visser"
    )
    table.procesregisseurs.add(director)
    beheerder = UserFactory(
        organisation=zvh, roles=[Role.BEHEERDER], first_name="Anouk", last_name="Bakker"
    )
    return {
        "procesregisseur": (director, world.users["procesregisseur"]),
        "beheerder": (beheerder, world.users["beheerder"]),
    }


@dataclass
class Edit:
    role: str
    url: Callable  # World -> url posted to
    page: Callable  # World -> url of the page with the form
    data: Callable  # (World, text) -> POST data without the version
    stored: Callable  # World -> the stored text
    version_name: str = "version"


def _day():
    return (timezone.localdate() + datetime.timedelta(days=10)).isoformat()


EDITS = {
    "overleg verplaatsen": Edit(
        "procesregisseur",
        url=lambda w: reverse("meetings:move", args=[w.meeting.pk]),
        page=lambda w: reverse("meetings:move", args=[w.meeting.pk]),
        data=lambda w, text: {
            "date": _day(),
            "start_time": "09:00",
            "end_time": "12:00",
            "location": text,
        },
        stored=lambda w: Meeting.objects.get(pk=w.meeting.pk).location,
    ),
    "verslag agendapunt": Edit(
        "procesregisseur",
        url=lambda w: reverse("meetings:minutes", args=[w.meeting.pk, w.item.pk]),
        page=lambda w: reverse("meetings:item", args=[w.meeting.pk, w.item.pk]),
        data=lambda w, text: {
            "beeldvorming": text,
            "oordeelvorming": "Zorgen over de woonsituatie",
            "besluitvorming": "",
        },
        stored=lambda w: AgendaItem.objects.get(pk=w.item.pk).beeldvorming,
    ),
    "afschaalchecklist (concept)": Edit(
        "procesregisseur",
        url=lambda w: reverse("closure:de_escalate", args=[w.case.pk]),
        page=lambda w: reverse("closure:de_escalate", args=[w.case.pk]),
        data=lambda w, text: {"risks_note": text, "actie": "concept"},
        stored=lambda w: DeEscalation.objects.get(case=w.case).risks_note,
    ),
    "regietafel": Edit(
        "procesregisseur",
        url=lambda w: reverse("meetings:table_edit", args=[w.table.pk]),
        page=lambda w: reverse("meetings:table_edit", args=[w.table.pk]),
        data=lambda w, text: {
            "frequency": "wekelijks",
            "weekday": "0",
            "day_part": "ochtend",
            "schedule_anchor": "",
            "location": text,
            "information_window_hours": "48",
            "fixed_participants": [str(w.politie.pk)],
        },
        stored=lambda w: Table.objects.get(pk=w.table.pk).location,
    ),
    "partnerorganisatie": Edit(
        "beheerder",
        url=lambda w: reverse("organisations:organisation_edit", args=[w.ggz.pk]),
        page=lambda w: reverse("organisations:organisation_edit", args=[w.ggz.pk]),
        data=lambda w, text: {
            "name": w.ggz.name,
            "domain": "zorg",
            "kind": text,
            "convenant_signed_on": "2024-01-15",
            "email": "",
            "phone": "",
            "is_active": "on",
        },
        stored=lambda w: Organisation.objects.get(pk=w.ggz.pk).kind,
    ),
    "gemeente": Edit(
        "beheerder",
        url=lambda w: reverse("organisations:municipality_edit", args=[w.municipality.pk]),
        page=lambda w: reverse("organisations:municipality_edit", args=[w.municipality.pk]),
        data=lambda w, text: {"cbs_code": w.municipality.cbs_code, "name": text},
        stored=lambda w: Municipality.objects.get(pk=w.municipality.pk).name,
    ),
    "plan: algemeen deel": Edit(
        "procesregisseur",
        url=lambda w: reverse("plans:edit_general", args=[w.case.pk]),
        page=lambda w: reverse("plans:edit_general", args=[w.case.pk]),
        data=lambda w, text: {"main_goal": text},
        stored=lambda w: Plan.objects.get(pk=w.plan.pk).main_goal,
        version_name="revision",
    ),
    "plan: subdoel": Edit(
        "procesregisseur",
        url=lambda w: reverse("plans:goal_edit", args=[w.case.pk, w.goal.pk]),
        page=lambda w: reverse("plans:goal_edit", args=[w.case.pk, w.goal.pk]),
        data=lambda w, text: {"description": text, "measure": ""},
        stored=lambda w: Goal.objects.get(pk=w.goal.pk).description,
        version_name="revision",
    ),
    "plan: interventie": Edit(
        "procesregisseur",
        url=lambda w: reverse("plans:intervention_edit", args=[w.case.pk, w.intervention.pk]),
        page=lambda w: reverse("plans:intervention_edit", args=[w.case.pk, w.intervention.pk]),
        data=lambda w, text: {
            "line": "zorg",
            "kader": "vrijwillig",
            "description": text,
            "organisation": str(w.ggz.pk),
            "responsible_name": "",
            "goal": "",
            "starts_on": "",
            "ends_on": "",
            "status": "gepland",
        },
        stored=lambda w: Intervention.objects.get(pk=w.intervention.pk).description,
        version_name="revision",
    ),
}


def opened_version(client: Client, url: str, name: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(rf'name="{name}" value="(\d+)"', page.content.decode())
    assert found, f"no hidden {name} on {url}"
    return found[1]


@pytest.fixture
def edit_clients(colleagues):
    def _clients(role: str) -> tuple[Client, Client]:
        first_user, second_user = colleagues[role]
        return sign_in(Client(), first_user), sign_in(Client(), second_user)

    return _clients


@pytest.fixture
def signed_convenant(world):
    # The GGZ holds an intervention, so it has signed the convenant.
    Organisation.objects.filter(pk=world.ggz.pk).update(
        convenant_signed_on=datetime.date(2024, 1, 15)
    )


@pytest.mark.parametrize("name", sorted(EDITS))
def test_second_save_on_an_old_form_is_a_conflict_and_the_first_is_kept(
    world, edit_clients, signed_convenant, name
):
    edit = EDITS[name]
    first, second = edit_clients(edit.role)
    page, url = edit.page(world), edit.url(world)
    first_version = opened_version(first, page, edit.version_name)
    second_version = opened_version(second, page, edit.version_name)
    assert first_version == second_version

    saved = first.post(url, {**edit.data(world, FIRST_TEXT), edit.version_name: first_version})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert edit.stored(world) == FIRST_TEXT

    response = second.post(
        url, {**edit.data(world, SECOND_TEXT), edit.version_name: second_version}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body
    assert "Anouk" in body  # who changed it
    assert "Uw versie" in body and "De huidige versie" in body
    assert SECOND_TEXT in body  # what the second user typed is still there
    assert FIRST_TEXT in body  # beside what is stored now
    assert edit.stored(world) == FIRST_TEXT  # not overwritten

    # After a fresh reload the second user's save goes through.
    fresh = opened_version(second, page, edit.version_name)
    assert fresh != second_version
    saved = second.post(url, {**edit.data(world, SECOND_TEXT), edit.version_name: fresh})
    assert saved.status_code == 302
    assert edit.stored(world) == SECOND_TEXT


def test_the_conflict_page_itself_saves_after_comparing(world, edit_clients):
    """The page that reports the conflict carries the stored version: saving it again is a
    deliberate choice after comparing, and goes through."""
    edit = EDITS["verslag agendapunt"]
    first, second = edit_clients("procesregisseur")
    version = opened_version(second, edit.page(world), "version")
    first.post(edit.url(world), {**edit.data(world, FIRST_TEXT), "version": version})
    conflict = second.post(edit.url(world), {**edit.data(world, SECOND_TEXT), "version": version})
    repaired = re.search(r'name="version" value="(\d+)"', conflict.content.decode())[1]
    assert repaired == str(AgendaItem.objects.get(pk=world.item.pk).version)
    response = second.post(edit.url(world), {**edit.data(world, SECOND_TEXT), "version": repaired})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=world.item.pk).beeldvorming == SECOND_TEXT


def test_a_move_after_a_cancel_is_a_conflict(world, edit_clients):
    first, second = edit_clients("procesregisseur")
    detail = reverse("meetings:detail", args=[world.meeting.pk])
    move = reverse("meetings:move", args=[world.meeting.pk])
    cancel_version = opened_version(first, detail, "version")
    move_version = opened_version(second, move, "version")
    response = first.post(
        reverse("meetings:cancel", args=[world.meeting.pk]), {"version": cancel_version}
    )
    assert response.status_code == 302
    response = second.post(
        move, {**EDITS["overleg verplaatsen"].data(world, SECOND_TEXT), "version": move_version}
    )
    assert CONFLICT in response.content.decode()
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.location != SECOND_TEXT


def test_a_cancel_on_an_old_page_is_a_conflict_with_who_and_when(world, edit_clients):
    first, second = edit_clients("procesregisseur")
    detail = reverse("meetings:detail", args=[world.meeting.pk])
    stale = opened_version(second, detail, "version")
    move_version = opened_version(
        first, reverse("meetings:move", args=[world.meeting.pk]), "version"
    )
    first.post(
        reverse("meetings:move", args=[world.meeting.pk]),
        {**EDITS["overleg verplaatsen"].data(world, FIRST_TEXT), "version": move_version},
    )
    response = second.post(
        reverse("meetings:cancel", args=[world.meeting.pk]), {"version": stale}, follow=True
    )
    body = response.content.decode()
    assert CONFLICT in body and "Anouk" in body
    assert Meeting.objects.get(pk=world.meeting.pk).status == MeetingStatus.PLANNED
    # The reloaded page cancels fine.
    fresh = opened_version(second, detail, "version")
    second.post(reverse("meetings:cancel", args=[world.meeting.pk]), {"version": fresh})
    assert Meeting.objects.get(pk=world.meeting.pk).status == MeetingStatus.CANCELLED


def test_cancelling_an_action_completed_meanwhile_shows_both_texts(world, partner_user):
    owner = sign_in(Client(), partner_user)
    director = sign_in(Client(), world.users["procesregisseur"])
    detail = reverse("followup:action_detail", args=[world.action.pk])
    assert opened_version(owner, detail, "version") == "0"
    assert opened_version(director, detail, "vervallen-version") == "0"
    done = owner.post(
        reverse("followup:action_complete", args=[world.action.pk]),
        {"result": FIRST_TEXT, "version": "0"},
    )
    assert done.status_code == 302
    response = director.post(
        reverse("followup:action_cancel", args=[world.action.pk]),
        {"vervallen-result": SECOND_TEXT, "vervallen-version": "0"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body and SECOND_TEXT in body and FIRST_TEXT in body
    action = Action.objects.get(pk=world.action.pk)
    assert (action.status, action.result) == (ActionStatus.DONE, FIRST_TEXT)
    # A fresh reload shows the action handled: no form to overwrite it with.
    assert "Actie laten vervallen" not in director.get(detail).content.decode()


def test_resolving_an_escalation_twice_keeps_the_first_outcome(world, colleagues):
    first_user, second_user = colleagues["procesregisseur"]
    first, second = sign_in(Client(), first_user), sign_in(Client(), second_user)
    url = reverse("followup:escalation_resolve", args=[world.escalation.pk])
    version = opened_version(first, url, "version")
    assert opened_version(second, url, "version") == version
    today = timezone.localdate().isoformat()
    first.post(url, {"outcome": FIRST_TEXT, "resolved_on": today, "version": version})
    response = second.post(url, {"outcome": SECOND_TEXT, "resolved_on": today, "version": version})
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body and "Anouk" in body and SECOND_TEXT in body and FIRST_TEXT in body
    assert Escalation.objects.get(pk=world.escalation.pk).outcome == FIRST_TEXT
    # A fresh reload: the escalation is resolved, nothing to overwrite.
    assert second.get(url).status_code == 302


def test_a_checklist_nobody_saved_yet_is_still_guarded(world, edit_clients):
    """Both open the empty checklist (version 0); the first save creates it."""
    assert not DeEscalation.objects.filter(case=world.case).exists()
    edit = EDITS["afschaalchecklist (concept)"]
    first, second = edit_clients("procesregisseur")
    assert opened_version(first, edit.page(world), "version") == "0"
    first.post(edit.url(world), {**edit.data(world, FIRST_TEXT), "version": "0"})
    response = second.post(edit.url(world), {**edit.data(world, SECOND_TEXT), "version": "0"})
    assert CONFLICT in response.content.decode()
    assert DeEscalation.objects.get(case=world.case).risks_note == FIRST_TEXT


def test_inviting_on_an_old_page_is_a_conflict_and_the_first_choice_is_kept(
    world, edit_clients, signed_convenant
):
    first, second = edit_clients("procesregisseur")
    page = reverse("meetings:item", args=[world.meeting.pk, world.item.pk])
    url = reverse("meetings:invite", args=[world.meeting.pk, world.item.pk])
    version = opened_version(first, page, "version")
    assert opened_version(second, page, "version") == version

    saved = first.post(url, {"organisations": [world.ggz.pk], "version": version})
    assert saved.status_code == 302
    response = second.post(url, {"organisations": [world.politie.pk], "version": version})
    body = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in body and "Anouk" in body
    assert "Uw versie" in body and "De huidige versie" in body
    assert set(AgendaItem.objects.get(pk=world.item.pk).invited_organisations.all()) == {world.ggz}
