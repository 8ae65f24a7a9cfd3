"""Who may see a meeting and its items, and who directs it."""

import pytest
from django.urls import reverse

from tests.meetings.helpers import detail


def test_not_invited_organisation_sees_no_meeting(two_items, meeting, outsider, signed_in):
    client = signed_in(outsider)
    assert client.get(detail(meeting)).status_code == 404
    listing = client.get(reverse("meetings:list"))
    assert listing.status_code == 200
    assert detail(meeting) not in listing.content.decode()
    assert client.get(reverse("meetings:print_agenda", args=[meeting.pk])).status_code == 404
    assert (
        client.get(reverse("meetings:item", args=[meeting.pk, two_items[0].pk])).status_code == 404
    )


@pytest.mark.parametrize("user_fixture", ["informatiemakelaar", "manager", "beheerder"])
def test_wrong_role_gets_403(two_items, meeting, signed_in, request, user_fixture):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(reverse("meetings:list")).status_code == 403
    assert client.get(detail(meeting)).status_code == 403


def test_partner_cannot_direct(two_items, meeting, partner_user, signed_in):
    client = signed_in(partner_user)
    for name in ("meetings:build_agenda", "meetings:cancel", "meetings:held"):
        assert client.post(reverse(name, args=[meeting.pk])).status_code == 403
    item_a = two_items[0]
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk, item_a.pk]), {"beeldvorming": "x"}
    )
    assert response.status_code == 403
    item_a.refresh_from_db()
    assert not item_a.is_minuted
