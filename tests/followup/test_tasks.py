"""The reminder task, run by the real database worker (`manage.py db_worker`)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from schakel.accounts.roles import Role
from schakel.followup.models import ActionStatus
from schakel.followup.tasks import send_action_reminders
from schakel.notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import make_action

# The worker checks its connection between tasks and drops one that is inside a
# transaction, as a test transaction would be: run these tests in autocommit, like the
# real worker.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@override_settings(SCHAKEL_BASE_URL="https://schakel.example.nl")
def test_worker_reminds_owner_and_procesregisseur_once(procesregisseur, partner_user, table_case):
    action = make_action(
        table_case, partner_user.organisation, procesregisseur, owner_user=partner_user
    )
    colleague = UserFactory(organisation=partner_user.organisation, roles=[Role.KETENPARTNER])
    send_action_reminders.enqueue()
    run_worker()

    topic = f"actie-{action.pk}-te-laat"
    notified = set(Notification.objects.filter(topic=topic).values_list("user_id", flat=True))
    # A named owner: only that person of the organisation, plus procesregie.
    assert notified == {partner_user.pk, procesregisseur.pk}
    assert colleague.pk not in notified
    note = Notification.objects.get(user=partner_user, topic=topic)
    assert table_case.reference in note.text
    assert "actie is over de uiterlijke datum" in note.text
    assert note.link == f"/casussen/{table_case.pk}/"

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [partner_user.email, procesregisseur.email]
    )
    message = mail.outbox[0]
    assert message.subject == f"Schakel: actie over datum ({table_case.reference})"
    assert f"https://schakel.example.nl/casussen/{table_case.pk}/" in message.body
    main_person = table_case.case_persons.get().person
    assert main_person.last_name not in message.body
    assert action.description not in message.body

    action.refresh_from_db()
    assert action.reminded_at is not None
    # The reminder task, and the task that mails the messages it made.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    # Idempotent: a second run sends nothing new.
    send_action_reminders.enqueue()
    run_worker()
    assert Notification.objects.filter(topic=topic).count() == 2
    assert len(mail.outbox) == 2


def test_without_owner_person_all_active_users_of_the_organisation_are_reminded(
    procesregisseur, partner_user, table_case
):
    action = make_action(table_case, partner_user.organisation, procesregisseur)
    colleague = UserFactory(organisation=partner_user.organisation, roles=[Role.KETENPARTNER])
    gone = UserFactory(
        organisation=partner_user.organisation, roles=[Role.KETENPARTNER], is_active=False
    )
    send_action_reminders.enqueue()
    run_worker()
    notified = set(
        Notification.objects.filter(topic=f"actie-{action.pk}-te-laat").values_list(
            "user_id", flat=True
        )
    )
    assert notified == {partner_user.pk, colleague.pk, procesregisseur.pk}
    assert gone.pk not in notified
    assert len(mail.outbox) == 3


def test_actions_on_time_done_or_reminded_get_no_reminder(
    procesregisseur, partner_user, table_case
):
    today = timezone.localdate()
    make_action(table_case, partner_user.organisation, procesregisseur, due_on=today)
    make_action(
        table_case,
        partner_user.organisation,
        procesregisseur,
        due_on=today - datetime.timedelta(days=3),
        status=ActionStatus.DONE,
    )
    make_action(
        table_case,
        partner_user.organisation,
        procesregisseur,
        due_on=today - datetime.timedelta(days=3),
        reminded_at=timezone.now(),
    )
    send_action_reminders.enqueue()
    run_worker()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_command_enqueues_the_task_for_the_worker(procesregisseur, partner_user, table_case):
    make_action(table_case, partner_user.organisation, procesregisseur)
    call_command("herinneringen_versturen", verbosity=0)
    task = DBTaskResult.objects.get()
    assert task.task_path == "schakel.followup.tasks.send_action_reminders"
    # The command only enqueues: nothing is sent until the worker runs.
    assert not Notification.objects.exists()
    run_worker()
    assert Notification.objects.count() == 2


def test_reminder_scheduled_at_creation_waits_until_the_morning_after(
    procesregisseur, partner_user, table_case
):
    from schakel.followup.services import create_action

    create_action(
        actor=procesregisseur,
        case=table_case,
        description="Huisbezoek",
        owner_organisation=partner_user.organisation,
        owner_user=None,
        due_on=timezone.localdate(),
    )
    run_worker()
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert task.run_after > timezone.now()
    assert not Notification.objects.exists()


def test_reminders_reach_only_people_who_may_open_the_case(
    procesregisseur, partner_user, table_case
):
    """Defect 4: reminders went to every user of the owner's organisation, a bestuurder or
    a beheerder of that organisation included, who may not open the case."""
    action = make_action(table_case, partner_user.organisation, procesregisseur)
    organisation = partner_user.organisation
    no_case_roles = [
        UserFactory(organisation=organisation, roles=[role])
        for role in (Role.BESTUURDER, Role.MANAGER, Role.BEHEERDER, Role.PRIVACY_OFFICER)
    ]
    send_action_reminders.enqueue()
    run_worker()
    notified = set(
        Notification.objects.filter(topic=f"actie-{action.pk}-te-laat").values_list(
            "user_id", flat=True
        )
    )
    assert partner_user.pk in notified and procesregisseur.pk in notified
    assert not notified & {user.pk for user in no_case_roles}
    assert not {message.to[0] for message in mail.outbox} & {u.email for u in no_case_roles}
