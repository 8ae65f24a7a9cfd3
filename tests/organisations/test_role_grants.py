"""Separation of duties for roles: no self-grants, four eyes on case roles, and no
functioneel beheerder who can read cases."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from schakel.access.policy import visible_cases
from schakel.access.rules import CASE_ROLES
from schakel.accounts import services
from schakel.accounts.models import (
    RoleAssignment,
    RoleGrant,
    RoleGrantStatus,
    SecurityEvent,
    SecurityEventKind,
    User,
)
from schakel.accounts.roles import CASE_CONTENT_ROLES, Role
from tests.factories import UserFactory
from tests.helpers import sign_in
from tests.organisations.helpers import approve, events, post_roles, reject, roles_of

pytestmark = pytest.mark.django_db

SELF_GRANT = "U kunt uzelf geen rol geven."
SEPARATION = "Een functioneel beheerder kan geen rol hebben die casusinhoud opent"
OWN_REQUEST = "U heeft deze rol zelf aangevraagd."


def test_the_case_roles_here_are_the_case_roles_of_the_policy():
    assert set(CASE_ROLES) == CASE_CONTENT_ROLES


# --- no self-grants -------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra", [Role.MANAGER, Role.PRIVACY_OFFICER, Role.INFORMATIEMAKELAAR, Role.KETENPARTNER]
)
def test_beheerder_cannot_give_itself_a_role(as_beheerder, beheerder, extra):
    response = post_roles(as_beheerder, beheerder, [Role.BEHEERDER, extra])

    assert response.status_code == 200
    assert SELF_GRANT in response.context["form"].errors["roles"][0]
    assert roles_of(beheerder) == {Role.BEHEERDER}
    assert not RoleGrant.objects.exists()
    assert not SecurityEvent.objects.filter(
        kind__in=[SecurityEventKind.ROLE_CHANGED, SecurityEventKind.ROLE_GRANT_REQUESTED]
    ).exists()


def test_the_service_refuses_a_self_grant_whatever_the_entrance(beheerder):
    with pytest.raises(ValidationError, match=SELF_GRANT):
        services.set_roles(user=beheerder, roles={Role.BEHEERDER, Role.MANAGER}, actor=beheerder)

    assert roles_of(beheerder) == {Role.BEHEERDER}


def test_the_database_refuses_a_grant_requested_for_oneself(beheerder):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=beheerder, role=Role.KETENPARTNER, requested_by=beheerder)


def test_a_beheerder_may_still_drop_a_role_of_its_own(as_beheerder, zvh):
    both = UserFactory(organisation=zvh, roles=[Role.BEHEERDER, Role.PRIVACY_OFFICER])
    client = sign_in(Client(), both)

    response = post_roles(client, both, [Role.BEHEERDER])

    assert response.status_code == 302
    assert roles_of(both) == {Role.BEHEERDER}


# --- four eyes on case roles ----------------------------------------------------------


def test_case_role_waits_until_a_second_beheerder_approves(
    as_beheerder, beheerder, as_second_beheerder, second_beheerder, agent, case
):
    response = post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])

    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=agent)
    assert (grant.role, grant.status, grant.requested_by) == (
        Role.KETENPARTNER,
        RoleGrantStatus.PENDING,
        beheerder,
    )
    agent = User.objects.get(pk=agent.pk)
    assert agent.role_set == {Role.BESTUURDER}
    assert not visible_cases(agent).exists()
    requested = events(SecurityEventKind.ROLE_GRANT_REQUESTED, agent).get()
    assert requested.actor == beheerder
    assert "ketenpartner" in requested.detail
    notice = as_beheerder.get(reverse("organisations:user_list"))
    assert "Ketenpartner: wacht op goedkeuring" in notice.text

    response = approve(as_second_beheerder, grant)

    assert "is goedgekeurd en nu actief" in response.text
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (RoleGrantStatus.APPROVED, second_beheerder)
    assert grant.decided_at is not None
    agent = User.objects.get(pk=agent.pk)
    assert agent.role_set == {Role.BESTUURDER, Role.KETENPARTNER}
    assert list(visible_cases(agent)) == [case]
    approved = events(SecurityEventKind.ROLE_GRANT_APPROVED, agent).get()
    assert approved.actor == second_beheerder
    assert beheerder.username in approved.detail


def test_the_manager_may_approve(as_beheerder, manager, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.PROCESREGISSEUR])
    grant = RoleGrant.objects.get(user=agent)

    approve(sign_in(Client(), manager), grant)

    assert roles_of(agent) == {Role.BESTUURDER, Role.PROCESREGISSEUR}
    assert RoleAssignment.objects.get(user=agent, role=Role.PROCESREGISSEUR).granted_by == manager


def test_the_requester_cannot_approve_its_own_request(as_beheerder, beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)

    response = approve(as_beheerder, grant)

    assert OWN_REQUEST in response.text
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING
    assert roles_of(agent) == {Role.BESTUURDER}
    assert not events(SecurityEventKind.ROLE_GRANT_APPROVED, agent).exists()
    with pytest.raises(ValidationError, match=OWN_REQUEST):
        services.approve_role_grant(actor=beheerder, grant=grant)


def test_nobody_approves_a_grant_for_themselves(as_beheerder, zvh):
    """A manager who is given a case role cannot wave it through as approver."""
    manager = UserFactory(organisation=zvh, roles=[Role.MANAGER])
    post_roles(as_beheerder, manager, [Role.MANAGER, Role.INFORMATIEMAKELAAR])
    grant = RoleGrant.objects.get(user=manager)

    response = approve(sign_in(Client(), manager), grant)

    assert "U kunt niet beslissen over een rol voor uzelf." in response.text
    assert roles_of(manager) == {Role.MANAGER}
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING


def test_an_approver_made_by_the_requester_is_no_second_person(as_beheerder, zvh, agent):
    """Otherwise a beheerder makes a helper account and approves through it."""
    helper = UserFactory(organisation=zvh, roles=[Role.BESTUURDER])
    post_roles(as_beheerder, helper, [Role.BESTUURDER, Role.BEHEERDER])
    assert roles_of(helper) == {Role.BESTUURDER, Role.BEHEERDER}  # at once: no case content
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)

    response = approve(sign_in(Client(), helper), grant)

    assert "toegekend door de aanvrager" in response.text
    assert roles_of(agent) == {Role.BESTUURDER}


def test_a_new_account_gets_its_case_role_only_after_approval(
    as_beheerder, as_second_beheerder, politie
):
    response = as_beheerder.post(
        reverse("organisations:user_create"),
        {
            "username": "p.jansen",
            "first_name": "Pieter",
            "last_name": "Jansen",
            "email": "p.jansen@politie.example",
            "organisation": politie.pk,
            "roles": [Role.KETENPARTNER],
            "password": "Zonnebloem-Rivier-2025",
        },
        follow=True,
    )

    assert "Nog niet actief: Ketenpartner." in response.text
    account = User.objects.get(username="p.jansen")
    assert roles_of(account) == set()
    approve(as_second_beheerder, RoleGrant.objects.get(user=account))
    assert roles_of(account) == {Role.KETENPARTNER}


def test_other_roles_take_effect_at_once(as_beheerder, beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.PRIVACY_OFFICER])

    assert roles_of(agent) == {Role.BESTUURDER, Role.PRIVACY_OFFICER}
    assert not RoleGrant.objects.exists()


def test_removing_a_case_role_takes_effect_at_once(as_beheerder, beheerder, ggz_user):
    post_roles(as_beheerder, ggz_user, [Role.BESTUURDER])

    assert roles_of(ggz_user) == {Role.BESTUURDER}
    assert not visible_cases(User.objects.get(pk=ggz_user.pk)).exists()
    assert not RoleGrant.objects.exists()
    event = events(SecurityEventKind.ROLE_CHANGED, ggz_user).get()
    assert event.detail == "ketenpartner -> bestuurder"


def test_the_requester_may_withdraw(as_beheerder, beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)

    response = reject(as_beheerder, grant)

    assert "is ingetrokken" in response.text
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.WITHDRAWN
    assert events(SecurityEventKind.ROLE_GRANT_REJECTED, agent).get().actor == beheerder


def test_unticking_a_pending_role_withdraws_it_and_saving_again_keeps_it(as_beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    page = as_beheerder.get(reverse("organisations:user_edit", args=[agent.pk]))
    assert set(page.context["form"].initial["roles"]) == {Role.BESTUURDER, Role.KETENPARTNER}

    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    assert RoleGrant.objects.filter(user=agent).count() == 1  # no second request

    post_roles(as_beheerder, agent, [Role.BESTUURDER])
    assert RoleGrant.objects.get(user=agent).status == RoleGrantStatus.WITHDRAWN


# --- no beheerder who reads cases -----------------------------------------------------


def test_beheerder_and_case_role_on_one_account_is_refused(as_beheerder, ggz_user):
    response = post_roles(as_beheerder, ggz_user, [Role.KETENPARTNER, Role.BEHEERDER])

    assert response.status_code == 200
    assert SEPARATION in response.context["form"].errors["roles"][0]
    assert roles_of(ggz_user) == {Role.KETENPARTNER}
    assert not SecurityEvent.objects.exists()


def test_a_new_beheerder_with_a_case_role_is_not_created(as_beheerder, zvh):
    response = as_beheerder.post(
        reverse("organisations:user_create"),
        {
            "username": "k.bos",
            "first_name": "Kees",
            "last_name": "Bos",
            "email": "k.bos@zvh.example",
            "organisation": zvh.pk,
            "roles": [Role.BEHEERDER, Role.PROCESREGISSEUR],
            "password": "Zonnebloem-Rivier-2025",
        },
    )

    assert SEPARATION in response.context["form"].errors["roles"][0]
    assert not User.objects.filter(username="k.bos").exists()
    assert not RoleGrant.objects.exists()


def test_a_pending_case_role_blocks_the_beheerder_role_too(as_beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])

    response = post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER, Role.BEHEERDER])

    assert SEPARATION in response.context["form"].errors["roles"][0]
    assert roles_of(agent) == {Role.BESTUURDER}


def test_approval_is_refused_once_the_user_became_beheerder(beheerder, second_beheerder, zvh):
    account = UserFactory(organisation=zvh, roles=[Role.BEHEERDER])
    grant = RoleGrant.objects.create(user=account, role=Role.KETENPARTNER, requested_by=beheerder)

    with pytest.raises(ValidationError, match="Een beheerder kan geen rol hebben"):
        services.approve_role_grant(actor=second_beheerder, grant=grant)

    assert roles_of(account) == {Role.BEHEERDER}


def test_the_data_migration_takes_case_roles_from_beheerders(zvh):
    combined = UserFactory(organisation=zvh, roles=[Role.BEHEERDER, Role.INFORMATIEMAKELAAR])
    ordinary = UserFactory(organisation=zvh, roles=[Role.INFORMATIEMAKELAAR])
    migration = importlib.import_module(
        "schakel.accounts.migrations.0006_separate_beheer_from_case_roles"
    )

    migration.remove_case_roles_from_beheerders(apps, None)

    assert roles_of(combined) == {Role.BEHEERDER}
    assert roles_of(ordinary) == {Role.INFORMATIEMAKELAAR}
    assert "informatiemakelaar" in events(SecurityEventKind.ROLE_CHANGED, combined).get().detail


def test_demo_users_keep_beheer_and_case_roles_apart():
    from schakel.demo.reference import USERS

    for spec in USERS:
        assert not (Role.BEHEERDER in spec.roles and set(spec.roles) & CASE_CONTENT_ROLES), spec


# --- the screens ----------------------------------------------------------------------


def test_the_list_offers_approval_to_a_second_person_and_explains_to_the_requester(
    as_beheerder, as_second_beheerder, agent
):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)
    approve_url = reverse("organisations:role_grant_approve", args=[grant.pk])
    url = reverse("organisations:role_grant_list")

    for_second = as_second_beheerder.get(url)
    for_requester = as_beheerder.get(url)

    assert approve_url in for_second.text
    assert "Afwijzen" in for_second.text
    assert approve_url not in for_requester.text
    assert OWN_REQUEST in for_requester.text
    assert "Aanvraag intrekken" in for_requester.text
    user_page = as_beheerder.get(reverse("organisations:user_edit", args=[agent.pk]))
    assert "Rollen die wachten op goedkeuring" in user_page.text
    assert OWN_REQUEST in user_page.text


def test_the_beheer_index_counts_pending_grants_for_the_manager(as_beheerder, manager, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])

    response = sign_in(Client(), manager).get(reverse("organisations:index"))

    assert "1 aanvraag voor een rol die casusinhoud opent" in response.text


def test_only_beheerder_and_manager_see_or_decide_grants(as_beheerder, agent, ggz_user):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)
    partner = sign_in(Client(), ggz_user)

    assert partner.get(reverse("organisations:role_grant_list")).status_code == 403
    assert approve(partner, grant).status_code == 403
    assert reject(partner, grant).status_code == 403
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING


def test_a_grant_of_another_region_does_not_exist_for_us(as_second_beheerder, far_user, far_org):
    far_beheerder = UserFactory(organisation=far_org, roles=[Role.BEHEERDER])
    services.set_roles(
        user=far_user, roles={Role.KETENPARTNER, Role.INFORMATIEMAKELAAR}, actor=far_beheerder
    )
    grant = RoleGrant.objects.get(user=far_user)

    assert approve(as_second_beheerder, grant).status_code == 404
    assert reject(as_second_beheerder, grant).status_code == 404
    assert (
        str(far_user) not in as_second_beheerder.get(reverse("organisations:role_grant_list")).text
    )
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING


def test_decisions_need_post_and_a_csrf_token(as_beheerder, second_beheerder, agent):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)
    url = reverse("organisations:role_grant_approve", args=[grant.pk])

    assert sign_in(Client(), second_beheerder).get(url).status_code == 405
    assert sign_in(Client(enforce_csrf_checks=True), second_beheerder).post(url).status_code == 403
    assert roles_of(agent) == {Role.BESTUURDER}
