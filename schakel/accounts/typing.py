"""The signed-in user of a request, typed as the project's User.

Django types ``request.user`` as ``User | AnonymousUser``. Every page of Schakel except the
sign-in pages requires a signed-in user, and the policy and the services take a ``User``:
these helpers narrow the one to the other at the view, checked, instead of a cast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from schakel.accounts.models import User

if TYPE_CHECKING:
    from schakel.organisations.models import Organisation


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind login_required: its user is signed in.

    Only an annotation for such views; at run time the request is a plain HttpRequest.
    """

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user; refused (403) when nobody is signed in.

    Anonymous requests are stopped by login_required before a view runs, so the refusal
    is a safety net: a missing decorator then fails closed instead of reaching the policy
    with an anonymous user.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("U bent niet aangemeld."))
    return user


def organisation_of(user: User) -> Organisation:
    """The organisation a user acts for; refused (403) for an account without one.

    Only the bootstrap superuser lacks an organisation, and it does no casework.
    """
    if user.organisation is None:
        raise PermissionDenied(_("Uw account hoort niet bij een organisatie."))
    return user.organisation
