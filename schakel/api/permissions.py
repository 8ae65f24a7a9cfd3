"""Scopes: what a token may be used for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class HasScope(BasePermission):
    """The token must carry the scope the view names for the method (403 otherwise)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if token is None:
            return False
        required = view.required_scopes.get(request.method)
        if required is None or not token.allow_scopes([required]):
            raise exceptions.PermissionDenied(
                _("Dit token heeft niet de scope %(scope)s die hiervoor nodig is.")
                % {"scope": required or "-"}
            )
        return True
