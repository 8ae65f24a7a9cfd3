"""The apps under schakel/ import each other in one direction only (the layering in
schakel/__init__.py). A new import against the layers fails here: move the code to the
app it belongs to, or let the lower app send a signal the higher one listens to."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SCHAKEL = Path(__file__).resolve().parents[2] / "schakel"

# From the bottom up: an app may import the apps listed before it.
LAYERS = [
    "core",
    "access",
    "accounts",
    "organisations",
    "tables",
    "persons",
    "cases",
    "referrals",
    "inquiries",
    "triage",
    "meetings",
    "plans",
    "followup",
    "closure",
    "notifications",
    "demo",
    "home",
]

# The policy decides need-to-know for everything, so it reads every domain model.
MAY_IMPORT_ANY_APP = {"access"}

# Known imports against the layers, each with its reason. Remove an entry once the code
# is moved (test_every_known_exception_is_still_needed says when).
KNOWN_BACK_EDGES = {
    ("accounts", "organisations"): "a user belongs to an organisation (type annotations)",
}


def _apps() -> list[str]:
    return sorted(p.name for p in SCHAKEL.iterdir() if (p / "__init__.py").exists())


def _imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where: every import, also inside functions and
    under TYPE_CHECKING, so a dependency cannot hide from the check."""
    apps = set(_apps())
    found: dict[tuple[str, str], list[str]] = {}
    for app in apps:
        for path in sorted((SCHAKEL / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                    if node.module == "schakel":
                        modules = [f"schakel.{alias.name}" for alias in node.names]
                elif isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                else:
                    continue
                for module in modules:
                    parts = module.split(".")
                    if parts[0] == "schakel" and len(parts) > 1 and parts[1] in apps:
                        if parts[1] != app:
                            where = f"{path.relative_to(SCHAKEL.parent)}:{node.lineno}"
                            found.setdefault((app, parts[1]), []).append(where)
    return found


def _against_the_layers(found: dict[tuple[str, str], list[str]]) -> dict:
    rank = {app: index for index, app in enumerate(LAYERS)}
    return {
        edge: where
        for edge, where in found.items()
        if edge[0] not in MAY_IMPORT_ANY_APP and rank[edge[1]] > rank[edge[0]]
    }


def test_every_app_has_its_place_in_the_layers():
    assert set(_apps()) == set(LAYERS)


def test_apps_import_only_the_apps_below_them():
    unexpected = {
        f"{importer} -> {imported}: {', '.join(where)}"
        for (importer, imported), where in _against_the_layers(_imports()).items()
        if (importer, imported) not in KNOWN_BACK_EDGES
    }
    assert not unexpected, "Imports against the app layering:\n" + "\n".join(sorted(unexpected))


def test_every_known_exception_is_still_needed():
    stale = set(KNOWN_BACK_EDGES) - set(_against_the_layers(_imports()))
    assert not stale, f"No longer imported, remove from KNOWN_BACK_EDGES: {sorted(stale)}"


def test_the_kernel_imports_no_app():
    assert not [edge for edge in _imports() if edge[0] == "core"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from schakel.cases.models import Case", {("x", "cases")}),
        ("def f():\n    import schakel.plans.services", {("x", "plans")}),
        ("from schakel import meetings", {("x", "meetings")}),
        ("from . import models", set()),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path, monkeypatch, source, expected):
    root = tmp_path / "schakel"
    for app in ("x", "cases", "plans", "meetings"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "x" / "module.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "SCHAKEL", root)
    assert set(_imports()) == expected
