"""Budget against spending, summed in the database: per project and phase, per call, per
year, and the cost of each validated hypothesis.

A project's *budget* is the money of its phase budgets: external costs + local investment
(internal hours are time, counted apart and never priced). Its *spending* is its recorded
`Spending` plus the cost of every experiment that has started (running or completed): a
test card's cost is a plan until the experiment runs, and fixed from then on
(`services.lean.update_experiment`). `Experiment.cost_eur` is in Decimal euros; it becomes
cents with ROUND(cost_eur * 100) in SQL, since SQLite keeps decimals as floating point
(0.29 * 100 = 28.999…) and a plain cast would drop a cent.

Warnings: at 80 % and at 100 % of the budget (`warning_level`); a project without a budget
has no percentage and no warning."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    BigIntegerField,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Round

from proeftuin.calls.models import Call

from .models import Experiment, Hypothesis, PhaseBudget, Project, Spending

BRUSSELS = ZoneInfo("Europe/Brussels")
THRESHOLDS = (80, 100)
SPENT_STATUSES = (Experiment.Status.RUNNING, Experiment.Status.COMPLETED)


def experiment_cents(prefix: str = "") -> Expression:
    """An experiment's cost in cents, exactly (see the module's docstring)."""
    return Cast(Round(F(f"{prefix}cost_eur") * 100), BigIntegerField())


def spent_experiments() -> QuerySet[Experiment]:
    return Experiment.objects.filter(status__in=SPENT_STATUSES)


def percent(spent: int, budget: int) -> Decimal | None:
    """Spending as a share of the budget, in whole-ish percent (one decimal); None without a
    budget."""
    if budget <= 0:
        return None
    return (Decimal(spent * 100) / budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def warning_level(spent: int, budget: int) -> int | None:
    """The highest threshold (80 or 100) that spending reached, compared exactly in cents:
    80 % of € 1.000 is reached at € 800,00, not at € 799,99."""
    if budget <= 0:
        return None
    reached = [t for t in THRESHOLDS if spent * 100 >= budget * t]
    return reached[-1] if reached else None


def _sum_subquery(queryset: QuerySet, value: Any, group: str) -> Expression:
    """A correlated SUM(value) of `queryset`, grouped on `group`, 0 when there is nothing."""
    total = queryset.order_by().values(group).annotate(total=Sum(value)).values("total")
    return Coalesce(Subquery(total, output_field=BigIntegerField()), Value(0))


def with_money(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with `budget_cents`, `hours`, `recorded_cents`, `experiments_cents`
    (and `spent_cents`, their sum): one query whatever the number of projects."""
    budgets = PhaseBudget.objects.filter(project=OuterRef("pk"))
    return projects.annotate(
        budget_cents=_sum_subquery(
            budgets, F("external_cents") + F("local_investment_cents"), "project"
        ),
        hours=_sum_subquery(budgets, F("internal_hours"), "project"),
        recorded_cents=_sum_subquery(
            Spending.objects.filter(project=OuterRef("pk")), F("amount_cents"), "project"
        ),
        experiments_cents=_sum_subquery(
            spent_experiments().filter(project=OuterRef("pk")), experiment_cents(), "project"
        ),
    ).annotate(spent_cents=F("recorded_cents") + F("experiments_cents"))


@dataclass(frozen=True)
class Line:
    """Budget against spending for one phase (or the total)."""

    label: str
    hours: int
    external_cents: int
    local_investment_cents: int
    recorded_cents: int
    experiments_cents: int

    @property
    def budget_cents(self) -> int:
        return self.external_cents + self.local_investment_cents

    @property
    def spent_cents(self) -> int:
        return self.recorded_cents + self.experiments_cents

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.spent_cents

    @property
    def percent(self) -> Decimal | None:
        return percent(self.spent_cents, self.budget_cents)

    @property
    def warning(self) -> int | None:
        return warning_level(self.spent_cents, self.budget_cents)


@dataclass(frozen=True)
class ProjectMoney:
    phases: list[Line]
    total: Line
    # (kind label, cents) of the recorded spending, largest first, then the experiments.
    by_kind: list[tuple[str, int]]


