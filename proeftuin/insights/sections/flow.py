"""The programme's own value stream (DESIGN.md, "Value stream"), measured from the moments
the services record: the way a need travels from submission to a supra-local service.

Each interval runs between two recorded moments; per interval the median and the 90th
percentile over every need or project that went through it (`core.aggregates`, in the
database), in calendar time:

- *process, necessary non-value-adding* — the decision on a need (intake, review,
  selection): `Need.submitted_at` → `Need.decided_at` of a need with a final decision
  (selected, declined, merged, parked);
- *waiting* — before each phase: from the phase's start (`Project.created_at`, the
  selection, for verkennen; else the gate that advanced the project into it) to the first
  `Experiment.started_at` of that phase;
- *process, value-adding* — verkennen, valideren, piloteren: from that first experiment's
  start to the gate decision that closed the phase (advance or stop): experiments with real
  end users;
- *waiting* — before the evaluation: the gate that advanced the project out of piloteren →
  `ScaleEvaluation.created_at`;
- *process, necessary non-value-adding* — the scale evaluation: its `created_at` → its
  final `decided_at` (not "nog niet");
- *process, value-adding* — the service: the decision to scale up → the service becoming
  available (the first `scaling.service_state_changed` log row to "available"; 0 when the
  project joined a service that already was): the result reaches every municipality.

Lead time = Σ (median waiting + median process), process time = Σ median process, process
cycle efficiency = the value-adding medians / lead time (`canvases.compute.stream_figures`,
the same as a project's value stream map). A sum of medians is the stream of a typical
need, not the median of the needs' own lead times — the way a value stream map adds up
typical times per step. A negative interval (a team that started an experiment of the next
phase before its gate) counts as 0.

Fixed queries: two counts and one percentile query per interval, whatever the data size.
One query per interval, not one for all: on PostgreSQL a single query with every
percentile costs enough for its JIT compiler to step in, which made it five times slower
(0.7 s against 0.13 s over 300 projects).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Expression,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import LessThan
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from proeftuin.calls.models import Need
from proeftuin.canvases.compute import VALUE_ADDING, StepData, StreamFigures, stream_figures
from proeftuin.canvases.drawing import StreamPicture, draw_stream
from proeftuin.core.aggregates import Seconds, percentiles
from proeftuin.core.models import ActivityLog
from proeftuin.projects.models import Experiment, GateDecision, Project
from proeftuin.scaling.models import ScaleEvaluation, Service

from ..filters import Filters
from ..tables import Table

NECESSARY = "necessary_nva"
FINAL_DECISIONS = [
    Need.Status.SELECTED,
    Need.Status.DECLINED,
    Need.Status.MERGED,
    Need.Status.BACKLOG,
]
PHASES = [Project.Phase.EXPLORE, Project.Phase.VALIDATE, Project.Phase.PILOT]
CLOSING_GATES = [GateDecision.Decision.ADVANCE, GateDecision.Decision.STOP]
SECONDS_PER_DAY = Decimal(86400)


@dataclass(frozen=True)
class Interval:
    """One measured interval: `waiting` or process; times in seconds (None: nobody went
    through it yet)."""

    key: str
    name: str
    waiting: bool
    classification: str
    median: float | None
    p90: float | None
    count: int

    @property
    def median_days(self) -> Decimal | None:
        return _days(self.median)

    @property
    def p90_days(self) -> Decimal | None:
        return _days(self.p90)


@dataclass(frozen=True)
class Flow:
    intervals: list[Interval]
    steps: list[StepData]
    figures: StreamFigures
    picture: StreamPicture
    tables: list[Table]


def _days(seconds: float | Decimal | None) -> Decimal | None:
    if seconds is None:
        return None
    return (Decimal(seconds) / SECONDS_PER_DAY).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _cell(value: Decimal | None) -> Decimal | str:
    # An empty cell where nobody went through the step yet, as the other tables do.
    return "" if value is None else value


def calendar_days(minutes: Decimal) -> str:
    """A calendar time (in minutes, as the stream drawing holds it) in days: "12 d", "0,5 d"."""
    days = minutes / 1440
    digits = 0 if days >= 10 else 1
    shown = days.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return _("%(n)s d") % {"n": number_format(shown, decimal_pos=digits)}


def _clamped(seconds: Expression) -> Case:
    # NULL (not measured) stays NULL; only a negative interval becomes 0.
    return Case(When(LessThan(seconds, 0), then=Value(0.0)), default=seconds)


def _first(queryset: QuerySet[Any], field: str) -> Subquery:
    return Subquery(queryset.order_by(field).values(field)[:1])


def _project_moments(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Every project with the moments the stream runs through, each one subquery."""
    moments: dict[str, Any] = {"start_verkennen": F("created_at")}
    for number, phase in enumerate(PHASES):
        own = {"project": OuterRef("pk"), "phase": phase}
        moments[f"first_{phase}"] = _first(
            Experiment.objects.filter(**own, started_at__isnull=False), "started_at"
        )
        moments[f"end_{phase}"] = _first(
            GateDecision.objects.filter(**own, decision__in=CLOSING_GATES), "decided_at"
        )
        advanced = _first(
            GateDecision.objects.filter(**own, decision=GateDecision.Decision.ADVANCE),
            "decided_at",
        )
        following = PHASES[number + 1] if number + 1 < len(PHASES) else "evaluation"
        moments[f"start_{following}"] = advanced
    evaluation = ScaleEvaluation.objects.filter(project=OuterRef("pk"))
    moments["evaluation_started"] = Subquery(evaluation.values("created_at")[:1])
    moments["evaluation_decided"] = Subquery(
        evaluation.filter(status=ScaleEvaluation.Status.DECIDED)
        .exclude(decision=ScaleEvaluation.Decision.NOT_YET)
        .values("decided_at")[:1]
    )
    scaled_up = evaluation.filter(
        status=ScaleEvaluation.Status.DECIDED,
        decision=ScaleEvaluation.Decision.SCALE_UP,
        service__isnull=False,
    )
    moments["scaled_up"] = Subquery(scaled_up.values("decided_at")[:1])
    became_available = ActivityLog.objects.filter(
        action="scaling.service_state_changed",
        content_type=ContentType.objects.get_for_model(Service),
        object_id=Cast(OuterRef("service_id"), CharField()),
        changes__state__1=Service.State.AVAILABLE,
    )
    moments["service_available"] = Subquery(
        scaled_up.annotate(at=_first(became_available, "created_at")).values("at")[:1]
    )
    return projects.order_by().annotate(**moments)


