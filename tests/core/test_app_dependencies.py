"""The apps under schakel/ import each other in one direction only (the layering in
schakel/__init__.py). A new import against the layers fails here: move the code to the
app it belongs to, or let the lower app send a signal the higher one listens to.

Every import counts, also inside functions and under TYPE_CHECKING, with one exception:
under TYPE_CHECKING an app may import the models of an app its own models already point
to with a relation field ("organisations.Organisation"), to annotate with that model. That
dependency is in the schema already (a user belongs to an organisation); naming the
model in an annotation adds none, and leaves nothing to import at run time. An
annotation of any other app's model, or of anything but its models, still counts: a
lower app that takes a higher app's object knows that app, whether or not Python
imports it.
"""

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
    "imports",
    "tables",
    "persons",
    "incidents",
    "cases",
    "referrals",
    "inquiries",
    "triage",
    "meetings",
    "plans",
    "followup",
    "closure",
    "nazorg",
    "transfers",
    "rights",
    "retention",
    "reports",
    "notifications",
    "api",
    "demo",
    "home",
]

# The policy decides need-to-know for everything, so it reads every domain model.
MAY_IMPORT_ANY_APP = {"access"}

# Known imports against the layers, each with its reason. Remove an entry once the code
# is moved (test_every_known_exception_is_still_needed says when).
KNOWN_BACK_EDGES: dict[tuple[str, str], str] = {}

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _apps() -> list[str]:
    return sorted(p.name for p in SCHAKEL.iterdir() if (p / "__init__.py").exists())


def _related_apps(app: str) -> set[str]:
    """The apps the models of `app` point to with a relation field ("label.Model")."""
    related: set[str] = set()
    models = [SCHAKEL / app / "models.py", *sorted((SCHAKEL / app / "models").rglob("*.py"))]
    for path in models:
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            target = node.args[0]
            if name in RELATION_FIELDS and isinstance(target, ast.Constant):
                if isinstance(target.value, str) and "." in target.value:
                    related.add(target.value.partition(".")[0])
    return related


def _annotation_only(tree: ast.Module) -> set[ast.AST]:
    """The import statements inside an `if TYPE_CHECKING:` block."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = getattr(test, "id", getattr(test, "attr", ""))
            if name == "TYPE_CHECKING":
                for statement in node.body:
                    found.update(
                        n for n in ast.walk(statement) if isinstance(n, ast.Import | ast.ImportFrom)
                    )
    return found


def _imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where: every import, also inside functions and
    under TYPE_CHECKING, so a dependency cannot hide from the check; except the
    annotation-only imports of related models (see the module docstring)."""
    apps = set(_apps())
    found: dict[tuple[str, str], list[str]] = {}
    for app in apps:
        related = _related_apps(app)
        for path in sorted((SCHAKEL / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            annotation_only = _annotation_only(tree)
            for node in ast.walk(tree):
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
                        if (
                            node in annotation_only
                            and parts[1] in related
                            and parts[2:] == ["models"]
                        ):
                            continue
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


TYPE_CHECKING_IMPORT = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    {}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from schakel.cases.models import Case", {("x", "cases")}),
        ("def f():\n    import schakel.plans.services", {("x", "plans")}),
        ("from schakel import meetings", {("x", "meetings")}),
        ("from . import models", set()),
        # x's models point to plans (see below): annotating with a plans model is free.
        (TYPE_CHECKING_IMPORT.format("from schakel.plans.models import Plan"), set()),
        # ... but not with anything else of plans, nor with a model of an unrelated app,
        # nor outside TYPE_CHECKING.
        (TYPE_CHECKING_IMPORT.format("from schakel.plans.services import f"), {("x", "plans")}),
        (TYPE_CHECKING_IMPORT.format("from schakel.cases.models import Case"), {("x", "cases")}),
        ("from schakel.plans.models import Plan", {("x", "plans")}),
    ],
)
def test_the_check_sees_every_kind_of_import(tmp_path, monkeypatch, source, expected):
    root = tmp_path / "schakel"
    for app in ("x", "cases", "plans", "meetings"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "x" / "models.py").write_text(
        "from django.db import models\n"
        "class Thing(models.Model):\n"
        "    plan = models.ForeignKey('plans.Plan', on_delete=models.CASCADE)\n"
    )
    (root / "x" / "module.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "SCHAKEL", root)
    assert set(_imports()) == expected
