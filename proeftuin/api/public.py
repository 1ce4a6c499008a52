"""The public lists the open data offers, shared by the JSON API and the CSV downloads so
both always show the same rows: only published objects, and of a project only the
sections a coordinator approved. Filters are plain keyword arguments; an unknown value
simply matches nothing."""

from django.db.models import Prefetch, QuerySet

from proeftuin.calls.models import Call, Need
from proeftuin.knowledge.articles.models import Article
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Learning, Project
from proeftuin.scaling.models import Service

Section = Project.Section


def municipalities(*, province: str = "", region: str = "") -> QuerySet[Municipality]:
    rows = Municipality.objects.order_by("nis_code")
    if province:
        rows = rows.filter(province__iexact=province)
    if region:
        rows = rows.filter(region=region)
    return rows


def calls(*, status: str = "", theme: str = "") -> QuerySet[Call]:
    # The status follows from the dates (Call.status_at); these are the same rules in SQL.
    by_status = {
        "": Call.objects.published,
        Call.Status.OPEN: Call.objects.open,
        Call.Status.UPCOMING: Call.objects.upcoming,
        Call.Status.CLOSED: Call.objects.closed,
        Call.Status.DECIDED: Call.objects.published().exclude(decided_at=None).all,
    }
    rows = by_status[status]() if status in by_status else Call.objects.none()
    rows = rows.prefetch_related("themes").order_by("-opens_at", "pk")
    if theme:
        rows = rows.filter(themes__slug=theme)
    return rows


def challenges(
    *,
    municipality: str = "",
    province: str = "",
    theme: str = "",
    status: str = "",
    call: str = "",
) -> QuerySet[Need]:
    rows = (
        Need.objects.challenges()
        .select_related("organisation", "call")
        .prefetch_related("organisation__municipalities", "themes")
        .order_by("-published_at", "-pk")
    )
    if municipality:
        rows = rows.filter(organisation__municipalities__nis_code=municipality)
    if province:
        rows = rows.filter(organisation__municipalities__province__iexact=province)
    if theme:
        rows = rows.filter(themes__slug=theme)
    if status:
        rows = rows.filter(status=status)
    if call:
        rows = rows.filter(call__slug=call)
    # A need of an intermunicipal organisation joins once per municipality.
    return rows.distinct() if municipality or province or theme else rows


def projects(
    *,
    phase: str = "",
    outcome: str = "",
    municipality: str = "",
    province: str = "",
    theme: str = "",
) -> QuerySet[Project]:
    rows = Project.objects.published().select_related("need").order_by("-published_at", "-pk")
    if phase:
        rows = rows.filter(phase=phase)
    if outcome:
        rows = rows.filter(outcome="" if outcome == "running" else outcome)
    if municipality:
        rows = rows.filter(need__organisation__municipalities__nis_code=municipality)
    if province:
        rows = rows.filter(need__organisation__municipalities__province__iexact=province)
    if theme:
        rows = rows.filter(need__themes__slug=theme)
    return rows.distinct() if municipality or province or theme else rows


def projects_showing(section: str) -> list[int]:
    """The published projects whose approved sections include `section`. Read in Python:
    a JSON list's containment is not portable across SQLite and PostgreSQL, and published
    projects are few."""
    return [
        pk
        for pk, sections in Project.objects.published().values_list("pk", "public_sections")
        if section in sections
    ]


def learnings(
    *, project: int | None = None, decision: str = "", theme: str = "", outcome: str = ""
) -> QuerySet[Learning]:
    rows = (
        Learning.objects.filter(project__in=projects_showing(Section.LEARNINGS))
        .select_related("project", "experiment")
        .order_by("-created_at", "-pk")
    )
    if project is not None:
        rows = rows.filter(project_id=project)
    if decision:
        rows = rows.filter(decision=decision)
    if theme:
        rows = rows.filter(project__need__themes__slug=theme).distinct()
    if outcome:
        rows = rows.filter(project__outcome="" if outcome == "running" else outcome)
    return rows


def articles(*, kind: str = "", theme: str = "") -> QuerySet[Article]:
    rows = (
        Article.objects.published()
        .prefetch_related(
            "themes",
            # Only the linked projects that are public themselves.
            Prefetch(
                "projects",
                queryset=Project.objects.published().order_by("pk"),
                to_attr="public_projects",
            ),
            Prefetch(
                "services",
                queryset=Service.objects.public().order_by("slug"),
                to_attr="public_services",
            ),
        )
        .order_by("-published_at", "-pk")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if theme:
        rows = rows.filter(themes__slug=theme)
    return rows
