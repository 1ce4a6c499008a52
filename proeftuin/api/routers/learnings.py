from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.projects.models import Learning

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import Invalid, LearningOut, Message

router = Router(tags=["leerkaarten"])


class LearningFilters(Schema):
    project: int | None = Field(None, ge=1, le=2_147_483_647)
    decision: Literal["", "retire", "pivot", "persevere", "keep_testing", "stop"] = ""
    theme: str = Field("", max_length=50, description="Code (slug) van een thema.")
    outcome: Literal["", "running", "gestopt", "lokaal_verdergezet", "opgeschaald"] = ""


@router.get("/", response={200: Page[LearningOut], 422: Invalid}, summary="Publieke leerkaarten")
def learning_list(
    request: HttpRequest, filters: Query[LearningFilters], paging: Query[PageParams]
) -> dict[str, object]:
    return page_of(public.learnings(**filters.dict()), paging)


@router.get(
    "/{id}", response={200: LearningOut, 404: Message, 422: Invalid}, summary="Eén leerkaart"
)
def learning_detail(request: HttpRequest, id: int) -> Learning:
    return get_object_or_404(public.learnings(), pk=id)
