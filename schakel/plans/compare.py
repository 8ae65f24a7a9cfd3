"""Reading agreed versions: display form of a snapshot and a side-by-side comparison.

Works only on snapshots (plan_snapshot), never on the live plan, so a version compares
and prints the same years later.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def display_date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(date.fromisoformat(value), "j F Y")


def general_fields() -> list[tuple[str, str]]:
    """The shared part of the plan: snapshot key and Dutch label, in reading order."""
    return [
        ("main_goal", _("Hoofddoel")),
        ("main_goal_domains", _("Leefgebieden hoofddoel")),
        ("casusregisseur_organisation", _("Casusregisseur (organisatie)")),
        ("casusregisseur_name", _("Casusregisseur (persoon)")),
        ("non_compliance", _("Handelingsperspectief bij niet-naleving")),
        ("monitoring", _("Monitoringsafspraken")),
        ("reporting_organisation", _("Rapporteert over de voortgang")),
        ("reporting_frequency", _("Rapportagefrequentie")),
        ("next_evaluation_on", _("Volgende evaluatie")),
        ("escalation_agreements", _("Afspraken over op- en afschalen")),
    ]


def general_value(snapshot: dict, key: str) -> str:
    value = snapshot.get(key)
    if key == "main_goal_domains":
        return ", ".join(value or [])
    if key == "next_evaluation_on":
        return display_date(value)
    return value or ""


def general_rows(snapshot: dict) -> list[tuple[str, str]]:
    return [(label, general_value(snapshot, key)) for key, label in general_fields()]


def goal_text(goal: dict) -> str:
    parts = [goal["description"]]
    if goal.get("measure"):
        parts.append(_("Meetbaar als: %(measure)s") % {"measure": goal["measure"]})
    if goal.get("life_domains"):
        parts.append(_("Leefgebieden: %(domains)s") % {"domains": ", ".join(goal["life_domains"])})
    return " — ".join(parts)


def intervention_text(item: dict) -> str:
    period = " – ".join(
        part for part in (display_date(item.get("starts_on")), display_date(item.get("ends_on")))
    )
    parts = [
        f"{item['line']} / {item['kader']}: {item['description']}",
        _("Uitvoerder: %(organisation)s") % {"organisation": item["organisation"]}
        + (f" ({item['responsible_name']})" if item.get("responsible_name") else ""),
        _("Status: %(status)s") % {"status": item["status"]},
    ]
    if item.get("goal"):
        parts.append(_("Subdoel: %(goal)s") % {"goal": item["goal"]})
    if period.strip(" –"):
        parts.append(_("Periode: %(period)s") % {"period": period})
    return " — ".join(parts)


def analysis_text(analysis: dict) -> str:
    if analysis.get("withheld"):
        ask = analysis["mark"].whom_to_ask
        return _("%(status)s: vertrouwelijk, vraag het na bij %(organisation)s") % {
            "status": analysis["status"],
            "organisation": ask.organisation,
        }
    text = analysis.get("analysis") or ""
    return f"{analysis['status']}: {text}" if text else analysis["status"]


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts as HTML, removed words in <del> on the left, added words in <ins> on the right."""
    old_words, new_words = old.split(), new.split()
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape(" ".join(old_words[i1:i2]))
        added = escape(" ".join(new_words[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 - escaped above


UNCHANGED, CHANGED, NEW, REMOVED = "ongewijzigd", "gewijzigd", "nieuw", "vervallen"


@dataclass(frozen=True)
class CompareRow:
    label: str
    left: SafeString
    right: SafeString
    change: str

    @property
    def change_label(self) -> str:
        return {
            UNCHANGED: _("ongewijzigd"),
            CHANGED: _("gewijzigd"),
            NEW: _("nieuw"),
            REMOVED: _("vervallen"),
        }[self.change]

    @property
    def is_changed(self) -> bool:
        return self.change != UNCHANGED


@dataclass(frozen=True)
class CompareSection:
    title: str
    rows: list[CompareRow]

    @property
    def change_count(self) -> int:
        return sum(1 for row in self.rows if row.is_changed)


def _row(label: str, old: str | None, new: str | None) -> CompareRow:
    if old is None:
        return CompareRow(label, mark_safe(""), format_html("<ins>{}</ins>", new), NEW)
    if new is None:
        return CompareRow(label, format_html("<del>{}</del>", old), mark_safe(""), REMOVED)
    if old == new:
        return CompareRow(label, escape(old), escape(new), UNCHANGED)
    left, right = word_diff(old, new)
    return CompareRow(label, left, right, CHANGED)


def _keyed_rows(old: dict, new: dict, label) -> list[CompareRow]:
    """Rows matched by key; `label(key, number)` names a row, numbered as the reader sees it."""
    keys = list(old) + [key for key in new if key not in old]
    return [
        _row(label(key, number), old.get(key), new.get(key))
        for number, key in enumerate(keys, start=1)
    ]


def compare_snapshots(old: dict, new: dict, *, with_analyses: bool = True) -> list[CompareSection]:
    """Two agreed versions side by side, section by section."""
    general = [
        _row(label, general_value(old, key), general_value(new, key))
        for key, label in general_fields()
    ]
    analyses = _keyed_rows(
        {item["life_domain"]: analysis_text(item) for item in old.get("analyses", [])},
        {item["life_domain"]: analysis_text(item) for item in new.get("analyses", [])},
        lambda name, _number: name,
    )
    goals = _keyed_rows(
        {goal["id"]: goal_text(goal) for goal in old.get("goals", [])},
        {goal["id"]: goal_text(goal) for goal in new.get("goals", [])},
        lambda _pk, number: _("Subdoel %(number)s") % {"number": number},
    )
    interventions = _keyed_rows(
        {item["id"]: intervention_text(item) for item in old.get("interventions", [])},
        {item["id"]: intervention_text(item) for item in new.get("interventions", [])},
        lambda _pk, number: _("Interventie %(number)s") % {"number": number},
    )
    sections = [CompareSection(_("Algemeen deel"), general)]
    if with_analyses:
        sections.append(CompareSection(_("Analyse per leefgebied"), analyses))
    sections.append(CompareSection(_("Subdoelen"), goals))
    sections.append(CompareSection(_("Interventies"), interventions))
    return sections


def readable_snapshot(snapshot: dict) -> dict:
    """A snapshot with Dutch dates, ready for a version page or the PDF."""
    return {
        "general": general_rows(snapshot),
        "analyses": snapshot.get("analyses", []),
        "goals": snapshot.get("goals", []),
        "interventions": [
            {
                **item,
                "starts_on": display_date(item.get("starts_on")),
                "ends_on": display_date(item.get("ends_on")),
            }
            for item in snapshot.get("interventions", [])
        ],
    }