def _intervals() -> list[tuple[str, str, bool, str, Expression]]:
    """(key, name, waiting, classification, duration) in the stream's order; the decision
    is measured over needs, everything after it over projects."""
    names = {
        Project.Phase.EXPLORE: _("Verkennen"),
        Project.Phase.VALIDATE: _("Valideren"),
        Project.Phase.PILOT: _("Piloteren"),
    }
    waits = {
        Project.Phase.EXPLORE: _("Van selectie tot het eerste experiment"),
        Project.Phase.VALIDATE: _("Van het beslismoment tot het eerste experiment in valideren"),
        Project.Phase.PILOT: _("Van het beslismoment tot het eerste experiment in piloteren"),
    }
    found: list[tuple[str, str, bool, str, Expression]] = [
        (
            "decision",
            _("Van indienen tot beslissing over de nood"),
            False,
            NECESSARY,
            Seconds(F("decided_at"), F("submitted_at")),
        )
    ]
    for phase in PHASES:
        found.append(
            (
                f"wait_{phase}",
                waits[phase],
                True,
                NECESSARY,
                Seconds(F(f"first_{phase}"), F(f"start_{phase}")),
            )
        )
        found.append(
            (
                phase,
                names[phase],
                False,
                VALUE_ADDING,
                Seconds(F(f"end_{phase}"), F(f"first_{phase}")),
            )
        )
    found += [
        (
            "wait_evaluation",
            _("Van het laatste beslismoment tot de start van de schaalbaarheidsevaluatie"),
            True,
            NECESSARY,
            Seconds(F("evaluation_started"), F("start_evaluation")),
        ),
        (
            "evaluation",
            _("Schaalbaarheid evalueren"),
            False,
            NECESSARY,
            Seconds(F("evaluation_decided"), F("evaluation_started")),
        ),
        (
            "service",
            _("Van de beslissing tot opschalen tot een beschikbare dienst"),
            False,
            VALUE_ADDING,
            Seconds(F("service_available"), F("scaled_up")),
        ),
    ]
    return found


