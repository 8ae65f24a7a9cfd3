from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from schakel.accounts.models import SecurityEventKind
from schakel.accounts.services import record_security_event


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    record_security_event(
        kind=SecurityEventKind.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record_security_event(kind=SecurityEventKind.LOCKOUT, username=str(username or "")[:150])
