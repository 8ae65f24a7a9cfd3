"""Background work of Volhouden, run by `manage.py db_worker` (django-tasks), never a page."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from schakel.followup import signals
from schakel.followup.models import Action, ActionStatus


def overdue_unreminded_actions():
    return Action.objects.filter(
        status=ActionStatus.OPEN, due_on__lt=timezone.localdate(), reminded_at__isnull=True
    )


def _remind(action: Action) -> bool:
    """Send one action's reminder, once: the row lock and reminded_at make it idempotent.
    The message and its e-mail go the way every message goes (schakel.notifications)."""
    with transaction.atomic():
        locked = (
            Action.objects.select_for_update()
            .filter(pk=action.pk, status=ActionStatus.OPEN, reminded_at__isnull=True)
            .first()
        )
        if locked is None:
            return False
        signals.action_overdue.send(sender=Action, action=action)
        locked.reminded_at = timezone.now()
        locked.save(update_fields=["reminded_at"])
    return True


@task()
def send_action_reminders() -> int:
    """Remind owner and procesregie of every open action past its due date, once each.

    Returns how many actions got their reminder now.

    Safe to run twice and in several workers at once: each action is locked and marked
    reminded in the transaction that makes its message; the e-mail goes from the outbox
    after the commit (schakel.notifications.outbox).
    """
    actions = overdue_unreminded_actions().select_related(
        "case", "case__table", "case__procesregisseur", "owner_user"
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for action in actions.iterator():
            if _remind(action):
                sent += 1
    return sent
