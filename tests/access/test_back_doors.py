"""No back doors: no Django admin, and every write on a beheer screen leaves a trace.

A change to organisations, municipalities, users, role grants or a regietafel's schedule
and participants shapes who may see what. Each such POST must write an access-log row or
a security event by the one who made it; the walk below fails for a new beheer URL that
has no recipe here, so a new screen cannot slip by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import RoleGrant, SecurityEvent
from schakel.accounts.roles import Role
from schakel.accounts.services import create_identity_provider, deactivate_account, set_roles
from schakel.api.services import register_api_client
from schakel.organisations.models import Organisation
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

# The beheer pages that only show a list or a menu; their POST is not a write.
READ_ONLY_BEHEER = {
    "organisations:index",
    "organisations:organisation_list",
    "organisations:municipality_list",
    "organisations:user_list",
    "organisations:role_grant_list",
    "organisations:identity_provider_list",
    "retention:index",
    "api_clients:list",
}
# Writes that answer with a page instead of a redirect: registering an API client shows its
# secret once, on the page itself, so it never travels in a URL or a session.
ANSWER_WITH_A_PAGE = {"api_clients:create"}
# Beheer screens outside /beheer/: a regietafel's schedule and fixed participants.
BEHEER_ELSEWHERE = {"meetings:table_edit"}


def _beheer_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace, route)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}"
                if route.startswith("beheer/") or name in BEHEER_ELSEWHERE:
                    names.add(name)

    walk(get_resolver().url_patterns, "", "")
    return names


class _FormValues(HTMLParser):
    """What a browser would send for the first form with a submit button of this kind:
    the current values of its fields, as the page shows them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._done:
            return
        if tag == "form" and attributes.get("method") == "post" and not attributes.get("action"):
            self._in_form = True
        if not self._in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.values.append((name, attributes.get("value") or "on"))
            elif kind not in ("submit", "button"):
                self.values.append((name, attributes.get("value") or ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.values.append((self._select, attributes.get("value") or ""))
        elif tag == "textarea":
            self._textarea = name
            self.values.append((name, ""))

    def handle_data(self, data):
        if self._textarea is not None and self.values:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


def form_as_shown(client: Client, url: str, **changes: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200, url
    reader = _FormValues()
    reader.feed(page.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.values:
        data.setdefault(name, []).append(value.strip("\n"))
    for name, value in changes.items():
        data[name] = [value]
    return data


@dataclass
class World:
    beheerder: object
    manager: object
    client: Client
    politie: Organisation
    municipality: object
    table: object
    account: object
    inactive_account: object
    grants: list[RoleGrant]
    identity_provider: object
    api_client: object


@pytest.fixture
def beheer_world(zvh, politie, municipality, table, beheerder, manager):
    account = UserFactory(organisation=politie, roles=[Role.KETENPARTNER])
    inactive = UserFactory(organisation=politie, roles=[Role.KETENPARTNER])
    deactivate_account(actor=beheerder, user=inactive)
    requester = UserFactory(organisation=zvh, roles=[Role.BEHEERDER])
    grants = []
    for _ in range(2):
        colleague = UserFactory(organisation=politie, roles=[Role.KETENPARTNER])
        set_roles(
            user=colleague, roles={Role.KETENPARTNER, Role.INFORMATIEMAKELAAR}, actor=requester
        )
        grants.append(RoleGrant.objects.get(user=colleague, role=Role.INFORMATIEMAKELAAR))
    identity_provider = create_identity_provider(
        actor=beheerder,
        organisation=politie,
        name="Politie-inlog",
        issuer="https://login.politie.example",
        client_id="schakel",
        client_secret_variable="SCHAKEL_IDP_POLITIE",
        email_domains=["politie.example"],
        trusts_mfa=True,
        mfa_acr_values="",
        is_active=True,
    )
    api_client = register_api_client(
        actor=beheerder, organisation=politie, name="Politiekoppeling", scopes=["agenda"]
    ).client
    return World(
        beheerder=beheerder,
        manager=manager,
        client=sign_in(Client(), beheerder),
        politie=politie,
        municipality=municipality,
        table=table,
        account=account,
        inactive_account=inactive,
        grants=grants,
        identity_provider=identity_provider,
        api_client=api_client,
    )


Recipe = Callable[[World], tuple[str, dict]]


def _edit(url_name: str, obj: str, **changes: str) -> Recipe:
    def recipe(w: World) -> tuple[str, dict]:
        url = reverse(url_name, args=[getattr(w, obj).pk])
        return url, form_as_shown(w.client, url, **changes)

    return recipe


def _create(url_name: str, **values: str) -> Recipe:
    def recipe(w: World) -> tuple[str, dict]:
        url = reverse(url_name)
        return url, form_as_shown(w.client, url, **values)

    return recipe


def _button(name: str, obj: Callable[[World], object]) -> Recipe:
    return lambda w: (reverse(name, args=[obj(w).pk]), {})


RECIPES: dict[str, Recipe] = {
    "organisations:organisation_create": _create(
        "organisations:organisation_create",
        name="Leger des Heils Drechtsteden",
        domain="overig",
        kind="overig",
        convenant_signed_on="2025-03-01",
        email="info@legerdesheils.example",
    ),
    "organisations:organisation_edit": _edit(
        "organisations:organisation_edit", "politie", phone="078 000 11 22"
    ),
    "organisations:municipality_create": _create(
        "organisations:municipality_create", cbs_code="GM0590", name="Papendrecht"
    ),
    "organisations:municipality_edit": _edit(
        "organisations:municipality_edit", "municipality", name="Dordrecht (stad)"
    ),
    "organisations:user_create": lambda w: (
        reverse("organisations:user_create"),
        {
            **form_as_shown(w.client, reverse("organisations:user_create")),
            "username": ["wijkagent.janssen"],
            "first_name": ["Sanne"],
            "last_name": ["Janssen"],
            "email": ["s.janssen@politie.example"],
            "organisation": [str(w.politie.pk)],
            "roles": [Role.BESTUURDER],
            "password": ["een-lang-en-fictief-wachtwoord-2025"],
        },
    ),
    "organisations:user_edit": _edit("organisations:user_edit", "account", job_title="Wijkagent"),
    "organisations:user_reset_2fa": _button("organisations:user_reset_2fa", lambda w: w.account),
    "organisations:user_deactivate": _button("organisations:user_deactivate", lambda w: w.account),
    "organisations:user_activate": _button(
        "organisations:user_activate", lambda w: w.inactive_account
    ),
    "organisations:role_grant_approve": _button(
        "organisations:role_grant_approve", lambda w: w.grants[0]
    ),
    "organisations:role_grant_reject": _button(
        "organisations:role_grant_reject", lambda w: w.grants[1]
    ),
    "organisations:identity_provider_create": lambda w: (
        reverse("organisations:identity_provider_create"),
        form_as_shown(
            w.client,
            reverse("organisations:identity_provider_create"),
            organisation=str(w.politie.pk),
            name="Politie-inlog tweede omgeving",
            issuer="https://login2.politie.example",
            client_id="schakel",
            client_secret_variable="SCHAKEL_IDP_POLITIE_TWEE",
            email_domains="team.politie.example",
        ),
    ),
    "organisations:identity_provider_edit": _edit(
        "organisations:identity_provider_edit", "identity_provider", name="Politie-inlog (nieuw)"
    ),
    "retention:policy_edit": lambda w: (
        reverse("retention:policy_edit"),
        form_as_shown(w.client, reverse("retention:policy_edit"), case_months="36"),
    ),
    "api_clients:create": lambda w: (
        reverse("api_clients:create"),
        {
            **form_as_shown(w.client, reverse("api_clients:create")),
            "organisation": [str(w.politie.pk)],
            "name": ["Politie BVH-koppeling"],
            "scopes": ["agenda"],
        },
    ),
    "api_clients:revoke": _button("api_clients:revoke", lambda w: w.api_client),
    "meetings:table_edit": _edit(
        "meetings:table_edit", "table", location="Stadskantoor Dordrecht, zaal 3"
    ),
}


def test_every_beheer_write_has_a_recipe():
    assert _beheer_url_names() - READ_ONLY_BEHEER == set(RECIPES), (
        "add a recipe for the new beheer URL"
    )


def _traces_by(user) -> int:
    return (
        AccessLogEntry.objects.filter(user=user).count()
        + SecurityEvent.objects.filter(actor=user).count()
    )


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_beheer_write_leaves_a_log_row_or_security_event(beheer_world, name):
    url, data = RECIPES[name](beheer_world)
    before = _traces_by(beheer_world.beheerder)

    response = beheer_world.client.post(url, data)

    expected = 200 if name in ANSWER_WITH_A_PAGE else 302
    assert response.status_code == expected, (name, response.content.decode()[:2000])
    assert _traces_by(beheer_world.beheerder) > before, f"{name} wrote no trace"


def test_the_django_admin_is_not_installed():
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/accounts/user/"])
def test_admin_addresses_do_not_exist(client, beheerder, path):
    assert client.get(path).status_code == 404
    assert sign_in(Client(), beheerder).get(path).status_code == 404
