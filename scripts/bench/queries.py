"""Queries per request for every benchmark page, counted in-process.

The same pages (pages.PAGES), the same kind of bench accounts (slot 0 of the plan, signed
in through the real login with password and TOTP) and the same database as the load run,
but through Django's test client with CaptureQueriesContext instead of gunicorn. Each page
runs three times; the table shows the third (caches warm, as in a long-running worker),
the JSON all three.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

from pages import PAGES, Desk, Response, sign_in  # noqa: E402

ORIGIN = "https://127.0.0.1"
ROUNDS = 3


class ClientRequester:
    def __init__(self, counts: dict[str, list[int]]) -> None:
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        self.counts = counts
        self.failures: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        name: str,
        data: Sequence[tuple[str, str]] | None,
        expect: Callable[[Response], bool],
    ) -> Response:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        headers = {"referer": ORIGIN + path, "origin": ORIGIN}
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                raw = self.client.get(path, secure=True, headers=headers)
            else:
                body: dict[str, list[str]] = {}
                for key, value in data or ():
                    body.setdefault(key, []).append(value)
                raw = self.client.post(path, body, secure=True, headers=headers)
        response = Response(
            raw.status_code, raw.content.decode(errors="replace"), raw.get("Location", "")
        )
        self.counts.setdefault(name, []).append(len(captured.captured_queries))
        if not expect(response):
            self.failures.append(f"{name}: {method} {path} gaf {raw.status_code}")
        return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()

    import django

    django.setup()
    plan = json.loads(arguments.plan.read_text(encoding="utf-8"))
    counts: dict[str, list[int]] = {}
    sessions = {role: ClientRequester(counts) for role in ("procesregisseur", "partner", "privacy")}
    desk = Desk(slot=0, plan=plan, sessions=sessions, rng=random.Random(0))
    parts = {"procesregisseur": "procesregisseur", "partner": desk.partner, "privacy": "privacy"}
    for role, part in parts.items():
        username = f"bench-00-{part}"
        if not sign_in(
            sessions[role], username, plan["accounts"][username], now=time.time, sleep=time.sleep
        ):
            raise SystemExit(f"Schakel-bench: inloggen mislukt voor {username}")
    counts.clear()
    for page in PAGES:
        for _round in range(ROUNDS):
            page.run(desk)
    failures = [failure for requester in sessions.values() for failure in requester.failures]
    arguments.out.write_text(
        json.dumps({"rounds": ROUNDS, "queries": counts, "failures": failures}, indent=1)
    )
    for failure in failures:
        print(f"Schakel-bench: mislukt bij het tellen van queries: {failure}")


if __name__ == "__main__":
    main()
