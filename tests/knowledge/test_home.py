"""The portal's home page (`core:home`): the programme in numbers and what is current —
only public things by name, in a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.core.activity import log_action
from proeftuin.knowledge.home import figures
from proeftuin.projects.models import Hypothesis, Project
from proeftuin.scaling.models import Service

from ..calls.conftest import CallFactory
from ..projects.conftest import HypothesisFactory, LearningFactory, NeedFactory, ProjectFactory
from .articles import ArticleFactory

pytestmark = pytest.mark.django_db

Section = Project.Section


def published_project(**fields):
    return ProjectFactory(
        public_sections=[Section.SUMMARY, Section.LEARNINGS], published_at=timezone.now(), **fields
    )


def service(name, **fields):
    return Service.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        summary="Een dienst voor elke gemeente.",
        offer="Een reservatiemodule",
        conditions="Gratis",
        how_to_start="Mail ons",
        contact_email="dienst@proeftuin.example",
        **fields,
    )


def home():
    return Client().get(reverse("core:home"))


def test_it_tells_the_story_in_numbers_and_shows_what_is_current(personas):
    CallFactory(title="Proeftuin winter")
    NeedFactory(
        challenge=True, title="Uitleendienst voor spelconsoles", organisation=personas.organisation
    )
    running = published_project(title="Zalen reserveren zonder telefoon")
    HypothesisFactory(project=running, status=Hypothesis.Status.VALIDATED)
    stopped = published_project(title="Digitale stempelkaart", outcome=Project.Outcome.STOPPED)
    LearningFactory(project=stopped, insight="Bezoekers willen geen extra app")
    ArticleFactory(published=True, kind="guide", title="Een landingspaginatest in je bibliotheek")
    ArticleFactory(published=True, kind="lesson", title="Wat de stempelkaart ons leerde")
    service("Zaalreservatie", state=Service.State.AVAILABLE)

    response = home()
    html = response.content.decode()

    assert response.status_code == 200
    assert "Het programma in cijfers" in html
    assert "Proeftuin winter" in html
    assert "Uitleendienst voor spelconsoles" in html
    assert "Zalen reserveren zonder telefoon" in html
    assert "Bezoekers willen geen extra app" in html
    assert "Wat de stempelkaart ons leerde" in html
    assert "Een landingspaginatest in je bibliotheek" in html
    assert "Zaalreservatie" in html
    assert "<strong>1</strong> hypothese gevalideerd" in html
    assert "<strong>2</strong> gedeelde lessen" in html


def test_it_counts_needs_and_the_municipalities_taking_part(personas):
    NeedFactory(submitted=True, organisation=personas.organisation)
    NeedFactory(retained=True, organisation=personas.organisation)
    NeedFactory(organisation=personas.other_organisation)  # a draft counts for nothing
    NeedFactory(submitted=True, organisation=personas.other_organisation, status="withdrawn")

    found = figures()

    assert (found.needs, found.municipalities) == (2, 1)


def test_it_names_nothing_unpublished(personas):
    CallFactory(title="GEHEIM ontwerp-oproep", published_at=None)
    NeedFactory(submitted=True, title="GEHEIM ingediende nood")
    NeedFactory(challenge=True, status=Need.Status.SELECTED, title="GEHEIM al beslist")
    hidden = ProjectFactory(title="GEHEIM project", outcome=Project.Outcome.STOPPED)
    LearningFactory(project=hidden, insight="GEHEIM leerkaart")
    summary_only = ProjectFactory(
        public_sections=[Section.SUMMARY],
        published_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    LearningFactory(project=summary_only, insight="GEHEIM niet goedgekeurde leerkaart")
    ArticleFactory(title="GEHEIM ontwerp-artikel")
    ArticleFactory(kind="lesson", title="GEHEIM les ter nalezing", status="in_review")
    service("GEHEIM stopgezette dienst", state=Service.State.RETIRED)

    html = home().content.decode()

    assert "GEHEIM" not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_it_runs_a_fixed_number_of_queries(personas):
    def count():
        cache.clear()  # the figures are counted afresh, as after any change
        with CaptureQueriesContext(connection) as queries:
            assert home().status_code == 200
        return len(queries)

    # One of each first: with no published learning cards or challenges at all, their
    # queries are skipped (an empty IN list), which would make the first count smaller.
    LearningFactory(project=published_project(outcome=Project.Outcome.STOPPED))
    NeedFactory(challenge=True)
    few = count()
    for n in range(6):
        CallFactory()
        NeedFactory(challenge=True)
        project = published_project(outcome=Project.Outcome.STOPPED if n % 2 else "")
        LearningFactory(project=project)
        ArticleFactory(published=True, kind="lesson" if n % 2 else "news")
        service(f"Dienst {n}")
    assert count() == few


def test_it_counts_the_figures_once_until_an_action_is_logged(
    personas, django_capture_on_commit_callbacks
):
    NeedFactory(submitted=True)
    first = figures().needs
    NeedFactory(submitted=True)  # written around the services: not counted yet
    assert figures().needs == first
    with django_capture_on_commit_callbacks(execute=True):
        log_action(
            actor=personas.coordinator, action="need.submitted", target=personas.organisation
        )
    assert figures().needs == first + 1
