"""The e-mails, sent by the real database worker: direct or in the daily overview, one per
recipient, with a reference and a link only; the overview never twice on one day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from schakel.notifications.models import (
    DailyDigest,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from schakel.notifications.services import notify
from schakel.notifications.tasks import (
    send_daily_digests,
    send_direct_emails,
    send_evaluation_signals,
)
from tests.factories import CaseFactory, UserFactory, add_person
from tests.helpers import assert_no_names_or_content

# The worker drops a connection that is inside a transaction, as a test transaction would
# be: run these tests in autocommit, like the real worker.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("base_url"),
]


@pytest.fixture
def base_url():
    with override_settings(SCHAKEL_BASE_URL="https://schakel.example.nl"):
        yield


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_direct_email_goes_to_each_recipient_alone_with_reference_and_link(ask, case, ggz):
    first = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    second = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    request = ask(case, ggz)
    assert not mail.outbox  # nothing leaves before the worker runs
    run_worker()

    assert sorted(m.to for m in mail.outbox) == sorted([[first.email], [second.email]])
    message = mail.outbox[0]
    assert message.subject == f"Schakel: informatieverzoek ontvangen ({case.reference})"
    assert f"https://schakel.example.nl/informatieverzoeken/{request.pk}/" in message.body
    assert not message.cc and not message.bcc
    assert_no_names_or_content(
        message.body, case, extra=[request.question, request.purpose, ggz.name]
    )
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    # Mailed once: another run of the worker sends nothing new.
    send_direct_emails.enqueue()
    run_worker()
    assert len(mail.outbox) == 2


def test_daily_overview_instead_of_direct_and_never_twice_a_day(ask, case, ggz, politie):
    direct = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    daily = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    NotificationPreference.objects.create(
        user=daily, kind=NotificationKind.INFORMATIEVERZOEK, delivery=Delivery.DAGELIJKS
    )
    ask(case, ggz)
    run_worker()
    # The in-app message is there for both; only the direct one got an e-mail.
    assert Notification.objects.filter(user=daily).count() == 1
    assert [m.to for m in mail.outbox] == [[direct.email]]

    call_command("dagoverzicht_versturen", stdout=StringIO())  # what cron runs
    run_worker()
    assert len(mail.outbox) == 2
    overview = mail.outbox[1]
    assert overview.to == [daily.email]
    assert overview.subject.startswith("Schakel: dagelijks overzicht van ")
    assert case.reference in overview.body
    request_pk = Notification.objects.get(user=daily).link.strip("/").rsplit("/", 1)[-1]
    assert f"https://schakel.example.nl/informatieverzoeken/{request_pk}/" in overview.body
    assert_no_names_or_content(overview.body, case)
    assert DailyDigest.objects.get(user=daily).day == timezone.localdate()

    # Run again the same day, even with a new message: no second overview today; the new
    # message waits for tomorrow's.
    second_case = CaseFactory(
        region=case.region, municipality=case.municipality, title="Tweede melding"
    )
    add_person(second_case)
    ask(second_case, ggz)
    send_daily_digests.enqueue()
    run_worker()
    assert [m.to for m in mail.outbox].count([daily.email]) == 1
    assert DailyDigest.objects.filter(user=daily).count() == 1
    assert Notification.objects.filter(user=daily, mailed_at__isnull=True).count() == 1


def test_daily_overview_leaves_out_a_case_the_user_may_no_longer_open(plan, plan_case, politie):
    partner = UserFactory(organisation=politie, roles=[Role.KETENPARTNER])
    NotificationPreference.objects.create(
        user=partner, kind=NotificationKind.OVERIG, delivery=Delivery.DAGELIJKS
    )
    notify(users=[partner], text=f"Casus {plan_case.reference}: test.", case=plan_case)
    plan_case.participants.update(ended_at=timezone.now())  # the involvement ended
    send_daily_digests.enqueue()
    run_worker()
    assert not mail.outbox
    assert Notification.objects.get(user=partner).mailed_at is not None


def test_evaluation_due_reaches_the_procesregie_once_per_date(
    plan, plan_case, procesregisseur, partner_user
):
    transition_case(
        case=plan_case, to_state=CaseState.IN_UITVOERING, actor=procesregisseur, reason="Plan"
    )
    plan.next_evaluation_on = timezone.localdate()
    plan.save(update_fields=["next_evaluation_on"])

    call_command("evaluaties_signaleren", stdout=StringIO())  # what cron runs
    run_worker()
    topic = f"evaluatie-{plan.pk}-{plan.next_evaluation_on.isoformat()}"
    assert set(Notification.objects.filter(topic=topic).values_list("user_id", flat=True)) == {
        procesregisseur.pk
    }
    assert not Notification.objects.filter(user=partner_user).exists()
    assert [m.to for m in mail.outbox] == [[procesregisseur.email]]
    assert mail.outbox[0].subject == (
        f"Schakel: evaluatie van het plan van aanpak ({plan_case.reference})"
    )

    send_evaluation_signals.enqueue()
    run_worker()
    assert Notification.objects.filter(topic=topic).count() == 1
    assert len(mail.outbox) == 1

    # A new evaluation date is signalled again when it comes.
    plan.next_evaluation_on = timezone.localdate() - datetime.timedelta(days=1)
    plan.save(update_fields=["next_evaluation_on"])
    send_evaluation_signals.enqueue()
    run_worker()
    assert Notification.objects.filter(user=procesregisseur).count() == 2


def test_an_overview_reads_its_recipients_roles_and_tables_once(
    procesregisseur, table, region, municipality
):
    """Each message is checked against the policy, but the recipient is one user object:
    its roles and directed tables are not read again for every message."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schakel.accounts.models import User
    from schakel.notifications.tasks import _send_digest
    from tests.builders import case_at_table

    NotificationPreference.objects.create(
        user=procesregisseur, kind=NotificationKind.OVERIG, delivery=Delivery.DAGELIJKS
    )

    def overview_of(count: int, day: datetime.date) -> int:
        for number in range(count):
            case = CaseFactory(region=region, municipality=municipality, title=f"C{number}")
            add_person(case)
            case_at_table(case, table=table, actor=procesregisseur)
            notify(users=[procesregisseur], text=f"Casus {case.reference}.", case=case)
        recipient = User.objects.get(pk=procesregisseur.pk)
        with CaptureQueriesContext(connection) as queries:
            assert _send_digest(recipient, day, mail.get_connection())
        return len(queries)

    today = timezone.localdate()
    two = overview_of(2, today)
    six = overview_of(6, today + datetime.timedelta(days=1))
    # One policy check per message more; nothing else grows with the messages.
    assert six - two == 4
