"""The API's version: the major one in the path (/api/v1/), the full one in a header."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

MAJOR_VERSION = 1
API_VERSION = "1.0.0"
VERSION_HEADER = "API-Version"


def with_version_header(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the views that are not the API's own (the OAuth token endpoint)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response[VERSION_HEADER] = API_VERSION
        return response

    return wrapped
