"""The portfolio against a small programme placed by hand:

- P1 verkennen: feasibility validated; untested desirability of importance 5 and 4; a
  retired untested one of importance 5 (left out) → evidence 1, 1 of 3 validated, riskiest
  the importance-5 desirability;
- P2 valideren: desirability (twice), feasibility and viability validated → evidence 3,
  4 of 4 validated, nothing untested;
- P3 piloteren without hypotheses → evidence 0;
- P4 stopped: not in the portfolio.
"""

from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import portfolio
from proeftuin.insights.tables import SHOWN_ROWS
from proeftuin.projects.models import Hypothesis, Project

from ..calls.conftest import CallFactory
from ..projects.conftest import HypothesisFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Kind = Hypothesis.Kind
Status = Hypothesis.Status


def build() -> dict[str, Project]:
    p1 = ProjectFactory(title="Zaalverhuur online", phase=Project.Phase.EXPLORE)
    HypothesisFactory(project=p1, kind=Kind.FEASIBILITY, status=Status.VALIDATED, importance=5)
    HypothesisFactory(project=p1, importance=4, statement="verenigingen boeken zelf")
    HypothesisFactory(project=p1, importance=5, statement="inwoners willen online betalen")
    HypothesisFactory(project=p1, importance=5, statement="opgeborgen", retired_at=timezone.now())
    p2 = ProjectFactory(title="Bibliotheek aan huis", phase=Project.Phase.VALIDATE)
    for kind in [Kind.DESIRABILITY, Kind.DESIRABILITY, Kind.FEASIBILITY, Kind.VIABILITY]:
        HypothesisFactory(project=p2, kind=kind, status=Status.VALIDATED)
    p3 = ProjectFactory(title="Erfgoed in de klas", phase=Project.Phase.PILOT)
    ProjectFactory(phase=Project.Phase.PILOT, outcome=Project.Outcome.STOPPED)
    return {"p1": p1, "p2": p2, "p3": p3}


def test_it_places_every_running_project_by_phase_and_evidence():
    projects = build()
    result = portfolio.compute(Filters())
    placed = {p.pk: p for p in result.projects}
    assert set(placed) == {p.pk for p in projects.values()}
    p1, p2, p3 = (placed[projects[key].pk] for key in ["p1", "p2", "p3"])
    assert (p1.phase, p1.evidence, p1.validated, p1.hypotheses) == ("verkennen", 1, 1, 3)
    assert p1.riskiest == "inwoners willen online betalen"
    assert p1.riskiest_importance == 5
    assert (p2.phase, p2.evidence, p2.validated, p2.hypotheses) == ("valideren", 3, 4, 4)
    assert p2.riskiest == "" and p2.riskiest_importance is None
    assert (p3.phase, p3.evidence, p3.hypotheses) == ("piloteren", 0, 0)
    # Numbered in the grid's order: by phase, the most evidence first.
    assert [p.title for p in result.projects] == [
        "Zaalverhuur online",
        "Bibliotheek aan huis",
        "Erfgoed in de klas",
    ]
    grid = result.tables[0]
    assert grid.headers[1:] == ["verkennen", "valideren", "piloteren", "evalueren"]
    assert [row[1:] for row in grid.rows] == [
        [0, 1, 0, 0],  # 3 of 3
        [0, 0, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 1, 0],  # 0 of 3
    ]


def test_it_puts_a_dot_in_the_right_cell():
    build()
    result = portfolio.compute(Filters())
    first = result.projects[0]  # verkennen, evidence 1: first column, third row
    assert first.x is not None and first.y is not None
    assert portfolio.LABEL_W < first.x < portfolio.LABEL_W + portfolio.COLUMN_W
    top = portfolio.TOP + 2 * portfolio.ROW_H
    assert top < first.y < top + portfolio.ROW_H


def test_it_shows_plus_n_for_a_full_cell():
    for _n in range(portfolio.MAX_DOTS + 3):
        ProjectFactory(phase=Project.Phase.EXPLORE)
    result = portfolio.compute(Filters())
    assert sum(1 for p in result.projects if p.x is not None) == portfolio.MAX_DOTS - 1
    (cell,) = [c for c in result.cells if c.count]
    assert len(result.cells) == 16
    assert cell.count == portfolio.MAX_DOTS + 3
    assert cell.more == 4


def test_it_follows_the_filters():
    build()
    assert portfolio.compute(Filters(call=CallFactory())).projects == []


def test_it_links_each_project_to_its_workspace():
    projects = build()
    html = render_to_string(
        "insights/partials/portfolio.html",
        {"result": portfolio.compute(Filters()), "csv_url_name": None},
    )
    assert reverse("projects:detail", args=[projects["p1"].pk]) in html
    assert 'role="img"' in html and '<title id="portfolio-title">' in html
    assert "inwoners willen online betalen" in html


def test_it_runs_two_queries_whatever_the_size(django_assert_num_queries: Any):
    build()
    with django_assert_num_queries(2):
        portfolio.compute(Filters())
    for _copy in range(3):
        build()
    with CaptureQueriesContext(connection) as captured:
        assert len(portfolio.compute(Filters()).projects) == 12
    assert len(captured) == 2


def test_it_lists_the_first_rows_and_leaves_the_rest_to_the_csv():
    for _n in range(SHOWN_ROWS + 2):
        ProjectFactory(phase=Project.Phase.EXPLORE)
    result = portfolio.compute(Filters())
    html = render_to_string("insights/partials/portfolio.html", {"result": result})
    assert len(result.tables[1].rows) == SHOWN_ROWS + 2
    assert html.count('href="/projecten/') == SHOWN_ROWS
    assert "En nog 2 rijen, in de CSV." in html
