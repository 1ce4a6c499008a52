"""What the adopters of a service tell, as figures computed in the database.

- Satisfaction trend: the mean satisfaction (1 to 5) of the feedback given per month or per
  quarter (Brussels time), with the number of answers it rests on.
- Most frequent requests: the requests and problems raised in feedback, ordered by the
  number of distinct municipalities that raised or backed them.
- NPS (Reichheld 2003): % promoters (9 to 10) - % detractors (0 to 6) among the answers to
  the recommendation question of a service's surveys, from -100 to 100.
- Retention after 6 and 12 months: among the adoptions activated at least 183 (365) days
  ago, the share still active 183 (365) days after their activation. 183 and 365 days
  stand for the months, so the figure does not depend on the length of the months.
- Reasons for leaving: the ended adoptions counted per reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.formats import number_format

from proeftuin.participation.models import Answer, Question

from .models import Adoption, EndReason, Feedback, ServiceNeed, ServiceRequest

HALF_YEAR = timedelta(days=183)
YEAR = timedelta(days=365)
MONTH, QUARTER = "maand", "kwartaal"
TOP_REQUESTS = 10


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TrendPoint:
    start: date
    mean: Decimal
    answers: int


def satisfaction_trend(service_id: int, per: str = MONTH) -> list[TrendPoint]:
    """The mean satisfaction per month (or quarter) that has feedback, oldest first."""
    bucket = TruncQuarter("given_at") if per == QUARTER else TruncMonth("given_at")
    rows = (
        Feedback.objects.filter(adoption__service_id=service_id)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(mean=Avg("satisfaction"), answers=Count("pk"))
        .order_by("bucket")
    )
    return [
        TrendPoint(
            start=timezone.localdate(row["bucket"])
            if isinstance(row["bucket"], datetime)
            else row["bucket"],
            mean=_round(Decimal(str(row["mean"]))),
            answers=row["answers"],
        )
        for row in rows
    ]


def top_requests(service_id: int, *, without_need: bool = False) -> QuerySet[ServiceRequest]:
    """The requests most municipalities share first, each with `municipality_count`,
    `last_at` and `has_need` (already turned into a need); `without_need` leaves those out."""
    requests = ServiceRequest.objects.filter(service_id=service_id)
    if without_need:
        requests = requests.exclude(needs__isnull=False)
    return requests.annotate(
        municipality_count=Count("feedback__adoption__municipality", distinct=True),
        last_at=Max("feedback__given_at"),
        has_need=Exists(ServiceNeed.objects.filter(request=OuterRef("pk"))),
    ).order_by("-municipality_count", "-last_at", "-pk")


@dataclass(frozen=True)
class Nps:
    answers: int
    promoters: int
    detractors: int

    @property
    def value(self) -> Decimal | None:
        if not self.answers:
            return None
        return _round(Decimal((self.promoters - self.detractors) * 100) / self.answers)


def _nps_answers() -> QuerySet[Answer]:
    return Answer.objects.filter(
        question__kind=Question.Kind.NPS, question__form__service_survey__isnull=False
    )


def _nps_counts() -> dict[str, Any]:
    return {
        "answers": Count("pk"),
        "promoters": Count("pk", filter=Q(number__gte=9)),
        "detractors": Count("pk", filter=Q(number__lte=6)),
    }


def nps_by_service(service_ids: list[int] | None = None, year: int | None = None) -> dict[int, Nps]:
    """Each service's NPS over all its surveys, or those of one year (one query)."""
    answers = _nps_answers()
    if service_ids is not None:
        answers = answers.filter(question__form__service_survey__service__in=service_ids)
    if year is not None:
        answers = answers.filter(question__form__service_survey__period__startswith=f"{year}-")
    rows: list[Mapping[str, Any]] = list(
        answers.values(service=F("question__form__service_survey__service"))
        .annotate(**_nps_counts())
        .order_by()
    )
    return {
        row["service"]: Nps(row["answers"], row["promoters"], row["detractors"]) for row in rows
    }


