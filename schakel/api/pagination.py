"""Paginated lists with links (self, first, prev, next), without counting the whole list.

A COUNT(*) over a visibility filter is what slowed other case systems' lists to seconds
at national volume; one row more than a page tells whether there is a next page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE = "page"
PAGE_SIZE = "pageSize"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000


def _number(request: Request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise exceptions.ValidationError(
            {name: [_("Geef een geheel getal van 1 tot en met %(max)d.") % {"max": maximum}]}
        )
    return int(raw)


def _link(href: str) -> dict[str, str]:
    return {"href": href}


class LinkedPagination(BasePagination):
    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        self.page = _number(request, PAGE, 1, MAX_PAGE)
        self.page_size = _number(request, PAGE_SIZE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        start = (self.page - 1) * self.page_size
        rows = list(queryset[start : start + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def get_paginated_response(self, data: Any) -> Response:
        url = self.request.build_absolute_uri()
        links = {
            "self": _link(url),
            "first": _link(remove_query_param(url, PAGE)),
        }
        if self.page > 1:
            links["prev"] = _link(replace_query_param(url, PAGE, self.page - 1))
        if self.has_next:
            links["next"] = _link(replace_query_param(url, PAGE, self.page + 1))
        return Response({"links": links, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {
            "type": "object",
            "required": ["href"],
            "properties": {"href": {"type": "string", "format": "uri"}},
        }
        return {
            "type": "object",
            "required": ["links", "results"],
            "properties": {
                "links": {
                    "type": "object",
                    "required": ["self", "first"],
                    "properties": {"self": link, "first": link, "prev": link, "next": link},
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": PAGE,
                "in": "query",
                "required": False,
                "description": _("Het paginanummer, vanaf 1."),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": PAGE_SIZE,
                "in": "query",
                "required": False,
                "description": _("Het aantal resultaten per pagina (standaard %(default)d).")
                % {"default": DEFAULT_PAGE_SIZE},
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
