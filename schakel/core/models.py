from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running background worker's sign of life (schakel.core.worker).

    A worker writes its row when it starts and renews it every few seconds from a thread
    of its own. A worker whose row is older than the lease is taken for dead, and the job
    it was running goes back to the queue for another worker.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("achtergrondwerker")
        verbose_name_plural = _("achtergrondwerkers")


class Submission(models.Model):
    """One sent form: its one-time token and the page its write led to.

    A form carries a fresh token (a hidden field, see schakel.core.submissions). The token
    is written in the same transaction as the form's write, so a form sent twice (a retry
    after a dropped connection, a double click) finds the first result instead of writing
    again. The token belongs to the user who sent it: another user's POST with the same
    token is a different submission and learns nothing of the first.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submission_token_once")
        ]
        indexes = [models.Index(fields=["created_at"], name="submission_created")]
