"""The authorization matrix: for every URL of Schakel, who gets what.

One row per URL pattern (by its namespaced name), per method, per role: the expected
outcome and whether the request must write a row to the access log. The test module
test_authorization_matrix.py plays every cell against one realistic world and fails
when a URL has no row here, or a row names a URL that no longer exists.

The rules the rows follow:

- anonymous: sent to the sign-in page, except on the few public pages;
- a role that may never use a page gets 403, whatever the object in the URL: the
  answer is the same for every id, so it tells nothing about what exists;
- a role that may use the page but does not take part in this case, meeting, request
  or region gets 404: an outsider must not learn that the object exists;
- the allowed roles get 200 or 302; a POST carries an empty payload, so the answer is a
  page with a form error or a redirect: what is tested is the access decision;
- every refused request changes nothing and writes no access-log row; every allowed
  request that shows personal data writes at least one, and the others write none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# --- Roles ---------------------------------------------------------------------------

ANONYMOUS = "anonymous"
# Procesregisseur directing the case's regietafel.
PR = "procesregisseur"
# Procesregisseur of another regietafel of the same region.
PR_OTHER = "procesregisseur_other_table"
IM = "informatiemakelaar"
# Ketenpartner whose organisation reported the case and is invited to its agenda item,
# with the information window open; it also holds an intervention, an action and an
# information request of the case.
PARTNER = "partner_involved"
# Ketenpartner of a convenant organisation of the region that takes no part in the case.
OUTSIDER = "partner_outsider"
# Ketenpartner whose organisation is a standing member (vaste deelnemer) of the case's
# regietafel but was unticked from the case's agenda item: an outsider to this case.
STANDING = "partner_standing_member_unticked"
# Ketenpartner whose organisation was invited at triage, then lost its convenant.
NO_CONVENANT = "partner_without_convenant"
MANAGER = "manager"
BEHEERDER = "functioneel_beheerder"
PRIVACY = "privacy_officer"
BESTUURDER = "bestuurder"
# A user of another region holding every role there: never anything of this region.
OTHER_REGION = "other_region_all_roles"

ROLES = (
    ANONYMOUS,
    PR,
    PR_OTHER,
    IM,
    PARTNER,
    OUTSIDER,
    STANDING,
    NO_CONVENANT,
    MANAGER,
    BEHEERDER,
    PRIVACY,
    BESTUURDER,
    OTHER_REGION,
)
SIGNED_IN = tuple(role for role in ROLES if role != ANONYMOUS)
PARTNERS = (PARTNER, OUTSIDER, STANDING, NO_CONVENANT)
CASE_ROLE_HOLDERS = (PR, PR_OTHER, IM, *PARTNERS, OTHER_REGION)
# Hold a role that may use a case page, but take no part in the world's case.
CASE_OUTSIDERS = (PR_OTHER, IM, OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION)

# --- Outcomes ------------------------------------------------------------------------

OK = "200/302"
SIGN_IN = "sign-in redirect"
FORBIDDEN = "403"
NOT_FOUND = "404"
# 200/302, but the request may change nothing (someone else's object, quietly refused).
NO_EFFECT = "200/302 without effect"
REFUSED = (SIGN_IN, FORBIDDEN, NOT_FOUND)


@dataclass(frozen=True)
class Expect:
    """The outcome per role for one method of one URL. Signed-in roles not named get 403."""

    ok: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    no_effect: frozenset[str] = frozenset()
    sign_in: frozenset[str] = frozenset()
    # Allowed roles whose request must write an access-log row; the other allowed roles
    # must write none.
    logged: frozenset[str] = frozenset()
    public: bool = False

    def outcome(self, role: str) -> str:
        if role in self.ok:
            return OK
        if role in self.hidden:
            return NOT_FOUND
        if role in self.no_effect:
            return NO_EFFECT
        if role in self.sign_in:
            return SIGN_IN
        if role == ANONYMOUS:
            return OK if self.public else SIGN_IN
        return FORBIDDEN

    def logs(self, role: str) -> bool:
        return role in self.logged

    def problems(self) -> list[str]:
        """Contradictions in the declaration itself."""
        found = []
        groups = {
            "ok": self.ok,
            "hidden": self.hidden,
            "no_effect": self.no_effect,
            "sign_in": self.sign_in,
        }
        for name, roles in groups.items():
            unknown = roles - set(ROLES)
            if unknown:
                found.append(f"{name} names unknown roles {sorted(unknown)}")
            for other_name, other in groups.items():
                if name < other_name and roles & other:
                    found.append(f"{sorted(roles & other)} in both {name} and {other_name}")
        if not self.logged <= self.ok | self.no_effect:
            found.append(f"logged roles {sorted(self.logged - self.ok)} are not allowed")
        return found


def expect(
    *,
    ok: Iterable[str] = (),
    hidden: Iterable[str] = (),
    no_effect: Iterable[str] = (),
    sign_in: Iterable[str] = (),
    logged: Iterable[str] | bool = False,
    public: bool = False,
) -> Expect:
    """logged=True: every allowed role must write an access-log row."""
    ok = frozenset(ok)
    if logged is True:
        logged = ok
    elif logged is False:
        logged = ()
    return Expect(
        ok=ok,
        hidden=frozenset(hidden),
        no_effect=frozenset(no_effect),
        sign_in=frozenset(sign_in),
        logged=frozenset(logged),
        public=public,
    )


@dataclass(frozen=True)
class Route:
    """One URL pattern: how to build its URL in the world, and its expectations per method.

    `kwargs` maps each URL argument to a name in the world; an object gives its pk.
    """

    key: str
    kwargs: dict[str, str] = field(default_factory=dict)
    get: Expect | None = None
    post: Expect | None = None
    query: str = ""
    why: str = ""

    def methods(self) -> list[tuple[str, Expect]]:
        return [(m, e) for m, e in (("GET", self.get), ("POST", self.post)) if e is not None]


# --- Patterns left out, and why --------------------------------------------------------

# Namespaces that are Django's or a third party's own and have their own protection.
SKIPPED_NAMESPACES = {
    "api": "the partner REST API: OAuth 2.0 tokens instead of a session; tests/api plays "
    "every endpoint for the outsider (404), missing or wrong tokens (401), scopes (403) "
    "and the access log",
}
# Route prefixes served outside the application's views.
SKIPPED_ROUTE_PREFIXES = ("static/", "media/", "__debug__/")

# --- Reusable expectations -------------------------------------------------------------

EVERYONE = expect(ok=SIGNED_IN)
PUBLIC = expect(ok=SIGNED_IN, public=True)
# A case page readable by who takes part: procesregie of its table, the involved partner.
CASE_READ = expect(ok=(PR, PARTNER), hidden=CASE_OUTSIDERS, logged=True)
# A procesregie page behind the procesregisseur role: other roles get 403 first.
PR_ROLE_ON_CASE = expect(ok=(PR,), hidden=(PR_OTHER, OTHER_REGION), logged=True)
PR_ROLE_ON_CASE_UNLOGGED = expect(ok=(PR,), hidden=(PR_OTHER, OTHER_REGION))
# A procesregie page behind the case roles: the involved partner sees the case, so 403.
DIRECT_CASE = expect(ok=(PR,), hidden=CASE_OUTSIDERS, logged=True)
# The plan as the table reads it.
PLAN_READ = expect(ok=(PR, PARTNER), hidden=CASE_OUTSIDERS, logged=True)
# Editing the plan: procesregie of the case only; the partner reads but may not edit.
PLAN_EDIT = expect(ok=(PR,), hidden=CASE_OUTSIDERS, logged=True)
# A meeting or agenda item: procesregie of the table, and the partner invited to an item.
MEETING_READ = expect(
    ok=(PR, PARTNER),
    hidden=(PR_OTHER, OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION),
    logged=True,
)
# Preparing and running a meeting: its table's procesregisseur only.
MEETING_DIRECT = expect(ok=(PR,), hidden=(PR_OTHER, OTHER_REGION))
MEETING_DIRECT_LOGGED = expect(ok=(PR,), hidden=(PR_OTHER, OTHER_REGION), logged=True)
# Lists that show each role its own part.
MEETING_ROLE_HOLDERS = (PR, PR_OTHER, *PARTNERS, OTHER_REGION)
TABLE_ROLE_HOLDERS = (PR, PR_OTHER, *PARTNERS, MANAGER, BEHEERDER)
# A person's record for the privacy officer of its region; another region's officer: 404.
PERSON_RIGHTS = expect(ok=(PRIVACY,), hidden=(OTHER_REGION,), logged=True)
BEHEER_ONLY = expect(ok=(BEHEERDER, OTHER_REGION))
BEHEER_OBJECT = expect(ok=(BEHEERDER,), hidden=(OTHER_REGION,))
BEHEER_OBJECT_LOGGED = expect(ok=(BEHEERDER,), hidden=(OTHER_REGION,), logged=True)
# A detainee: every procesregisseur of the region (ZVH back office); a partner only when it
# is the detainee's re-integratieofficier (none in this world).
NAZORG_READ = expect(ok=(PR, PR_OTHER), hidden=(*PARTNERS, OTHER_REGION), logged=True)
NAZORG_REGIE = expect(ok=(PR, PR_OTHER), hidden=(OTHER_REGION,), logged=True)

# Rights requests: the privacy officer of the region; the other region's gets 404.
RIGHTS_OFFICER = expect(ok=(PRIVACY,), hidden=(OTHER_REGION,), logged=True)
# A task of a rights request: the addressed organisation's ketenpartner only.
RIGHTS_PARTNER_TASK = expect(
    ok=(PARTNER,), hidden=(OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION), logged=True
)

# --- The matrix ---------------------------------------------------------------------------

ROUTES: tuple[Route, ...] = (
    # Core
    Route("home:worklist", get=EVERYONE),
    Route("home:accessibility", get=PUBLIC),
    Route("home:privacy", get=PUBLIC),
    Route("core:health", get=PUBLIC, why="the load balancer's health check: no personal data"),
    # Accounts
    Route("accounts:login", get=PUBLIC, post=PUBLIC, why="signed in: sent on to the worklist"),
    Route(
        "accounts:two_factor",
        get=EVERYONE,
        post=EVERYONE,
        why="signed in with a verified second factor: sent on to the worklist",
    ),
    Route("accounts:logout", post=expect(sign_in=SIGNED_IN)),
    Route(
        "accounts:oidc_callback",
        get=expect(sign_in=SIGNED_IN),
        why="without a sign-in under way at an IdP: refused, back to the sign-in page",
    ),
    Route("accounts:sessions", get=EVERYONE),
    Route(
        "accounts:end_session",
        {"pk": "user_session"},
        post=expect(ok=(PR,), no_effect=tuple(r for r in SIGNED_IN if r != PR)),
        why="one may end only one's own sessions; for others nothing happens",
    ),
    Route("accounts:password_change", get=EVERYONE, post=EVERYONE),
    # Beheer
    Route("organisations:index", get=expect(ok=(MANAGER, BEHEERDER, OTHER_REGION))),
    Route("organisations:organisation_list", get=expect(ok=(MANAGER, BEHEERDER, OTHER_REGION))),
    Route("organisations:organisation_create", get=BEHEER_ONLY, post=BEHEER_ONLY),
    Route(
        "organisations:organisation_edit",
        {"pk": "police"},
        get=expect(ok=(MANAGER, BEHEERDER), hidden=(OTHER_REGION,)),
        post=expect(ok=(MANAGER, BEHEERDER), hidden=(OTHER_REGION,)),
    ),
    Route("organisations:municipality_list", get=BEHEER_ONLY),
    Route("organisations:municipality_create", get=BEHEER_ONLY, post=BEHEER_ONLY),
    Route(
        "organisations:municipality_edit",
        {"pk": "municipality"},
        get=BEHEER_OBJECT,
        post=BEHEER_OBJECT,
    ),
    Route("organisations:user_list", get=BEHEER_ONLY),
    Route(
        "retention:index",
        get=expect(ok=(BEHEERDER, PRIVACY, OTHER_REGION)),
        why="the runs hold counts and references, no personal data: nothing to log",
    ),
    Route("retention:policy_edit", get=BEHEER_ONLY, post=BEHEER_ONLY),
    Route("organisations:role_grant_list", get=expect(ok=(MANAGER, BEHEERDER, OTHER_REGION))),
    Route("organisations:identity_provider_list", get=BEHEER_ONLY),
    Route("organisations:identity_provider_create", get=BEHEER_ONLY, post=BEHEER_ONLY),
    Route(
        "organisations:identity_provider_edit",
        {"pk": "identity_provider"},
        get=BEHEER_OBJECT,
        post=BEHEER_OBJECT,
    ),
    Route(
        "organisations:role_grant_approve",
        {"pk": "role_grant"},
        post=expect(ok=(MANAGER, BEHEERDER), hidden=(OTHER_REGION,), logged=True),
        why="a second person of the region approves a case role; the requester cannot",
    ),
    Route(
        "organisations:role_grant_reject",
        {"pk": "role_grant"},
        post=expect(ok=(MANAGER, BEHEERDER), hidden=(OTHER_REGION,), logged=True),
    ),
    Route("organisations:user_create", get=BEHEER_ONLY, post=BEHEER_ONLY),
    # API-koppelingen: registered and revoked by the functioneel beheerder of the region.
    Route("api_clients:list", get=BEHEER_ONLY),
    Route("api_clients:create", get=BEHEER_ONLY, post=BEHEER_ONLY),
    Route("api_clients:revoke", {"pk": "api_client"}, post=BEHEER_OBJECT_LOGGED),
    Route("organisations:user_edit", {"pk": "account"}, get=BEHEER_OBJECT, post=BEHEER_OBJECT),
    # These act without a payload, and a change to an account is logged.
    Route("organisations:user_reset_2fa", {"pk": "account"}, post=BEHEER_OBJECT_LOGGED),
    Route("organisations:user_deactivate", {"pk": "account"}, post=BEHEER_OBJECT_LOGGED),
    Route(
        "organisations:user_activate",
        {"pk": "account"},
        post=BEHEER_OBJECT,
        why="the account is active already, so nothing is changed or logged",
    ),
    # Persons
    Route(
        "persons:search",
        get=expect(ok=CASE_ROLE_HOLDERS),
        post=expect(ok=CASE_ROLE_HOLDERS),
        why="an empty search is refused with a form error, so nothing is read",
    ),
    Route(
        "persons:create",
        get=expect(ok=(PR, PR_OTHER, IM, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, IM, OTHER_REGION)),
    ),
    Route("persons:detail", {"pk": "person"}, get=CASE_READ),
    Route(
        "persons:merge",
        {"pk": "person"},
        get=PR_ROLE_ON_CASE,
        post=PR_ROLE_ON_CASE,
    ),
    # Cases
    Route(
        "cases:list",
        get=expect(ok=CASE_ROLE_HOLDERS, logged=(PR, PARTNER)),
        # An empty search is refused with a form error, so nothing is searched or logged.
        post=expect(ok=CASE_ROLE_HOLDERS),
        why="the list logs the persons it shows, so only who sees the case",
    ),
    Route("cases:detail", {"pk": "case"}, get=CASE_READ),
    Route(
        "cases:merge",
        {"pk": "case"},
        get=PR_ROLE_ON_CASE_UNLOGGED,
        post=PR_ROLE_ON_CASE_UNLOGGED,
        why="the case is running, so its procesregisseur is sent back to the case page",
    ),
    Route("cases:section", {"pk": "case", "section": "case_section"}, get=CASE_READ),
    # Meldingen
    Route(
        "referrals:create",
        get=expect(ok=(PR, PR_OTHER, IM, *PARTNERS, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, IM, *PARTNERS, OTHER_REGION)),
    ),
    Route(
        "referrals:rereport",
        {"pk": "case"},
        get=PR_ROLE_ON_CASE_UNLOGGED,
        post=PR_ROLE_ON_CASE_UNLOGGED,
        why="the case is running, so its procesregisseur is sent back to the case page",
    ),
    Route(
        "referrals:rereport_attach",
        {"pk": "case", "closed_pk": "case"},
        get=PR_ROLE_ON_CASE_UNLOGGED,
        post=PR_ROLE_ON_CASE_UNLOGGED,
        why="no her-melding candidate (the case runs): sent back to the case page",
    ),
    Route(
        "referrals:rereport_keep_apart",
        {"pk": "case", "closed_pk": "case"},
        post=PR_ROLE_ON_CASE_UNLOGGED,
        why="no her-melding candidate (the case runs): sent back, nothing recorded",
    ),
    # Informatieverzoeken
    Route(
        "inquiries:list",
        get=expect(ok=CASE_ROLE_HOLDERS, logged=(PR, PARTNER)),
    ),
    Route(
        "inquiries:detail",
        {"pk": "information_request"},
        get=expect(ok=(PR, PARTNER), hidden=CASE_OUTSIDERS, logged=True),
        post=expect(ok=(PARTNER,), hidden=CASE_OUTSIDERS, logged=True),
        why="only the addressed partner answers; procesregie reads but gets 403 on POST",
    ),
    Route(
        "inquiries:withdraw",
        {"pk": "information_request"},
        post=expect(ok=(PR,), hidden=(PR_OTHER, IM, OTHER_REGION), logged=True),
    ),
    Route(
        "inquiries:create",
        {"case_pk": "case"},
        get=expect(ok=(PR,), hidden=(PR_OTHER, IM, OTHER_REGION), logged=True),
        post=expect(ok=(PR,), hidden=(PR_OTHER, IM, OTHER_REGION), logged=True),
        why="the informatiemakelaar sees cases in intake only; this one is in uitvoering",
    ),
    # Triage
    Route("triage:start", {"case_pk": "case"}, post=PR_ROLE_ON_CASE_UNLOGGED),
    Route("triage:decide", {"case_pk": "case"}, get=PR_ROLE_ON_CASE, post=PR_ROLE_ON_CASE),
    # Access log
    Route(
        "access:log",
        get=expect(ok=(PRIVACY, OTHER_REGION), logged=True),
        post=expect(ok=(PRIVACY, OTHER_REGION), logged=True),
        why="the privacy officer's reading of the log is itself logged",
    ),
    Route(
        "access:refused",
        get=expect(ok=(PRIVACY, OTHER_REGION)),
        why="refusals hold no personal data of betrokkenen; the officer sees the own region",
    ),
    # Noodtoegang: a procesregisseur asks it; the privacy officer of the region reviews it.
    Route(
        "break_glass:request",
        get=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
        why="an empty request is refused with a form error, so nothing is opened or logged",
    ),
    Route(
        "break_glass:end",
        {"pk": "emergency_access"},
        post=expect(ok=(PR_OTHER,), hidden=(PR, OTHER_REGION)),
        why="one ends only one's own noodtoegang; another's does not exist for the user",
    ),
    Route(
        "access:break_glass_reviews",
        get=expect(ok=(PRIVACY, OTHER_REGION)),
        why="the list names users and case numbers, no betrokkenen",
    ),
    Route(
        "access:break_glass_review",
        {"pk": "emergency_access"},
        get=expect(ok=(PRIVACY,), hidden=(OTHER_REGION,), logged=True),
        post=expect(ok=(PRIVACY,), hidden=(OTHER_REGION,), logged=True),
        why="the officer reads the log rows made under it, and that reading is logged",
    ),
    Route(
        "access:unusual",
        get=expect(ok=(PRIVACY, OTHER_REGION)),
        post=expect(ok=(PRIVACY, OTHER_REGION)),
        why="aggregates per user from the officer's own region; no betrokkenen",
    ),
    # Rechtenverzoeken: the region's privacy officer; a partner its own organisation's task
    Route(
        "rights:list",
        get=expect(ok=(PRIVACY, OTHER_REGION), logged=(PRIVACY,)),
        why="the other region's officer sees an empty list of the own region",
    ),
    Route(
        "rights:create",
        get=expect(ok=(PRIVACY, OTHER_REGION)),
        post=expect(ok=(PRIVACY, OTHER_REGION)),
    ),
    Route("rights:detail", {"pk": "rights_request"}, get=RIGHTS_OFFICER),
    Route("rights:link", {"pk": "rights_request"}, get=RIGHTS_OFFICER, post=RIGHTS_OFFICER),
    Route(
        "rights:tasks",
        {"pk": "rights_request"},
        get=RIGHTS_OFFICER,
        post=RIGHTS_OFFICER,
        why="the tasks exist already: brought up to date, never a second one",
    ),
    Route("rights:extend", {"pk": "rights_request"}, get=RIGHTS_OFFICER, post=RIGHTS_OFFICER),
    Route("rights:close", {"pk": "rights_request"}, get=RIGHTS_OFFICER, post=RIGHTS_OFFICER),
    Route(
        "rights:inzage",
        {"pk": "rights_request", "person_pk": "person"},
        get=RIGHTS_OFFICER,
    ),
    Route(
        "rights:inzage_pdf",
        {"pk": "rights_request", "person_pk": "person"},
        get=RIGHTS_OFFICER,
    ),
    Route(
        "rights:task_list",
        get=expect(ok=(*PARTNERS, OTHER_REGION), logged=(PARTNER, STANDING, NO_CONVENANT)),
        why="the police, the GGZ and the reclassering each hold data on the person: a task each",
    ),
    Route(
        "rights:task_detail",
        {"pk": "rights_task"},
        get=RIGHTS_PARTNER_TASK,
        post=RIGHTS_PARTNER_TASK,
        why="the police's task: another organisation's partner gets the 404 of no task at all",
    ),
    # Correction and restriction of a person's data (AVG art. 16 and 18): the region's FG
    Route(
        "privacy_persons:search",
        get=expect(ok=(PRIVACY, OTHER_REGION), logged=True),
        post=expect(ok=(PRIVACY, OTHER_REGION), logged=True),
        why="the officer sees the own region's restricted persons: that reading is logged",
    ),
    Route("privacy_persons:detail", {"pk": "person"}, get=PERSON_RIGHTS),
    Route("privacy_persons:correct", {"pk": "person"}, get=PERSON_RIGHTS, post=PERSON_RIGHTS),
    Route("privacy_persons:restrict", {"pk": "person"}, get=PERSON_RIGHTS, post=PERSON_RIGHTS),
    Route(
        "privacy_persons:lift",
        {"pk": "person"},
        get=PERSON_RIGHTS,
        post=PERSON_RIGHTS,
        why="nothing to lift: the service refuses on the page, which still shows the person",
    ),
    # Casusoverleg
    Route("meetings:list", get=expect(ok=MEETING_ROLE_HOLDERS)),
    Route(
        "meetings:create",
        get=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
    ),
    Route("meetings:detail", {"pk": "meeting"}, get=MEETING_READ),
    Route("meetings:move", {"pk": "meeting"}, get=MEETING_DIRECT, post=MEETING_DIRECT),
    Route("meetings:cancel", {"pk": "meeting"}, post=MEETING_DIRECT),
    Route("meetings:held", {"pk": "meeting"}, post=MEETING_DIRECT),
    Route("meetings:build_agenda", {"pk": "meeting"}, post=MEETING_DIRECT),
    Route("meetings:add_case", {"pk": "meeting"}, post=MEETING_DIRECT_LOGGED),
    Route("meetings:attendance", {"pk": "meeting"}, post=MEETING_DIRECT_LOGGED),
    Route(
        "meetings:attendance_remove",
        {"pk": "meeting", "attendance_pk": "attendance"},
        post=MEETING_DIRECT,
    ),
    Route("meetings:print_agenda", {"pk": "meeting"}, get=MEETING_READ),
    Route("meetings:print_minutes", {"pk": "meeting"}, get=MEETING_READ),
    Route("meetings:item", {"pk": "meeting", "item_pk": "item"}, get=MEETING_READ),
    Route("meetings:invite", {"pk": "meeting", "item_pk": "item"}, post=MEETING_DIRECT_LOGGED),
    Route("meetings:minutes", {"pk": "meeting", "item_pk": "item"}, post=MEETING_DIRECT_LOGGED),
    Route(
        "meetings:item_remove",
        {"pk": "meeting", "item_pk": "item"},
        post=MEETING_DIRECT_LOGGED,
        why="needs no payload: the item really goes (rolled back after the cell)",
    ),
    Route("meetings:item_up", {"pk": "meeting", "item_pk": "item"}, post=MEETING_DIRECT),
    Route("meetings:item_down", {"pk": "meeting", "item_pk": "item"}, post=MEETING_DIRECT),
    # Regietafels: no case content, so the region's staff with a table role see them.
    Route("meetings:tables", get=expect(ok=(*TABLE_ROLE_HOLDERS, OTHER_REGION))),
    Route(
        "meetings:table_calendar",
        {"token": "calendar_token"},
        get=PUBLIC,
        why="read by calendar programs with the secret token; holds no personal data",
    ),
    Route(
        "meetings:table", {"pk": "table"}, get=expect(ok=TABLE_ROLE_HOLDERS, hidden=(OTHER_REGION,))
    ),
    Route(
        "meetings:table_edit",
        {"pk": "table"},
        get=expect(ok=(PR, MANAGER, BEHEERDER), hidden=(OTHER_REGION,)),
        post=expect(ok=(PR, MANAGER, BEHEERDER), hidden=(OTHER_REGION,)),
    ),
    # Plan van aanpak
    Route("plans:detail", {"case_pk": "case"}, get=PLAN_READ),
    Route("plans:agree", {"case_pk": "case"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route("plans:edit_general", {"case_pk": "case"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route("plans:edit_analyses", {"case_pk": "case"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route("plans:goal_create", {"case_pk": "case"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route("plans:goal_edit", {"case_pk": "case", "goal_pk": "goal"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route(
        "plans:goal_remove",
        {"case_pk": "case", "goal_pk": "goal"},
        get=PLAN_EDIT,
        post=PLAN_EDIT,
    ),
    Route("plans:intervention_create", {"case_pk": "case"}, get=PLAN_EDIT, post=PLAN_EDIT),
    Route(
        "plans:intervention_edit",
        {"case_pk": "case", "intervention_pk": "intervention"},
        get=PLAN_EDIT,
        post=PLAN_EDIT,
    ),
    Route(
        "plans:intervention_remove",
        {"case_pk": "case", "intervention_pk": "intervention"},
        get=PLAN_EDIT,
        post=PLAN_EDIT,
    ),
    Route(
        "plans:progress",
        {"case_pk": "case", "intervention_pk": "intervention"},
        get=expect(ok=(PARTNER,), hidden=CASE_OUTSIDERS, logged=True),
        post=expect(ok=(PARTNER,), hidden=CASE_OUTSIDERS, logged=True),
        why="progress is reported by the holder of the intervention only (the partner)",
    ),
    Route("plans:versions", {"case_pk": "case"}, get=PLAN_READ),
    Route("plans:compare", {"case_pk": "case"}, get=PLAN_READ, query="a=1&b=1"),
    Route("plans:version", {"case_pk": "case", "number": "version_number"}, get=PLAN_READ),
    Route("plans:version_pdf", {"case_pk": "case", "number": "version_number"}, get=PLAN_READ),
    # Volhouden en opschalen
    Route(
        "followup:action_list",
        get=expect(ok=MEETING_ROLE_HOLDERS, logged=(PR, PARTNER)),
        why="'mijn acties': procesregie its tables' actions, a partner its own",
    ),
    Route(
        "followup:action_detail",
        {"pk": "action"},
        get=expect(
            ok=(PR, PARTNER),
            hidden=(PR_OTHER, OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION),
            logged=True,
        ),
    ),
    Route(
        "followup:action_complete",
        {"pk": "action"},
        post=expect(
            ok=(PR, PARTNER),
            hidden=(PR_OTHER, OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION),
            logged=True,
        ),
    ),
    Route(
        "followup:action_cancel",
        {"pk": "action"},
        post=expect(
            ok=(PR,),
            hidden=(PR_OTHER, OUTSIDER, STANDING, NO_CONVENANT, OTHER_REGION),
            logged=True,
        ),
        why="the owner reports an action done; only procesregie lets it lapse",
    ),
    Route("followup:action_create", {"case_pk": "case"}, get=DIRECT_CASE, post=DIRECT_CASE),
    Route("followup:measurement_create", {"case_pk": "case"}, get=DIRECT_CASE, post=DIRECT_CASE),
    Route("followup:escalation_create", {"case_pk": "case"}, get=DIRECT_CASE, post=DIRECT_CASE),
    Route(
        "followup:escalation_answer",
        {"pk": "escalation"},
        get=expect(
            ok=(BESTUURDER,), hidden=tuple(r for r in SIGNED_IN if r != BESTUURDER), logged=True
        ),
        post=expect(
            ok=(BESTUURDER,), hidden=tuple(r for r in SIGNED_IN if r != BESTUURDER), logged=True
        ),
        why="only the addressee reads the question put to them; for anyone else it does not exist",
    ),
    Route(
        "followup:escalation_resolve",
        {"pk": "escalation"},
        get=DIRECT_CASE,
        post=DIRECT_CASE,
    ),
    # Afschalen, afsluiten, evaluatie
    Route("closure:de_escalate", {"case_pk": "case"}, get=PR_ROLE_ON_CASE, post=PR_ROLE_ON_CASE),
    Route("closure:close", {"case_pk": "case"}, get=PR_ROLE_ON_CASE, post=PR_ROLE_ON_CASE),
    Route(
        "closure:evaluation",
        {"case_pk": "case"},
        get=PR_ROLE_ON_CASE_UNLOGGED,
        post=PR_ROLE_ON_CASE_UNLOGGED,
        why="the case is not closed yet, so its procesregisseur is sent back to the case",
    ),
    Route("closure:improvements", get=expect(ok=(MANAGER, BESTUURDER, OTHER_REGION))),
    Route(
        "closure:improvements_export",
        get=expect(ok=(MANAGER, BESTUURDER, OTHER_REGION), logged=True),
    ),
    # Overdracht andere regio's: the procesregisseurs of the sending and the receiving region
    Route("transfers:list", get=expect(ok=(PR, PR_OTHER, OTHER_REGION), logged=True)),
    Route(
        "transfers:detail",
        {"pk": "transfer"},
        get=expect(ok=(PR, PR_OTHER, OTHER_REGION), logged=True),
        post=expect(ok=(OTHER_REGION,), logged=True),
        why="the sending region reads the proposal; only the receiving region decides",
    ),
    Route(
        "transfers:withdraw",
        {"pk": "transfer"},
        post=expect(ok=(PR,), logged=True),
        why="only the procesregisseur of the case withdraws its proposal",
    ),
    Route("transfers:propose", {"case_pk": "case"}, get=PR_ROLE_ON_CASE, post=PR_ROLE_ON_CASE),
    # Rapportages: aggregates of the own region, no personal data, so nothing is logged
    Route("reports:index", get=expect(ok=(PR, PR_OTHER, MANAGER, BESTUURDER, OTHER_REGION))),
    Route(
        "reports:report",
        {"key": "report_key"},
        get=expect(ok=(PR, PR_OTHER, MANAGER, BESTUURDER, OTHER_REGION)),
        why="every region reads its own figures; the URL names no case or person",
    ),
    # Importeren: ZVH staff of the region (procesregisseur, informatiemakelaar)
    Route("imports:list", get=expect(ok=(PR, PR_OTHER, IM, OTHER_REGION))),
    Route(
        "imports:create",
        get=expect(ok=(PR, PR_OTHER, IM, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, IM, OTHER_REGION)),
        why="an empty upload is refused with a form error, so nothing is stored or logged",
    ),
    Route(
        "imports:detail",
        {"pk": "import_job"},
        get=expect(ok=(PR, PR_OTHER, IM), hidden=(OTHER_REGION,), logged=True),
        why="the error report repeats personal data from the file: reading it is logged",
    ),
    Route(
        "imports:progress",
        {"pk": "import_job"},
        get=expect(ok=(PR, PR_OTHER, IM), hidden=(OTHER_REGION,)),
        why="counts only; without htmx it redirects to the job page",
    ),
    Route(
        "imports:report_csv",
        {"pk": "import_job"},
        get=expect(ok=(PR, PR_OTHER, IM), hidden=(OTHER_REGION,), logged=True),
    ),
    # Nazorg en re-integratie
    Route(
        "nazorg:worklist",
        get=expect(ok=(PR, PR_OTHER, *PARTNERS, OTHER_REGION), logged=(PR, PR_OTHER)),
        why="a partner sees only the detainees it is re-integratieofficier of: none here",
    ),
    Route(
        "nazorg:create",
        get=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
        post=expect(ok=(PR, PR_OTHER, OTHER_REGION)),
    ),
    Route("nazorg:detail", {"pk": "detention_notice"}, get=NAZORG_READ),
    Route("nazorg:quickscan", {"pk": "detention_notice"}, get=NAZORG_READ, post=NAZORG_READ),
    Route("nazorg:officer", {"pk": "detention_notice"}, get=NAZORG_REGIE, post=NAZORG_REGIE),
    Route("nazorg:release_date", {"pk": "detention_notice"}, get=NAZORG_REGIE, post=NAZORG_REGIE),
    Route(
        "nazorg:table",
        {"pk": "detention_notice"},
        post=NAZORG_REGIE,
        why="an incomplete form shows the detainee's page again",
    ),
    Route(
        "nazorg:close",
        {"pk": "detention_notice"},
        post=expect(ok=(PR, PR_OTHER), hidden=(OTHER_REGION,)),
        why="a button: an incomplete form is refused with a message and a redirect",
    ),
    # Berichten
    Route("notifications:list", get=EVERYONE),
    Route(
        "notifications:mark_read",
        {"pk": "notification"},
        post=expect(ok=(PR,), hidden=tuple(r for r in SIGNED_IN if r != PR)),
        why="a message is its addressee's only",
    ),
    Route("notifications:mark_all_read", post=EVERYONE),
    Route(
        "notifications:preferences",
        get=EVERYONE,
        post=EVERYONE,
        why="one's own e-mail choices: the URL names no user, so nobody reaches another's",
    ),
)


def cell_count(routes: Iterable[Route] = ROUTES) -> int:
    return sum(len(route.methods()) * len(ROLES) for route in routes)
