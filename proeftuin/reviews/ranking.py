"""The review ranking of a call (or of one round of a rolling call).

Per reviewer, the weighted mean of their criterion scores: Σ(weightᵢ·scoreᵢ) / Σ weightᵢ.
Per need, the mean of those reviewer means, and their spread: the population standard
deviation of the reviewers' weighted means (DESIGN.md), so disagreement stands out.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum

from proeftuin.calls.matching import demand_for
from proeftuin.calls.models import Call, Need, ReviewDate, Support

from .models import Decision, Review, Score

REVIEWED_STATUSES = [
    Need.Status.RETAINED,
    Need.Status.SELECTED,
    Need.Status.DECLINED,
    Need.Status.BACKLOG,
]


def weighted_mean(scores: Iterable[tuple[Decimal | float, int]]) -> float | None:
    """Σ(weight·score) / Σ weight over (weight, score) pairs; None without weight."""
    pairs = list(scores)
    total = sum(float(w) for w, _ in pairs)
    if not total:
        return None
    return sum(float(w) * s for w, s in pairs) / total


def mean_and_spread(values: Sequence[float]) -> tuple[float | None, float | None]:
    """The mean and the population standard deviation (None for no values)."""
    if not values:
        return None, None
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def reviewer_means(need_ids: Iterable[int]) -> dict[int, list[float]]:
    """Per need, the weighted means of its submitted reviews, computed in the database
    (one row per review)."""
    scores = Score.objects.filter(
        review__need_id__in=list(need_ids),
        review__submitted_at__isnull=False,
        review__conflict_declared_at__isnull=True,
    )
    rows = (
        scores.values("review_id", "review__need_id")
        .annotate(
            weighted=Sum(
                ExpressionWrapper(
                    F("value") * F("criterion__weight"),
                    output_field=DecimalField(max_digits=12, decimal_places=4),
                )
            ),
            weights=Sum("criterion__weight"),
        )
        .order_by()
    )
    means: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        if row["weights"]:
            means[row["review__need_id"]].append(float(row["weighted"]) / float(row["weights"]))
    return means


@dataclass
class RankedNeed:
    need: Need
    mean: float | None
    spread: float | None
    reviews: int
    open_reviews: int
    supporting_municipalities: int
    # Demand (DESIGN.md): distinct municipalities among the need's cluster and supporters,
    # and how many other needs share its cluster.
    demand: int
    similar_needs: int
    decision: Decision | None


SORTS = {
    "score": lambda r: (r.mean is None, -(r.mean or 0), r.need.pk),
    "spread": lambda r: (r.spread is None, -(r.spread or 0), r.need.pk),
    "support": lambda r: (-r.supporting_municipalities, r.need.pk),
    "demand": lambda r: (-r.demand, r.need.pk),
    "reviews": lambda r: (-r.reviews, r.need.pk),
    "title": lambda r: (r.need.title.lower(), r.need.pk),
}


def ranking(
    call: Call, *, review_round: ReviewDate | None = None, sort: str = "score"
) -> list[RankedNeed]:
    """Every reviewed need of the call (round), best first, in a fixed number of queries."""
    needs = list(
        Need.objects.filter(call=call, status__in=REVIEWED_STATUSES)
        .filter(**({"review_round": review_round} if review_round else {}))
        .exclude(status=Need.Status.DECLINED, review_decision__isnull=True)
        .exclude(status=Need.Status.BACKLOG, review_decision__isnull=True)
        .select_related("organisation", "review_decision")
        .prefetch_related("organisation__municipalities")
    )
    ids = [n.pk for n in needs]
    means = reviewer_means(ids)
    open_counts = dict(
        Review.objects.open()
        .filter(need_id__in=ids)
        .values("need")
        .annotate(n=Count("pk"))
        .values_list("need", "n")
    )
    support = dict(
        Support.objects.active()
        .filter(need_id__in=ids)
        .values("need")
        .annotate(n=Count("organisation__municipalities", distinct=True))
        .values_list("need", "n")
    )
    demand = demand_for(ids)
    rows = []
    for need in needs:
        mean, spread = mean_and_spread(means.get(need.pk, []))
        rows.append(
            RankedNeed(
                need=need,
                mean=mean,
                spread=spread,
                reviews=len(means.get(need.pk, [])),
                open_reviews=open_counts.get(need.pk, 0),
                supporting_municipalities=support.get(need.pk, 0),
                demand=demand[need.pk].municipalities if need.pk in demand else 0,
                similar_needs=len(demand[need.pk].need_ids) - 1 if need.pk in demand else 0,
                decision=getattr(need, "review_decision", None),
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["score"]))
