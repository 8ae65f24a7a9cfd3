"""Who may list, read and make information requests."""

from django.urls import reverse

from tests.inquiries.helpers import read_rows


def test_list_for_outsider_is_empty(case, ask, ggz, outsider, signed_in):
    ask(case, ggz, question="Geheime vraag")
    response = signed_in(outsider).get(reverse("inquiries:list"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "Geheime vraag" not in response.content.decode()
    assert not read_rows(outsider).exists()


def test_list_refuses_role_without_case_access(manager, signed_in):
    assert signed_in(manager).get(reverse("inquiries:list")).status_code == 403


def test_other_region_sees_none_of_the_requests(
    case, ask, ggz, other_region_procesregisseur, signed_in
):
    ask(case, ggz)
    response = signed_in(other_region_procesregisseur).get(reverse("inquiries:list"))
    assert list(response.context["page"].object_list) == []


def test_outsider_gets_404_on_detail(case, ask, ggz, outsider, signed_in):
    request = ask(case, ggz)
    response = signed_in(outsider).get(reverse("inquiries:detail", args=[request.pk]))
    assert response.status_code == 404
    assert not read_rows(outsider).exists()


def test_wrong_role_gets_403_on_detail(case, ask, ggz, manager, signed_in):
    request = ask(case, ggz)
    response = signed_in(manager).get(reverse("inquiries:detail", args=[request.pk]))
    assert response.status_code == 403
