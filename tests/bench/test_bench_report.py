"""The benchmark's own arithmetic (scripts/bench): percentiles, slices, the table, forms."""

import importlib.util
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
