"""The portal's home page (`core:home`, registered with core): the programme's story in
numbers and what is current, for anyone, in a fixed number of queries.

The figures are counts over the whole programme (how many needs, projects, validated
hypotheses): numbers, never an unpublished object or a person. What the page lists by name
is only what is public: open calls, published challenges, published projects, lessons from
published projects, published articles, services in the public catalogue."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from proeftuin.calls.models import Call, Need, with_support_counts
from proeftuin.insights import cache as insights_cache
from proeftuin.insights.filters import Filters
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Hypothesis, Project
from proeftuin.scaling.models import Service

from . import published
from .models import Article

CURRENT = 4
TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Figures:
    calls: int
    needs: int
    municipalities: int
    projects: int
    validated_hypotheses: int
    lessons: int
    services: int


def figures() -> Figures:
    """Counted once per change in the programme: the key carries insights' generation, which
    every logged action bumps (see proeftuin.insights.cache)."""
    found = cache.get_or_set(
        f"knowledge:home-figures:{insights_cache.generation()}", count_figures, TIMEOUT
    )
    assert isinstance(found, Figures)
    return found


def count_figures() -> Figures:
    # Submitted needs as the insights count them (the funnel's first step).
    submitted = Filters().needs()
    return Figures(
        calls=Call.objects.published().count(),
        needs=submitted.count(),
        # Municipalities with an organisation that submitted a need.
        municipalities=Municipality.objects.filter(organisations__needs__in=submitted)
        .distinct()
        .count(),
        projects=Project.objects.count(),
        validated_hypotheses=Hypothesis.objects.filter(status=Hypothesis.Status.VALIDATED).count(),
        lessons=published.lessons().count() + Article.objects.lessons().count(),
        services=Service.objects.public().count(),
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    challenges = (
        Need.objects.challenges()
        .filter(Q(status=Need.Status.RETAINED) | Q(status=Need.Status.BACKLOG))
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:CURRENT]
    )
    return render(
        request,
        "knowledge/home.html",
        {
            "figures": figures(),
            "open_calls": list(Call.objects.open().order_by("closes_at", "pk")[:CURRENT]),
            # Counted for the four shown, not aggregated over every challenge first.
            "challenges": with_support_counts(challenges),
            "projects": list(
                Project.objects.published().running().order_by("-published_at", "-pk")[:CURRENT]
            ),
            "lessons": list(published.lessons()[:CURRENT]),
            "articles": list(
                Article.objects.published().exclude(kind=Article.Kind.LESSON)[:CURRENT]
            ),
            "lesson_articles": list(Article.objects.lessons()[:CURRENT]),
            "services": list(Service.objects.public().order_by("-created_at", "-pk")[:CURRENT]),
        },
    )
