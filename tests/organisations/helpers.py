"""Helpers shared by the organisations tests."""

from django.urls import reverse

from schakel.accounts.models import (
    RoleAssignment,
    SecurityEvent,
)


def organisation_data(**overrides):
    data = {
        "name": "Reclassering Nederland Dordrecht",
        "domain": "straf",
        "kind": "reclassering",
        "convenant_signed_on": "2025-03-01",
        "email": "info@reclassering.example",
        "phone": "078 123 45 67",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def post_roles(client, account, roles):
    return client.post(
        reverse("organisations:user_edit", args=[account.pk]), edit_data(account, roles)
    )


def roles_of(user):
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def approve(client, grant):
    return client.post(reverse("organisations:role_grant_approve", args=[grant.pk]), follow=True)


def reject(client, grant):
    return client.post(reverse("organisations:role_grant_reject", args=[grant.pk]), follow=True)


def events(kind, user):
    return SecurityEvent.objects.filter(kind=kind, user=user)


def edit_data(account, roles):
    return {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "phone": account.phone,
        "job_title": account.job_title,
        "organisation": account.organisation_id,
        "roles": roles,
    }
