"""Who may de-escalate, close and read the closure pages."""

import pytest

from schakel.cases.lifecycle import CaseState
from tests.closure.helpers import EXPORT_URL, LIST_URL, url
from tests.helpers import checklist_post


@pytest.mark.parametrize("name", ["de_escalate", "close", "evaluation"])
@pytest.mark.parametrize(
    "user_fixture", ["other_region_procesregisseur", "other_table_procesregisseur"]
)
def test_outsider_gets_404(plan_case, signed_in, request, name, user_fixture):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(url(name, plan_case)).status_code == 404
    assert client.post(url(name, plan_case), {}).status_code == 404


@pytest.mark.parametrize("name", ["de_escalate", "close", "evaluation"])
@pytest.mark.parametrize("user_fixture", ["partner_user", "manager", "informatiemakelaar"])
def test_wrong_role_gets_403(plan_case, signed_in, request, name, user_fixture, wijkteam):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(url(name, plan_case)).status_code == 403
    assert client.post(url(name, plan_case), checklist_post(wijkteam)).status_code == 403
    plan_case.refresh_from_db()
    assert plan_case.state == CaseState.GEAGENDEERD


@pytest.mark.parametrize(
    "user_fixture", ["procesregisseur", "partner_user", "informatiemakelaar", "beheerder"]
)
def test_other_roles_get_403_on_the_improvements_overview(
    region_cases, signed_in, request, user_fixture
):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
