"""Services, their adoptions (municipality and state only: a contact person is never
public) and coverage (how many municipalities take part, per region and province)."""

from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.projects.models import Project
from proeftuin.scaling.coverage import COUNTED, coverage
from proeftuin.scaling.models import Adoption, Service

from ..paging import Page, PageParams, page_of
from ..schemas import Invalid, Message

router = Router(tags=["diensten en dekking"])
State = Adoption.State


class ServiceOut(Schema):
    slug: str
    name: str
    state: str
    summary: str
    offer: str
    conditions: str
    how_to_start: str
    contact_email: str = Field(..., description="Het functionele adres van de dienst.")
    projects: list[int]
    adoptions: dict[str, int]

    @staticmethod
    def resolve_projects(obj: Service) -> list[int]:
        return [project.pk for project in obj.public_projects]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_adoptions(obj: Service) -> dict[str, int]:
        return {state: getattr(obj, f"n_{state}") for state in COUNTED}


class AdoptionOut(Schema):
    municipality: str = Field(..., description="NIS-code.")
    municipality_name: str
    province: str
    state: str

    @staticmethod
    def resolve_municipality(obj: Adoption) -> str:
        return obj.municipality.nis_code

    @staticmethod
    def resolve_municipality_name(obj: Adoption) -> str:
        return obj.municipality.name

    @staticmethod
    def resolve_province(obj: Adoption) -> str:
        return obj.municipality.province


class CoverageRowOut(Schema):
    label: str
    total: int
    counts: dict[str, int]


class CoverageOut(Schema):
    service: str | None
    flanders: CoverageRowOut
    brussels: CoverageRowOut
    provinces: list[CoverageRowOut]


class ServiceFilters(Schema):
    state: Literal["", "in_development", "available"] = ""


def services(state: str = "") -> QuerySet[Service]:
    rows = (
        Service.objects.public()
        .annotate(
            **{
                f"n_{s}": Count("adoptions", filter=Q(adoptions__state=s), distinct=True)
                for s in COUNTED
            }
        )
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.published().order_by("pk"),
                to_attr="public_projects",
            )
        )
        .order_by("name", "pk")
    )
    return rows.filter(state=state) if state else rows


@router.get("/services/", response={200: Page[ServiceOut], 422: Invalid}, summary="Diensten")
def service_list(
    request: HttpRequest, filters: Query[ServiceFilters], paging: Query[PageParams]
) -> dict[str, object]:
    return page_of(services(**filters.dict()), paging)


@router.get(
    "/services/{slug}", response={200: ServiceOut, 404: Message, 422: Invalid}, summary="Eén dienst"
)
def service_detail(request: HttpRequest, slug: str) -> Service:
    return get_object_or_404(services(), slug=slug)


class AdoptionFilters(Schema):
    state: Literal["", "interested", "requested", "active"] = ""
    province: str = Field("", max_length=40)


@router.get(
    "/services/{slug}/adoptions",
    response={200: Page[AdoptionOut], 404: Message, 422: Invalid},
    summary="Gemeenten die een dienst afnemen (of dat willen)",
)
def adoption_list(
    request: HttpRequest, slug: str, filters: Query[AdoptionFilters], paging: Query[PageParams]
) -> dict[str, object]:
    service = get_object_or_404(Service.objects.public(), slug=slug)
    # Ended adoptions are history, not shown on the service page either.
    rows = (
        service.adoptions.exclude(state=State.ENDED)
        .select_related("municipality")
        .order_by("municipality__nis_code", "pk")
    )
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.province:
        rows = rows.filter(municipality__province__iexact=filters.province)
    return page_of(rows, paging)


class CoverageFilters(Schema):
    service: str = Field("", max_length=220, description="Code (slug) van een dienst; leeg: alle.")


@router.get(
    "/coverage",
    response={200: CoverageOut, 404: Message, 422: Invalid},
    summary="Dekking: gemeenten per stand, per gewest en provincie",
)
def coverage_view(request: HttpRequest, filters: Query[CoverageFilters]) -> dict[str, object]:
    service = (
        get_object_or_404(Service.objects.public(), slug=filters.service)
        if filters.service
        else None
    )
    found = coverage(service)

    def row(r: object) -> dict[str, object]:
        return {
            "label": r.label,  # type: ignore[attr-defined]
            "total": r.total,  # type: ignore[attr-defined]
            "counts": {str(k): v for k, v in r.counts.items()},  # type: ignore[attr-defined]
        }

    return {
        "service": service.slug if service else None,
        "flanders": row(found.flanders),
        "brussels": row(found.brussels),
        "provinces": [row(p) for p in found.provinces],
    }
