"""`manage.py bewaartermijn_toepassen` for cron: a dry run lists, --direct removes, and
without either the work goes to the task queue."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from schakel.cases.models import Case
from schakel.retention.models import RetentionRun, RunTrigger
from tests.retention.helpers import stored_rows


def command(*args) -> str:
    out = StringIO()
    call_command("bewaartermijn_toepassen", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_counts_and_references_and_changes_nothing(expired_case, recent_case):
    before = stored_rows()

    output = command("--dry-run")

    assert stored_rows() == before
    assert "Zuid-Holland Zuid (zhz) — Proefdraaien, er verandert niets." in output
    assert "casusgegevens 24 maanden na afsluiten" in output
    assert "  Casussen: 1" in output
    assert "  Betrokkenen: 1" in output
    assert "  Meldingen: 1" in output
    assert f"  Casusnummers: {expired_case.reference}" in output
    assert recent_case.reference not in output
    assert "Fictief-Verlopen" not in output


def test_direct_removes_and_says_which_run_recorded_it(expired_case):
    output = command("--direct", "--regio", "zhz")

    run = RetentionRun.objects.get()
    assert run.started_via == RunTrigger.COMMAND
    assert "— Verwijderd." in output
    assert f"Vastgelegd als verwijderronde {run.pk}." in output
    assert not Case.objects.filter(pk=expired_case.pk).exists()


def test_nothing_due_says_so(region):
    assert "Niets te verwijderen." in command("--dry-run")


def test_without_direct_the_work_is_queued(expired_case):
    output = command()
    task = DBTaskResult.objects.get(task_path="schakel.retention.tasks.apply_retention_periods")
    assert f"taak {task.id}" in output
    assert Case.objects.filter(pk=expired_case.pk).exists()


@pytest.mark.parametrize("args", [["--dry-run"], ["--direct"], []])
def test_an_unknown_region_is_refused(region, args):
    with pytest.raises(CommandError, match="Er is geen regio met de code nergens"):
        command(*args, "--regio", "nergens")
    assert not RetentionRun.objects.exists() and not DBTaskResult.objects.exists()
