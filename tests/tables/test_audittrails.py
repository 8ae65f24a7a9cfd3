"""A regietafel page shows the table and its meetings, not the cases on it: reading it
reads no personal data, so the access log stays empty."""

from django.urls import reverse

from schakel.access.models import AccessLogEntry


def test_table_pages_write_no_access_log(planned, table, partner_user, signed_in):
    client = signed_in(partner_user)

    assert client.get(reverse("meetings:tables")).status_code == 200
    assert client.get(reverse("meetings:table", args=[table.pk])).status_code == 200

    assert not AccessLogEntry.objects.exists()


def test_changing_a_table_is_on_record(table, beheerder, politie):
    """Who sits at the table by default and when they start reading shape need-to-know."""
    from schakel.access.models import AccessAction
    from schakel.tables.services import update_table

    update_table(
        table=table,
        actor=beheerder,
        frequency="wekelijks",
        weekday=1,
        day_part="ochtend",
        schedule_anchor=None,
        location="Stadskantoor",
        information_window_hours=24,
        fixed_participants=[politie],
    )
    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE, user=beheerder)
    assert "24 uur" in entry.detail and str(politie) in entry.detail
