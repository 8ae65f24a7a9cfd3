"""Building detainees through the real services, for the nazorg tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from schakel.nazorg import services
from schakel.nazorg.models import Condition, ConditionStatus, DetentionNotice
from schakel.nazorg.services import ConditionAnswer
from schakel.referrals.services import PersonDetails

# A fictional BSN that passes the 11-proef.
VALID_BSN = "111222333"


def register(
    actor,
    *,
    institution,
    municipality,
    release_in_days=60,
    reference="",
    last_name="Voorbeeld",
    bsn="",
    **extra,
) -> DetentionNotice:
    today = timezone.localdate()
    return services.register_detention_notice(
        actor=actor,
        person=PersonDetails(
            first_names="Fictief",
            last_name=last_name,
            bsn=bsn,
            birth_date=datetime.date(1995, 4, 2),
        ),
        institution=institution,
        detention_started_on=today - datetime.timedelta(days=200),
        expected_release_on=today + datetime.timedelta(days=release_in_days),
        return_municipality=municipality,
        source_reference=reference,
        **extra,
    )


def answers(default=ConditionStatus.OP_ORDE, **statuses) -> dict[str, ConditionAnswer]:
    return {
        code: ConditionAnswer(status=statuses.get(code, default), note="")
        for code in Condition.values
    }


def fill(actor, notice, *, concerns="", to_be_discussed=False, **statuses):
    notice.quickscan.refresh_from_db()
    return services.save_quickscan(
        actor=actor,
        notice=notice,
        expected_version=notice.quickscan.version,
        conditions=answers(**statuses),
        already_known="nee",
        concerns=concerns,
        to_be_discussed=to_be_discussed,
    )


def quickscan_post(version, default="op_orde", **overrides) -> dict:
    data = {"version": str(version), "already_known": "nee", "concerns": ""}
    for code in Condition.values:
        data[f"{code}_status"] = default
        data[f"{code}_note"] = ""
    data.update(overrides)
    return data
