"""Search across everything published, through core's full-text layer (the same index and
ranking as the search page)."""

from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Field, Query, Router, Schema

from proeftuin.core import search as fulltext

from ..schemas import Invalid

router = Router(tags=["zoeken"])
PER_PAGE = 20


class SearchParams(Schema):
    q: str = Field(
        ..., min_length=1, max_length=200, description="Zoekwoorden (in het Nederlands)."
    )
    kind: list[str] = Field(default_factory=list, description="Soorten, bv. challenge.")
    theme: list[str] = Field(default_factory=list, description="Codes (slugs) van thema's.")
    page: int = Field(1, ge=1, le=10_000)


class ResultOut(Schema):
    kind: str
    title: str
    url: str
    snippet: str
    published_at: str | None


class SearchOut(Schema):
    query: str
    count: int
    page: int
    pages: int
    items: list[ResultOut]


@router.get("/search", response={200: SearchOut, 422: Invalid}, summary="Zoeken")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    found = fulltext.search(
        params.q,
        kinds=params.kind or None,
        themes=params.theme or None,
        page=params.page,
        per_page=PER_PAGE,
    )
    return {
        "query": found.query,
        "count": found.total,
        "page": found.page,
        "pages": found.pages,
        "items": [
            {
                "kind": r.kind,
                "title": r.title,
                "url": request.build_absolute_uri(r.url),
                # The snippet's highlight is HTML; an API client gets the text.
                "snippet": strip_tags(r.snippet),
                "published_at": r.published_at.isoformat() if r.published_at else None,
            }
            for r in found.results
        ],
    }
