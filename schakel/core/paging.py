"""One way to page a list, shown by one partial: schakel/_pagination.html.

A list is paged by the number in ``?pagina=``; the links to other pages keep the rest of
the query string (the filters). A list searched by something that must stay out of the
URL (a person's name, the access log's filters) pages by POST instead: the partial then
shows buttons in a form that posts the same values again with another page number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import QuerySet
    from django.http import HttpRequest

PAGE_PARAMETER = "pagina"

# Pages shown around the current one and at either end; the rest is an ellipsis.
ON_EACH_SIDE = 2
ON_ENDS = 1


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
) -> Paging:
    """The requested page of the items (the first for a missing or unreadable number, the
    last for a number outside the pages), and the query (or posted values) without the
    page number."""
    source = request.POST if by_post else request.GET
    page = Paginator(items, per_page).get_page(source.get(parameter))
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
