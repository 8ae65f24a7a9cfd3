"""Helpers shared by the triage tests."""

from django.urls import reverse


def decide_url(case):
    return reverse("triage:decide", args=[case.pk])


def agenda_data(table, **overrides):
    data = {
        "meets_multiple_domains": "on",
        "needs_multiple_chains": "on",
        "impacts_system": "on",
        "complexity": "hoog",
        "risk": "hoog",
        "unrest": "midden",
        "outcome": "agenderen",
        "reason": "Zorg en straf lopen langs elkaar heen.",
        "table": table.pk,
        "purpose": "Eén gezamenlijk plan van aanpak",
        "questions": "Wie neemt de casusregie?",
    }
    data.update(overrides)
    return data
