"""What the programme published, newest first: the feeds and the digest read it from here.

Only what a coordinator made public, and of it only what its public page shows; nothing
that names a person."""

from datetime import datetime

from django.db.models import Q, QuerySet

from proeftuin.calls.models import Call, Need
from proeftuin.projects.models import Hypothesis, Learning, Project
from proeftuin.scaling.models import Service

from .articles.models import Article


def calls(since: datetime | None = None) -> QuerySet[Call]:
    found = Call.objects.published().order_by("-published_at", "-pk")
    return found.filter(published_at__gt=since) if since else found


def challenges(since: datetime | None = None) -> QuerySet[Need]:
    found = Need.objects.challenges().order_by("-published_at", "-pk")
    return found.filter(published_at__gt=since) if since else found


def articles(since: datetime | None = None) -> QuerySet[Article]:
    found = Article.objects.published().order_by("-published_at", "-pk")
    return found.filter(published_at__gt=since) if since else found


def services(since: datetime | None = None) -> QuerySet[Service]:
    """Services a municipality can take up or soon will (not the retired ones)."""
    found = Service.objects.public().order_by("-created_at", "-pk")
    return found.filter(created_at__gt=since) if since else found


def projects(since: datetime | None = None) -> QuerySet[Project]:
    found = Project.objects.published().order_by("-published_at", "-pk")
    return found.filter(published_at__gt=since) if since else found


def projects_sharing_learnings() -> list[int]:
    """Published projects whose learning cards a coordinator approved. Read in Python: the
    sections are a JSON list and SQLite has no JSON containment lookup."""
    published = Project.objects.published().values_list("pk", "public_sections")
    return [pk for pk, sections in published if Project.Section.LEARNINGS in sections]


def lessons(since: datetime | None = None) -> QuerySet[Learning]:
    """Learning cards of stopped projects and of experiments whose hypothesis was
    invalidated: what did not work is shared as prominently as what did."""
    found = (
        Learning.objects.filter(project__in=projects_sharing_learnings())
        .filter(
            Q(project__outcome=Project.Outcome.STOPPED)
            | Q(experiment__hypothesis__status=Hypothesis.Status.INVALIDATED)
        )
        .select_related("project")
        .order_by("-created_at", "-pk")
    )
    # A card written before its project was published appears when the project does.
    return (
        found.filter(Q(created_at__gt=since) | Q(project__published_at__gt=since))
        if since
        else found
    )
