"""The dashboard's costs section: cost per project against its budget, per validated
hypothesis, and budget against spending per call — on hand-computed cases, with the filters,
as CSV, and in a fixed number of queries."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import SECTIONS, costs
from proeftuin.projects.models import Hypothesis, PhaseBudget, Spending

from ..calls.conftest import CallFactory
from ..conftest import client_for
from ..projects.conftest import ExperimentFactory, HypothesisFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def costed_project(call: Any, *, budget: int, recorded: int, experiment: str) -> Any:
    """A project of `call` with one phase budget, one recorded cost and one validated
    hypothesis tested by a completed experiment costing `experiment` euros."""
    project = ProjectFactory(need__call=call)
    PhaseBudget.objects.create(project=project, phase="verkennen", external_cents=budget)
    Spending.objects.create(
        project=project,
        phase="verkennen",
        spent_on=date(2025, 5, 1),
        amount_cents=recorded,
        kind="materials",
        description="Materiaal",
    )
    hypothesis = HypothesisFactory(project=project, status=Hypothesis.Status.VALIDATED)
    ExperimentFactory(
        project=project, hypothesis=hypothesis, cost_eur=Decimal(experiment), completed=True
    )
    return project


def programme(copies: int = 1) -> tuple[Any, Any]:
    spring = autumn = None
    for _ in range(copies):
        spring = CallFactory(budget_cents=1_000_000, decided=True)
        autumn = CallFactory(budget_cents=None, decided=True)
        costed_project(spring, budget=400_000, recorded=300_000, experiment="200.50")
        costed_project(spring, budget=100_000, recorded=10_000, experiment="0.29")
        costed_project(autumn, budget=0, recorded=5_000, experiment="0")
    return spring, autumn


def test_it_is_registered_as_a_section_of_the_dashboard() -> None:
    assert "costs" in [section.key for section in SECTIONS]


def test_it_computes_the_costs_by_hand() -> None:
    spring, autumn = programme()

    figures = costs.compute(Filters())

    assert figures.budget_cents == 500_000
    assert figures.spent_cents == 300_000 + 20_050 + 10_000 + 29 + 5_000
    assert figures.projects == 3
    assert figures.projects_over_80 == 1  # 320.050 of 400.000 is 80.0 %
    assert figures.validated_hypotheses == 3
    assert figures.cost_per_validated_cents == round((20_050 + 29 + 0) / 3)
    by_call = {c.call.pk: c for c in figures.calls}
    assert (by_call[spring.pk].allocated_cents, by_call[spring.pk].spent_cents) == (
        500_000,
        330_079,
    )
    assert by_call[spring.pk].percent == Decimal("33.0")
    assert by_call[autumn.pk].percent is None
    per_project, per_hypothesis = figures.tables[1], figures.tables[2]
    assert per_project.rows[0][2:] == [Decimal("4000.00"), Decimal("3200.50"), Decimal("80.0")]
    assert sorted(row[3] for row in per_hypothesis.rows) == [
        Decimal("0.00"),
        Decimal("0.29"),
        Decimal("200.50"),
    ]


def test_it_narrows_to_the_chosen_call() -> None:
    _spring, autumn = programme()

    figures = costs.compute(Filters(call=autumn))

    assert [c.call.pk for c in figures.calls] == [autumn.pk]
    assert (figures.budget_cents, figures.spent_cents, figures.projects) == (0, 5_000, 1)


def test_it_offers_the_tables_as_csv(personas: Any) -> None:
    programme()

    response = client_for(personas.coordinator).get(
        reverse("insights:csv", args=["kosten-per-project"])
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "3200.50" in text


def test_it_shows_the_section_with_its_charts(personas: Any) -> None:
    programme()

    page = client_for(personas.coordinator).get(reverse("insights:dashboard")).content.decode()

    assert 'id="costs"' in page
    assert "chart-costs-projects-title" in page
    assert "Kost van elke gevalideerde hypothese" in page


def test_it_runs_a_fixed_number_of_queries() -> None:
    programme()
    with CaptureQueriesContext(connection) as small:
        costs.compute(Filters())
    programme(copies=4)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        costs.compute(Filters())

    assert len(large) == len(small)
