"""Paging for every list of the API: `limit` (at most MAX_LIMIT) and `offset`, answered
with the total count, so a client can walk the whole list in a known number of calls."""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 100
DEFAULT_LIMIT = 50


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rijen per pagina.")
    offset: int = Field(0, ge=0, le=1_000_000, description="Rijen om over te slaan.")


class Page[T](Schema):
    count: int
    limit: int
    offset: int
    items: list[T]


def page_of(rows: QuerySet[Any], params: PageParams) -> dict[str, Any]:
    """One count and one slice (plus the queryset's prefetches): a fixed number of
    queries whatever the size of the list."""
    return {
        "count": rows.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(rows[params.offset : params.offset + params.limit]),
    }
