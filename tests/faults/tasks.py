"""Tasks only the fault tests enqueue: each notes every run of itself in a file, so a test
sees whether a job ran once, twice or never, whichever worker process ran it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


def note_run(record: str, key: str) -> None:
    # One short write with O_APPEND: lines of processes writing at once do not mix.
    descriptor = os.open(record, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, f"{key}\n".encode())
    finally:
        os.close(descriptor)


@task()
def count_run(record: str, key: str) -> str:
    time.sleep(0.005)  # long enough for the other worker to claim the next job meanwhile
    note_run(record, key)
    return key


@task()
def wait_for_release(record: str, key: str, started: str, release: str) -> str:
    """Says it started, then waits for the test to release it: a job to kill a worker in."""
    Path(started).write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    note_run(record, key)
    return key
