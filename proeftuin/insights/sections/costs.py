"""Costs (DESIGN.md, "Innovation accounting", and the means of issue 14): what the selected
projects cost against their budgets, what each validated hypothesis cost, and budget against
spending per call. Six queries whatever the number of projects.

A project's budget and spending are those of `projects.budgets`: the budget is the money of
its phase budgets (external costs + local investment), the spending its recorded costs plus
the cost of its experiments once started, all in exact cents. A validated hypothesis costs
what the experiments that ran to test it cost. Per call, "allocated" is the sum of its
selected projects' budgets and "spent" their spending, beside the call's own budget (the
experimentation space it opened, not narrowed by the filters)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from proeftuin.calls.models import Call
from proeftuin.core.money import cents_to_euro, format_euro
from proeftuin.projects import budgets
from proeftuin.projects.models import PhaseBudget, Spending

from ..charts import BarChart, bar_chart
from ..filters import Filters
from ..tables import Table

# The chart shows the most expensive projects; the table beside it lists them all.
CHART_PROJECTS = 15


@dataclass(frozen=True)
class CallMoney:
    call: Call
    allocated_cents: int
    spent_cents: int

    @property
    def percent(self) -> Decimal | None:
        return budgets.percent(self.spent_cents, self.call.budget_cents or 0)


@dataclass(frozen=True)
class CostFigures:
    budget_cents: int
    spent_cents: int
    percent: Decimal | None
    projects: int
    projects_over_80: int
    validated_hypotheses: int
    # The mean cost of a validated hypothesis; None when there is none.
    cost_per_validated_cents: int | None
    calls: list[CallMoney]
    calls_chart: BarChart
    projects_chart: BarChart
    tables: list[Table]


def _per_call(filters: Filters) -> list[CallMoney]:
    """Three grouped sums over the selected projects, and the calls they came from."""
    projects = filters.projects()
    allocated = dict(
        PhaseBudget.objects.filter(project__in=projects.values("pk"))
        .order_by()
        .values("project__need__call")
        .annotate(total=Sum(F("external_cents") + F("local_investment_cents")))
        .values_list("project__need__call", "total")
    )
    recorded = dict(
        Spending.objects.filter(project__in=projects.values("pk"))
        .order_by()
        .values("project__need__call")
        .annotate(total=Sum("amount_cents"))
        .values_list("project__need__call", "total")
    )
    tested = dict(
        budgets.spent_experiments()
        .filter(project__in=projects.values("pk"))
        .order_by()
        .values("project__need__call")
        .annotate(total=Sum(budgets.experiment_cents()))
        .values_list("project__need__call", "total")
    )
    calls = Call.objects.filter(pk__in={*allocated, *recorded, *tested} - {None})
    if filters.call:
        calls = calls.filter(pk=filters.call.pk)
    return [
        CallMoney(
            call=call,
            allocated_cents=allocated.get(call.pk) or 0,
            spent_cents=(recorded.get(call.pk) or 0) + (tested.get(call.pk) or 0),
        )
        for call in calls.order_by("-opens_at", "pk")
    ]


def compute(filters: Filters) -> CostFigures:
    projects: Any = (
        budgets.with_money(filters.projects())
        .select_related("need__call")
        .order_by(F("spent_cents").desc(), "title", "pk")
    )
    rows = [
        (p, budgets.percent(p.spent_cents, p.budget_cents), p.budget_cents, p.spent_cents)
        for p in projects
    ]
    hypotheses: Any = list(budgets.validated_hypotheses_with_cost(filters.projects()))
    calls = _per_call(filters)
    budget = sum(r[2] for r in rows)
    spent = sum(r[3] for r in rows)
    over = sum(1 for p, _pct, b, s in rows if budgets.warning_level(s, b))
    per_validated = (
        round(sum(h.cost_cents for h in hypotheses) / len(hypotheses)) if hypotheses else None
    )
    tables = [
        Table(
            key="kosten-per-oproep",
            caption=_("Budget en uitgaven per oproep"),
            headers=[
                _("Oproep"),
                _("Budget van de oproep (euro)"),
                _("Toegekend aan projecten (euro)"),
                _("Uitgegeven (euro)"),
                _("Deel van het budget uitgegeven (%)"),
            ],
            rows=[
                [
                    c.call.title,
                    "" if c.call.budget_cents is None else cents_to_euro(c.call.budget_cents),
                    cents_to_euro(c.allocated_cents),
                    cents_to_euro(c.spent_cents),
                    "" if c.percent is None else c.percent,
                ]
                for c in calls
            ],
        ),
        Table(
            key="kosten-per-project",
            caption=_("Kost van elk proefproject tegenover zijn budget"),
            headers=[
                _("Proefproject"),
                _("Oproep"),
                _("Budget (euro)"),
                _("Uitgegeven (euro)"),
                _("Deel van het budget (%)"),
            ],
            rows=[
                [
                    p.title,
                    p.need.call.title if p.need.call else "",
                    cents_to_euro(b),
                    cents_to_euro(s),
                    "" if pct is None else pct,
                ]
                for p, pct, b, s in rows
            ],
        ),
        Table(
            key="kosten-per-gevalideerde-hypothese",
            caption=_("Kost van elke gevalideerde hypothese: de experimenten die haar testten"),
            headers=[_("Hypothese"), _("Proefproject"), _("Soort"), _("Kost (euro)")],
            rows=[
                [
                    h.statement,
                    h.project.title,
                    str(h.get_kind_display()),
                    cents_to_euro(h.cost_cents),
                ]
                for h in hypotheses
            ],
        ),
    ]
    return CostFigures(
        budget_cents=budget,
        spent_cents=spent,
        percent=budgets.percent(spent, budget),
        projects=len(rows),
        projects_over_80=over,
        validated_hypotheses=len(hypotheses),
        cost_per_validated_cents=per_validated,
        calls=calls,
        calls_chart=bar_chart(
            "costs-calls",
            _("Deel van het budget van elke oproep dat is uitgegeven"),
            _(
                "Een balk per oproep, van 0 tot 100 % van haar budget (langer wanneer erover); "
                "de tabel ernaast geeft de bedragen."
            ),
            [
                (c.call.title, float(c.percent), f"{c.percent} %")
                for c in calls
                if c.percent is not None
            ],
            scale_to=max([100.0, *(float(c.percent or 0) for c in calls)]),
        ),
        projects_chart=bar_chart(
            "costs-projects",
            _("De duurste proefprojecten"),
            _("Een balk per proefproject, naar wat het uitgaf; de tabel ernaast geeft alles."),
            [(p.title, s, format_euro(s)) for p, _pct, _b, s in rows[:CHART_PROJECTS]],
        ),
        tables=tables,
    )
