"""The faults an operator meets, tried on a running Schakel: a web server (gunicorn) and two
background workers against a PostgreSQL 15 server of the test's own, while meldingen are
sent over real HTTP. Mid-run the test drops a connection right after a POST (the browser
then sends the form again), kills a worker with kill -9 in the middle of a job, and
restarts PostgreSQL. Afterwards everything happened exactly once: every acknowledged
melding is one case (none doubled by a retry), each has its access-log rows, every job
ran to the end once, every reminder and every e-mail went out once.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from psycopg import sql

from schakel.access.models import AccessLogEntry
from schakel.accounts.roles import Role
from schakel.cases.models import Case
from schakel.core.submissions import TOKEN_FIELD
from schakel.followup.models import Action
from schakel.followup.tasks import send_action_reminders
from schakel.notifications.models import Notification, OutboundEmail
from tests.factories import UserFactory
from tests.faults import processes
from tests.faults.tasks import wait_for_release
from tests.helpers import make_action, referral_post, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 5.0  # seconds: a killed worker's job is taken up within the test
CREATE_URL = reverse("referrals:create")
MELDINGEN = 12
TITLE = "Storingstest melding {}"


class Browser:
    """A signed-in user's browser: opens the melding form, sends it, and sends it again
    (same form, same token) when the answer does not come, as a user would."""

    def __init__(self, base: str, session_cookie: str):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session_cookie}
        self.acknowledged: dict[int, str] = {}  # melding number -> the case it led to
        self.retries = 0
        self.errors: Counter[str] = Counter()

    def _form(self) -> dict[str, str]:
        page = self._until_ok(
            lambda: requests.get(
                self.base + CREATE_URL, cookies=self.cookies, timeout=10, allow_redirects=False
            )
        )
        self.cookies.update(page.cookies.get_dict())
        fields = {}
        for name in ("csrfmiddlewaretoken", TOKEN_FIELD):
            match = re.search(rf'name="{name}" value="([^"]+)"', page.text)
            assert match, f"no {name} on the form"
            fields[name] = match.group(1)
        return fields

    def _until_ok(self, send, *, deadline: float = 40.0) -> requests.Response:
        stop = time.monotonic() + deadline
        while True:
            try:
                response = send()
                if response.status_code < 500:
                    return response
                self.errors[f"HTTP {response.status_code}"] += 1
            except requests.RequestException as error:
                self.errors[type(error).__name__] += 1
            if time.monotonic() > stop:
                raise AssertionError(f"no answer from Schakel for {deadline} s: {self.errors}")
            self.retries += 1
            time.sleep(0.2)

    def send_melding(self, number: int, municipality, *, drop_first: bool = False) -> None:
        data = {**referral_post(municipality, title=TITLE.format(number)), **self._form()}
        if drop_first:
            self._post_and_hang_up(data)
        response = self._until_ok(
            lambda: requests.post(
                self.base + CREATE_URL,
                data=data,
                cookies=self.cookies,
                timeout=10,
                allow_redirects=False,
            )
        )
        assert response.status_code == 302, response.text[:2000]
        self.acknowledged[number] = response.headers["Location"]

    def _post_and_hang_up(self, data: dict) -> None:
        """Send the POST and close the connection without reading the answer: the write
        may commit, the user never hears of it."""
        body = urlencode(data, doseq=True).encode()
        host, port = self.base.removeprefix("http://").split(":")
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = (
            f"POST {CREATE_URL} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        with socket.create_connection((host, int(port)), timeout=5) as hung_up:
            hung_up.sendall(head + body)
        time.sleep(0.05)


def start_server(env: dict[str, str], port: int, log_dir: Path) -> subprocess.Popen:
    log = (log_dir / "gunicorn.log").open("w")
    return subprocess.Popen(  # noqa: S603 - gunicorn of this environment, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "schakel.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--timeout=30",
            "--graceful-timeout=2",
            "--preload",
        ],
        cwd=processes.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def select(url: str, model, columns: str, where: str = "TRUE", *params) -> list[tuple]:
    """Rows of a model's table in the throwaway server (the test's own connection is to the
    test database)."""
    query = sql.SQL("SELECT {} FROM {} WHERE {}").format(
        sql.SQL(columns), sql.Identifier(model._meta.db_table), sql.SQL(where)
    )
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        return db.execute(query, params).fetchall()


@pytest.fixture
def workdir(tmp_path: Path):
    (tmp_path / "mail").mkdir()
    return tmp_path


def test_nothing_lost_or_doubled_when_parts_fail(
    workdir, municipality, partner_user, procesregisseur, table_case, politie
):
    # --- What the running Schakel starts with, copied into its own server -------------
    owners = [UserFactory(organisation=politie, roles=[Role.KETENPARTNER]) for _ in range(3)]
    actions = [
        make_action(table_case, politie, procesregisseur, owner_user=owners[n % 3])
        for n in range(9)
    ]
    record, started, release = (workdir / n for n in ("runs.txt", "started", "release"))
    wait_for_release.enqueue(str(record), "lange-taak", str(started), str(release))
    send_action_reminders.enqueue()
    session = sign_in(Client(), partner_user).cookies[settings.SESSION_COOKIE_NAME].value

    began = time.monotonic()
    timeline: list[str] = []

    def mark(what: str) -> None:
        timeline.append(f"{time.monotonic() - began:5.1f} s  {what}")

    database = processes.ThrowawayPostgres()
    server = None
    workers: dict[str, subprocess.Popen] = {}
    try:
        database.start()
        env = processes.process_env(database.url, workdir / "mail", LEASE)
        port = processes.free_port()
        server = start_server(env, port, workdir)  # loads while the database is filled
        database.copy_from(processes.shared_database_url())
        mark("own PostgreSQL started and filled")
        for name in ("werker-1", "werker-2"):
            workers[name] = processes.start_worker(env, name, workdir)
        browser = Browser(f"http://127.0.0.1:{port}", session)
        browser._until_ok(
            lambda: requests.get(browser.base + "/", timeout=5, allow_redirects=False)
        )
        mark("gunicorn and two workers up")

        # --- Meldingen keep coming while parts fail ----------------------------------
        writer_failed: list[BaseException] = []

        def write_all() -> None:
            try:
                for number in range(MELDINGEN):
                    # Every fourth: the connection drops after the POST; the user retries.
                    browser.send_melding(number, municipality, drop_first=number % 4 == 1)
            except BaseException as error:  # reported by the main thread
                writer_failed.append(error)

        writer = threading.Thread(target=write_all)
        writer.start()

        # A worker killed mid-job: the job it held is taken up by another worker.
        processes.wait_until(started.exists, timeout=30, what="the long job started")
        holder_pid = int(started.read_text())
        holder = next(name for name, p in workers.items() if p.pid == holder_pid)
        processes.kill_hard(workers.pop(holder))
        mark(f"{holder} killed with kill -9 mid-job")
        release.touch()
        workers["werker-3"] = processes.start_worker(env, "werker-3", workdir)

        # PostgreSQL restarted under the write load.
        processes.wait_until(lambda: len(browser.acknowledged) >= 5, timeout=40, what="5 meldingen")
        database.stop("fast")
        mark("PostgreSQL stopped")
        time.sleep(1.0)
        database.start()
        mark("PostgreSQL started again")

        writer.join(timeout=60)
        assert not writer_failed, writer_failed
        assert len(browser.acknowledged) == MELDINGEN
        mark(f"{MELDINGEN} meldingen acknowledged")

        def all_done() -> bool:
            (open_jobs,) = select(
                database.url, DBTaskResult, "count(*)", "status IN ('READY', 'RUNNING')"
            )
            (unsent,) = select(database.url, OutboundEmail, "count(*)", "status <> 'verzonden'")
            return open_jobs[0] == 0 and unsent[0] == 0

        processes.wait_until(all_done, timeout=40, what="every job and e-mail done")
        mark("every job and e-mail done")
    finally:
        for process in [*workers.values(), *([server] if server else [])]:
            processes.stop(process)
        mark("processes stopped")
        for log in sorted(workdir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        try:
            url = database.url
            final = {
                "cases": select(url, Case, "id, title"),
                "log": select(
                    url, AccessLogEntry, "case_ref, action", "user_id = %s", partner_user.pk
                ),
                "jobs": select(url, DBTaskResult, "status, task_path, worker_ids, traceback"),
                "actions": select(url, Action, "id", "reminded_at IS NOT NULL"),
                "reminders": select(url, Notification, "topic, user_id", "topic LIKE 'actie-%%'"),
                "outbox": select(url, OutboundEmail, "user_id, event, status, attempts"),
            }
        finally:
            database.remove()
            mark("own PostgreSQL removed")

    print("\n".join(timeline))
    print(f"retries by the browser: {browser.retries}, errors seen: {dict(browser.errors)}")

    # Every acknowledged melding is one case, and no melding became two.
    titles = Counter(title for _pk, title in final["cases"])
    for number in browser.acknowledged:
        assert titles[TITLE.format(number)] == 1, number
    case_of = {title: pk for pk, title in final["cases"]}
    for number, location in browser.acknowledged.items():
        assert location == reverse("cases:detail", args=[case_of[TITLE.format(number)]])
    # Each has its access-log row of the registration.
    logged = {case_ref for case_ref, action in final["log"] if action == "create"}
    assert {case_of[TITLE.format(n)] for n in browser.acknowledged} <= logged

    # Every job ran to the end, once; the killed worker's job exactly once, by another.
    assert {status for status, *_rest in final["jobs"]} == {"SUCCESSFUL"}, final["jobs"]
    assert record.read_text().split() == ["lange-taak"]
    long_job = next(ids for _s, path, ids, _t in final["jobs"] if path.endswith("wait_for_release"))
    assert long_job[0] == holder and len(long_job) == 2

    # Every reminder once, every e-mail once.
    assert {pk for (pk,) in final["actions"]} == {action.pk for action in actions}
    assert len(final["reminders"]) == len(set(final["reminders"])) == len(actions) * 2
    assert len(final["outbox"]) == len({(user, event) for user, event, *_ in final["outbox"]})
    assert {(status, attempts) for *_ids, status, attempts in final["outbox"]} == {("verzonden", 1)}
    sent = processes.sent_emails(workdir / "mail")
    assert len(sent) == len(final["outbox"])
    assert len({message["Message-ID"] for message in sent}) == len(sent)
