"""Django's model backend, reading a signed-in user's organisation in the same query.

Nearly every page needs it (the header, the access policy, the access log), and read on
its own it was one more query on every request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithOrganisationBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


# The backend a sign-in names in the session (Schakel signs in after its own checks of
# password, second factor or OpenID Connect).
SIGN_IN_BACKEND = f"{UserWithOrganisationBackend.__module__}.{UserWithOrganisationBackend.__name__}"
