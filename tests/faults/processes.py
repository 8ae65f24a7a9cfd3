"""Real processes for the fault tests: background workers, the web server (gunicorn) and a
throwaway PostgreSQL 15 server of their own, which the tests stop, restart and kill."""

from __future__ import annotations

import email
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from tests.core.pg_servers import as_server_user, free_port

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SETTINGS = "tests.faults.fault_settings"


def _run(command: list, **options) -> subprocess.CompletedProcess:
    # Fixed commands of the PostgreSQL 15 tools, with paths this module made.
    return subprocess.run(command, **options)  # noqa: S603


def wait_until(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s in vain for: {what}")
        time.sleep(0.05)


def shared_database_url() -> str:
    """The URL of the database this test runs on, for processes that must share it."""
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT']}/"
        f"{settings['NAME']}"
    )


def process_env(database_url: str, mail_dir: Path, lease: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        SCHAKEL_FAULT_MAIL_DIR=str(mail_dir),
        SCHAKEL_FAULT_LEASE=str(lease),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def start_worker(env: dict[str, str], worker_id: str, log_dir: Path) -> subprocess.Popen:
    log = (log_dir / f"{worker_id}.log").open("w")
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0.05",
            f"--worker-id={worker_id}",
            "-v1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kill_hard(process: subprocess.Popen) -> None:
    """kill -9: no clean-up in the process, as when a machine dies."""
    process.send_signal(signal.SIGKILL)
    process.wait()


def sent_emails(mail_dir: Path) -> list[email.message.Message]:
    """Every e-mail the file backend wrote, from every process."""
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(mail_dir.glob("*")):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


class ThrowawayPostgres:
    """A PostgreSQL 15 server in a temporary directory, only for one test: restarting it
    disturbs no other test."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="schakel-faults-pg-"))
        self.dir.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"

    @property
    def url(self) -> str:
        return f"postgres://schakel@127.0.0.1:{self.port}/schakel"

    def _ctl(self, *args: str) -> None:
        _run(
            as_server_user(PG_BIN / "pg_ctl", "-D", self.data, *args),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        if not self.data.exists():
            _run(
                as_server_user(
                    PG_BIN / "initdb",
                    "-D",
                    self.data,
                    "-A",
                    "trust",
                    "-U",
                    "schakel",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._ctl("-l", str(self.dir / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def copy_from(self, source_url: str) -> None:
        """The schema and every row of the source database, as the database 'schakel'."""
        _run(
            as_server_user(
                PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "schakel", "schakel"
            ),
            check=True,
        )
        dump = _run(
            [PG_BIN / "pg_dump", "--no-owner", "--no-privileges", source_url],
            check=True,
            capture_output=True,
        )
        _run(
            [PG_BIN / "psql", "-q", "-v", "ON_ERROR_STOP=1", self.url],
            input=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
