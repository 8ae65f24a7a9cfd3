from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message in the app for one user. Holds a case reference, never personal details."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("bericht"), max_length=300)
    link = models.CharField(max_length=300, blank=True)
    # The case it is about: only readers of the case get it, and it shows nothing once the
    # recipient can no longer open the case.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # What caused it, so the same reminder is never sent twice.
    topic = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding in de app")
        verbose_name_plural = _("meldingen in de app")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=~models.Q(topic=""),
                name="notification_topic_once",
            )
        ]
