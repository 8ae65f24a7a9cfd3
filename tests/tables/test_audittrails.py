"""A regietafel page shows the table and its meetings, not the cases on it: reading it
reads no personal data, so the access log stays empty."""

from django.urls import reverse

from schakel.access.models import AccessLogEntry


def test_table_pages_write_no_access_log(planned, table, partner_user, signed_in):
    client = signed_in(partner_user)

    assert client.get(reverse("meetings:tables")).status_code == 200
    assert client.get(reverse("meetings:table", args=[table.pk])).status_code == 200

    assert not AccessLogEntry.objects.exists()
