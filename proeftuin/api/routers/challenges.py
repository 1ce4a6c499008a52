from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.calls.models import Need, with_support_counts

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import ChallengeOut, Invalid, Message

router = Router(tags=["uitdagingen"])


class ChallengeFilters(Schema):
    municipality: str = Field("", max_length=5, description="NIS-code van een gemeente.")
    province: str = Field("", max_length=40)
    theme: str = Field("", max_length=50, description="Code (slug) van een thema.")
    status: Literal["", "retained", "declined", "merged", "backlog", "selected"] = ""
    call: str = Field("", max_length=220, description="Code (slug) van een oproep.")


@router.get(
    "/", response={200: Page[ChallengeOut], 422: Invalid}, summary="Gepubliceerde uitdagingen"
)
def challenge_list(
    request: HttpRequest, filters: Query[ChallengeFilters], paging: Query[PageParams]
) -> dict[str, object]:
    page = page_of(public.challenges(**filters.dict()), paging)
    # Counted for the page only, in one grouped query.
    page["items"] = with_support_counts(page["items"])
    return page


@router.get(
    "/{id}", response={200: ChallengeOut, 404: Message, 422: Invalid}, summary="Eén uitdaging"
)
def challenge_detail(request: HttpRequest, id: int) -> Need:
    return with_support_counts([get_object_or_404(public.challenges(), pk=id)])[0]
