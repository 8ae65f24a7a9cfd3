"""The Stappenmeter: dates within the case's life, and a chart whose axis reads as dates."""

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.cases.models import Case
from schakel.followup import services
from schakel.followup.models import ProgressMeasurement
from schakel.followup.services import goal_field_name

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def scores(plan):
    return {goal.pk: 3 for goal in plan.goals.all()}


def measure(user, case, plan, measured_on):
    return services.record_measurement(
        actor=user,
        case=case,
        measured_on=measured_on,
        cooperation=4,
        main_goal_score=3,
        goal_scores=scores(plan),
    )


@pytest.fixture
def case_since_march(table_case):
    """The case was registered on 3 March 2026, 00:30 in Amsterdam (2 March in UTC)."""
    created = datetime.datetime(2026, 3, 3, 0, 30, tzinfo=AMSTERDAM)
    Case.objects.filter(pk=table_case.pk).update(created_at=created)
    table_case.refresh_from_db()
    return table_case


def test_date_before_the_case_existed_is_refused(procesregisseur, case_since_march, plan):
    with pytest.raises(ValidationError) as error:
        measure(procesregisseur, case_since_march, plan, datetime.date(2023, 5, 1))
    message = " ".join(error.value.message_dict["measured_on"])
    assert "vóór de casus bestond" in message and "3 maart 2026" in message
    # The day before, in Amsterdam, is refused too; the day itself (a UTC date earlier)
    # is accepted.
    with pytest.raises(ValidationError):
        measure(procesregisseur, case_since_march, plan, datetime.date(2026, 3, 2))
    measure(procesregisseur, case_since_march, plan, datetime.date(2026, 3, 3))
    assert ProgressMeasurement.objects.count() == 1


def test_future_date_is_refused(procesregisseur, case_since_march, plan):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        measure(procesregisseur, case_since_march, plan, tomorrow)
    assert "toekomst" in " ".join(error.value.message_dict["measured_on"])
    assert not ProgressMeasurement.objects.exists()


def test_form_refuses_an_old_date_in_dutch(signed_in, procesregisseur, case_since_march, plan):
    data = {
        "measured_on": "2021-01-05",
        "cooperation": "4",
        "main_goal_score": "3",
        "note": "Evaluatie",
        **{goal_field_name(pk): "3" for pk in scores(plan)},
    }
    url = reverse("followup:measurement_create", args=[case_since_march.pk])
    response = signed_in(procesregisseur).post(url, data)
    assert response.status_code == 200
    assert "vóór de casus bestond" in response.content.decode()
    assert not ProgressMeasurement.objects.exists()


def test_chart_axis_shows_short_dutch_dates(signed_in, procesregisseur, case_since_march, plan):
    for day in (datetime.date(2026, 3, 3), datetime.date(2026, 4, 14), datetime.date(2026, 5, 1)):
        measure(procesregisseur, case_since_march, plan, day)
    body = signed_in(procesregisseur).get(
        reverse("cases:section", args=[case_since_march.pk, "aanpak"])
    )
    svg = body.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r'<text x="([^"]+)"[^>]*text-anchor="middle"[^>]*>([^<]*)</text>', svg)
    assert [label for _x, label in labels] == ["3 mrt", "14 apr", "1 mei"]
    # SVG coordinates are plain numbers: a Dutch decimal comma would put every label at 0.
    xs = [float(x) for x, _label in labels]
    assert xs == sorted(xs) and len(set(xs)) == 3
    for attribute in re.findall(r' (?:x|y|cx|cy|x1|x2|y1|y2)="([^"]*)"', svg):
        float(attribute)
