"""The benchmark's own arithmetic (scripts/bench): percentiles, slices, the table, forms."""

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench"


def load(name):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        # Dataclasses look their module up by name while the class is made.
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


report = load("report")
pages = load("pages")


def test_percentiles_interpolate_between_ranks():
    values = [40, 10, 30, 20]
    assert report.percentile(values, 50) == 25
    assert report.percentile(values, 0) == 10
    assert report.percentile(values, 100) == 40
    assert report.percentile([7], 99) == 7
    assert math.isnan(report.percentile([], 50))


def test_a_slice_counts_only_its_own_page_after_the_warm_up():
    run = {
        "start": 100.0,
        "slice": 10.0,
        "warm_up": 1.0,
        "pages": ["kaal", "plan wijzigen"],
        "samples": [
            ["kaal", 100.5, 0.01, True],  # warm-up: not counted
            ["kaal", 102.0, 0.010, True],
            ["kaal", 103.0, 0.030, True],
            ["plan wijzigen", 104.0, 0.5, True],  # another page's name in this slice
            ["plan wijzigen (formulier)", 112.0, 0.2, True],
            ["plan wijzigen", 113.0, 0.4, False],
            ["kaal", 125.0, 0.01, True],  # after the last slice
        ],
    }
    rows = report.summarise(run)
    assert rows["kaal"]["requests"] == 2
    assert rows["kaal"]["p50_ms"] == pytest.approx(20)
    assert rows["kaal"]["requests_per_s"] == pytest.approx(2 / 9)
    assert rows["plan wijzigen"]["failures"] == 1
    assert rows["plan wijzigen"]["ratio_to_bare"] == pytest.approx(0.5)
    table = report.markdown_table(rows, run["pages"], {"kaal": [6, 6, 6]})
    assert "| kaal | 2 | 0 | 20 | 29 | 30 | 0.2 | 1.00 | 6 |" in table
    assert "| plan wijzigen (formulier) | 1 | 0 |" in table


def test_a_form_is_sent_as_the_page_shows_it():
    html = """
    <form method="post" action="/uitloggen/"><input name="csrfmiddlewaretoken" value="a"></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="b">
      <input name="title" value="Oud">
      <input type="checkbox" name="domains" value="1" checked>
      <input type="checkbox" name="domains" value="2">
      <select name="municipality"><option value="">Kies</option><option value="7">A</option></select>
      <textarea name="monitoring">
Wekelijks</textarea>
      <button type="submit">Opslaan</button>
    </form>"""
    values = pages.form_values(html, "title")
    assert values == [
        ("csrfmiddlewaretoken", "b"),
        ("title", "Oud"),
        ("domains", "1"),
        ("municipality", ""),
        ("monitoring", "Wekelijks"),
    ]
    assert pages.select_options(html, "municipality") == ["7"]
    assert ("title", "Nieuw") in pages.with_changes(values, title="Nieuw")


def test_a_phase_with_think_time_has_no_ratio_to_the_bare_view():
    run = {
        "start": 0.0,
        "slice": 10.0,
        "warm_up": 0.0,
        "think_s": 2.0,
        "pages": ["kaal", "plan"],
        "samples": [["kaal", 1.0, 0.003, True], ["plan", 11.0, 0.03, True]],
    }
    rows = report.summarise(run)
    assert rows["plan"]["requests"] == 1
    assert math.isnan(rows["plan"]["ratio_to_bare"])
    table = report.markdown_table(rows, run["pages"], {})
    assert "| plan | 1 | 0 | 30 | 30 | 30 | 0.1 | – |" in table


def test_the_cpu_of_a_slice_is_shared_over_its_requests():
    run = {
        "start": 100.0,
        "slice": 10.0,
        "warm_up": 2.0,
        "pages": ["kaal", "plan wijzigen"],
        "samples": [],
    }
    samples = [
        {"t": 101.0, "app_s": 0.0, "database_s": 0.0, "machine_s": 0.0},  # warm-up
        {"t": 102.0, "app_s": 1.0, "database_s": 0.5, "machine_s": 2.0},
        {"t": 110.0, "app_s": 9.0, "database_s": 2.5, "machine_s": 18.0},
        {"t": 112.0, "app_s": 10.0, "database_s": 3.0, "machine_s": 20.0},
        {"t": 120.0, "app_s": 14.0, "database_s": 7.0, "machine_s": 36.0},
    ]
    rows = {
        "kaal": {"requests": 800},
        "plan wijzigen": {"requests": 100},
        "plan wijzigen (formulier)": {"requests": 100},
    }
    found = report.cpu_per_request(run, samples, rows)
    assert found["kaal"]["app_ms"] == pytest.approx(10)  # 8 s over 800 requests
    assert found["kaal"]["database_ms"] == pytest.approx(2.5)
    assert found["kaal"]["machine_ms"] == pytest.approx(20)
    assert found["kaal"]["rest_ms"] == pytest.approx(7.5)
    assert found["kaal"]["cores_busy"] == pytest.approx(2)
    # A write's slice: form and POST together.
    assert found["plan wijzigen"]["app_ms"] == pytest.approx(20)
    table = report.cpu_table(found, run["pages"])
    assert "| kaal | 10.0 | 2.5 | 7.5 | 20.0 | 2.00 |" in table


def test_a_slice_without_samples_or_requests_has_no_cpu_figure():
    run = {"start": 0.0, "slice": 10.0, "warm_up": 0.0, "pages": ["kaal", "plan"], "samples": []}
    samples = [{"t": 1.0, "app_s": 0.0, "database_s": 0.0, "machine_s": 0.0}]
    assert report.cpu_per_request(run, samples, {"kaal": {"requests": 5}}) == {}
    assert report.cpu_per_request(run, [], {"kaal": {"requests": 5}}) == {}


