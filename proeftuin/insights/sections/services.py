"""Services (issue 15, continuous service design): adoption over time, and per service its
retention, satisfaction and NPS. Four queries whatever the number of services, adoptions,
feedback or survey answers.

- Adoption over time: per month, the adoptions active at the end of the month (activated
  before it ends, not ended before it ends) and those activated in it. The year filter
  shows that year's months; otherwise the last 24 months.
- Per service, as `scaling.feedback` defines them: retention after 6 and 12 months (as of
  today, whatever the year), the mean satisfaction of the feedback, the NPS of the survey
  answers (both within the year when one is chosen).

The services are those of the selected projects (`Filters.services`); the other filters
select them through the projects."""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from proeftuin.scaling import feedback as figures
from proeftuin.scaling.models import Adoption

from ..charts import ColumnChart, column_chart
from ..filters import Filters
from ..tables import Table

MONTHS = 24


@dataclass(frozen=True)
class Month:
    start: date
    active: int
    started: int


@dataclass(frozen=True)
class ServiceRow:
    name: str
    state: str
    active: int
    retention: figures.Retention
    satisfaction: Decimal | None
    feedback: int
    nps: figures.Nps


@dataclass(frozen=True)
class ServiceFigures:
    months: list[Month]
    rows: list[ServiceRow]
    chart: ColumnChart
    tables: list[Table]


def _months(filters: Filters, today: date) -> list[date]:
    """The first day of each month shown, oldest first."""
    if filters.year:
        last = 12 if filters.year < today.year else today.month
        return [date(filters.year, m, 1) for m in range(1, last + 1)]
    firsts = []
    year, month = today.year, today.month
    for _i in range(MONTHS):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def adoption_over_time(adoptions: Any, firsts: list[date]) -> list[Month]:
    """One aggregate query: two filtered counts per month."""
    counts: dict[str, Any] = {}
    for i, first in enumerate(firsts):
        start, end = _moment(first), _moment(_next_month(first))
        counts[f"active_{i}"] = Count(
            "pk",
            filter=Q(activated_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gte=end)),
        )
        counts[f"started_{i}"] = Count(
            "pk", filter=Q(activated_at__gte=start, activated_at__lt=end)
        )
    found = adoptions.filter(activated_at__isnull=False).aggregate(**counts)
    return [
        Month(first, found[f"active_{i}"] or 0, found[f"started_{i}"] or 0)
        for i, first in enumerate(firsts)
    ]


def _percent(share: figures.Share) -> str:
    if share.percent is None:
        return "—"
    return f"{number_format(share.percent, 1)} % ({share.kept}/{share.eligible})"


def compute(filters: Filters) -> ServiceFigures:
    today = timezone.localdate()
    services = filters.services()
    adoptions = Adoption.objects.filter(service__in=services.values("pk"))
    months = adoption_over_time(adoptions, _months(filters, today))

    in_year = Q(adoptions__feedback__given_at__year=filters.year) if filters.year else Q()
    listed = list(
        services.annotate(
            active=Count(
                "adoptions", filter=Q(adoptions__state=Adoption.State.ACTIVE), distinct=True
            ),
            satisfaction=Avg("adoptions__feedback__satisfaction", filter=in_year),
            feedback_count=Count("adoptions__feedback", filter=in_year, distinct=True),
        ).order_by("name")
    )
    retention = figures.retention_by_service(adoptions)
    nps = figures.nps_by_service([s.pk for s in listed], year=filters.year)
    empty = figures.Retention(figures.Share(0, 0), figures.Share(0, 0))
    rows = [
        ServiceRow(
            name=service.name,
            state=str(service.get_state_display()),
            active=service.active,
            retention=retention.get(service.pk, empty),
            satisfaction=(
                Decimal(str(service.satisfaction)).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if service.satisfaction is not None
                else None
            ),
            feedback=service.feedback_count,
            nps=nps.get(service.pk, figures.Nps(0, 0, 0)),
        )
        for service in listed
    ]
    label = _("maand")
    chart = column_chart(
        "services-adoption",
        _("Afnames per maand: actief op het einde van de maand en nieuw gestart"),
        _(
            "Per maand een kolom voor de afnames die actief waren op het einde van de maand en "
            "een voor de afnames die die maand startten; de tabel eronder geeft de aantallen."
        ),
        [(f"{m.start:%m/%y}", m.active, m.started) for m in months],
        (_("actief"), _("nieuw gestart")),
    )
    tables = [
        Table(
            key="diensten-afnames-per-maand",
            caption=_("Afnames per maand"),
            headers=[label.capitalize(), _("Actief op het einde"), _("Nieuw gestart")],
            rows=[[f"{m.start:%Y-%m}", m.active, m.started] for m in months],
        ),
        Table(
            key="diensten",
            caption=_("Per dienst: afnames, retentie, tevredenheid en NPS"),
            headers=[
                _("Dienst"),
                _("Stand"),
                _("Actieve afnames"),
                _("Retentie na 6 maanden"),
                _("Retentie na 12 maanden"),
                _("Gemiddelde tevredenheid (1 tot 5)"),
                _("Feedback"),
                _("NPS"),
                _("Antwoorden op de bevraging"),
            ],
            rows=[
                [
                    row.name,
                    row.state,
                    row.active,
                    _percent(row.retention.after_6),
                    _percent(row.retention.after_12),
                    row.satisfaction if row.satisfaction is not None else "—",
                    row.feedback,
                    row.nps.value if row.nps.value is not None else "—",
                    row.nps.answers,
                ]
                for row in rows
            ],
        ),
    ]
    return ServiceFigures(months=months, rows=rows, chart=chart, tables=tables)
