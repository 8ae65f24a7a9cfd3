"""The web process pays WeasyPrint's first-use cost at start, not in a user's download."""

import threading

from schakel.plans import printing


def test_warm_up_renders_with_the_plan_fonts():
    printing.warm_up()
    assert "DejaVu Sans" in printing._WARM_UP_HTML


def test_warm_up_runs_beside_the_server_start(monkeypatch):
    done = threading.Event()
    monkeypatch.setattr(printing, "warm_up", done.set)
    printing.warm_up_in_background()
    assert done.wait(timeout=10)
