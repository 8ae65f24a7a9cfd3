"""axe-core on the screens the journeys do not pass through."""

import pytest

from schakel.accounts.roles import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (Role.PROCESREGISSEUR, ["/casussen/", "/informatieverzoeken/", "/account/sessies/"]),
        (
            Role.BEHEERDER,
            [
                "/beheer/",
                "/beheer/gebruikers/",
                "/beheer/gebruikers/nieuw/",
                "/beheer/organisaties/",
                "/beheer/gemeenten/",
            ],
        ),
        (Role.PRIVACY_OFFICER, ["/toegangslog/"]),
    ],
)
def test_screens_have_no_axe_violations(page, zvh, case, table, role, paths):
    user = UserFactory(organisation=zvh, roles=[role])
    table.procesregisseurs.add(user)
    sign_in(page, user)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
