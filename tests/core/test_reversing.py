"""Links reversed once per name give exactly the address Django's reverse gives."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_urlconf

from schakel.core import reversing
from schakel.core.reversing import reverse_ids

IDS = (0, 1, 7, 42, 1_000, 98_765_432_101)


def _named_addresses(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple]:
    """Every named path of Schakel with its number of arguments."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _named_addresses(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((namespace + pattern.name, pattern.pattern.regex.groups))
    return found


NAMED = _named_addresses()


def test_the_project_has_named_addresses_with_ids():
    assert len(NAMED) > 100
    assert sum(1 for _name, arity in NAMED if arity == 2) >= 5


@pytest.mark.parametrize(("name", "arity"), NAMED)
def test_every_named_address_is_the_one_reverse_gives(name, arity):
    for first in IDS:
        args = [first, *IDS[1 : arity + 1]][:arity]
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                reverse_ids(name, args, None)
            continue
        assert reverse_ids(name, args, None) == expected


def test_other_arguments_go_through_reverse():
    assert reverse_ids("cases:section", [5, "aanpak"], None) == reverse(
        "cases:section", args=[5, "aanpak"]
    )
    with pytest.raises(NoReverseMatch):
        reverse_ids("cases:detail", [-1], None)
    with pytest.raises(NoReverseMatch):
        reverse_ids("cases:detail", ["een"], None)
    with pytest.raises(NoReverseMatch):
        reverse_ids("cases:detail", [True], None)
    with pytest.raises(NoReverseMatch):
        reverse_ids("bestaat:niet", [1], None)


def test_the_script_prefix_is_part_of_the_address(settings):
    from django.urls import set_script_prefix

    try:
        set_script_prefix("/zvh/")
        assert reverse_ids("cases:detail", [3], None) == "/zvh/casussen/3/"
    finally:
        set_script_prefix("/")
    assert reverse_ids("cases:detail", [3], None) == "/casussen/3/"


def test_a_name_reversed_once_is_a_template():
    reversing._templates.clear()
    reverse_ids("cases:detail", [3], None)
    reverse_ids("cases:detail", [4], None)
    assert len(reversing._templates) == 1


def test_the_url_tag_writes_the_same_links():
    request = RequestFactory().get("/")
    template = Template(
        "{% url 'cases:detail' pk %}|{% url 'cases:section' pk 'aanpak' %}|"
        "{% url 'cases:detail' pk=pk %}|{% url 'cases:list' as list %}{{ list }}|"
        "{% url 'bestaat:niet' pk as nothing %}[{{ nothing }}]"
    )
    assert template.render(Context({"pk": 12, "request": request})) == (
        f"{reverse('cases:detail', args=[12])}|{reverse('cases:section', args=[12, 'aanpak'])}|"
        f"{reverse('cases:detail', args=[12])}|{reverse('cases:list')}|[]"
    )
    set_urlconf(None)
