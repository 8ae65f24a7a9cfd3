"""The load run of `make bench` (started by scripts/bench/run.sh; see docs/performance.md).

BENCH_USERS simulated users (desks, see pages.py) sign in, and once all are in, they
load one page at a time, in the order of pages.PAGES, each for BENCH_SLICE seconds:
while a page's slice runs, every user requests only that page, so the slice measures
that page's own latency and throughput at this concurrency. Without BENCH_THINK the users
go back to back without think time (a closed loop: the machine's capacity); with
BENCH_THINK=s each user waits between s/2 and 3s/2 seconds after each page, as a person
reading it would (the latency real users get). The first seconds of a slice (a quarter, at most five) are not counted.
With BENCH_MIX=1 (the "werkdag" phase) there is one slice of BENCH_SLICE seconds in which
every user goes from page to page at random in the proportions of pages.WORKDAY, with
think time: how many people working at once the machine serves within the goals.
Every request is written to BENCH_SAMPLES with its start, duration and outcome;
scripts/bench/report.py turns them into the table.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from collections.abc import Callable, Sequence

import gevent
from locust import HttpUser, constant, events, task
from locust.clients import HttpSession
from locust.exception import StopUser
from pages import PAGES, WORKDAY, Desk, Response, sign_in

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())
USERS = int(os.environ["BENCH_USERS"])
SLICE = float(os.environ["BENCH_SLICE"])
THINK = float(os.environ.get("BENCH_THINK") or 0)
MIX = os.environ.get("BENCH_MIX") == "1"
PAGES_BY_NAME = {page.name: page for page in PAGES}
WORKDAY_PAGES = [PAGES_BY_NAME[name] for name in WORKDAY]
WORKDAY_WEIGHTS = list(WORKDAY.values())
SCHEDULE = WORKDAY_PAGES if MIX else PAGES
SAMPLES_FILE = os.environ["BENCH_SAMPLES"]
# Requests answered by an earlier load run of this benchmark: they cannot be answered again.
USED_FILE = os.environ["BENCH_USED"]
# Requests of the previous page still in flight when a slice starts are not this page's
# load: the first seconds of every slice are not counted.
WARM_UP = min(5.0, SLICE / 4)

# gunicorn stands behind the load balancer, which ends TLS: users' browsers see this
# https origin, gunicorn gets plain http with X-Forwarded-Proto (see run.sh).
HTTPS_ORIGIN = os.environ["BENCH_ORIGIN"]

slots = itertools.count(1)
signed_in = 0
finished = 0
schedule_start: float | None = None
samples: list[tuple[str, float, float, bool]] = []
exhausted: set[str] = set()
used: list[int] = json.loads(open(USED_FILE).read()) if os.path.exists(USED_FILE) else []
# Every slot's share but the query count's (slot 0), for all users of this run together.
pools: dict[tuple[str, str], list[int]] = {
    (partner, "answers"): [
        pk for share in PLAN["targets"][partner]["answers"][1:] for pk in share if pk not in used
    ]
    for partner in PLAN["partners"]
}


class LocustRequester:
    """A signed-in browser on top of one locust session (its own cookies)."""

    def __init__(self, session: HttpSession, origin: str) -> None:
        self.session = session
        self.origin = origin

    def request(
        self,
        method: str,
        path: str,
        *,
        name: str,
        data: Sequence[tuple[str, str]] | None,
        expect: Callable[[Response], bool],
    ) -> Response:
        started = time.time()
        with self.session.request(
            method,
            path,
            data=data,
            name=name,
            allow_redirects=False,
            headers={
                # What the load balancer adds after ending TLS (docs/deployment.md).
                "X-Forwarded-Proto": "https",
                # As a browser sends them: Django checks the origin of every POST over https.
                "Referer": self.origin + path,
                "Origin": self.origin,
            },
            catch_response=True,
        ) as raw:
            # The browser speaks https to the load balancer, so it sends the Secure
            # (__Host-) cookies back; this client talks http to gunicorn and would not.
            for cookie in self.session.cookies:
                cookie.secure = False
            response = Response(raw.status_code, raw.text, raw.headers.get("Location", ""))
            ok = expect(response)
            if ok:
                raw.success()
            else:
                # The path says which case, plan or request it was, to look into later.
                raw.failure(f"{response.status} {path} {response.location}".rstrip())
        samples.append((name, started, time.time() - started, ok))
        return response


class BenchUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        global signed_in, schedule_start
        self.slot = next(slots)
        self.thinking = random.Random(-self.slot)
        sessions = {}
        for role in ("procesregisseur", "partner", "privacy"):
            if role == "procesregisseur":
                session = self.client
            else:
                session = HttpSession(
                    base_url=self.host, request_event=self.environment.events.request, user=self
                )
            sessions[role] = LocustRequester(session, HTTPS_ORIGIN)
        self.desk = Desk(
            slot=self.slot, plan=PLAN, sessions=sessions, rng=random.Random(self.slot), pools=pools
        )
        partner = self.desk.partner
        for role, part in (
            ("procesregisseur", "procesregisseur"),
            ("partner", partner),
            ("privacy", "privacy"),
        ):
            username = f"bench-{self.slot:02d}-{part}"
            if not sign_in(
                sessions[role],
                username,
                PLAN["accounts"][username],
                now=time.time,
                sleep=gevent.sleep,
            ):
                raise RuntimeError(f"inloggen mislukt voor {username}")
        signed_in += 1
        if signed_in == USERS:
            schedule_start = time.time() + 1
            samples.clear()  # the sign-ins are not part of any page

    @task
    def load(self) -> None:
        while schedule_start is None:
            gevent.sleep(0.1)
        now = time.time()
        if now < schedule_start:
            gevent.sleep(schedule_start - now)
            return
        index = int((now - schedule_start) // SLICE)
        if index >= (1 if MIX else len(PAGES)):
            global finished
            exhausted.update(self.desk.exhausted)
            finished += 1
            # The last user to finish ends the run: no write is cut off mid-request.
            if finished == USERS and self.environment.runner is not None:
                gevent.spawn_later(0.1, self.environment.runner.quit)
            raise StopUser()
        before = len(samples)
        if MIX:
            self.desk.rng.choices(WORKDAY_PAGES, WORKDAY_WEIGHTS)[0].run(self.desk)
        else:
            PAGES[index].run(self.desk)
        if THINK and len(samples) > before:
            gevent.sleep(self.thinking.uniform(THINK / 2, THINK * 3 / 2))
        elif len(samples) == before:
            # Nothing left to write for this user (its share is used up): wait for the next.
            gevent.sleep(min(1.0, schedule_start + (index + 1) * SLICE - time.time()))


@events.quitting.add_listener
def write_samples(environment, **_kwargs) -> None:
    left = {pk for pool in pools.values() for pk in pool}
    taken = [
        pk
        for partner in PLAN["partners"]
        for share in PLAN["targets"][partner]["answers"][1:]
        for pk in share
        if pk not in left
    ]
    with open(USED_FILE, "w", encoding="utf-8") as handle:
        json.dump(sorted(set(taken)), handle)
    with open(SAMPLES_FILE, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "users": USERS,
                "think_s": THINK,
                "slice": SLICE,
                "warm_up": WARM_UP,
                "start": schedule_start,
                "mix": MIX,
                "pages": [page.name for page in SCHEDULE],
                "writes": [page.name for page in PAGES if page.write],
                "exhausted": sorted(exhausted),
                "samples": samples,
            },
            handle,
        )
