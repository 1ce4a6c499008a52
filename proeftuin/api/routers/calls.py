from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.calls.models import Call

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import CallOut, Invalid, Message

router = Router(tags=["oproepen"])


class CallFilters(Schema):
    status: Literal["", "upcoming", "open", "closed", "decided"] = ""
    theme: str = Field("", max_length=50, description="Code (slug) van een thema.")


@router.get("/", response={200: Page[CallOut], 422: Invalid}, summary="Gepubliceerde oproepen")
def call_list(
    request: HttpRequest, filters: Query[CallFilters], paging: Query[PageParams]
) -> dict[str, object]:
    return page_of(public.calls(**filters.dict()), paging)


@router.get("/{slug}", response={200: CallOut, 404: Message, 422: Invalid}, summary="Eén oproep")
def call_detail(request: HttpRequest, slug: str) -> Call:
    return get_object_or_404(public.calls(), slug=slug)
