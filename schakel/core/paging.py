"""One way to page a list, shown by one partial: schakel/_pagination.html.

A list is paged by the number in ``?pagina=``; the links to other pages keep the rest of
the query string (the filters). A list searched by something that must stay out of the
URL (a person's name, the access log's filters) pages by POST instead: the partial then
shows buttons in a form that posts the same values again with another page number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpRequest

PAGE_PARAMETER = "pagina"

# Pages shown around the current one and at either end; the rest is an ellipsis.
ON_EACH_SIDE = 2
ON_ENDS = 1


class CappedPaginator(Paginator):
    """Counts no further than `cap` items: a list longer than that pages through its
    first `cap` items and says there are more (`more_than_cap`).

    Counting a huge list (the access log: millions of rows) costs as much as reading it;
    counting up to the cap reads at most cap + 1 rows, in the list's own order."""

    def __init__(self, object_list: QuerySet | Sequence, per_page: int, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _found(self) -> int:
        head = self.object_list[: self.cap + 1]
        return head.count() if isinstance(head, QuerySet) else len(head)

    @property
    def more_than_cap(self) -> bool:
        return self._found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)


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
    cap: int | None = None,
) -> Paging:
    """The requested page of the items (the first for a missing or unreadable number, the
    last for a number outside the pages), and the query (or posted values) without the
    page number.

    With a cap, only the first `cap` items are counted and paged (see CappedPaginator)."""
    source = request.POST if by_post else request.GET
    paginator = (
        Paginator(items, per_page) if cap is None else CappedPaginator(items, per_page, cap=cap)
    )
    page = paginator.get_page(source.get(parameter))
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
