"""Every form is sent once: a one-time token per form, and the second POST leads to the first
result.

Why: when the connection drops after a write committed (or a user clicks twice), the
browser shows an error and the user sends the form again; without this, a melding would
become a second case. So:

- every POST form carries a fresh token in a hidden field (TOKEN_FIELD). It is added in
  one place: Schakel's ``{% csrf_token %}`` tag writes it beside Django's CSRF field
  (schakel.core.templatetags.submission_tokens, a template builtin), so no form can forget it;
- the write paths claim the token in the write's own transaction (``write_once``, used by
  schakel.core.writes.submit and perform, save_versioned, and the melding): a Submission
  row, unique per user and token. Both commit together or neither does. A second POST
  with the token that arrives while the first is still running waits for it on the
  unique index and then fails on it (AlreadySubmitted);
- SubmissionMiddleware answers a POST whose token was used before, before the view runs:
  a redirect to the first result with "Dit formulier was al verstuurd". It also records
  where the first POST led (the redirect it answered with), and for a view that does not
  claim the token in its transaction it claims it then, so every form of Schakel is
  covered, most of them inside their write's transaction.

The token is the user's own: the row names the user, and another user's POST with the
same token is simply a new submission (it neither finds nor reveals the first result).
A POST without a token (an old open page, a script) is handled as before.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.core.models import Submission

T = TypeVar("T")

TOKEN_FIELD = "verzendsleutel"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Where the request keeps the submission it claimed, for the middleware.
_CLAIMED = "_schakel_submission"
_TOKEN_ATTR = "_schakel_submission_token"
_USER_ATTR = "_schakel_submission_user"
RESULT_WAIT_SECONDS = 3.0
# How long a sent form's token is kept (a retry comes within minutes; a week is ample).
KEEP_SUBMISSIONS = datetime.timedelta(days=7)


class AlreadySubmitted(Exception):
    """The form was sent before with this token (and that write committed)."""

    def __init__(self, result_url: str):
        super().__init__(result_url)
        self.result_url = result_url


def new_token() -> str:
    return secrets.token_urlsafe(18)


def token_of(request: HttpRequest) -> str | None:
    """The well-formed token of a signed-in user's POST, or None."""
    if request.method != "POST":
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if hasattr(request, _TOKEN_ATTR):
        return getattr(request, _TOKEN_ATTR)
    value = request.POST.get(TOKEN_FIELD, "")
    token = value if _TOKEN.fullmatch(value) else None
    setattr(request, _TOKEN_ATTR, token)
    # The user who sent it (a logout in this request does not change whose token it is).
    setattr(request, _USER_ATTR, user.pk)
    return token


def _earlier_result(request: HttpRequest, token: str) -> str | None:
    """Where the first POST with this token led; None when there was none.

    A first POST whose view leaves the result to the middleware commits its write before
    the middleware stores the URL: a second POST that comes in between waits a moment for
    it (RESULT_WAIT_SECONDS), and else goes back to the form's page."""
    earlier = Submission.objects.filter(user_id=getattr(request, _USER_ATTR), token=token)
    deadline = time.monotonic() + RESULT_WAIT_SECONDS
    while True:
        result_url = earlier.values_list("result_url", flat=True).first()
        if result_url != "" or time.monotonic() > deadline:
            return result_url
        time.sleep(0.1)


def write_once(
    request: HttpRequest, write: Callable[[], T], *, result_url: Callable[[T], str] | None = None
) -> T:
    """Run the write and claim the POST's token in one transaction.

    ``result_url`` gives the page the write leads to, stored with the token; without it
    the middleware stores the redirect the view answers with. Raises AlreadySubmitted when
    the token was used (the write is then not run). Without a token: just the write.
    """
    token = token_of(request)
    if token is None:
        return write()
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    user_id=getattr(request, _USER_ATTR), token=token
                )
        except IntegrityError:
            raise AlreadySubmitted(_earlier_result(request, token) or "") from None
        result = write()
        if result_url is not None:
            submission.result_url = result_url(result)[:500]
            submission.save(update_fields=["result_url"])
    setattr(request, _CLAIMED, submission.pk)
    return result


def forget_old_submissions() -> int:
    """Tokens older than KEEP_SUBMISSIONS: no browser sends such a form again. Returns how
    many were removed."""
    removed, _per_model = Submission.objects.filter(
        created_at__lt=timezone.now() - KEEP_SUBMISSIONS
    ).delete()
    return removed


def replay(request: HttpRequest, result_url: str) -> HttpResponse:
    """The answer to a form sent a second time: to the first result, saying so."""
    messages.info(request, _("Dit formulier was al verstuurd. U ziet het resultaat ervan."))
    # Only a path of this site: the stored URL came from our own redirect.
    target = result_url if result_url.startswith("/") and not result_url.startswith("//") else ""
    return HttpResponseRedirect(target or request.path)


class SubmissionMiddleware:
    """Sends a repeated form to its first result, and records where each form led."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (token := getattr(request, _TOKEN_ATTR, None)) and 300 <= response.status_code < 400:
            self._record(request, token, response.get("Location", ""))
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # After the CSRF check (this middleware comes later): a forged POST never gets here.
        token = token_of(request)
        if token is None:
            return None
        earlier = _earlier_result(request, token)
        if earlier is not None:
            setattr(request, _TOKEN_ATTR, None)  # nothing to record for this POST
            return replay(request, earlier)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AlreadySubmitted):
            setattr(request, _TOKEN_ATTR, None)
            return replay(request, exception.result_url)
        return None

    def _record(self, request: HttpRequest, token: str, location: str) -> None:
        location = location[:500]
        claimed = getattr(request, _CLAIMED, None)
        if claimed is not None:
            # Claimed in the write's transaction: add where it led, if not given there.
            Submission.objects.filter(pk=claimed, result_url="").update(result_url=location)
            return
        # A view that did not claim the token itself: claim it now, after its write. A
        # second POST of this form then finds the result; only a crash between the write
        # and this line is not covered for such a view.
        try:
            with transaction.atomic():
                Submission.objects.create(
                    user_id=getattr(request, _USER_ATTR), token=token, result_url=location
                )
        except IntegrityError:
            pass