def nps_by_period(service_id: int) -> list[tuple[str, Nps]]:
    """A service's NPS per survey period, oldest first."""
    rows: list[Mapping[str, Any]] = list(
        _nps_answers()
        .filter(question__form__service_survey__service=service_id)
        .values(period=F("question__form__service_survey__period"))
        .annotate(**_nps_counts())
        .order_by("period")
    )
    return [
        (row["period"], Nps(row["answers"], row["promoters"], row["detractors"])) for row in rows
    ]


@dataclass(frozen=True)
class Share:
    kept: int
    eligible: int

    @property
    def percent(self) -> Decimal | None:
        if not self.eligible:
            return None
        return _round(Decimal(self.kept * 100) / self.eligible)


@dataclass(frozen=True)
class Retention:
    after_6: Share
    after_12: Share


def _retention_counts(now: datetime) -> dict[str, Any]:
    counts: dict[str, Any] = {}
    for key, span in (("6", HALF_YEAR), ("12", YEAR)):
        eligible = Q(activated_at__lte=now - span)
        counts[f"eligible_{key}"] = Count("pk", filter=eligible)
        counts[f"kept_{key}"] = Count(
            "pk",
            filter=eligible
            & (Q(ended_at__isnull=True) | Q(ended_at__gte=F("activated_at") + span)),
        )
    return counts


def _retention(row: Mapping[str, Any]) -> Retention:
    return Retention(
        after_6=Share(row["kept_6"] or 0, row["eligible_6"] or 0),
        after_12=Share(row["kept_12"] or 0, row["eligible_12"] or 0),
    )


def retention(service_id: int, now: datetime | None = None) -> Retention:
    row = Adoption.objects.filter(service_id=service_id, activated_at__isnull=False).aggregate(
        **_retention_counts(now or timezone.now())
    )
    return _retention(row)


def retention_by_service(
    adoptions: QuerySet[Adoption], now: datetime | None = None
) -> dict[int, Retention]:
    """Retention per service over the given adoptions (one query)."""
    rows: list[Mapping[str, Any]] = list(
        adoptions.filter(activated_at__isnull=False)
        .values("service")
        .annotate(**_retention_counts(now or timezone.now()))
        .order_by()
    )
    return {row["service"]: _retention(row) for row in rows}


def end_reasons(service_id: int) -> list[tuple[str, int]]:
    """(reason in words, ended adoptions) for a service, most frequent first."""
    rows = (
        Adoption.objects.filter(service_id=service_id, state=Adoption.State.ENDED)
        .values("end_reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "end_reason")
    )
    labels = dict(EndReason.choices)
    return [
        (str(labels.get(row["end_reason"], EndReason.OTHER.label)), row["count"]) for row in rows
    ]


# The trend's chart: geometry here, so the template only places what is given.

CHART_WIDTH = 640
CHART_LEFT = 30
CHART_TOP = 20  # room for the value above a full column
CHART_HEIGHT = 150  # a satisfaction of 5


@dataclass(frozen=True)
class Column:
    label: str
    text: str
    x: int
    y: int
    width: int
    height: int

    @property
    def middle(self) -> int:
        return self.x + self.width // 2


def trend_columns(points: list[TrendPoint], per: str = MONTH) -> list[Column]:
    """One column per month (quarter) with feedback, its height the mean satisfaction."""
    if not points:
        return []
    slot = (CHART_WIDTH - CHART_LEFT) // len(points)
    width = max(min(slot - 8, 48), 4)
    # At most about eight labels under the axis, so they never overlap; the table has all.
    every = max(1, -(-len(points) // 8))
    columns = []
    for i, point in enumerate(points):
        height = round(CHART_HEIGHT * float(point.mean) / 5)
        label = (
            f"K{(point.start.month - 1) // 3 + 1} {point.start:%Y}"
            if per == QUARTER
            else f"{point.start:%m/%Y}"
        )
        if i % every:
            label = ""
        columns.append(
            Column(
                label=label,
                text=number_format(point.mean, 1),
                x=CHART_LEFT + i * slot + (slot - width) // 2,
                y=CHART_TOP + CHART_HEIGHT - height,
                width=width,
                height=height,
            )
        )
    return columns
