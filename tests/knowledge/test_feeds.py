"""The Atom feeds: valid Atom, one entry per published item with a stable id, nothing
unpublished and nothing personal."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.knowledge.models import Article
from proeftuin.projects.models import Hypothesis, Project
from proeftuin.scaling.models import Service

from ..projects.conftest import (
    CallFactory,
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    NeedFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
SECRET = "GEHEIM-ONGEPUBLICEERD"
Section = Project.Section
FEEDS = [
    "feed_calls",
    "feed_challenges",
    "feed_projects",
    "feed_lessons",
    "feed_articles",
    "feed_services",
]


def feed(name):
    response = Client().get(reverse(f"knowledge:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own response, not untrusted input.
    return response.content.decode(), ET.fromstring(response.content)  # noqa: S314


def published_project(title, sections, **fields):
    return ProjectFactory(
        title=title,
        public_sections=list(sections),
        published_at=timezone.now(),
        **{"summary": f"Samenvatting van {title}", **fields},
    )


@pytest.fixture
def content(db):
    """Of each kind something published and something with a secret marker that is not."""
    CallFactory(title="Oproep 2027")
    for name, state in [
        ("Online zaalverhuur", Service.State.AVAILABLE),
        (f"Dienst {SECRET}", Service.State.RETIRED),
    ]:
        Service.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            summary="Zalen online verhuren.",
            offer="Een reservatiemodule",
            conditions="Gratis",
            how_to_start="Vraag het aan",
            contact_email="dienst@example.be",
            state=state,
        )
    Article.objects.create(
        kind=Article.Kind.GUIDE,
        title="Zo test je een landingspagina",
        slug="landingspagina",
        summary="Een handleiding.",
        body="Tekst",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Article.objects.create(
        kind=Article.Kind.NEWS,
        title=f"Artikel {SECRET}",
        slug="geheim",
        summary=SECRET,
        body=SECRET,
        status=Article.Status.IN_REVIEW,
    )
    CallFactory(title=f"Oproep {SECRET}", unpublished=True)
    NeedFactory(title="Uitdaging: ticketing", challenge=True)
    NeedFactory(title=f"Nood {SECRET}", status=Need.Status.SUBMITTED)
    stopped = published_project(
        "Gestopt project", [Section.SUMMARY, Section.LEARNINGS], outcome=Project.Outcome.STOPPED
    )
    LearningFactory(project=stopped, insight="niemand wilde online betalen", decision="stop")
    running = published_project("Lopend project", [Section.LEARNINGS])
    invalidated = ExperimentFactory(
        project=running,
        completed=True,
        hypothesis=HypothesisFactory(project=running, status=Hypothesis.Status.INVALIDATED),
    )
    LearningFactory(project=running, experiment=invalidated, insight="een QR-code werkt niet")
    # A validated hypothesis is a success, not a lesson.
    LearningFactory(project=running, experiment=ExperimentFactory(project=running, completed=True))
    # Learning cards whose section is not public, and an unpublished project.
    quiet = published_project("Stil project", [Section.SUMMARY], outcome=Project.Outcome.STOPPED)
    LearningFactory(project=quiet, insight=f"les {SECRET}")
    hidden = ProjectFactory(title=f"Project {SECRET}", outcome=Project.Outcome.STOPPED)
    LearningFactory(project=hidden, insight=f"les {SECRET}")
    # The summary of a project that did not publish it.
    published_project("Zonder samenvatting", [Section.LEARNINGS], summary=f"tekst {SECRET}")


@pytest.mark.parametrize("name", FEEDS)
def test_it_serves_valid_atom(content, name):
    _, root = feed(name)

    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{element}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Proeftuin"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{element}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


def titles(name):
    _, root = feed(name)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_each_feed_lists_only_its_published_items(content):
    # The projects' factories make published calls of their own.
    assert "Oproep 2027" in titles("feed_calls")
    assert titles("feed_challenges") == ["Uitdaging: ticketing"]
    assert titles("feed_articles") == ["Zo test je een landingspagina"]
    assert titles("feed_services") == ["Online zaalverhuur"]
    assert set(titles("feed_projects")) == {
        "Gestopt project",
        "Lopend project",
        "Stil project",
        "Zonder samenvatting",
    }


def test_lessons_are_learnings_of_stopped_projects_and_invalidated_hypotheses(content):
    lessons = titles("feed_lessons")

    assert sorted(lessons) == [
        "Gestopt project: niemand wilde online betalen",
        "Lopend project: een QR-code werkt niet",
    ]


@pytest.mark.parametrize("name", FEEDS)
def test_no_feed_shows_anything_unpublished_or_personal(content, name):
    text, _ = feed(name)

    assert SECRET not in text
    assert not EMAIL.search(text)


def test_the_lists_link_their_feed(content):
    for page, name in [
        ("calls:list", "feed_calls"),
        ("calls:challenges", "feed_challenges"),
        ("knowledge:projects", "feed_projects"),
        ("knowledge:articles", "feed_articles"),
        ("knowledge:lessons", "feed_lessons"),
        ("scaling:catalogue", "feed_services"),
        ("knowledge:digest_subscribe", "feed_lessons"),
    ]:
        html = Client().get(reverse(page)).content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml"' in html
            and f'href="{reverse(f"knowledge:{name}")}"' in html
        )


def query_count(name):
    with CaptureQueriesContext(connection) as queries:
        feed(name)
    return len(queries)


def test_a_feed_runs_a_fixed_number_of_queries(content):
    before = {name: query_count(name) for name in FEEDS}
    CallFactory.create_batch(3)
    NeedFactory.create_batch(3, challenge=True)
    for n in range(3):
        stopped = published_project(f"Nog een project {n}", [Section.LEARNINGS], outcome="gestopt")
        LearningFactory(project=stopped, decision="stop")
        Article.objects.create(
            kind=Article.Kind.NEWS,
            title=f"Nieuws {n}",
            slug=f"nieuws-{n}",
            summary="Nieuws.",
            body="Tekst",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )

    assert {name: query_count(name) for name in FEEDS} == before
    assert max(before.values()) <= 3
