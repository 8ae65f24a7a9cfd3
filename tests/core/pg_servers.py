"""Throwaway PostgreSQL servers next to the test database's own, and Schakel served by
gunicorn with production settings against them: for the tests that need a real streaming
replica, or a database that stops and starts again.

A standby is made with pg_basebackup from the server that holds the test database, so it
holds the migrated test database at once, and streams whatever the test commits there.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection

PG_BIN = Path(os.environ.get("SCHAKEL_PG_BIN", "/usr/lib/postgresql/15/bin"))
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def needs_postgresql_servers() -> pytest.MarkDecorator:
    """Skips before the test database is set up, so a SQLite run loses no time on it."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql" or not (PG_BIN / "pg_basebackup").exists(),
        reason="needs PostgreSQL and its server programs (a streaming replica, a server "
        f"to stop and start; looked in {PG_BIN})",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(*command: str | os.PathLike) -> list[str]:
    """A PostgreSQL tool's command line, run as the postgres user when the tests run as
    root: initdb, pg_ctl and friends refuse to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, command)]
    return list(map(str, command))


def _run(*command: str) -> None:
    result = subprocess.run(  # noqa: S603 (the PostgreSQL programs, fixed arguments)
        as_server_user(*command), capture_output=True, text=True
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"


def database_under_test() -> dict[str, str]:
    """Where the test database lives: host, port, user and its name."""
    params = connection.settings_dict
    return {
        "host": params["HOST"] or "127.0.0.1",
        "port": str(params["PORT"] or 5432),
        "user": params["USER"],
        "dbname": params["NAME"],
    }


@dataclass
class Standby:
    directory: Path
    port: int
    dbname: str
    user: str

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{self.dbname}"

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=self.dbname, autocommit=True
        )

    def _pg_ctl(self, *arguments: str) -> None:
        _run(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *arguments)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("-l", str(self.directory / "server.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def promote(self) -> None:
        self._pg_ctl("-w", "promote")

    def catch_up(self, timeout: float = 20) -> None:
        """Wait until the standby has replayed everything the primary has committed."""
        primary = database_under_test()
        with psycopg.connect(**primary, autocommit=True) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connect() as conn:
            while True:
                done = conn.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(target)]
                ).fetchone()[0]
                if done:
                    return
                assert time.monotonic() < deadline, "the standby did not catch up"
                time.sleep(0.05)


@contextmanager
def replay_paused(standby: Standby, timeout: float = 20) -> Iterator[None]:
    """The standby keeps the database as it is now until the block ends."""
    with standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + timeout
        while conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
            assert time.monotonic() < deadline, "the standby did not pause"
            time.sleep(0.05)
        try:
            yield
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def streaming_standby() -> Iterator[Standby]:
    """A hot standby of the server holding the test database, streaming from it."""
    primary = database_under_test()
    directory = Path(tempfile.mkdtemp(prefix="schakel-standby-"))
    directory.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    standby = Standby(directory, free_port(), primary["dbname"], primary["user"])
    try:
        _run(
            str(PG_BIN / "pg_basebackup"),
            *("-h", primary["host"], "-p", primary["port"], "-U", primary["user"]),
            *("-D", str(directory / "data"), "-R", "-X", "stream"),
            *("--checkpoint=fast", "--no-sync"),
        )
        standby.start()
        yield standby
    finally:
        subprocess.run(  # noqa: S603 (pg_ctl, fixed arguments)
            as_server_user(
                str(PG_BIN / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"
            ),
            capture_output=True,
        )
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Server:
    """Schakel in gunicorn, as production runs it; requests carry one session cookie."""

    port: int
    log: Path
    session_cookie: str = ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.session_cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={self.session_cookie}"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            return Response(
                answer.status,
                {k.lower(): v for k, v in answer.getheaders()},
                answer.read().decode(),
            )
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:]


@contextmanager
def schakel_in_gunicorn(*, database_url: str, replica_url: str = "") -> Iterator[Server]:
    """Production settings (DEBUG off, persistent connections with health checks), over
    plain http, with the test run's secret key so its sessions are valid there."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="schakel-gunicorn-", suffix=".log")[1])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schakel.settings",
        "SCHAKEL_DEBUG": "0",
        "SCHAKEL_DEMO": "0",
        "SCHAKEL_HTTPS": "0",
        "SCHAKEL_SECRET_KEY": settings.SECRET_KEY,
        "SCHAKEL_ALLOWED_HOSTS": "127.0.0.1",
        "SCHAKEL_DB_CONN_MAX_AGE": "60",
        "DATABASE_URL": database_url,
        "DATABASE_REPLICA_URL": replica_url,
    }
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 (gunicorn serving our own application)
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
            + ["--timeout", "60", "schakel.wsgi"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, server.log_tail()
            try:
                server.get("/gezondheid/")
                break
            except OSError:
                assert time.monotonic() < deadline, server.log_tail()
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.unlink(missing_ok=True)
