"""request.user narrowed to the project's User at the view, checked, not cast."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from schakel.accounts.typing import organisation_of, signed_in_user
from tests.factories import UserFactory


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_signed_in_user_is_the_request_user(partner_user):
    assert signed_in_user(_request(partner_user)) == partner_user


def test_anonymous_request_is_refused_not_passed_on():
    with pytest.raises(PermissionDenied) as refused:
        signed_in_user(_request(AnonymousUser()))
    assert "niet aangemeld" in str(refused.value)


def test_organisation_of_a_professional(partner_user, politie):
    assert organisation_of(partner_user) == politie


@pytest.mark.django_db
def test_account_without_organisation_acts_for_none():
    with pytest.raises(PermissionDenied) as refused:
        organisation_of(UserFactory(organisation=None))
    assert "organisatie" in str(refused.value)
