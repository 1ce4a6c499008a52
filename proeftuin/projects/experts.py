"""Reads on the expert pool: each expert's load month by month, how well they fit a
project, and the experts the platform proposes for a project's team.

Load: an expert's load in a month is the sum of `hours_per_month` of their memberships of
running projects whose period touches that month (a membership without `starts_on` counts
from the start, one without `ends_on` for ever). Invitations not yet answered count too:
the hours are promised until the expert declines. A stopped or finished project frees its
hours. Everything is computed by the database, one correlated subquery per month, so the
pool is one query whatever the number of experts and memberships.

Fit: one point per theme the expert shares with the project's needs, plus the weight of
each thesaurus concept the expert knows that the matcher finds in the needs' text (1 for
what a need is about, less for how or where; see `calls.matching`).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from proeftuin.calls.matching.index import analyser, need_text
from proeftuin.calls.matching.scoring import CONCEPT
from proeftuin.calls.models import Need, ThesaurusConcept
from proeftuin.core.models import Theme

from .models import ExpertProfile, Membership, Project

HORIZON = 6  # months the pool shows and proposals look ahead
PROPOSALS = 8


@dataclass(frozen=True)
class Month:
    first: date
    last: date


def months_from(start: date, count: int = HORIZON) -> list[Month]:
    """`count` calendar months, the first being the one `start` falls in."""
    months = []
    year, month = start.year, start.month
    for _i in range(count):
        last_day = calendar.monthrange(year, month)[1]
        months.append(Month(date(year, month, 1), date(year, month, last_day)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def coming_months(count: int = HORIZON) -> list[Month]:
    return months_from(timezone.localdate(), count)


def _in_month(month: Month, prefix: str = "") -> Q:
    return (
        (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": month.last}))
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": month.first}))
        & Q(**{f"{prefix}project__outcome": Project.Outcome.RUNNING})
    )


def _hours_in(month: Month, user_ref: Any) -> Coalesce:
    hours = (
        Membership.objects.filter(_in_month(month), user=user_ref, hours_per_month__gt=0)
        .order_by()
        .values("user")
        .annotate(total=Sum("hours_per_month"))
        .values("total")
    )
    return Coalesce(Subquery(hours, output_field=IntegerField()), Value(0))


def with_load(experts: "QuerySet[ExpertProfile]", months: list[Month]) -> "QuerySet[ExpertProfile]":
    """Annotate `load_0` … `load_<n-1>` (hours committed in each month), `peak_load` (the
    highest of them), `free_hours` (availability minus the peak) and `project_count` (the
    projects they are committed to in the first month)."""
    user = OuterRef("user_id")
    loads = {f"load_{i}": _hours_in(month, user) for i, month in enumerate(months)}
    projects = (
        Membership.objects.filter(_in_month(months[0]), user=user, hours_per_month__gt=0)
        .order_by()
        .values("user")
        .annotate(n=Count("project", distinct=True))
        .values("n")
    )
    peak = Greatest(*(F(name) for name in loads)) if len(loads) > 1 else F("load_0")
    return (
        experts.annotate(**loads)
        .annotate(
            peak_load=peak,
            project_count=Coalesce(Subquery(projects, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            free_hours=ExpressionWrapper(
                F("hours_per_month") - F("peak_load"), output_field=IntegerField()
            )
        )
    )


def loads_of(expert: ExpertProfile, months: list[Month]) -> list[int]:
    """The monthly loads annotated by `with_load`, in order."""
    return [getattr(expert, f"load_{i}") for i in range(len(months))]


def free_hours_of(expert: ExpertProfile) -> int:
    """The free hours annotated by `with_load`."""
    return int(expert.__dict__["free_hours"])


def peak_load_of(user: Any, months: list[Month], *, exclude: int | None = None) -> int:
    """The highest number of hours the person has committed in any of these months (one
    query per month; used when inviting, where the months follow the new period)."""
    memberships = Membership.objects.filter(user=user, hours_per_month__gt=0)
    if exclude is not None:
        memberships = memberships.exclude(pk=exclude)
    peak = 0
    for month in months:
        total = memberships.filter(_in_month(month)).aggregate(t=Sum("hours_per_month"))["t"]
        peak = max(peak, total or 0)
    return peak


def project_vocabulary(project: Project) -> tuple[set[int], set[int]]:
    """The ids of the themes of the project's needs and of the thesaurus concepts the
    matcher finds in their text."""
    needs = project.needs
    theme_ids = set(
        Need.themes.through.objects.filter(need_id__in=[n.pk for n in needs]).values_list(
            "theme_id", flat=True
        )
    )
    found = analyser()
    keys: set[str] = set()
    for need in needs:
        keys.update(
            feature.removeprefix(CONCEPT)
            for feature in found.features(*need_text(need))
            if feature.startswith(CONCEPT)
        )
    concept_ids = set(ThesaurusConcept.objects.filter(key__in=keys).values_list("pk", flat=True))
    return theme_ids, concept_ids


def with_fit(
    experts: "QuerySet[ExpertProfile]", theme_ids: set[int], concept_ids: set[int]
) -> "QuerySet[ExpertProfile]":
    """Annotate `fit` (see the module's docstring) and the counts it is made of."""
    themes = (
        Theme.objects.filter(experts=OuterRef("pk"), pk__in=theme_ids)
        .order_by()
        .values("experts")
        .annotate(n=Count("pk"))
        .values("n")
    )
    concepts = (
        ThesaurusConcept.objects.filter(experts=OuterRef("pk"), pk__in=concept_ids)
        .order_by()
        .values("experts")
        .annotate(w=Sum("weight"))
        .values("w")
    )
    return experts.annotate(
        shared_themes=Coalesce(Subquery(themes, output_field=IntegerField()), Value(0)),
        concept_weight=Coalesce(Subquery(concepts, output_field=FloatField()), Value(0.0)),
    ).annotate(
        fit=ExpressionWrapper(F("shared_themes") + F("concept_weight"), output_field=FloatField())
    )


def pool(months: list[Month]) -> "QuerySet[ExpertProfile]":
    """The pool as coordinators see it: active people, their load and what they know."""
    return with_load(
        ExpertProfile.objects.filter(user__is_active=True, user__deleted_at__isnull=True)
        .select_related("user")
        .prefetch_related("themes"),
        months,
    )


def proposals(project: Project, months: list[Month] | None = None) -> list[ExpertProfile]:
    """The experts who fit the project's needs and have hours left in every one of the
    coming months, best fit first, then most free hours. Nobody at full load, nobody
    already in (or invited to) the team."""
    months = months or coming_months()
    theme_ids, concept_ids = project_vocabulary(project)
    in_team = project.team.filter(user__isnull=False).values("user_id")
    experts = with_fit(pool(months), theme_ids, concept_ids)
    return list(
        experts.exclude(user__in=in_team)
        .filter(Q(fit__gt=0), Q(free_hours__gt=0))
        .order_by(F("fit").desc(), F("free_hours").desc(), "user__name", "pk")[:PROPOSALS]
    )


def worked_on(expert: ExpertProfile) -> "QuerySet[Project]":
    """The projects whose team the expert joined (derived, never typed)."""
    return Project.objects.filter(
        team__user_id=expert.user_id, team__accepted_at__isnull=False
    ).distinct()
