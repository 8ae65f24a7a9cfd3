"""One pagination for every list: the page, the links that keep the filters, one partial."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory

from schakel.core.paging import page_of

ITEMS = list(range(1, 121))  # 120 items: 12 pages of 10


def get(query: dict | None = None):
    return RequestFactory().get("/lijst/", query or {})


def post(data: dict):
    request = RequestFactory().post("/lijst/", data)
    request.session = SessionStore()
    return request


def nav(html: str) -> str:
    found = re.search(r"<nav class=\"schakel-pagination\".*?</nav>", html, re.S)
    assert found, "no pagination on the page"
    return found.group(0)


# --- page_of --------------------------------------------------------------------------------


def test_the_requested_page_and_the_filters_without_the_page_number():
    paging = page_of(get({"status": "open", "pagina": "3", "overdue": "on"}), ITEMS, 10)
    assert list(paging.page) == list(range(21, 31))
    assert paging.query == "status=open&overdue=on"
    assert paging.parameter == "pagina"
    assert not paging.by_post


@pytest.mark.parametrize(
    ("asked", "shown"), [("", 1), ("x", 1), ("2.5", 1), ("-4", 12), ("99", 12), ("9" * 40, 12)]
)
def test_a_missing_or_bad_page_number_gives_a_page_never_an_error(asked, shown):
    assert page_of(get({"pagina": asked}), ITEMS, 10).page.number == shown


def test_another_parameter_name_may_be_used():
    paging = page_of(get({"blad": "2", "pagina": "5"}), ITEMS, 10, parameter="blad")
    assert paging.page.number == 2
    assert paging.query == "pagina=5"


def test_a_list_paged_by_post_reads_the_number_from_the_post_and_keeps_the_posted_values():
    request = post({"zoekterm": "Jansen", "pagina": "2", "csrfmiddlewaretoken": "geheim"})
    paging = page_of(request, ITEMS, 10, by_post=True)
    assert paging.page.number == 2
    assert paging.posted == (("zoekterm", "Jansen"),)
    assert paging.by_post


def test_far_pages_are_left_out_around_the_current_one():
    paging = page_of(get({"pagina": "6"}), ITEMS, 10)
    assert paging.numbers == [1, None, 4, 5, 6, 7, 8, None, 12]


# --- the partial ----------------------------------------------------------------------------


def test_one_page_shows_no_pagination():
    paging = page_of(get(), ITEMS[:5], 10)
    assert "schakel-pagination" not in render_to_string(
        "schakel/_pagination.html", {"paging": paging}
    )


def test_the_partial_is_an_accessible_dutch_navigation_keeping_the_filters():
    paging = page_of(get({"state": "aangemeld", "pagina": "2"}), ITEMS, 10)
    html = nav(render_to_string("schakel/_pagination.html", {"paging": paging}))
    assert 'aria-label="Paginering"' in html
    assert "Pagina 2 van 12" in html
    assert '<span class="schakel-pagination__current" aria-current="page">2</span>' in html
    assert html.count('aria-current="page"') == 1
    assert 'href="?state=aangemeld&amp;pagina=1">Vorige pagina</a>' in html
    assert 'href="?state=aangemeld&amp;pagina=3">Volgende pagina</a>' in html
    assert 'href="?state=aangemeld&amp;pagina=12" aria-label="Pagina 12">12</a>' in html
    assert "<form" not in html


def test_first_and_last_page_have_no_link_beyond_them():
    first = render_to_string("schakel/_pagination.html", {"paging": page_of(get(), ITEMS, 10)})
    last = render_to_string(
        "schakel/_pagination.html", {"paging": page_of(get({"pagina": "12"}), ITEMS, 10)}
    )
    assert "Vorige pagina" not in first and "Volgende pagina" in first
    assert "Vorige pagina" in last and "Volgende pagina" not in last


def test_a_list_paged_by_post_gets_buttons_that_post_the_search_again():
    request = post({"zoekterm": "Jansen & <Zn>", "pagina": "2"})
    paging = page_of(request, ITEMS, 10, by_post=True)
    html = nav(render_to_string("schakel/_pagination.html", {"paging": paging}, request=request))
    assert '<form method="post">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Escaped: a typed value cannot break out of the hidden field.
    assert '<input type="hidden" name="zoekterm" value="Jansen &amp; &lt;Zn&gt;">' in html
    assert 'name="pagina" value="3">Volgende pagina</button>' in html
    assert 'aria-current="page">2</span>' in html
    assert "href=" not in html


# --- Capped counts --------------------------------------------------------------------------


def test_a_capped_list_counts_no_further_than_the_cap():
    paging = page_of(get(), list(range(1500)), 25, count_cap=1000)
    assert paging.is_capped
    assert paging.page.paginator.count == 1000
    assert paging.page.paginator.num_pages == 40
    html = render_to_string("schakel/_pagination.html", {"paging": paging})
    assert "Pagina 1 van meer dan 40" in html


def test_paging_deeper_than_the_cap_counts_a_little_further():
    paging = page_of(get({"pagina": "45"}), list(range(1500)), 25, count_cap=1000)
    assert list(paging.page) == list(range(1100, 1125))
    assert paging.page.paginator.count == (45 + 2) * 25
    assert paging.is_capped


def test_a_list_under_the_cap_is_counted_exactly():
    paging = page_of(get(), list(range(120)), 25, count_cap=1000)
    assert not paging.is_capped
    assert paging.page.paginator.count == 120
    assert "Pagina 1 van 5<" in render_to_string("schakel/_pagination.html", {"paging": paging})


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (999, "999"), (1000, "1.000"), (1001, "meer dan 1.000")]
)
def test_a_capped_count_reads_more_than_the_cap(count, shown):
    from django.utils import translation

    from schakel.core.templatetags.counts import capped

    with translation.override("nl"):
        assert capped(count) == shown


def test_an_absurd_page_number_of_a_capped_list_leads_to_its_last_page():
    paging = page_of(get({"pagina": "9" * 40}), list(range(120)), 25, count_cap=1000)
    assert paging.page.number == 5


@pytest.mark.django_db
def test_a_deep_page_is_read_by_its_keys_in_the_lists_order(monkeypatch, django_assert_num_queries):
    from schakel.core import paging as paging_module
    from schakel.organisations.models import Region
    from tests.factories import RegionFactory

    for number in range(30):
        RegionFactory(name=f"Regio {number:02d}")
    regions = Region.objects.order_by("-name")
    monkeypatch.setattr(paging_module, "DEFERRED_FROM", 10)
    with django_assert_num_queries(3):  # the capped count, the page's keys, its rows
        deep = page_of(get({"pagina": "3"}), regions, 10, count_cap=1000).page
        shown = list(deep)
    assert shown == list(regions)[20:30]
    shallow = page_of(get({"pagina": "1"}), regions, 10, count_cap=1000).page
    assert list(shallow) == list(regions)[:10]