def test_a_process_counts_from_the_first_sample_or_its_start_and_keeps_what_it_used():
    counter = report.CpuCounter()
    ticks = report.CLOCK_TICKS
    # Processes 1 and 2 are there at the first sample: they count from their time then.
    assert counter.update({1: (0, 500), 2: (1, 100)}, {1, 2}) == 0
    assert counter.update({1: (0, 500 + ticks), 2: (1, 100 + ticks)}, {1, 2}) == 2
    # Process 2 ended; process 3 began after the first sample: all its time counts.
    assert counter.update({1: (0, 500 + 2 * ticks), 3: (1, ticks // 2)}, {1, 3}) == 3.5
    assert counter.update({1: (0, 500 + 2 * ticks), 3: (1, ticks + ticks // 2)}, {1, 3}) == 4.5


def test_the_sampler_counts_a_real_busy_child_as_the_app(tmp_path):
    """The sampler as make bench runs it, against a real process tree."""
    import os
    import subprocess
    import time

    # A grandchild that uses one second of CPU (however busy the machine is), then stays
    # alive a moment so the sampler sees all of it. Its parent starts it only once the
    # sampler has taken its first sample.
    spin = "import time\nwhile time.process_time() < 1.0: pass\ntime.sleep(1.5)"
    holder = subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
        [
            sys.executable,
            "-c",
            "import subprocess, sys; sys.stdin.readline(); "
            f"subprocess.run([sys.executable, '-c', {spin!r}])",
        ],
        stdin=subprocess.PIPE,
    )
    out = tmp_path / "cpu.jsonl"
    sampler = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(BENCH / "report.py"),
            "cpu",
            "--gunicorn-pid",
            str(holder.pid),
            "--postgres-pid",
            str(os.getpid()),
            "--out",
            str(out),
        ]
    )
    deadline = time.monotonic() + 30
    while not (out.exists() and out.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert holder.stdin is not None
    holder.stdin.write(b"start\n")
    holder.stdin.close()
    assert holder.wait(timeout=60) == 0
    time.sleep(0.6)
    sampler.terminate()
    assert sampler.wait(timeout=30) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) >= 3
    # The grandchild's second of CPU, and a little for starting it.
    assert 0.95 <= lines[-1]["app_s"] <= 2.0
    assert lines[-1]["machine_s"] >= lines[-1]["app_s"] - 0.1


def test_a_working_day_counts_every_page_in_one_slice_with_a_row_for_all():
    run = {
        "start": 100.0,
        "slice": 20.0,
        "warm_up": 5.0,
        "think_s": 2.0,
        "mix": True,
        "pages": ["werklijst", "plan wijzigen"],
        "samples": [
            ["werklijst", 102.0, 0.5, True],  # warm-up: not counted
            ["werklijst", 106.0, 0.010, True],
            ["plan wijzigen (formulier)", 107.0, 0.020, True],
            ["plan wijzigen", 108.0, 0.040, False],
            ["werklijst", 119.0, 0.030, True],
            ["kaal", 110.0, 0.001, True],  # not a page of the working day
            ["werklijst", 121.0, 0.01, True],  # after the working day
        ],
    }
    rows = report.summarise(run)
    assert rows["werklijst"]["requests"] == 2
    assert rows["werklijst"]["requests_per_s"] == pytest.approx(2 / 15)
    assert "kaal" not in rows
    everything = rows[report.ALL]
    assert everything["requests"] == 4
    assert everything["failures"] == 1
    assert everything["p50_ms"] == pytest.approx(25)
    assert everything["requests_per_s"] == pytest.approx(4 / 15)
    assert math.isnan(everything["ratio_to_bare"])
    table = report.markdown_table(rows, run["pages"], {"werklijst": [21]})
    assert table.splitlines()[-1].startswith("| alle verzoeken | 4 | 1 | 25 |")
    # The machine's time of the one slice, shared over all its requests.
    samples = [
        {"t": 105.0, "app_s": 1.0, "database_s": 1.0, "machine_s": 2.0},
        {"t": 120.0, "app_s": 1.2, "database_s": 1.04, "machine_s": 2.3},
    ]
    found = report.cpu_per_request(run, samples, rows)
    assert list(found) == [report.ALL]
    assert found[report.ALL]["app_ms"] == pytest.approx(50)  # 0.2 s over 4 requests
    assert found[report.ALL]["database_ms"] == pytest.approx(10)
    assert found[report.ALL]["machine_ms"] == pytest.approx(75)
    assert "| alle verzoeken | 50.0 | 10.0 | 15.0 | 75.0 | 0.02 |" in report.cpu_table(
        found, run["pages"]
    )


def test_the_working_day_is_made_of_the_benchmarks_own_pages():
    names = {page.name for page in pages.PAGES}
    assert set(pages.WORKDAY) <= names
    assert pages.BARE not in pages.WORKDAY
    writes = {page.name for page in pages.PAGES if page.write}
    assert writes <= set(pages.WORKDAY)
    assert all(weight > 0 for weight in pages.WORKDAY.values())


def test_a_bench_melding_names_a_new_person_each_time():
    # The same slot rolls the same dice in every phase: the name must not come from them.
    names = {pages.fictional_surname() for _ in range(200)}
    assert len(names) == 200
    assert all(name.startswith("Bench") for name in names)
