"""Bring existing involvements under the rule 'involved in this case, not at this table'.

- A standing member of a table ('vaste_deelnemer') no longer reads every case of the table.
  Where it is invited to an agenda item of the case (a meeting that was not cancelled) it
  keeps reading the case as an invitee; otherwise its involvement ends now.
- An invitation ('uitgenodigd') that no agenda item of a non-cancelled meeting backs (e.g.
  partners named at triage before the case was on an agenda) ends now; the agenda item
  invites them again when the case is put on an agenda.
Nothing is deleted: ended rows stay as history, and the access log keeps what was seen.
"""

import datetime

from django.db import migrations
from django.utils import timezone


def _windows(apps, case_id, organisation_id):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    items = (
        AgendaItem.objects.filter(case_id=case_id, invited_organisations=organisation_id)
        .exclude(meeting__status="geannuleerd")
        .select_related("meeting__table")
    )
    return [
        item.meeting.starts_at
        - datetime.timedelta(hours=item.meeting.table.information_window_hours)
        for item in items
    ]


def forwards(apps, schema_editor):
    CaseParticipant = apps.get_model("cases", "CaseParticipant")
    now = timezone.now()
    for participant in CaseParticipant.objects.filter(
        reason__in=("vaste_deelnemer", "uitgenodigd"), ended_at__isnull=True
    ).iterator():
        windows = _windows(apps, participant.case_id, participant.organisation_id)
        if participant.reason == "uitgenodigd":
            if not windows:
                participant.ended_at = now
                participant.save(update_fields=["ended_at"])
            continue
        if windows:
            earliest = min(windows)
            invited, created = CaseParticipant.objects.get_or_create(
                case_id=participant.case_id,
                organisation_id=participant.organisation_id,
                reason="uitgenodigd",
                defaults={"visible_from": earliest if earliest > now else None},
            )
            if not created and invited.ended_at is not None:
                invited.ended_at = None
                invited.save(update_fields=["ended_at"])
        participant.ended_at = now
        participant.save(update_fields=["ended_at"])


def backwards(apps, schema_editor):
    """Ended standing memberships read again, as they did before this rule."""
    CaseParticipant = apps.get_model("cases", "CaseParticipant")
    CaseParticipant.objects.filter(reason="vaste_deelnemer").update(ended_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_involvement_ends"),
        ("meetings", "0002_meeting_scheduled_for"),
        ("tables", "0003_calendar_tokens"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
