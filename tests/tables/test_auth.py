"""Who may see and edit regietafels."""

from django.urls import reverse

from tests.factories import TableFactory


def test_table_list_wrong_role(informatiemakelaar, signed_in):
    assert signed_in(informatiemakelaar).get(reverse("meetings:tables")).status_code == 403


def test_table_detail_and_other_region(planned, table, partner_user, signed_in, other_region):
    client = signed_in(partner_user)
    response = client.get(reverse("meetings:table", args=[table.pk]))
    assert response.status_code == 200
    assert f"/regietafels/agenda/{table.calendar_token}.ics" in response.content.decode()
    elsewhere = TableFactory(region=other_region, name="Elders")
    assert client.get(reverse("meetings:table", args=[elsewhere.pk])).status_code == 404


def test_edit_wrong_role_and_other_director(table, region, partner_user, signed_in, zvh):
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    assert (
        signed_in(partner_user).get(reverse("meetings:table_edit", args=[table.pk])).status_code
        == 403
    )
    other_director = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    assert (
        signed_in(other_director).get(reverse("meetings:table_edit", args=[table.pk])).status_code
        == 403
    )


def test_calendar_wrong_token(table, client):
    assert client.get(reverse("meetings:table_calendar", args=["niet-goed"])).status_code == 404
