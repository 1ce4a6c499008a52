from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from proeftuin.calls.models import Need
from proeftuin.knowledge.pages import public_project
from proeftuin.projects.models import Project

from .. import public
from ..paging import Page, PageParams, page_of
from ..schemas import Invalid, Message, ProjectDetailOut, ProjectOut

router = Router(tags=["proefprojecten"])


class ProjectFilters(Schema):
    phase: Literal["", "verkennen", "valideren", "piloteren", "evalueren"] = ""
    outcome: Literal["", "running", "gestopt", "lokaal_verdergezet", "opgeschaald"] = ""
    municipality: str = Field("", max_length=5, description="NIS-code van een gemeente.")
    province: str = Field("", max_length=40)
    theme: str = Field("", max_length=50, description="Code (slug) van een thema.")


def with_public_challenges(projects: list[Project]) -> list[Project]:
    """Each project's need and the needs merged into it, as far as they are published
    challenges, in one query for the page (`public_challenges`)."""
    need_ids = [p.need_id for p in projects]
    by_need: dict[int, list[int]] = {pk: [] for pk in need_ids}
    for pk, merged_into in (
        Need.objects.challenges()
        .filter(Q(pk__in=need_ids) | Q(merged_into__in=need_ids))
        .values_list("pk", "merged_into")
    ):
        by_need[pk if pk in by_need or merged_into is None else merged_into].append(pk)
    for project in projects:
        project.public_challenges = sorted(  # type: ignore[attr-defined]
            by_need[project.need_id], key=lambda pk: pk != project.need_id
        )
    return projects


@router.get("/", response={200: Page[ProjectOut], 422: Invalid}, summary="Gedeelde proefprojecten")
def project_list(
    request: HttpRequest, filters: Query[ProjectFilters], paging: Query[PageParams]
) -> dict[str, object]:
    page = page_of(public.projects(**filters.dict()), paging)
    page["items"] = with_public_challenges(page["items"])
    return page


@router.get(
    "/{id}",
    response={200: ProjectDetailOut, 404: Message, 422: Invalid},
    summary="Eén gedeeld proefproject, met precies de goedgekeurde onderdelen",
)
def project_detail(request: HttpRequest, id: int) -> Project:
    project = with_public_challenges([get_object_or_404(public.projects(), pk=id)])[0]
    project.shown = public_project(project)  # type: ignore[attr-defined]
    return project
