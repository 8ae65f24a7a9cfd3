"""Access decisions live in schakel.access: no service or selector decides `may_*` itself."""

import ast
from pathlib import Path

import pytest

import schakel
from schakel.access import policy, rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.selectors import (
    access_log_for_privacy_officer,
    refused_access_for_privacy_officer,
)
from schakel.accounts.roles import Role
from tests.factories import UserFactory

PACKAGE = Path(schakel.__file__).parent


def _module_level_may_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("may_")
    ]


def test_no_service_or_selector_defines_its_own_access_rule():
    found = {
        str(path.relative_to(PACKAGE)): names
        for pattern in ("*/services.py", "*/selectors.py")
        for path in PACKAGE.glob(pattern)
        if path.parent.name != "access" and (names := _module_level_may_functions(path))
    }
    assert found == {}, "move these to schakel/access/policy.py or rules.py"


@pytest.mark.parametrize(
    "name",
    [
        "may_triage",
        "may_be_rereport",
        "may_edit_plan",
        "may_complete_action",
        "may_cancel_action",
        "may_answer",
        "may_edit_table",
        "may_still_open",
    ],
)
def test_object_rules_are_in_the_policy(name):
    assert callable(getattr(policy, name))


def test_choosing_duplicates_is_a_role_rule(procesregisseur, informatiemakelaar, partner_user):
    assert rules.may_choose_duplicates(procesregisseur)
    assert rules.may_choose_duplicates(informatiemakelaar)
    assert not rules.may_choose_duplicates(partner_user)


# --- a privacy officer without an organisation belongs to no region ----------------------


def test_privacy_officer_without_organisation_reads_no_log(procesregisseur, case):
    record_access(actor=procesregisseur, action=AccessAction.READ, case=case, detail="Inzage")
    # An entry without an organisation must not match "no region" either.
    record_access(actor=UserFactory(organisation=None), action=AccessAction.READ, detail="Los")
    officer = UserFactory(organisation=None, roles=[Role.PRIVACY_OFFICER])
    assert list(access_log_for_privacy_officer(user=officer)) == []
    assert list(refused_access_for_privacy_officer(user=officer)) == []
