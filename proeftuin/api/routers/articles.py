from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.knowledge.articles.models import Article

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import ArticleOut, Invalid, Message

router = Router(tags=["kennisbank"])


class ArticleFilters(Schema):
    kind: Literal["", "case_study", "guide", "news", "lesson"] = ""
    theme: str = Field("", max_length=50, description="Code (slug) van een thema.")


@router.get(
    "/",
    response={200: Page[ArticleOut], 422: Invalid},
    summary="Gepubliceerde artikels (tekst in Markdown)",
)
def article_list(
    request: HttpRequest, filters: Query[ArticleFilters], paging: Query[PageParams]
) -> dict[str, object]:
    return page_of(public.articles(**filters.dict()), paging)


@router.get(
    "/{slug}", response={200: ArticleOut, 404: Message, 422: Invalid}, summary="Eén artikel"
)
def article_detail(request: HttpRequest, slug: str) -> Article:
    return get_object_or_404(public.articles(), slug=slug)
