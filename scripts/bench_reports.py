"""Benchmark of the report pages on a filled database (the demo region at a large size).

Not part of the test suite. Fill a database first, then run against it, for example:

    DATABASE_URL=postgres://schakel@127.0.0.1:5432/schakel SCHAKEL_DEBUG=1 SCHAKEL_DEMO=1 \\
        .venv/bin/python manage.py demo_data --size 100000
    DATABASE_URL=postgres://schakel@127.0.0.1:5432/schakel SCHAKEL_DEBUG=1 \\
        .venv/bin/python scripts/bench_reports.py --runs 10

Every report page is requested in-process through Django's test client, as the demo's
manager and as a procesregisseur, for the latest year without a filter, with a regietafel
and with a municipality, and as the two exports. It prints the median and the slowest of
`--runs` requests per page (after one request to warm up), and the figures that go
into the pages one by one, so a slow page shows which figure to EXPLAIN.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")

USERS = ("manager", "regisseur-jeugd")


def timed(call, runs: int) -> tuple[float, float]:
    call()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="", help="alleen deze rapportage (sleutel)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality
    from schakel.reports import figures
    from schakel.reports.reports import REPORTS
    from schakel.tables.models import Table
    from tests.helpers import sign_in

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    manager = User.objects.get(username="manager")
    region_id = manager.region_id
    year = figures.years(region_id)[0]
    table = Table.objects.filter(region_id=region_id, name__icontains="volwassenen").first()
    municipality = Municipality.objects.filter(region_id=region_id, name="Dordrecht").first()
    filters = {
        "geen filter": {},
        "regietafel": {"tafel": table.pk} if table else {},
        "gemeente": {"gemeente": municipality.pk} if municipality else {},
        "export csv": {"formaat": "csv"},
        "export xlsx": {"formaat": "xlsx"},
    }
    print(f"Jaar {year}; {args.runs} keer per pagina; seconden (mediaan / langzaamste)")
    for username in USERS:
        client = sign_in(Client(), User.objects.get(username=username))
        for key in REPORTS:
            if args.only and key != args.only:
                continue
            url = reverse("reports:report", args=[key])
            for label, params in filters.items():

                def get(url=url, params=params, client=client):
                    response = client.get(url, {"jaar": year, **params})
                    assert response.status_code == 200, response.status_code

                p50, worst = timed(get, args.runs)
                print(f"{username:16} {key:15} {label:12} {p50:6.3f} {worst:6.3f}")

    scope = figures.Scope(region_id=region_id, year=year)
    print("Figuren, zonder filter:")
    for name in (
        "referrals_by_source",
        "triage_outcomes",
        "plans_and_cases",
        "closures_by_result",
        "cases_by_municipality",
        "detainee_outflow",
        "lead_times",
        "goal_attainment",
        "youth_suspects_by_gender",
        "recurring_life_domains",
        "age_and_gender",
        "rendement",
    ):
        function = getattr(figures, name)
        p50, worst = timed(lambda function=function: function(scope), args.runs)
        print(f"  {name:28} {p50:6.3f} {worst:6.3f}")


if __name__ == "__main__":
    main()
