"""What the access log holds after meeting reads and prints."""

from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry


def test_partner_item_page_and_log(two_items, meeting, partner_user, signed_in):
    item_a, _item_b = two_items
    response = signed_in(partner_user).get(reverse("meetings:item", args=[meeting.pk, item_a.pk]))
    assert response.status_code == 200
    assert "Doel A" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=partner_user, case=item_a.case, action=AccessAction.READ
    ).exists()


def test_print_pages_are_logged_as_export(two_items, meeting, procesregisseur, signed_in):
    client = signed_in(procesregisseur)
    for name in ("meetings:print_agenda", "meetings:print_minutes"):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 200
        assert "meetings/print.css" in response.content.decode()
        assert two_items[1].case.reference in response.content.decode()
    assert (
        AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.EXPORT).count() >= 4
    )
