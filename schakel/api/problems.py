"""Errors as application/problem+json (RFC 9457), as the NLGov API Design Rules ask.

Every refusal of the API ends here: a missing or invalid token (401), a missing scope or
role (403), a case the client does not take part in (404, the same as for a case that
does not exist), and bad input (400, each wrong field named in `invalidParams`).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from schakel.api.renderers import PROBLEM_CONTENT_TYPE

TITLES = {
    400: gettext_lazy("Ongeldige invoer"),
    401: gettext_lazy("Niet geauthenticeerd"),
    403: gettext_lazy("Geen toestemming"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Methode niet toegestaan"),
    406: gettext_lazy("Niet aanvaardbaar"),
    409: gettext_lazy("Conflict"),
    415: gettext_lazy("Mediatype niet ondersteund"),
    429: gettext_lazy("Te veel verzoeken"),
}
TYPES = {
    400: "ongeldige-invoer",
    401: "niet-geauthenticeerd",
    403: "geen-toestemming",
    404: "niet-gevonden",
    405: "methode-niet-toegestaan",
    406: "niet-aanvaardbaar",
    409: "conflict",
    415: "mediatype-niet-ondersteund",
    429: "te-veel-verzoeken",
}
_PERSON_FIELD = re.compile(r"^person-(\d+)-(\w+)$")


def _problem_type(name: str) -> str:
    """A URI per kind of problem, under the API's own address."""
    return f"{settings.SCHAKEL_API_URL}/problemen/{name}"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def api_field_name(name: str, field_names: dict[str, str] | None = None) -> str:
    """The API's name for a service's or serializer's field name."""
    if field_names and name in field_names:
        return field_names[name]
    person = _PERSON_FIELD.match(name)
    if person:
        return f"persons[{person.group(1)}].{camel(person.group(2))}"
    return camel(name)


def _flatten(detail: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(field, message) pairs from DRF's nested error detail, fields in the API's names."""
    pairs: list[tuple[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key == "non_field_errors" else str(key)
            path = f"{prefix}.{name}" if prefix else name
            pairs.extend(_flatten(value, path))
    elif isinstance(detail, list):
        if detail and all(isinstance(item, (dict, list)) for item in detail):
            for index, item in enumerate(detail):
                pairs.extend(_flatten(item, f"{prefix}[{index}]"))
        else:
            pairs.extend((prefix, str(item)) for item in detail if str(item))
    else:
        pairs.append((prefix, str(detail)))
    return pairs


def invalid_params(detail: Any) -> list[dict[str, str]]:
    params = []
    for name, reason in _flatten(detail):
        shown = "" if name in ("", "non_field_errors", "__all__") else name
        params.append(
            {
                "type": _problem_type("ongeldige-waarde"),
                "name": shown or "body",
                "reason": reason,
            }
        )
    return params


def service_refusal(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's Dutch refusal as a 400, each message on the field in the API's name."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {api_field_name(key): messages for key, messages in error.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def problem_response(
    *, status_code: int, detail: str, instance: str, params: list[dict[str, str]] | None = None
) -> Response:
    body: dict[str, Any] = {
        "type": _problem_type(TYPES.get(status_code, "fout")),
        "title": str(TITLES.get(status_code, _("Fout"))),
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if params:
        body["invalidParams"] = params
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, DjangoValidationError):
        exc = service_refusal(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(
            str(exc) or _("Dit object bestaat niet of u heeft er geen toegang toe.")
        )
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    params = None
    if isinstance(exc, exceptions.ValidationError):
        params = invalid_params(exc.detail)
        detail = _("De invoer is niet in orde; zie invalidParams voor wat er per veld mis is.")
    else:
        detail = str(getattr(exc, "detail", "")) or str(TITLES.get(response.status_code, ""))
    problem = problem_response(
        status_code=response.status_code, detail=detail, instance=instance, params=params
    )
    for header in ("WWW-Authenticate", "Allow", "Retry-After"):
        if header in response:
            problem[header] = response[header]
    return problem
