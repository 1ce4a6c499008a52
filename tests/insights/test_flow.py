"""The programme's value stream against a small programme computed by hand.

Three needs decided 10, 20 and 30 days after submission (a fourth, retained, awaits its
review); P1 goes the whole way, P2 stops after verkennen (all times at noon UTC):

| interval | P1 | P2 |
|---|---|---|
| selection → first experiment (wait) | 21 Mar → 31 Mar: 10 d | 31 Mar → 20 Apr: 20 d |
| verkennen | 31 Mar → gate 30 Apr: 30 d | 20 Apr → stop 30 May: 40 d |
| → valideren (wait, process) | 10 d, 30 d | |
| → piloteren (wait, process) | 10 d, 30 d | |
| → evaluation (wait, process) | 10 d, 10 d | |
| → service available | 10 d | |
"""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from proeftuin.calls.models import Need
from proeftuin.core.models import ActivityLog
from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import flow
from proeftuin.projects.models import GateDecision, Project
from proeftuin.scaling.models import ScaleEvaluation, Service

from ..calls.conftest import CallFactory, NeedFactory
from ..projects.conftest import ExperimentFactory, ProjectFactory
from ..scaling.conftest import ServiceFactory

pytestmark = pytest.mark.django_db

Phase = Project.Phase


def day(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 12, tzinfo=UTC)


def gate(project: Project, phase: str, decision: str, at: datetime) -> GateDecision:
    return GateDecision.objects.create(
        project=project, phase=phase, decision=decision, motivation="Zo beslist.", decided_at=at
    )


def experiment(project: Project, phase: str, started: datetime) -> None:
    ExperimentFactory(project=project, phase=phase, running=True, started_at=started)


def became_available(service: Service, at: datetime, old: str = "in_development") -> None:
    ActivityLog.objects.create(
        action="scaling.service_state_changed",
        content_type=ContentType.objects.get_for_model(Service),
        object_id=str(service.pk),
        changes={"state": [old, "available" if old == "in_development" else "retired"]},
        created_at=at,
    )


def build(call: Any = None) -> dict[str, Project]:
    call = call or CallFactory(decided=True)
    submitted = day(3, 1)

    def need(status: str, decided: datetime | None) -> Need:
        return NeedFactory(call=call, status=status, submitted_at=submitted, decided_at=decided)

    need(Need.Status.DECLINED, day(3, 11))
    need(Need.Status.RETAINED, day(3, 5))  # not decided for good: not counted
    p1 = ProjectFactory(need=need(Need.Status.SELECTED, day(3, 21)), created_at=day(3, 21))
    p2 = ProjectFactory(
        need=need(Need.Status.SELECTED, day(3, 31)),
        created_at=day(3, 31),
        outcome=Project.Outcome.STOPPED,
    )
    experiment(p1, Phase.EXPLORE, day(3, 31))
    experiment(p1, Phase.EXPLORE, day(4, 15))  # not the first: does not count
    gate(p1, Phase.EXPLORE, GateDecision.Decision.PIVOT, day(4, 20))  # did not close it
    gate(p1, Phase.EXPLORE, GateDecision.Decision.ADVANCE, day(4, 30))
    experiment(p1, Phase.VALIDATE, day(5, 10))
    gate(p1, Phase.VALIDATE, GateDecision.Decision.ADVANCE, day(6, 9))
    experiment(p1, Phase.PILOT, day(6, 19))
    gate(p1, Phase.PILOT, GateDecision.Decision.ADVANCE, day(7, 19))
    service = ServiceFactory(state=Service.State.AVAILABLE)
    ScaleEvaluation.objects.create(
        project=p1,
        status=ScaleEvaluation.Status.DECIDED,
        decision=ScaleEvaluation.Decision.SCALE_UP,
        service=service,
        created_at=day(7, 29),
        decided_at=day(8, 8),
    )
    became_available(service, day(8, 18))
    became_available(service, day(12, 1), old="available")  # retired later: not the moment
    experiment(p2, Phase.EXPLORE, day(4, 20))
    gate(p2, Phase.EXPLORE, GateDecision.Decision.STOP, day(5, 30))
    return {"p1": p1, "p2": p2}


def days(interval: flow.Interval) -> tuple[Decimal | None, Decimal | None, int]:
    return interval.median_days, interval.p90_days, interval.count


