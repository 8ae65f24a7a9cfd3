"""Writes of the messages: send (once per topic), mark read, the e-mail choices, and the
e-mails themselves (direct, or in one daily overview).

What a message says and who gets it is decided per event in schakel.notifications.events;
this module only delivers. Every message shows in the app; its e-mail goes the way the
recipient chose for that kind of message (Delivery), one e-mail per recipient.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.policy import case_readers
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

    from schakel.accounts.models import User
    from schakel.cases.models import Case

TEXT_MAX_LENGTH = max_length(Notification, "text")
# What a conflict message on the settings page says was changed by someone else.
SETTINGS = gettext_lazy("uw berichtinstellingen")


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's choice for this kind of message; without a choice: direct."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, Delivery.DIRECT) for pk in user_ids}


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    text: str,
    link: str = "",
    topic: str = "",
    case: Case | None = None,
    kind: str = NotificationKind.OVERIG,
    reference: str = "",
    replace: bool = False,
) -> int:
    """Give each user the message; a user who already has this topic gets no second one.

    The text names a case by its reference only, never a person: it shows in lists and
    travels by e-mail. A message about a case goes only to users who may open that case
    (the access policy). With `replace`, a user who has the topic keeps that one message,
    now with this text, unread again, and mailed again if the text changed (one message
    per meeting, however many items the organisation is invited for).
    Returns how many users got a new or changed message.
    """
    recipients = {user.pk: user for user in users if user.is_active}
    if case is not None and recipients:
        readers = set(case_readers(case).filter(pk__in=recipients).values_list("pk", flat=True))
        recipients = {pk: user for pk, user in recipients.items() if pk in readers}
    if not recipients:
        return 0
    text = text[:TEXT_MAX_LENGTH]
    chosen = deliveries(recipients, kind)
    existing = (
        {n.user_id: n for n in Notification.objects.filter(user_id__in=recipients, topic=topic)}
        if topic
        else {}
    )
    new = [
        Notification(
            user_id=pk,
            text=text,
            link=link,
            topic=topic,
            case=case,
            kind=kind,
            reference=reference,
            delivery=chosen[pk],
        )
        for pk in recipients
        if pk not in existing
    ]
    # ignore_conflicts: a concurrent sender of the same topic loses quietly (unique index).
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    changed = []
    if replace:
        for notification in existing.values():
            if notification.text == text and notification.link == link:
                continue
            notification.was_delivered = (
                notification.was_delivered
                or notification.read_at is not None
                or notification.mailed_at is not None
            )
            notification.text, notification.link, notification.read_at = text, link, None
            notification.delivery, notification.mailed_at = chosen[notification.user_id], None
            changed.append(notification)
        Notification.objects.bulk_update(
            changed, ["text", "link", "read_at", "delivery", "mailed_at", "was_delivered"]
        )
    if any(n.delivery == Delivery.DIRECT for n in [*new, *changed]):
        # Deferred import: the tasks import this module. The task row is written in this
        # transaction, so a write that is rolled back sends no e-mail.
        from schakel.notifications.tasks import send_direct_emails

        send_direct_emails.enqueue()
    return len(new) + len(changed)


def mark_read(*, user: User, notification_pk: int) -> bool:
    """Mark one of the user's own messages read; False when it is not theirs or not there."""
    own = Notification.objects.filter(pk=notification_pk, user_id=user.pk)
    if not own.exists():
        return False
    own.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- E-mail choices ------------------------------------------------------------------


def settings_of(user: User) -> NotificationSettings:
    settings_row, _created = NotificationSettings.objects.get_or_create(user=user)
    return settings_row


@transaction.atomic
def save_preferences(
    *, user: User, choices: Mapping[str, str], expected_version: int | None
) -> None:
    """The user's own choice per kind of message: direct e-mail or the daily overview."""
    unknown = [kind for kind in choices if kind not in NotificationKind.values]
    wrong = [value for value in choices.values() if value not in Delivery.values]
    if unknown or wrong:
        raise ValidationError(_("Kies voor elke soort bericht direct of dagelijks overzicht."))
    claim_version(settings_of(user), expected=expected_version, actor=user, what=SETTINGS)
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


# --- The e-mails ---------------------------------------------------------------------


def absolute(link: str) -> str:
    return settings.SCHAKEL_BASE_URL.rstrip("/") + link if link else ""


def subject_for(notification: Notification) -> str:
    label = NotificationKind(notification.kind).label
    if notification.reference:
        return _("Schakel: %(label)s (%(reference)s)") % {
            "label": label,
            "reference": notification.reference,
        }
    return _("Schakel: %(label)s") % {"label": label}


def direct_email(notification: Notification, connection: BaseEmailBackend) -> EmailMessage:
    """Only the message's own sentence (a case reference, never a name) and its link."""
    body = _(
        "Goedendag,\n\n"
        "%(text)s\n\n"
        "Bekijk het in Schakel: %(url)s\n\n"
        "Dit bericht is automatisch verstuurd; het bevat bewust geen namen en geen inhoud "
        "van de casus. Hoe u berichten per e-mail ontvangt, kiest u in Schakel: %(settings)s"
    ) % {
        "text": notification.text,
        "url": absolute(notification.link or reverse("notifications:list")),
        "settings": absolute(reverse("notifications:preferences")),
    }
    return EmailMessage(
        subject=subject_for(notification),
        body=body,
        to=[notification.user.email],
        connection=connection,
    )


def digest_email(
    user: User, notifications: list[Notification], day: datetime.date, connection: BaseEmailBackend
) -> EmailMessage:
    """One overview: per message its reference, its sentence and its link."""
    lines = []
    for notification in notifications:
        lines.append(f"- {notification.text}")
        lines.append(f"  {absolute(notification.link or reverse('notifications:list'))}")
    body = _(
        "Goedendag,\n\n"
        "Uw berichten in Schakel sinds het vorige overzicht:\n\n"
        "%(lines)s\n\n"
        "Dit overzicht is automatisch verstuurd; het bevat bewust geen namen en geen inhoud "
        "van casussen. Hoe u berichten per e-mail ontvangt, kiest u in Schakel: %(settings)s"
    ) % {"lines": "\n".join(lines), "settings": absolute(reverse("notifications:preferences"))}
    subject = _("Schakel: dagelijks overzicht van %(day)s (%(count)d berichten)") % {
        "day": day.strftime("%d-%m-%Y"),
        "count": len(notifications),
    }
    return EmailMessage(subject=subject, body=body, to=[user.email], connection=connection)


def remove_messages_about(*, cases: Iterable[Case], dry_run: bool = False) -> int:
    """Retention: the messages about these cases go with them, also those that name a case
    by its reference only (sent to someone who may not open it). Returns how many."""
    cases = list(cases)
    about = Notification.objects.filter(
        Q(case__in=[case.pk for case in cases])
        | Q(case__isnull=True, reference__in=[case.reference for case in cases])
    )
    if dry_run:
        return about.count()
    removed, _per_model = about.delete()
    return removed
