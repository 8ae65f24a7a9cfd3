"""What the access log and security events hold after beheer writes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts import services
from schakel.accounts.models import (
    RoleAssignment,
    RoleGrant,
    RoleGrantStatus,
    SecurityEvent,
    SecurityEventKind,
)
from schakel.accounts.roles import Role
from tests.organisations.helpers import (
    approve,
    events,
    organisation_data,
    post_roles,
    reject,
    roles_of,
)


def test_beheerder_edits_an_organisation_and_the_change_is_logged(as_beheerder, beheerder, ggz):
    response = as_beheerder.post(
        reverse("organisations:organisation_edit", args=[ggz.pk]),
        organisation_data(
            name=ggz.name, domain="zorg", kind="GGZ", convenant_signed_on="", version="0"
        ),
    )

    assert response.status_code == 302
    ggz.refresh_from_db()
    assert ggz.convenant_signed_on is None
    assert not ggz.has_signed_convenant
    entry = AccessLogEntry.objects.get(user=beheerder, object_ref=str(ggz.pk))
    assert entry.action == AccessAction.CHANGE
    assert "convenant_signed_on" in entry.detail


def test_role_change_writes_a_security_event_with_the_actor(as_beheerder, beheerder, ggz_user):
    url = reverse("organisations:user_edit", args=[ggz_user.pk])
    page = as_beheerder.get(url)
    assert page.context["form"].initial["roles"] == [Role.KETENPARTNER]
    # A role that opens no case content takes effect at once.

    response = as_beheerder.post(
        url,
        {
            "username": ggz_user.username,
            "first_name": ggz_user.first_name,
            "last_name": ggz_user.last_name,
            "email": ggz_user.email,
            "phone": "",
            "job_title": "",
            "organisation": ggz_user.organisation_id,
            "roles": [Role.KETENPARTNER, Role.BESTUURDER],
        },
    )

    assert response.status_code == 302
    ggz_user.refresh_from_db()
    assert ggz_user.role_set == {Role.KETENPARTNER, Role.BESTUURDER}
    assert RoleAssignment.objects.get(user=ggz_user, role=Role.BESTUURDER).granted_by == beheerder
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGED, user=ggz_user)
    assert event.actor == beheerder
    assert event.detail == "ketenpartner -> bestuurder, ketenpartner"
    # Nothing else changed, so no account-change event.
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_CHANGED).exists()


def test_editing_details_is_logged_with_the_changed_fields(as_beheerder, beheerder, ggz_user, zvh):
    response = as_beheerder.post(
        reverse("organisations:user_edit", args=[ggz_user.pk]),
        {
            "username": ggz_user.username,
            "first_name": ggz_user.first_name,
            "last_name": "Bakker",
            "email": ggz_user.email,
            "phone": "",
            "job_title": "",
            "organisation": zvh.pk,
            "roles": [Role.KETENPARTNER],
        },
    )

    assert response.status_code == 302
    ggz_user.refresh_from_db()
    assert (ggz_user.last_name, ggz_user.organisation) == ("Bakker", zvh)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_CHANGED, user=ggz_user)
    assert event.actor == beheerder
    assert event.detail == "last_name, organisation"
    assert AccessLogEntry.objects.filter(
        user=beheerder, action=AccessAction.CHANGE, object_ref=str(ggz_user.pk)
    ).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).exists()


def test_rejection_is_logged_and_the_role_never_arrives(
    as_beheerder, as_second_beheerder, second_beheerder, agent
):
    post_roles(as_beheerder, agent, [Role.BESTUURDER, Role.KETENPARTNER])
    grant = RoleGrant.objects.get(user=agent)

    response = reject(as_second_beheerder, grant)

    assert "is afgewezen" in response.text
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (RoleGrantStatus.REJECTED, second_beheerder)
    assert roles_of(agent) == {Role.BESTUURDER}
    assert events(SecurityEventKind.ROLE_GRANT_REJECTED, agent).get().actor == second_beheerder
    # A decided grant cannot be approved afterwards.
    assert approve(as_second_beheerder, grant).status_code == 404
    with pytest.raises(ValidationError, match="al besloten"):
        services.approve_role_grant(actor=second_beheerder, grant=grant)
    assert roles_of(agent) == {Role.BESTUURDER}