def test_it_measures_every_interval_as_computed_by_hand():
    build()
    found = {i.key: i for i in flow.compute(Filters()).intervals}
    # 10, 20, 30 days: the median is 20; the 90th percentile 20 + 0.8 * 10.
    assert days(found["decision"]) == (Decimal(20), Decimal(28), 3)
    assert days(found["wait_verkennen"]) == (Decimal(15), Decimal(19), 2)
    assert days(found["verkennen"]) == (Decimal(35), Decimal(39), 2)
    for key in ["wait_valideren", "wait_piloteren", "wait_evaluation", "evaluation", "service"]:
        assert days(found[key]) == (Decimal(10), Decimal(10), 1), key
    for key in ["valideren", "piloteren"]:
        assert days(found[key]) == (Decimal(30), Decimal(30), 1), key
    assert [i.waiting for i in flow.compute(Filters()).intervals] == [
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        False,
    ]


def test_it_adds_the_stream_up_like_a_value_stream_map():
    build()
    result = flow.compute(Filters())
    steps = [(s.name, s.waiting_minutes / 1440, s.process_minutes / 1440) for s in result.steps]
    assert [(round(w), round(p)) for _name, w, p in steps] == [
        (0, 20),  # the decision
        (15, 35),  # verkennen
        (10, 30),  # valideren
        (10, 30),  # piloteren
        (10, 10),  # the evaluation
        (0, 10),  # the service
    ]
    figures = result.figures
    assert round(figures.waiting_time / 1440) == 45  # 15 + 10 + 10 + 10
    assert round(figures.lead_time / 1440) == 180
    assert round(figures.process_time / 1440) == 135
    assert round(figures.value_adding_time / 1440) == 105  # the phases and the service
    assert figures.efficiency == pytest.approx(Decimal(105) / Decimal(180))
    totals = {row[0]: row[1] for row in result.tables[1].rows}
    assert totals["Doorlooptijd (dagen)"] == Decimal(180)
    assert totals["Procesefficiëntie (%)"] == Decimal("58.3")


def test_it_counts_joining_an_available_service_as_no_time():
    build()
    service = ServiceFactory(state=Service.State.AVAILABLE)
    became_available(service, day(1, 5))
    joined = ProjectFactory(created_at=day(1, 1))
    ScaleEvaluation.objects.create(
        project=joined,
        status=ScaleEvaluation.Status.DECIDED,
        decision=ScaleEvaluation.Decision.SCALE_UP,
        service=service,
        created_at=day(9, 1),
        decided_at=day(9, 5),
    )
    ScaleEvaluation.objects.create(project=ProjectFactory(), created_at=day(9, 1))
    ScaleEvaluation.objects.create(
        project=ProjectFactory(),
        status=ScaleEvaluation.Status.DECIDED,
        decision=ScaleEvaluation.Decision.NOT_YET,
        created_at=day(9, 1),
        decided_at=day(9, 2),
    )
    found = {i.key: i for i in flow.compute(Filters()).intervals}
    assert days(found["service"]) == (Decimal(5), Decimal(9), 2)
    # A draft evaluation and a "not yet" have not ended: only the decided ones count.
    assert found["evaluation"].count == 2


def test_it_follows_the_filters():
    build()
    other = CallFactory(decided=True)
    result = flow.compute(Filters(call=other))
    assert all(i.count == 0 and i.median is None for i in result.intervals)
    assert result.figures.efficiency is None
    assert result.tables[0].rows[0][2:] == ["", "", 0]


def test_it_draws_the_stream_with_its_numbers_beside_it():
    build()
    html = render_to_string(
        "insights/partials/flow.html", {"result": flow.compute(Filters()), "csv_url_name": None}
    )
    assert 'role="img"' in html
    assert '<title id="flow-title">' in html
    assert "Verkennen" in html
    assert "35 d" in html  # the median of verkennen, in the box and the table
    assert "<caption>" in html


def test_it_runs_a_fixed_number_of_queries():
    def count() -> int:
        flow.compute(Filters())  # content types cached, as in a running process
        with CaptureQueriesContext(connection) as captured:
            flow.compute(Filters())
        return len(captured)

    build()
    small = count()
    for _copy in range(3):
        build()
    assert count() == small
    assert small == 2 + len(flow.compute(Filters()).intervals)
