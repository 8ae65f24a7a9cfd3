"""The parts of the case page: an overview, and one page per section with its own URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OVERVIEW = ""


@dataclass(frozen=True)
class Section:
    slug: str
    label: str | Promise
    template: str


# Order of the section menu: the life of a case from melding to afsluiting.
SECTIONS = [
    Section(OVERVIEW, _("Overzicht"), "cases/case_detail.html"),
    Section("melding", _("Melding en triage"), "cases/sections/melding.html"),
    Section("overleggen", _("Casusoverleggen"), "cases/sections/overleggen.html"),
    Section("aanpak", _("Plan en acties"), "cases/sections/aanpak.html"),
    Section("afsluiting", _("Afsluiting"), "cases/sections/afsluiting.html"),
    Section("historie", _("Deelnemers en historie"), "cases/sections/historie.html"),
]
BY_SLUG = {section.slug: section for section in SECTIONS}


class SectionConverter:
    regex = "|".join(re.escape(s.slug) for s in SECTIONS if s.slug)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in BY_SLUG or value == OVERVIEW:
            raise ValueError(value)
        return value
