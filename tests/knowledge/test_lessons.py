"""The "Lessen" page: learning cards of stopped projects and invalidated hypotheses, only
from published projects whose learning cards are public, and the knowledge base's lessons;
filtered by theme, method and phase, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.projects.models import Hypothesis, Project

from ..factories import ThemeFactory
from ..projects.conftest import (
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    MethodFactory,
    ProjectFactory,
)
from .articles import ArticleFactory

pytestmark = pytest.mark.django_db

Section = Project.Section


def published_project(sections, **fields):
    # Rows written directly: what is under test is the page, not publishing.
    from django.utils import timezone

    return ProjectFactory(public_sections=sections, published_at=timezone.now(), **fields)


def invalidated_learning(project, *, method=None, phase="valideren", insight="les"):
    hypothesis = HypothesisFactory(project=project, status=Hypothesis.Status.INVALIDATED)
    experiment = ExperimentFactory(
        project=project,
        hypothesis=hypothesis,
        phase=phase,
        **({"method": method} if method else {}),
    )
    return LearningFactory(project=project, experiment=experiment, insight=insight)


def lessons_page(**params):
    return Client().get(reverse("knowledge:lessons"), params).content.decode()


def test_it_shows_lessons_of_stopped_projects_and_invalidated_hypotheses_only(personas):
    stopped = published_project([Section.LEARNINGS], outcome=Project.Outcome.STOPPED)
    LearningFactory(project=stopped, insight="Verenigingen willen bellen, niet klikken")
    running = published_project([Section.LEARNINGS])
    invalidated_learning(running, insight="Niemand scant een QR-code aan de balie")
    LearningFactory(project=running, insight="GEHEIM gewone leerkaart")
    # Not published, or learning cards not public: nothing of them appears.
    hidden = ProjectFactory(outcome=Project.Outcome.STOPPED)
    LearningFactory(project=hidden, insight="GEHEIM onuitgegeven project")
    summary_only = published_project([Section.SUMMARY], outcome=Project.Outcome.STOPPED)
    LearningFactory(project=summary_only, insight="GEHEIM alleen samenvatting")
    ArticleFactory(published=True, kind="lesson", title="Wat we leerden van de zaalverhuur")
    ArticleFactory(kind="lesson", title="GEHEIM ontwerp van een les")

    html = lessons_page()

    assert "Verenigingen willen bellen, niet klikken" in html
    assert "Niemand scant een QR-code aan de balie" in html
    assert "Wat we leerden van de zaalverhuur" in html
    assert "project gestopt" in html and "hypothese ontkracht" in html
    assert "GEHEIM" not in html


def test_it_names_the_experiment_only_when_experiments_are_public(personas):
    project = published_project([Section.LEARNINGS])
    learning = invalidated_learning(project)
    assert learning.experiment.title not in lessons_page()
    assert learning.experiment.hypothesis.statement not in lessons_page()

    project.public_sections = [Section.EXPERIMENTS, Section.LEARNINGS]
    project.save()
    assert learning.experiment.title in lessons_page()


def test_it_filters_by_theme_method_and_phase(personas):
    theme = ThemeFactory(slug="bibliotheek", name="Bibliotheek")
    method = MethodFactory(slug="landingspagina-x", name="Landingspagina X")
    shared = published_project([Section.EXPERIMENTS, Section.LEARNINGS])
    shared.need.themes.set([theme])
    invalidated_learning(shared, method=method, phase="valideren", insight="Les met methode")
    learnings_only = published_project([Section.LEARNINGS])
    invalidated_learning(learnings_only, method=method, phase="piloteren", insight="Les zonder")
    ArticleFactory(published=True, kind="lesson", title="Les over bibliotheken", themes=[theme])
    ArticleFactory(published=True, kind="lesson", title="Les over erfgoed")

    by_theme = lessons_page(thema="bibliotheek")
    assert "Les met methode" in by_theme and "Les zonder" not in by_theme
    assert "Les over bibliotheken" in by_theme and "Les over erfgoed" not in by_theme
    # The method of an experiment that is not public is not revealed by the filter.
    by_method = lessons_page(methode="landingspagina-x")
    assert "Les met methode" in by_method and "Les zonder" not in by_method
    assert "Les over bibliotheken" not in by_method
    by_phase = lessons_page(fase="piloteren")
    assert "Les zonder" in by_phase and "Les met methode" not in by_phase


def test_it_runs_a_fixed_number_of_queries(personas):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("knowledge:lessons")).status_code == 200
        return len(queries)

    project = published_project([Section.EXPERIMENTS, Section.LEARNINGS])
    invalidated_learning(project)
    ArticleFactory(published=True, kind="lesson", themes=[ThemeFactory()])
    few = count()
    for _ in range(6):
        other = published_project(
            [Section.EXPERIMENTS, Section.LEARNINGS], outcome=Project.Outcome.STOPPED
        )
        invalidated_learning(other)
        LearningFactory(project=other)
        ArticleFactory(published=True, kind="lesson", themes=[ThemeFactory()])
    assert count() == few
