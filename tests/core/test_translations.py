"""A constant {% translate %} kept once translated writes what Django's writes."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.template import Context, Engine, Template
from django.templatetags import i18n as django_i18n
from django.utils import translation

from schakel.core import translations
from schakel.core.translations import ConstantTranslateNode

SCHAKEL = Path(__file__).resolve().parents[2] / "schakel"
# Every constant {% translate %} of the templates of Schakel.
TAGS = sorted(
    {
        match
        for path in SCHAKEL.rglob("*.html")
        for match in re.findall(r'{% translate "[^"]*" %}', path.read_text(encoding="utf-8"))
    }
)
OTHER_USES = [
    '{% translate "100%% zeker" %}',
    "{% translate 'Casus' %}",
    '{% trans "Casus" %}',
    "{% translate text %}",
    '{% translate "Casus" as label %}[{{ label }}]',
    '{% translate "Casus"|upper %}',
    '{% translate "Mei" context "maand" %}',
    '{% translate "Casus" noop %}',
    '{% translate "<b>vet</b>" %}',
]
DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})


@contextmanager
def djangos_own_translate():
    """While a template is compiled: Django's own {% translate %}, as before Schakel
    started (the tags are looked up when a template is compiled, not when rendered)."""
    kept = dict(django_i18n.register.tags)
    django_i18n.register.tags["translate"] = translations._django_do_translate
    django_i18n.register.tags["trans"] = translations._django_do_translate
    try:
        yield
    finally:
        django_i18n.register.tags.update(kept)


def _both(source: str, *, autoescape: bool = True) -> tuple[str, str]:
    text = "{% load i18n %}" + source
    context = {"text": "<i>Casus</i>"}
    ours = Template(text).render(Context(context, autoescape=autoescape))
    with djangos_own_translate():
        reference = DJANGO.from_string(text)
    assert not any(isinstance(node, ConstantTranslateNode) for node in reference.nodelist)
    django = reference.render(Context(context, autoescape=autoescape))
    return ours, django


def test_the_templates_constant_texts_are_found():
    assert len(TAGS) > 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_constant_text_is_written_as_django_writes_it(language):
    with translation.override(language):
        for tag in TAGS:
            ours, django = _both(tag)
            assert ours == django, tag


@pytest.mark.parametrize("source", OTHER_USES)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_every_other_use_is_written_as_django_writes_it(source, language, autoescape):
    with translation.override(language):
        ours, django = _both(source, autoescape=autoescape)
        # Twice: the second may come from what was kept.
        assert ours == django == _both(source, autoescape=autoescape)[0]


def test_a_kept_text_follows_the_language_switched_to():
    template = Template('{% load i18n %}{% translate "Yes" %}')
    with translation.override("nl"):
        assert template.render(Context()) == "Ja"
    with translation.override("en"):
        assert template.render(Context()) == "Yes"
    with translation.override("nl"):
        assert template.render(Context()) == "Ja"


def test_only_a_constant_text_without_filters_or_as_is_kept():
    def nodes(source):
        return [type(n).__name__ for n in Template("{% load i18n %}" + source).nodelist][1:]

    assert nodes('{% translate "Casus" %}') == [ConstantTranslateNode.__name__]
    for other in ("{% translate text %}", '{% translate "Casus" as c %}', '{% trans "A"|upper %}'):
        assert nodes(other) == ["TranslateNode"], other
