from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.organisations.models import Municipality

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import Invalid, Message, MunicipalityOut

router = Router(tags=["gemeenten"])


class MunicipalityFilters(Schema):
    province: str = Field("", max_length=40, description="Provincie, bv. 'Antwerpen'.")
    region: Literal["", "flanders", "brussels"] = ""


@router.get("/", response={200: Page[MunicipalityOut], 422: Invalid}, summary="Gemeenten")
def municipality_list(
    request: HttpRequest, filters: Query[MunicipalityFilters], paging: Query[PageParams]
) -> dict[str, object]:
    return page_of(public.municipalities(**filters.dict()), paging)


@router.get(
    "/{nis_code}",
    response={200: MunicipalityOut, 404: Message, 422: Invalid},
    summary="Eén gemeente",
)
def municipality_detail(request: HttpRequest, nis_code: str) -> Municipality:
    return get_object_or_404(Municipality, nis_code=nis_code)
