"""Each figure against the small programme of conftest.py, computed by hand."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import funnel, learning, reach
from proeftuin.organisations.models import Organisation
from proeftuin.projects.models import Project

from ..factories import ThemeFactory
from ..projects.conftest import ProjectFactory
from .conftest import build_programme

pytestmark = pytest.mark.django_db


def counts(filters: Filters) -> list[int]:
    return [stage.count for stage in funnel.compute(filters).stages]


def test_it_counts_the_funnel() -> None:
    build_programme()
    # submitted, retained, selected, explore+, validate+, pilot+, evaluate, all three kinds
    # validated, scaled, municipalities with an active service
    assert counts(Filters()) == [6, 5, 3, 3, 3, 2, 1, 1, 1, 2]


def test_it_shows_each_step_as_a_share_of_the_one_before() -> None:
    build_programme()
    rows = funnel.compute(Filters()).tables[0].rows
    assert rows[0] == ["Noden ingediend", 6, ""]
    assert rows[1] == ["Noden weerhouden", 5, "83 %"]
    assert rows[2] == ["Noden geselecteerd", 3, "60 %"]
    assert rows[-1] == ["Gemeenten met een actieve dienst", 2, ""]


def test_it_filters_the_funnel_by_province_kind_year_call_and_theme() -> None:
    programme = build_programme(copies=2)
    theme = ThemeFactory(slug="zalen")
    programme.needs[0].themes.add(theme)
    # Antwerpen: n1, n4 and the intermunicipal n6 (Antwerpen and Hasselt), in both copies.
    assert counts(Filters(province="Antwerpen"))[:3] == [6, 4, 4]
    # Libraries: n1, n3, n4.
    assert counts(Filters(org_kind=Organisation.Kind.LIBRARY))[:3] == [6, 4, 2]
    assert counts(Filters(year=2025))[0] == 12
    assert counts(Filters(year=2024)) == [0] * 10
    assert counts(Filters(call=programme.calls[0])) == [6, 5, 3, 3, 3, 2, 1, 1, 1, 2]
    assert counts(Filters(theme=theme))[:3] == [1, 0, 0]
    # Only the stopped project of Gent's cultural centre remains, and no service.
    assert counts(
        Filters(province="Oost-Vlaanderen", org_kind=Organisation.Kind.CULTURAL_CENTRE)
    ) == [4, 4, 2, 2, 2, 0, 0, 0, 0, 0]


def test_it_counts_the_learning() -> None:
    build_programme()
    figures = learning.compute(Filters())
    assert [(m.month.isoformat(), m.started, m.completed) for m in figures.months] == [
        ("2025-03-01", 1, 0),
        # The running experiment started on 30 April at 23:30 in Brussels (21:30 UTC).
        ("2025-04-01", 2, 2),
    ]
    assert figures.results == {"validated": 1, "invalidated": 1, "inconclusive": 0}
    assert figures.total_cost_eur == Decimal("150")
    assert figures.cost_per_completed_eur == Decimal("75.00")
    assert (figures.stopped, figures.stopped_with_lesson, figures.lesson_share) == (1, 1, 100)
    assert figures.tables[0].rows == [["maart 2025", 1, 0], ["april 2025", 2, 2]]


def test_it_shows_empty_months_between_as_zero() -> None:
    programme = build_programme()
    experiment = programme.projects[0].experiments.get(result="validated")
    experiment.completed_at = experiment.completed_at.replace(year=2025, month=7)
    experiment.save(update_fields=["completed_at"])
    months = learning.compute(Filters()).months
    assert [(m.month.month, m.started, m.completed) for m in months] == [
        (3, 1, 0),
        (4, 2, 1),
        (5, 0, 0),
        (6, 0, 0),
        (7, 0, 1),
    ]


def test_it_counts_only_published_lessons_of_stopped_projects() -> None:
    programme = build_programme()
    # Stopped, with a closing card, but its learning cards are not public.
    ProjectFactory(
        need__organisation=programme.organisations["A"],
        outcome=Project.Outcome.STOPPED,
        public_sections=[Project.Section.SUMMARY],
        published_at=programme.projects[1].published_at,
    ).learnings.create(observation="o", insight="i", decision="stop")
    # Stopped and published with learnings, but without any learning card.
    ProjectFactory(
        need__organisation=programme.organisations["A"],
        outcome=Project.Outcome.STOPPED,
        public_sections=[Project.Section.LEARNINGS],
        published_at=programme.projects[1].published_at,
    )
    figures = learning.compute(Filters())
    assert (figures.stopped, figures.stopped_with_lesson, figures.lesson_share) == (3, 1, 33)


def test_it_has_no_cost_per_experiment_without_completed_ones() -> None:
    figures = learning.compute(Filters())
    assert figures.completed == 0
    assert figures.cost_per_completed_eur is None
    assert figures.lesson_share is None
    assert figures.months == []


def test_it_counts_the_reach_against_the_285_and_the_19() -> None:
    call_command("load_municipalities", verbosity=0)
    build_programme(copies=2)
    figures = reach.compute(Filters())
    assert (figures.flemish_total, figures.brussels_total, figures.provinces_total) == (285, 19, 5)
    assert [(r.flemish, r.brussels, r.provinces) for r in figures.rows] == [
        (3, 1, 3),  # submitted: Antwerpen, Gent, Hasselt (intermunicipal); Elsene
        (1, 0, 1),  # supported: Hasselt
        (2, 0, 2),  # tested: Antwerpen, Hasselt
        (1, 1, 1),  # adopted: Gent; Elsene (Antwerpen is only interested)
        (3, 1, 3),  # any of these
    ]
    assert figures.tables[0].rows[0] == ["Nood ingediend", 3, "1 %", 3, 1]
    assert figures.tables[0].headers[1] == "Vlaamse gemeenten (van 285)"


def test_it_filters_the_reach() -> None:
    build_programme()
    figures = reach.compute(Filters(org_kind=Organisation.Kind.INTERMUNICIPAL))
    # Submitted: Antwerpen and Hasselt; tested: Hasselt; its service is used in Gent and
    # Elsene; together Antwerpen, Gent, Hasselt and Elsene.
    assert [(r.flemish, r.brussels) for r in figures.rows] == [
        (2, 0),
        (0, 0),
        (1, 0),
        (1, 1),
        (3, 1),
    ]