def _steps(intervals: list[Interval]) -> list[StepData]:
    """The value stream map's boxes: each process interval with the wait before it."""
    steps: list[StepData] = []
    waiting = Decimal(0)
    for interval in intervals:
        minutes = Decimal(interval.median or 0) / 60
        if interval.waiting:
            waiting += minutes
            continue
        steps.append(
            StepData(
                key=len(steps) + 1,
                name=interval.name,
                process_minutes=minutes,
                waiting_minutes=waiting,
                pct_complete_accurate=100,
                classification=interval.classification,
            )
        )
        waiting = Decimal(0)
    return steps


def compute(filters: Filters) -> Flow:
    needs = filters.needs().filter(status__in=FINAL_DECISIONS).order_by()
    projects = _project_moments(filters.projects())
    measured: list[Interval] = []
    specs = _intervals()
    durations = {key: _clamped(duration) for key, _name, _w, _c, duration in specs}
    counts = {
        **needs.aggregate(decision=Count(durations["decision"])),
        **projects.aggregate(
            **{key: Count(value) for key, value in durations.items() if key != "decision"}
        ),
    }
    for key, name, waiting, classification, _duration in specs:
        median, p90 = percentiles(
            needs if key == "decision" else projects, durations[key], [0.5, 0.9]
        )
        measured.append(Interval(key, name, waiting, classification, median, p90, counts[key]))
    steps = _steps(measured)
    figures = stream_figures(steps)
    picture = draw_stream(steps, figures, duration=calendar_days, with_pca=False)
    return Flow(
        intervals=measured,
        steps=steps,
        figures=figures,
        picture=picture,
        tables=_tables(measured, figures),
    )


def _tables(intervals: list[Interval], figures: StreamFigures) -> list[Table]:
    kinds = {
        True: _("wachttijd"),
        VALUE_ADDING: _("bewerkingstijd, waardetoevoegend"),
        NECESSARY: _("bewerkingstijd, noodzakelijk maar niet waardetoevoegend"),
    }
    stages = Table(
        key="doorlooptijden",
        caption=_("Tijd in elke stap van het programma, in kalenderdagen"),
        headers=[
            _("Stap"),
            _("Soort"),
            _("Mediaan (dagen)"),
            _("90e percentiel (dagen)"),
            _("Aantal"),
        ],
        rows=[
            [
                interval.name,
                kinds[True] if interval.waiting else kinds[interval.classification],
                _cell(interval.median_days),
                _cell(interval.p90_days),
                interval.count,
            ]
            for interval in intervals
        ],
    )
    efficiency = (
        None
        if figures.efficiency is None
        else (figures.efficiency * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    )
    totals = Table(
        key="procesefficientie",
        caption=_("Doorlooptijd en procesefficiëntie van het programma (medianen)"),
        headers=[_("Cijfer"), _("Waarde")],
        rows=[
            [_("Doorlooptijd (dagen)"), _cell(_days(figures.lead_time * 60))],
            [_("Bewerkingstijd (dagen)"), _cell(_days(figures.process_time * 60))],
            [_("Waardetoevoegende tijd (dagen)"), _cell(_days(figures.value_adding_time * 60))],
            [_("Wachttijd (dagen)"), _cell(_days(figures.waiting_time * 60))],
            [_("Procesefficiëntie (%)"), _cell(efficiency)],
        ],
    )
    return [stages, totals]
