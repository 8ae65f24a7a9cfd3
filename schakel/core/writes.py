"""One write path for views: call the service, show its refusal, or say it is done.

A view checks its form, then hands the service call to ``submit`` (a form page) or
``perform`` (a button without a form). A service refuses with a ValidationError in
Dutch, for one field or for the whole write. ``submit`` puts those messages on the form —
on the field they name when the form shows that field, above the form otherwise — so the
page comes back with everything the user typed; ``perform`` shows them as an error
message. On success both add the success message and redirect.

Only a refusal is caught: PermissionDenied and Http404 pass through to the error pages,
and an EditConflict to the caller (see schakel.core.concurrency.save_versioned, which
places a refusal with ``place_errors`` too). Every service writes in one transaction,
so a refusal leaves nothing half-saved. Both claim the form's one-time token in the
write's transaction (schakel.core.submissions), so a form sent twice writes once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect

from schakel.core.submissions import write_once

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

# What to say after a successful write: a success message, or a function of the
# service's result that adds its own messages (when they depend on the result or when
# there is more than one).
Success = str | Callable[[Any], None] | None
# Where to go next: a URL, or a function of the service's result that returns one.
Target = str | Callable[[Any], str]


def place_errors(
    form: forms.BaseForm, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Put a service's refusal on the form.

    Messages for a field go on that field when the form shows it; the rest (messages for
    the whole write, for a field the form does not have or keeps hidden) go above the
    form, where they are always seen. ``field_names`` maps a service's name of a value to
    the form's field for it, where they differ.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        name = (field_names or {}).get(key, key)
        field = form.fields.get(name) if name != NON_FIELD_ERRORS else None
        form.add_error(
            name if field is not None and not field.widget.is_hidden else None,
            ValidationError(errors),
        )


def _announce(request: HttpRequest, success: Success, result: object) -> None:
    if callable(success):
        success(result)
    elif success:
        messages.success(request, success)


def _target(target: Target, result: object) -> str:
    return target(result) if callable(target) else target


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], T],
    *,
    success: Success,
    redirect_to: Target,
    field_names: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """Run the write of a valid form.

    Returns the redirect after success, or None after a refusal: the refusal is then on
    the form, and the view shows the form again.
    """
    try:
        result = write_once(request, action, result_url=lambda done: _target(redirect_to, done))
    except ValidationError as error:
        place_errors(form, error, field_names=field_names)
        return None
    _announce(request, success, result)
    return redirect(_target(redirect_to, result))


def perform(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: Success,
    redirect_to: str,
    refused_to: str | None = None,
) -> HttpResponse:
    """Run a write without a form (a button): a refusal becomes an error message.

    Both outcomes redirect to ``redirect_to``, unless ``refused_to`` names another page
    for a refusal.
    """
    try:
        result = write_once(request, action, result_url=lambda _done: redirect_to)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(refused_to or redirect_to)
    _announce(request, success, result)
    return redirect(redirect_to)
