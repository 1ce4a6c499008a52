"""The public search page and the documents the apps register: published challenges,
projects and their learning cards are found in any Dutch inflection; nothing unpublished is
ever indexed or shown; any text typed is a page, never an error."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeftuin.calls import services as calls_services
from proeftuin.calls.models import Need
from proeftuin.core import search
from proeftuin.core.models import SearchDocument, Theme
from proeftuin.projects import services
from proeftuin.projects.models import Project

from ..projects.conftest import LearningFactory, NeedFactory, project, selected

__all__ = ["project", "selected"]

pytestmark = pytest.mark.django_db

Section = Project.Section
SECRET = "geheimmarkeerder"
URL = reverse("knowledge:search")


def page(**params: Any) -> str:
    response = Client().get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def found(query: str, **kwargs: Any) -> list[str]:
    return [result.title for result in search.search(query, **kwargs).results]


def publish(project: Project, sections: list[str], personas: Any) -> Project:
    services.request_publication(project=project, sections=sections, by=personas.coordinator)
    return services.approve_publication(project=project, by=personas.coordinator)


@pytest.fixture
def challenge(personas: Any, django_capture_on_commit_callbacks: Any) -> Need:
    need = NeedFactory(
        retained=True,
        title="Uitleenbare laptops",
        problem="Elke gemeente wil dat haar bibliotheek laptops uitleent.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        calls_services.publish_challenge(need=need, by=personas.coordinator)
    return need


def test_a_published_challenge_is_found_by_its_inflected_words(challenge: Need) -> None:
    assert found("gemeenten") == ["Uitleenbare laptops"]
    assert found("bibliotheken") == ["Uitleenbare laptops"]
    html = page(q="gemeenten")
    assert reverse("calls:challenge", args=[challenge.pk]) in html
    assert "<mark>gemeente</mark>" in html


def test_taking_a_challenge_down_removes_it(
    challenge: Need, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        calls_services.publish_challenge(need=challenge, by=personas.coordinator, published=False)
    assert found("laptops") == []


def test_nothing_unpublished_is_ever_indexed_or_shown(
    personas: Any, project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    NeedFactory(retained=True, title=f"Nood {SECRET}", problem=SECRET)
    NeedFactory(submitted=True, title="Ingediend", problem=f"over {SECRET}")
    project.summary = f"samenvatting {SECRET}"
    project.question = SECRET
    project.save()
    LearningFactory(project=project, insight=f"inzicht {SECRET}")
    with django_capture_on_commit_callbacks(execute=True):
        # Public: only the experiments — neither the summary nor the learning cards.
        publish(project, [Section.EXPERIMENTS], personas)
    search.rebuild_index()

    assert found(project.title.split()[0], kinds=["project"]) == [project.title]
    assert found(SECRET) == []
    # The page echoes the query, nothing else.
    assert "0 resultaten" in page(q=SECRET)
    for title, body in SearchDocument.objects.values_list("title", "body"):
        assert SECRET not in title and SECRET not in body


def test_learning_cards_are_found_while_the_project_shows_them(
    personas: Any, project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    LearningFactory(project=project, insight="verenigingen reserveren liever online")
    with django_capture_on_commit_callbacks(execute=True):
        publish(project, [Section.SUMMARY, Section.LEARNINGS], personas)
    assert found("vereniging", kinds=["learning"]) == [f"Leerkaart: {project.title}"]

    # The team narrows what is public: the card leaves the index at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.request_publication(
            project=project, sections=[Section.SUMMARY], by=personas.team_member
        )
    assert found("vereniging") == []
    assert found(project.title.split()[0], kinds=["project"]) == [project.title]


def test_a_new_learning_card_of_a_project_showing_its_learnings_is_found(
    personas: Any, project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    from ..projects.test_lean_experiments import complete, run

    with django_capture_on_commit_callbacks(execute=True):
        publish(project, [Section.LEARNINGS], personas)
    experiment = run(project, personas.team_member)
    with django_capture_on_commit_callbacks(execute=True):
        complete(experiment, personas.team_member, insight="scholen reserveren graag digitaal")
    assert found("school", kinds=["learning"]) == [f"Leerkaart: {project.title}"]


def test_a_changed_profile_of_a_published_project_is_found(
    personas: Any, project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        publish(project, [Section.SUMMARY], personas)
        services.update_project_profile(
            project=project,
            question="Reserveren bezoekers online?",
            target_groups="bezoekers",
            summary="Bibliotheken testen een reservatiemodule.",
            next_steps="",
            by=personas.team_member,
        )
    assert found("bibliotheek", kinds=["project"]) == [project.title]


def test_the_page_filters_by_kind_and_theme(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    erfgoed = Theme.objects.create(slug="erfgoed", name="Erfgoed")
    for title, themes in [("Archief digitaal", [erfgoed]), ("Archief op papier", [])]:
        need = NeedFactory(retained=True, title=title, themes=themes)
        with django_capture_on_commit_callbacks(execute=True):
            calls_services.publish_challenge(need=need, by=personas.coordinator)

    assert "Archief op papier" in page(q="archief")
    html = page(q="archief", thema="erfgoed")
    assert "Archief digitaal" in html and "Archief op papier" not in html
    assert "Archief digitaal" not in page(q="archief", soort="project")


def test_it_pages_the_results(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(search.PER_PAGE + 3):
            need = NeedFactory(retained=True, title=f"Theaterzaal {n:02d}")
            calls_services.publish_challenge(need=need, by=personas.coordinator)

    first = page(q="theaterzaal")
    assert f"{search.PER_PAGE + 3} resultaten" in first
    assert "Pagina 1 van 2" in first and "pagina=2" in first
    second = page(q="theaterzaal", pagina="2")
    assert "Pagina 2 van 2" in second and 'start="21"' in second
    assert "Pagina 2 van 2" in page(q="theaterzaal", pagina="999")
    assert "Pagina 1 van 2" in page(q="theaterzaal", pagina="nul")


@pytest.mark.parametrize("count", [1, 25])
def test_the_page_runs_a_fixed_number_of_queries(
    count: int, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Theme.objects.create(slug="lezen", name="Lezen")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(count):
            need = NeedFactory(retained=True, title=f"Leesclub {n}")
            calls_services.publish_challenge(need=need, by=personas.coordinator)
    with CaptureQueriesContext(connection) as queries:
        page(q="leesclubs", soort=["challenge", "project"])
    # The themes, the page of results with its count, the documents.
    assert len(queries) == 3


def test_the_empty_and_wordless_states(challenge: Need) -> None:
    assert "Vervoegingen en meervouden vind je mee" in page()
    assert "Geef minstens één zoekwoord in" in page(q="?! …")
    assert "Geef minstens één zoekwoord in" in page(q="de en het")
    assert "Niets gevonden" in page(q="onvindbaarwoord")


def test_a_malformed_request_is_a_message_not_an_error(challenge: Need) -> None:
    assert "kunnen we niet uitvoeren" in page(q="laptops", soort="bestaat-niet")
    assert "kunnen we niet uitvoeren" in page(q="x" * 500)
    assert "kunnen we niet uitvoeren" in page(q="a\x00b")


def test_a_result_is_escaped(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    need = NeedFactory(
        retained=True, title="<script>alert(1)</script> Podium", problem="<img src=x> podium"
    )
    with django_capture_on_commit_callbacks(execute=True):
        calls_services.publish_challenge(need=need, by=personas.coordinator)
    html = page(q="podium")
    assert "<script>alert(1)</script>" not in html and "<img src=x>" not in html
    assert "&lt;img src=x&gt; <mark>podium</mark>" in html


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(max_size=300), number=st.text(max_size=8))
def test_any_text_is_a_page(challenge: Need, query: str, number: str) -> None:
    response = Client().get(URL, {"q": query, "pagina": number})
    assert response.status_code == 200
