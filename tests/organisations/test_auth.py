"""Who may use the beheer screens, and who gets 403 / 404 (cf. Open Zaak's test_auth)."""

import pytest
from django.urls import reverse

from schakel.access.policy import visible_cases

pytestmark = pytest.mark.django_db


def beheer_urls(organisation, municipality, account):
    return {
        "index": reverse("organisations:index"),
        "organisation_list": reverse("organisations:organisation_list"),
        "organisation_create": reverse("organisations:organisation_create"),
        "organisation_edit": reverse("organisations:organisation_edit", args=[organisation.pk]),
        "municipality_list": reverse("organisations:municipality_list"),
        "municipality_create": reverse("organisations:municipality_create"),
        "municipality_edit": reverse("organisations:municipality_edit", args=[municipality.pk]),
        "user_list": reverse("organisations:user_list"),
        "user_create": reverse("organisations:user_create"),
        "user_edit": reverse("organisations:user_edit", args=[account.pk]),
    }


POST_ONLY = ("user_reset_2fa", "user_deactivate", "user_activate")
MANAGER_ALLOWED = {"index", "organisation_list", "organisation_edit"}


@pytest.mark.parametrize("who", ["partner_user", "procesregisseur", "informatiemakelaar"])
def test_case_roles_get_403_everywhere(request, signed_in, who, politie, municipality, ggz_user):
    client = signed_in(request.getfixturevalue(who))

    for name, url in beheer_urls(politie, municipality, ggz_user).items():
        assert client.get(url).status_code == 403, name
    for name in POST_ONLY:
        url = reverse(f"organisations:{name}", args=[ggz_user.pk])
        assert client.post(url).status_code == 403, name
    ggz_user.refresh_from_db()
    assert ggz_user.is_active


def test_manager_sees_organisations_but_not_users_or_reference_lists(
    as_manager, politie, municipality, ggz_user
):
    for name, url in beheer_urls(politie, municipality, ggz_user).items():
        expected = 200 if name in MANAGER_ALLOWED else 403
        assert as_manager.get(url).status_code == expected, name
    assert (
        as_manager.post(reverse("organisations:user_deactivate", args=[ggz_user.pk])).status_code
        == 403
    )


def test_beheerder_reaches_every_page(as_beheerder, politie, municipality, ggz_user):
    for name, url in beheer_urls(politie, municipality, ggz_user).items():
        assert as_beheerder.get(url).status_code == 200, name


def test_other_regions_objects_are_404(as_beheerder, far_org, far_municipality, far_user):
    urls = beheer_urls(far_org, far_municipality, far_user)

    for name in ("organisation_edit", "municipality_edit", "user_edit"):
        assert as_beheerder.get(urls[name]).status_code == 404, name
        assert as_beheerder.post(urls[name], {"name": "Overgenomen"}).status_code == 404, name
    for name in POST_ONLY:
        url = reverse(f"organisations:{name}", args=[far_user.pk])
        assert as_beheerder.post(url).status_code == 404, name
    far_user.refresh_from_db()
    far_org.refresh_from_db()
    assert far_user.is_active
    assert far_org.name == "Politie Den Haag"


def test_manager_gets_404_for_another_regions_organisation(as_manager, far_org):
    url = reverse("organisations:organisation_edit", args=[far_org.pk])

    assert as_manager.get(url).status_code == 404


def test_lists_show_only_the_own_region(as_beheerder, politie, far_org, far_user, ggz_user):
    organisations = as_beheerder.get(reverse("organisations:organisation_list"))
    users = as_beheerder.get(reverse("organisations:user_list"))

    assert politie.name in organisations.text
    assert far_org.name not in organisations.text
    assert ggz_user.username in users.text
    assert far_user.username not in users.text


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("organisations:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_action_urls_are_post_only(as_beheerder, ggz_user):
    for name in POST_ONLY:
        url = reverse(f"organisations:{name}", args=[ggz_user.pk])
        assert as_beheerder.get(url).status_code == 405, name


def test_beheerder_and_manager_see_no_case_content(beheerder, manager, case, as_beheerder):
    assert not visible_cases(beheerder).exists()
    assert not visible_cases(manager).exists()
    index = as_beheerder.get(reverse("organisations:index"))
    assert case.title not in index.text
