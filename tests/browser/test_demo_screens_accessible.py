"""axe-core on every screen of the regietafel work, filled with the demo region's data.

The demo data has what empty test fixtures lack: agendas of ten items, plans in three
versions, minutes, overdue actions, escalations and evaluations. Each demo user walks
the screens of their role as a new user would after `make run`.
"""

import pytest
from django.urls import reverse

from schakel.accounts.models import User
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.demo.credentials import DEMO_PASSWORD
from schakel.demo.generator import generate_demo_data
from schakel.followup.models import Action
from schakel.meetings.models import AgendaItem
from schakel.nazorg.models import DetentionNotice
from schakel.plans.models import Intervention
from tests.browser.helpers import assert_accessible, restore_reference_lists, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_region(transactional_db):
    restore_reference_lists()
    generate_demo_data(size=40, seed=5)


def visit_all(page, user: User, paths: list[str]) -> None:
    sign_in(page, user, password=DEMO_PASSWORD)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_procesregisseur_screens(page, demo_region):
    regisseur = User.objects.get(username="procesregisseur")
    example = Case.objects.get(title__startswith="Voorbeeld Volwassenen")
    item = (
        AgendaItem.objects.filter(meeting__table=example.table, minuted_at__isnull=False)
        .select_related("meeting")
        .first()
    )
    running = Case.objects.filter(
        table__in=regisseur.directed_tables.all(), state=CaseState.IN_UITVOERING
    ).first()
    intervention = Intervention.objects.filter(plan__case=example).first()
    goal = example.plan.goals.first()
    detainee = DetentionNotice.objects.filter(reintegration_officer__isnull=False).first()

    def on_plan(name: str, **extra) -> str:
        return reverse(f"plans:{name}", kwargs={"case_pk": example.pk, **extra})

    visit_all(
        page,
        regisseur,
        [
            reverse("meetings:list"),
            reverse("meetings:detail", args=[item.meeting_id]),
            reverse("meetings:item", args=[item.meeting_id, item.pk]),
            reverse("meetings:print_agenda", args=[item.meeting_id]),
            reverse("meetings:print_minutes", args=[item.meeting_id]),
            reverse("meetings:tables"),
            reverse("meetings:table", args=[example.table_id]),
            reverse("meetings:table_edit", args=[example.table_id]),
            reverse("meetings:create"),
            reverse("cases:detail", args=[example.pk]),
            # A detainee's case: the detentiemelding and quickscan in the melding section.
            reverse("cases:section", kwargs={"pk": detainee.case_id, "section": "melding"}),
            on_plan("detail"),
            on_plan("edit_general"),
            on_plan("edit_analyses"),
            on_plan("goal_create"),
            on_plan("goal_edit", goal_pk=goal.pk),
            on_plan("intervention_create"),
            on_plan("intervention_edit", intervention_pk=intervention.pk),
            on_plan("agree"),
            on_plan("versions"),
            on_plan("version", number=1),
            on_plan("compare") + "?a=1&b=2",
            reverse("followup:action_list"),
            reverse("followup:action_create", args=[example.pk]),
            reverse("followup:measurement_create", args=[example.pk]),
            reverse("followup:escalation_create", args=[example.pk]),
            reverse("closure:de_escalate", args=[running.pk]),
            reverse("closure:close", args=[running.pk]),
            reverse("notifications:list"),
        ],
    )


def test_partner_screens(page, demo_region):
    politie = User.objects.get(username="politie")
    action = Action.objects.filter(owner_organisation=politie.organisation).first()
    intervention = Intervention.objects.filter(organisation=politie.organisation).first()
    case_pk = intervention.plan.case_id
    visit_all(
        page,
        politie,
        [
            reverse("home:worklist"),
            reverse("meetings:list"),
            reverse("plans:detail", kwargs={"case_pk": case_pk}),
            reverse(
                "plans:progress", kwargs={"case_pk": case_pk, "intervention_pk": intervention.pk}
            ),
            reverse("followup:action_list"),
            reverse("followup:action_detail", args=[action.pk]),
        ],
    )


def test_manager_screens(page, demo_region):
    visit_all(
        page,
        User.objects.get(username="manager"),
        [reverse("closure:improvements"), reverse("meetings:tables")],
    )