def project_money(project: Project) -> ProjectMoney:
    """Budget against spending of one project, per phase and in total, in three queries (the
    recorded costs are summed per phase and kind at once, then per phase and per kind)."""
    budgets = {b.phase: b for b in PhaseBudget.objects.filter(project=project)}
    recorded_rows = list(
        Spending.objects.filter(project=project)
        .order_by()
        .values("phase", "kind")
        .annotate(total=Sum("amount_cents"))
        .values_list("phase", "kind", "total")
    )
    recorded: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for phase, kind, total in recorded_rows:
        recorded[phase] = recorded.get(phase, 0) + total
        per_kind[kind] = per_kind.get(kind, 0) + total
    experiments = dict(
        spent_experiments()
        .filter(project=project)
        .order_by()
        .values("phase")
        .annotate(total=Sum(experiment_cents()))
        .values_list("phase", "total")
    )
    phases = []
    for phase in Project.PHASE_ORDER:
        budget = budgets.get(phase)
        phases.append(
            Line(
                label=str(Project.Phase(phase).label),
                hours=budget.internal_hours if budget else 0,
                external_cents=budget.external_cents if budget else 0,
                local_investment_cents=budget.local_investment_cents if budget else 0,
                recorded_cents=recorded.get(phase, 0),
                experiments_cents=experiments.get(phase) or 0,
            )
        )
    total = Line(
        label="",
        hours=sum(p.hours for p in phases),
        external_cents=sum(p.external_cents for p in phases),
        local_investment_cents=sum(p.local_investment_cents for p in phases),
        recorded_cents=sum(p.recorded_cents for p in phases),
        experiments_cents=sum(p.experiments_cents for p in phases),
    )
    kinds = dict(Spending.Kind.choices)
    by_kind = [
        (str(kinds[kind]), cents)
        for kind, cents in sorted(per_kind.items(), key=lambda item: (-item[1], item[0]))
    ]
    return ProjectMoney(phases=phases, total=total, by_kind=by_kind)


def calls_with_money(calls: QuerySet[Call]) -> QuerySet[Call]:
    """Calls annotated with their projects' `allocated_cents` (the phase budgets),
    `recorded_cents`, `experiments_cents` and `spent_cents`: one query."""
    budgets = PhaseBudget.objects.filter(project__need__call=OuterRef("pk"))
    return calls.annotate(
        allocated_cents=_sum_subquery(
            budgets, F("external_cents") + F("local_investment_cents"), "project__need__call"
        ),
        recorded_cents=_sum_subquery(
            Spending.objects.filter(project__need__call=OuterRef("pk")),
            F("amount_cents"),
            "project__need__call",
        ),
        experiments_cents=_sum_subquery(
            spent_experiments().filter(project__need__call=OuterRef("pk")),
            experiment_cents(),
            "project__need__call",
        ),
    ).annotate(spent_cents=F("recorded_cents") + F("experiments_cents"))


@dataclass(frozen=True)
class Year:
    year: int
    # The budgets of the calls that opened that year (Brussels time).
    call_budget_cents: int
    recorded_cents: int
    experiments_cents: int

    @property
    def spent_cents(self) -> int:
        return self.recorded_cents + self.experiments_cents


def per_year() -> list[Year]:
    """Spending per calendar year — recorded costs by their date, experiments by the day
    they started, both in Brussels time — beside the budgets of the calls opened that year;
    three grouped queries, newest year first."""
    recorded = dict(
        Spending.objects.order_by()
        .values(y=ExtractYear("spent_on"))
        .annotate(total=Sum("amount_cents"))
        .values_list("y", "total")
    )
    tested = dict(
        spent_experiments()
        .order_by()
        .values(y=ExtractYear("started_at", tzinfo=BRUSSELS))
        .annotate(total=Sum(experiment_cents()))
        .values_list("y", "total")
    )
    budgets = dict(
        Call.objects.filter(budget_cents__isnull=False)
        .order_by()
        .values(y=ExtractYear("opens_at", tzinfo=BRUSSELS))
        .annotate(total=Sum("budget_cents"))
        .values_list("y", "total")
    )
    years = sorted(set(recorded) | set(tested) | set(budgets), reverse=True)
    return [
        Year(
            year=y,
            call_budget_cents=budgets.get(y) or 0,
            recorded_cents=recorded.get(y) or 0,
            experiments_cents=tested.get(y) or 0,
        )
        for y in years
        if y is not None
    ]


def validated_hypotheses_with_cost(projects: QuerySet[Project]) -> QuerySet[Hypothesis]:
    """The validated hypotheses of `projects`, each with `cost_cents`: the cost of the
    experiments that ran to test it. One query."""
    return (
        Hypothesis.objects.filter(project__in=projects, status=Hypothesis.Status.VALIDATED)
        .annotate(
            cost_cents=Coalesce(
                Sum(
                    experiment_cents("experiments__"),
                    filter=Q(experiments__status__in=SPENT_STATUSES),
                ),
                Value(0),
                output_field=BigIntegerField(),
            )
        )
        .select_related("project")
        .order_by("project__title", "project_id", "-cost_cents", "pk")
    )
