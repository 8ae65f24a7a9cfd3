"""Accounts in beheer: creation, roles (with their security event), 2FA reset, deactivation."""

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.models import (
    RoleGrant,
    SecurityEvent,
    SecurityEventKind,
    User,
    UserSession,
)
from schakel.accounts.roles import Role
from tests.accounts.helpers import sign_in_for_real
from tests.factories import UserFactory, verified_device

pytestmark = pytest.mark.django_db


def account_data(organisation, **overrides):
    data = {
        "username": "j.devries",
        "first_name": "Janneke",
        "last_name": "de Vries",
        "email": "j.devries@politie.example",
        "phone": "06 1234 5678",
        "job_title": "wijkagent",
        "organisation": organisation.pk,
        "roles": [Role.KETENPARTNER],
        "password": "Zonnebloem-Rivier-2025",
    }
    data.update(overrides)
    return data


def test_beheerder_creates_an_account(as_beheerder, beheerder, politie):
    response = as_beheerder.post(reverse("organisations:user_create"), account_data(politie))

    assert response.status_code == 302
    account = User.objects.get(username="j.devries")
    assert account.organisation == politie
    # A case role of an account one made oneself waits for a second person.
    assert account.role_set == frozenset()
    assert RoleGrant.objects.get(user=account).role == Role.KETENPARTNER
    assert check_password("Zonnebloem-Rivier-2025", account.password)
    assert not TOTPDevice.objects.filter(user=account).exists()  # enrols at first sign-in
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCOUNT_CREATED, user=account, actor=beheerder
    ).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ROLE_GRANT_REQUESTED, user=account, actor=beheerder
    ).exists()
    assert AccessLogEntry.objects.filter(
        user=beheerder, action=AccessAction.CREATE, object_type="User", object_ref=str(account.pk)
    ).exists()


def test_weak_initial_password_is_refused_in_dutch_and_the_rest_is_kept(as_beheerder, politie):
    url = reverse("organisations:user_create")

    short = as_beheerder.post(url, account_data(politie, password="Kort-1"))
    common = as_beheerder.post(url, account_data(politie, password="liverpool123"))
    like_name = as_beheerder.post(url, account_data(politie, password="j.devries1234"))

    assert short.context["form"].errors["password"] == [
        "Dit wachtwoord is te kort. De minimale lengte is 12 tekens."
    ]
    assert common.context["form"].errors["password"] == ["Dit wachtwoord is te algemeen."]
    assert "lijkt te veel op" in like_name.context["form"].errors["password"][0]
    for response in (short, common, like_name):
        assert 'value="Janneke"' in response.text
        assert 'value="j.devries@politie.example"' in response.text
        assert 'value="ketenpartner" id="id_roles_1" checked' in response.text
        assert f'<option value="{politie.pk}" selected>' in response.text
    assert not User.objects.filter(username="j.devries").exists()


def test_missing_and_bad_fields_get_a_dutch_message_each(as_beheerder, politie):
    response = as_beheerder.post(
        reverse("organisations:user_create"),
        account_data(politie, first_name="", email="geen-email", roles=[]),
    )

    errors = response.context["form"].errors
    assert errors["first_name"] == ["Vul ‘Voornaam’ in."]
    assert errors["email"] == ["Voer een geldig e-mailadres in."]
    assert errors["roles"] == ["Kies ten minste één rol."]
    assert 'value="de Vries"' in response.text
    assert 'value="geen-email"' in response.text
    assert not User.objects.filter(username="j.devries").exists()
    assert not SecurityEvent.objects.exists()


def test_username_must_be_free(as_beheerder, politie, ggz_user):
    response = as_beheerder.post(
        reverse("organisations:user_create"), account_data(politie, username=ggz_user.username)
    )

    assert response.context["form"].errors["username"] == [
        "Er bestaat al een gebruiker met deze gebruikersnaam."
    ]


def test_organisation_of_another_region_is_refused(as_beheerder, far_org, politie):
    response = as_beheerder.post(reverse("organisations:user_create"), account_data(far_org))

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == ["Kies een waarde uit de lijst."]
    assert far_org.name not in response.text  # not even offered
    assert not User.objects.filter(username="j.devries").exists()


def test_inactive_organisation_is_not_offered_for_new_accounts(as_beheerder, politie, ggz):
    ggz.is_active = False
    ggz.save()

    response = as_beheerder.post(reverse("organisations:user_create"), account_data(ggz))

    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="j.devries").exists()


def test_beheerder_cannot_drop_their_own_beheerder_role(as_beheerder, beheerder):
    response = as_beheerder.post(
        reverse("organisations:user_edit", args=[beheerder.pk]),
        {
            "username": beheerder.username,
            "first_name": beheerder.first_name,
            "last_name": beheerder.last_name,
            "email": beheerder.email,
            "organisation": beheerder.organisation_id,
            "roles": [Role.MANAGER],
        },
    )

    assert response.status_code == 200
    assert "eigen rol als functioneel beheerder" in response.context["form"].errors["roles"][0]
    beheerder.refresh_from_db()
    beheerder._role_cache = None
    assert beheerder.role_set == {Role.BEHEERDER}


def test_reset_two_factor_deletes_devices_and_ends_sessions(as_beheerder, beheerder, zvh):
    account = UserFactory(organisation=zvh, roles=[Role.BESTUURDER])
    browser = sign_in_for_real(Client(), account, verified_device(account))
    session_key = browser.session.session_key

    response = as_beheerder.post(
        reverse("organisations:user_reset_2fa", args=[account.pk]), follow=True
    )

    assert "De tweestapsverificatie is gewist." in response.text
    assert not TOTPDevice.objects.filter(user=account).exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.TWO_FACTOR_RESET, user=account, actor=beheerder
    ).exists()
    assert AccessLogEntry.objects.filter(user=beheerder, object_ref=str(account.pk)).exists()


def test_deactivate_ends_sessions_and_blocks_sign_in(as_beheerder, beheerder, zvh):
    account = UserFactory(organisation=zvh, roles=[Role.BESTUURDER])
    browser = sign_in_for_real(Client(), account, verified_device(account))

    response = as_beheerder.post(
        reverse("organisations:user_deactivate", args=[account.pk]), follow=True
    )

    assert "Het account is gedeactiveerd" in response.text
    account.refresh_from_db()
    assert account.is_active is False
    assert not UserSession.objects.filter(user=account).exists()
    assert browser.get(reverse("home:worklist")).status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCOUNT_DEACTIVATED, user=account, actor=beheerder
    ).exists()
    assert AccessLogEntry.objects.filter(user=beheerder, detail="gedeactiveerd").exists()

    as_beheerder.post(reverse("organisations:user_activate", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active is True


def test_beheerder_cannot_deactivate_themselves(as_beheerder, beheerder):
    response = as_beheerder.post(
        reverse("organisations:user_deactivate", args=[beheerder.pk]), follow=True
    )

    assert "U kunt uw eigen account niet deactiveren." in response.text
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_user_list_query_count_is_bounded(
    as_beheerder, politie, ggz, django_assert_max_num_queries
):
    for number in range(40):
        UserFactory(
            organisation=politie if number % 2 else ggz,
            roles=[Role.KETENPARTNER, Role.INFORMATIEMAKELAAR],
        )

    with django_assert_max_num_queries(14):
        response = as_beheerder.get(reverse("organisations:user_list"))

    assert response.status_code == 200
    assert response.text.count("Informatiemakelaar") == 40
