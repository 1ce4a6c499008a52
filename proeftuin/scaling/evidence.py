"""What the platform already knows about a project when it is evaluated for scaling
(DESIGN.md, "Scale readiness"), in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from proeftuin.calls.matching import demand_for
from proeftuin.canvases import history
from proeftuin.canvases.compute import Comparison, Fit, compare, fit, stream_figures
from proeftuin.canvases.models import ValueProposition, ValueStream
from proeftuin.projects.models import Experiment, GateDecision, Hypothesis, Project

from .models import Adoption


@dataclass(frozen=True)
class KindCount:
    kind: Any
    validated: int
    invalidated: int


@dataclass(frozen=True)
class Evidence:
    kinds: list[KindCount]
    experiments: list[Experiment]
    gates: list[GateDecision]
    fits: list[tuple[ValueProposition, Fit]]
    gains: list[tuple[ValueStream, Comparison]]
    # Distinct municipalities with a similar need or support, and with interest registered
    # in a service the project feeds.
    demand_municipalities: int
    demand_provinces: int
    interested_municipalities: int
    # Both together, each municipality once.
    all_municipalities: int


def evidence_for(project: Project) -> Evidence:
    counts = Counter(
        project.hypotheses.filter(
            status__in=[Hypothesis.Status.VALIDATED, Hypothesis.Status.INVALIDATED]
        ).values_list("kind", "status")
    )
    kinds = [
        KindCount(
            kind=kind,
            validated=counts[(kind.value, Hypothesis.Status.VALIDATED)],
            invalidated=counts[(kind.value, Hypothesis.Status.INVALIDATED)],
        )
        for kind in Hypothesis.Kind
    ]
    experiments = list(
        project.experiments.completed()
        .select_related("hypothesis", "method")
        .order_by("completed_at")
    )
    gates = list(project.gate_decisions.order_by("decided_at"))
    canvases = project.canvases.prefetch_related("items__addresses", "items__hypotheses")
    fits = [(c, fit(history.items_of(c))) for c in canvases]
    futures = (
        project.value_streams.filter(state=ValueStream.State.FUTURE)
        .select_related("current")
        .prefetch_related("steps", "current__steps")
    )
    gains = [
        (
            stream,
            compare(
                stream_figures(history.steps_of(stream.current)),
                stream_figures(history.steps_of(stream)),
            ),
        )
        for stream in futures
        if stream.current is not None
    ]
    demand = demand_for([project.need_id]).get(project.need_id)
    # Every adoption counts, also interest registered while the service was in development.
    interested = set(
        Adoption.objects.filter(service__projects=project).values_list("municipality_id", flat=True)
    )
    known = demand.municipality_ids if demand else frozenset()
    return Evidence(
        kinds=kinds,
        experiments=experiments,
        gates=gates,
        fits=fits,
        gains=gains,
        demand_municipalities=demand.municipalities if demand else 0,
        demand_provinces=demand.province_count if demand else 0,
        interested_municipalities=len(interested),
        all_municipalities=len(interested | known),
    )
