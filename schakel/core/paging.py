"""One way to page a list, shown by one partial: schakel/_pagination.html.

A list is paged by the number in ``?pagina=``; the links to other pages keep the rest of
the query string (the filters). A list searched by something that must stay out of the
URL (a person's name, the access log's filters) pages by POST instead: the partial then
shows buttons in a form that posts the same values again with another page number.

A list that can grow with the region (cases, requests) is counted only up to a cap: an
exact COUNT(*) over a million visible rows costs more than the page itself and tells the
reader nothing "meer dan 1.000" does not. Such a list is paged with ``count_cap``; a
worklist badge is counted with capped_count and shown with the ``capped`` filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, QuerySet, Subquery
from django.utils.functional import cached_property

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpRequest

PAGE_PARAMETER = "pagina"

# Pages shown around the current one and at either end; the rest is an ellipsis.
ON_EACH_SIDE = 2
ON_ENDS = 1

# Counts above this are shown as "meer dan 1.000".
COUNT_CAP = 1000
# From this many rows deep a page is read by its keys first (CappedPaginator.page).
DEFERRED_FROM = 250


def capped_count(items: QuerySet | Sequence, cap: int = COUNT_CAP) -> int:
    """The number of items, counted no further than one past the cap: a number above the
    cap means "more than the cap" (shown so by the ``capped`` template filter)."""
    if isinstance(items, QuerySet):
        # Unordered: any cap + 1 rows tell "more than the cap" as well as the first ones
        # do, and the database may then read them from whichever index reaches them first.
        return items.order_by()[: cap + 1].count()
    return min(len(items), cap + 1)


class _CountOfRows(Subquery):
    """``(SELECT COUNT(*) FROM (subquery))``: the number of rows a (sliced) subquery gives.
    Counting the subquery itself stops where its LIMIT stops; ``pk IN (subquery)`` counted
    over the outer table reads every row of that table to match them."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted_rows)"
    output_field = IntegerField()


def rows_and_capped_count(queryset: QuerySet, limit: int, cap: int = COUNT_CAP) -> tuple[list, int]:
    """The first ``limit`` rows, and the total counted no further than one past the cap, in
    one query whatever the number of rows: the count rides along as an uncorrelated
    subquery, which the database evaluates once."""
    rows = list(with_capped_count(queryset, cap)[:limit])
    return rows, rows[0].capped_total if rows else 0


def with_capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> QuerySet:
    """The queryset with ``capped_total`` on every row: its number of rows, counted no
    further than one past the cap (unordered, so any index may reach them)."""
    capped = queryset.order_by().values("pk")[: cap + 1]
    return queryset.annotate(capped_total=_CountOfRows(capped))


class CappedPaginator(Paginator):
    """A paginator that counts no further than it needs to: up to the cap, or up to a few
    pages past the requested one when the reader pages deeper. Beyond that the count is
    "more than" (``is_capped``), and the pages run to where the count stopped."""

    def __init__(self, object_list, per_page: int, *, cap: int, requested: int) -> None:
        super().__init__(object_list, per_page)
        self.limit = max(cap, (requested + ON_EACH_SIDE) * per_page)
        self.is_capped = False

    @cached_property
    def count(self) -> int:
        counted = capped_count(self.object_list, self.limit)  # type: ignore[arg-type]
        self.is_capped = counted > self.limit
        return min(counted, self.limit)

    def page(self, number) -> Page:
        """A deep page is found by its keys first, then read: the database then passes
        the rows before it as narrow keys in the list's order, and joins and reads only
        the page's own rows (otherwise it may sort every visible row whole, joins and
        all, to skip most of them)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_FROM or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return Page([rows[key] for key in keys if key in rows], number, self)


@dataclass(frozen=True)
class Paging:
    """A page of a list and what the partial needs to link to the other pages."""

    page: Page
    # The query string without the page number, for the links (GET).
    query: str
    parameter: str
    # The posted values without the page number, sent again by the buttons (POST).
    posted: tuple[tuple[str, str], ...] = ()
    by_post: bool = False

    @property
    def is_capped(self) -> bool:
        """Are there more items than were counted (the count reads "meer dan")?"""
        return getattr(self.page.paginator, "is_capped", False)

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers to offer; None where some are left out (shown as an ellipsis).

        The number of pages is known already (the page was counted), so this asks the
        database nothing."""
        paginator = self.page.paginator
        return [
            number if isinstance(number, int) else None  # None for the ellipsis
            for number in paginator.get_elided_page_range(
                self.page.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS
            )
        ]


def page_of(
    request: HttpRequest,
    items: QuerySet | Sequence,
    per_page: int,
    parameter: str = PAGE_PARAMETER,
    *,
    by_post: bool = False,
    count_cap: int | None = None,
) -> Paging:
    """The requested page of the items (the first for a missing or unreadable number, the
    last for a number outside the pages), and the query (or posted values) without the
    page number. With count_cap the items are counted only so far (CappedPaginator)."""
    source = request.POST if by_post else request.GET
    requested = source.get(parameter)
    paginator = (
        Paginator(items, per_page)
        if count_cap is None
        else CappedPaginator(items, per_page, cap=count_cap, requested=_number(requested))
    )
    page = paginator.get_page(requested)
    query = request.GET.copy()
    query.pop(parameter, None)
    posted: tuple[tuple[str, str], ...] = ()
    if by_post:
        posted = tuple(
            (name, value)
            for name, values in request.POST.lists()
            if name not in (parameter, "csrfmiddlewaretoken")
            for value in values
        )
    return Paging(
        page=page, query=query.urlencode(), parameter=parameter, posted=posted, by_post=by_post
    )


# A page number beyond this is read as this one: it still leads to the last page, and the
# count it asks for stays a number the database can take as a LIMIT.
HIGHEST_PAGE = 1_000_000


def _number(requested: str | None) -> int:
    """The page number asked for, 1 when it is missing or unreadable (as get_page reads it)."""
    try:
        return min(max(int(requested or 1), 1), HIGHEST_PAGE)
    except (TypeError, ValueError):
        return 1
