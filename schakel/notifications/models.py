from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class NotificationKind(models.TextChoices):
    """What a message is about. A user chooses per kind how the e-mail reaches them; the
    label also is the e-mail subject, so it names no person and no case content."""

    INFORMATIEVERZOEK = "informatieverzoek", _("informatieverzoek ontvangen")
    VERZOEK_BEANTWOORD = "verzoek_beantwoord", _("informatieverzoek beantwoord")
    TRIAGE = "triage", _("besluit over uw melding")
    UITNODIGING = "uitnodiging", _("uitnodiging voor een casusoverleg")
    PLAN = "plan", _("plan van aanpak vastgesteld")
    REGIE = "regie", _("regie bij uw organisatie")
    OPSCHALING = "opschaling", _("opschaling")
    EVALUATIE = "evaluatie", _("evaluatie van het plan van aanpak")
    ACTIE = "actie", _("actie over datum")
    OVERIG = "overig", _("overig bericht")


class Delivery(models.TextChoices):
    DIRECT = "direct", _("Direct per e-mail")
    DAGELIJKS = "dagelijks", _("Dagelijks overzicht")


class Notification(models.Model):
    """A message in the app for one user. Holds a case reference, never personal details."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("bericht"), max_length=300)
    link = models.CharField(max_length=300, blank=True)
    # The case it is about: only readers of the case get it, and it shows nothing once the
    # recipient can no longer open the case. Empty for a message to someone who must act
    # without reading the case (a request, an escalation, an invitation): it then names the
    # case by reference only and links to the object they may open.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # What caused it, so the same reminder is never sent twice.
    topic = models.CharField(max_length=100, blank=True)
    kind = models.CharField(
        _("soort"), max_length=30, choices=NotificationKind.choices, default=NotificationKind.OVERIG
    )
    # The case reference for the e-mail subject and the daily overview (empty: none).
    reference = models.CharField(max_length=30, blank=True)
    # How the e-mail goes, as the user had chosen when the message was made.
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.DIRECT)
    # When the e-mail for this message was dealt with (sent, or left out because the user
    # has no address or may no longer open the case): never twice.
    mailed_at = models.DateTimeField(null=True, blank=True)
    # An earlier text of this message was read or mailed before it was replaced (see
    # notify(replace=True)): a withdrawn invitation is then told, not silently removed.
    was_delivered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding in de app")
        verbose_name_plural = _("meldingen in de app")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["delivery", "mailed_at"], name="notification_mail_pending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=~models.Q(topic=""),
                name="notification_topic_once",
            )
        ]


class NotificationSettings(Versioned):
    """The version of a user's choices, so two open settings pages never overwrite each
    other unseen (schakel.core.concurrency)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )

    class Meta:
        verbose_name = _("berichtinstellingen")
        verbose_name_plural = _("berichtinstellingen")


class NotificationPreference(models.Model):
    """How one user gets the e-mail of one kind of message. Without a row: direct."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.DIRECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]


class DailyDigest(models.Model):
    """One daily overview sent to one user: there is never a second one for the same day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="daily_digest_once")]


class OutboundStatus(models.TextChoices):
    PENDING = "wachtend", _("wacht op verzending")
    SENDING = "bezig", _("wordt verzonden")
    SENT = "verzonden", _("verzonden")
    FAILED = "mislukt", _("mislukt")


class OutboundEmail(models.Model):
    """One e-mail that goes, or went, out: the outbox (schakel.notifications.outbox).

    The row is written in the same transaction that marks its message as mailed, and sent
    only after that commits, so a rolled-back write sends nothing and a committed one is
    never forgotten. There is one row per recipient and event (the unique constraint),
    whatever number of workers or runs try: the e-mail goes out once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What the e-mail is about, e.g. "bericht-12-<text hash>" or "overzicht-2026-11-30".
    event = models.CharField(max_length=100)
    to_address = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # The same Message-ID on every attempt, so that a second delivery after a crash (see
    # the outbox module) is recognisable as the same e-mail to mail servers and readers.
    message_id = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="outbound_email_once")
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="outbound_email_due")]
