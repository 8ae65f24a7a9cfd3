"""Background work of Volhouden, run by `manage.py db_worker` (django-tasks), never a page."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from schakel.access.policy import case_readers
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.followup.models import Action, ActionStatus
from schakel.notifications.services import notify


def overdue_unreminded_actions():
    return Action.objects.filter(
        status=ActionStatus.OPEN, due_on__lt=timezone.localdate(), reminded_at__isnull=True
    )


def reminder_recipients(action: Action) -> list[User]:
    """Who may open the case among: the owner (or, without a named owner, the owner
    organisation's people) and the procesregisseurs of the case. Nobody else hears of it."""
    readers = case_readers(action.case)
    if action.owner_user_id is not None:
        owners = readers.filter(pk=action.owner_user_id)
    else:
        owners = readers.filter(organisation_id=action.owner_organisation_id)
    directors = readers.filter(role_assignments__role=Role.PROCESREGISSEUR)
    if action.case.table_id is not None:
        directors = directors.filter(directed_tables=action.case.table_id)
    else:
        directors = directors.filter(pk=action.case.procesregisseur_id)
    unique = {user.pk: user for user in [*owners, *directors]}
    return list(unique.values())


def _remind(action: Action, connection) -> bool:
    """Send one action's reminder, once: the row lock and reminded_at make it idempotent."""
    with transaction.atomic():
        locked = (
            Action.objects.select_for_update()
            .filter(pk=action.pk, status=ActionStatus.OPEN, reminded_at__isnull=True)
            .first()
        )
        if locked is None:
            return False
        reference = action.case.reference
        due = formats.date_format(action.due_on, "j F Y")
        link = reverse("cases:detail", args=[action.case_id])
        recipients = reminder_recipients(action)
        # A case reference and a date only: reminders travel outside Schakel.
        text = _("Casus %(reference)s: actie is over de uiterlijke datum (uiterlijk %(due)s).") % {
            "reference": reference,
            "due": due,
        }
        notify(
            users=recipients,
            text=text,
            link=link,
            topic=f"actie-{action.pk}-te-laat",
            case=action.case,
        )
        subject = _("Schakel: actie over datum (%(reference)s)") % {"reference": reference}
        body = _(
            "Goedendag,\n\n"
            "Een actie in casus %(reference)s is over de uiterlijke datum (uiterlijk %(due)s) "
            "en nog niet gereed gemeld.\n\n"
            "Bekijk de actie in Schakel: %(url)s\n\n"
            "Dit bericht is automatisch verstuurd; het bevat bewust geen inhoud van de casus."
        ) % {
            "reference": reference,
            "due": due,
            "url": settings.SCHAKEL_BASE_URL.rstrip("/") + link,
        }
        # One message per recipient, so no one learns who else works on the case.
        connection.send_messages(
            [
                EmailMessage(subject=subject, body=body, to=[user.email], connection=connection)
                for user in recipients
                if user.email
            ]
        )
        locked.reminded_at = timezone.now()
        locked.save(update_fields=["reminded_at"])
    return True


@task()
def send_action_reminders() -> int:
    """Remind owner and procesregie of every open action past its due date, once each.

    Returns how many actions got their reminder now.
    """
    actions = overdue_unreminded_actions().select_related(
        "case", "case__table", "case__procesregisseur", "owner_user"
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for action in actions.iterator():
            if _remind(action, connection):
                sent += 1
    return sent
