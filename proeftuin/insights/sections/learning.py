"""Learning (DESIGN.md, "Innovation accounting"): how fast the programme learns and what it
costs. Four queries over the experiments of the selected projects.

- experiments started and completed per calendar month in Brussels time (months without any
  are shown as zero, from the first month to the last);
- completed experiments by result: validated, invalidated, inconclusive;
- cost per completed experiment: the sum of their `cost_eur` over their number;
- stopped projects with a published lesson: stopped projects that a coordinator published
  with their learning cards and that have a learning card (the closing one at least) — the
  lessons the portal shows (knowledge.published.lessons)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum, TextField
from django.db.models.functions import Cast, TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from proeftuin.projects.models import Experiment, Learning, Project

from ..charts import BarChart, ColumnChart, bar_chart, column_chart
from ..filters import Filters
from ..tables import Table

BRUSSELS = ZoneInfo("Europe/Brussels")
Result = Experiment.Result


@dataclass(frozen=True)
class Month:
    month: date
    started: int
    completed: int

    @property
    def label(self) -> str:
        return formats.date_format(self.month, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class LearningFigures:
    months: list[Month]
    completed: int
    results: dict[str, int]
    total_cost_eur: Decimal
    cost_per_completed_eur: Decimal | None
    stopped: int
    stopped_with_lesson: int
    # Percent of the stopped projects; None when none stopped.
    lesson_share: int | None
    months_chart: ColumnChart
    results_chart: BarChart
    tables: list[Table]


def _per_month(experiments: object, field: str) -> dict[date, int]:
    rows = (
        experiments.filter(**{f"{field}__isnull": False})  # type: ignore[attr-defined]
        .annotate(month=TruncMonth(field, tzinfo=BRUSSELS))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {_as_date(row["month"]): row["n"] for row in rows}


def _as_date(value: object) -> date:
    # TruncMonth of a datetime gives an aware datetime in Brussels time.
    return value.astimezone(BRUSSELS).date() if hasattr(value, "astimezone") else value  # type: ignore[return-value]


def _months_between(first: date, last: date) -> list[date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _euro(amount: Decimal | None) -> str:
    return (
        ""
        if amount is None
        else f"€ {formats.number_format(amount, 2, use_l10n=True, force_grouping=True)}"
    )


def compute(filters: Filters) -> LearningFigures:
    experiments = Experiment.objects.filter(project__in=filters.projects().values("pk"))
    started = _per_month(experiments, "started_at")
    completed = _per_month(experiments, "completed_at")
    found = sorted({*started, *completed})
    months = [
        Month(month, started.get(month, 0), completed.get(month, 0))
        for month in (_months_between(found[0], found[-1]) if found else [])
    ]
    done = experiments.completed().aggregate(
        n=Count("pk"),
        cost=Sum("cost_eur"),
        **{result: Count("pk", filter=Q(result=result)) for result in Result.values},
    )
    lesson = Q(pk__in=Learning.objects.values("project_id"))
    stopped = (
        filters.projects()
        .filter(outcome=Project.Outcome.STOPPED)
        .annotate(sections=Cast("public_sections", TextField()))
        .aggregate(
            n=Count("pk"),
            with_lesson=Count(
                "pk",
                filter=lesson
                & Q(
                    published_at__isnull=False,
                    # The sections are a JSON list of strings: the quoted name is in its text
                    # (SQLite has no JSON containment lookup).
                    sections__contains=f'"{Project.Section.LEARNINGS}"',
                ),
            ),
        )
    )
    results = {result: done[result] for result in Result.values}
    total_cost = done["cost"] or Decimal(0)
    cost_per = (total_cost / done["n"]).quantize(Decimal("0.01")) if done["n"] else None
    share = round(100 * stopped["with_lesson"] / stopped["n"]) if stopped["n"] else None
    tables = [
        Table(
            key="experimenten-per-maand",
            caption=_("Experimenten gestart en afgerond per maand"),
            headers=[_("Maand"), _("Gestart"), _("Afgerond")],
            rows=[[m.label, m.started, m.completed] for m in months],
        ),
        Table(
            key="experimenten-resultaten",
            caption=_("Afgeronde experimenten per resultaat"),
            headers=[_("Resultaat"), _("Aantal")],
            rows=[[str(Result(r).label), n] for r, n in results.items()],
        ),
        Table(
            key="leren-kosten-en-lessen",
            caption=_("Kosten en lessen"),
            headers=[_("Cijfer"), _("Waarde")],
            rows=[
                [_("Afgeronde experimenten"), done["n"]],
                [_("Totale kost van de afgeronde experimenten"), _euro(total_cost)],
                [_("Kost per afgerond experiment"), _euro(cost_per)],
                [_("Gestopte projecten"), stopped["n"]],
                [_("Gestopte projecten met een gepubliceerde les"), stopped["with_lesson"]],
                [
                    _("Aandeel gestopte projecten met een gepubliceerde les"),
                    "" if share is None else f"{share} %",
                ],
            ],
        ),
    ]
    return LearningFigures(
        months=months,
        completed=done["n"],
        results=results,
        total_cost_eur=total_cost,
        cost_per_completed_eur=cost_per,
        stopped=stopped["n"],
        stopped_with_lesson=stopped["with_lesson"],
        lesson_share=share,
        months_chart=column_chart(
            "learning-months",
            _("Experimenten gestart en afgerond per maand"),
            _(
                "Per maand een kolom voor de gestarte en een voor de afgeronde experimenten; "
                "de tabel eronder geeft dezelfde aantallen."
            ),
            [(formats.date_format(m.month, "M Y"), m.started, m.completed) for m in months],
            (_("gestart"), _("afgerond")),
        ),
        results_chart=bar_chart(
            "learning-results",
            _("Resultaten van de afgeronde experimenten"),
            _("Een balk per resultaat; de tabel eronder geeft dezelfde aantallen."),
            [(str(Result(r).label), n, str(n)) for r, n in results.items()],
        ),
        tables=tables,
    )
