"""The open-data API: only what is public, paged and filterable, stable identifiers, errors
as JSON, CORS for reads, ETag for caching, and a fixed number of queries per list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.projects import services
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from ..factories import MunicipalityFactory, OrganisationFactory, ThemeFactory
from ..knowledge.articles import ArticleFactory
from ..projects.conftest import (
    CallFactory,
    ExperimentFactory,
    LearningFactory,
    NeedFactory,
    ProjectFactory,
    SupportFactory,
)
from ..reports.conftest import QUESTION, media, project, reported, selected
from ..scaling.conftest import ServiceFactory

__all__ = ["media", "project", "reported", "selected"]

pytestmark = pytest.mark.django_db

Section = Project.Section


def get(url, **headers):
    return Client().get(url, headers=headers)


def published_project(sections, **fields):
    return ProjectFactory(public_sections=list(sections), published_at=timezone.now(), **fields)


def test_it_lists_published_calls_only_with_their_status():
    CallFactory(slug="open-oproep")
    CallFactory(slug="later", upcoming=True)
    CallFactory(slug="ontwerp", unpublished=True)

    body = get("/api/v1/calls/").json()

    assert body["count"] == 2
    assert {c["slug"]: c["status"] for c in body["items"]} == {
        "open-oproep": "open",
        "later": "upcoming",
    }
    assert [c["slug"] for c in get("/api/v1/calls/?status=upcoming").json()["items"]] == ["later"]
    assert get("/api/v1/calls/ontwerp").status_code == 404


def test_it_lists_challenges_with_support_counts_and_filters_them():
    gent = MunicipalityFactory(nis_code="44021", name="Gent", province="Oost-Vlaanderen")
    theme = ThemeFactory(slug="reservaties")
    challenge = NeedFactory(
        challenge=True,
        title="Zaal reserveren",
        organisation=OrganisationFactory(municipalities=[gent]),
    )
    challenge.themes.add(theme)
    SupportFactory(need=challenge)
    SupportFactory(need=challenge, withdrawn_at=timezone.now())
    NeedFactory(challenge=True, title="Elders")
    NeedFactory(title="Een ontwerp", status=Need.Status.DRAFT)

    everything = get("/api/v1/challenges/").json()
    in_gent = get("/api/v1/challenges/?municipality=44021").json()

    assert everything["count"] == 2
    assert in_gent["count"] == 1
    item = in_gent["items"][0]
    assert item["id"] == challenge.pk and item["support_count"] == 1
    assert item["organisation"]["municipalities"][0]["nis_code"] == "44021"
    assert get("/api/v1/challenges/?province=oost-vlaanderen").json()["count"] == 1
    assert get("/api/v1/challenges/?theme=reservaties").json()["count"] == 1
    assert get(f"/api/v1/challenges/{challenge.pk}").json()["support_count"] == 1


def test_it_pages_with_limit_and_offset():
    for _ in range(5):
        NeedFactory(challenge=True)

    first = get("/api/v1/challenges/?limit=2").json()
    last = get("/api/v1/challenges/?limit=2&offset=4").json()

    assert first["count"] == 5 and len(first["items"]) == 2
    assert len(last["items"]) == 1
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in last["items"]})


def test_it_shows_a_project_with_exactly_its_approved_sections(personas, reported):
    services.request_publication(
        project=reported, sections=[Section.SUMMARY, Section.EXPERIMENTS], by=personas.coordinator
    )
    services.approve_publication(project=reported, by=personas.coordinator)
    ProjectFactory(title="Nog niet gedeeld")

    listed = get("/api/v1/projects/").json()
    detail = get(f"/api/v1/projects/{reported.pk}").json()

    assert [p["id"] for p in listed["items"]] == [reported.pk]
    assert detail["summary"]["question"] == QUESTION
    assert detail["summary"]["challenges"] == [reported.need_id]
    assert "Landingspagina aan de balie" in [e["title"] for e in detail["experiments"]]
    # Not approved: null, not empty.
    assert detail["learnings"] is None
    assert detail["gate_decisions"] is None
    assert detail["team"] is None
    assert get("/api/v1/learnings/").json()["count"] == 0


def test_it_names_only_consenting_team_members_once_the_team_is_approved(personas, reported):
    services.request_publication(project=reported, sections=[Section.TEAM], by=personas.coordinator)
    services.approve_publication(project=reported, by=personas.coordinator)

    team = get(f"/api/v1/projects/{reported.pk}").json()["team"]

    assert [m["name"] for m in team["named"]] == ["Tom Teamlid"]
    assert team["others"] >= 1


def test_it_lists_learnings_of_projects_that_published_them_only():
    shared = published_project([Section.LEARNINGS], outcome=Project.Outcome.STOPPED)
    hidden = published_project([Section.SUMMARY])
    experiment = ExperimentFactory(project=shared, completed=True, title="Proef aan de balie")
    public = LearningFactory(project=shared, experiment=experiment, decision="stop")
    LearningFactory(project=hidden)
    LearningFactory(project=ProjectFactory())

    body = get("/api/v1/learnings/").json()

    assert [card["id"] for card in body["items"]] == [public.pk]
    # The experiments are not public, so neither is the experiment's title.
    assert body["items"][0]["experiment"] is None
    assert get("/api/v1/learnings/?decision=stop&outcome=gestopt").json()["count"] == 1
    assert get("/api/v1/learnings/?decision=pivot").json()["count"] == 0


def test_it_lists_published_articles_with_their_public_projects_only():
    article = ArticleFactory(published=True, slug="zalen", kind="lesson")
    article.projects.add(
        published_project([Section.SUMMARY]), ProjectFactory(title="Nog niet gedeeld")
    )
    ArticleFactory(slug="ontwerp")
    article.services.add(
        ServiceFactory(slug="zalen"), ServiceFactory(slug="gestopt", state=Service.State.RETIRED)
    )

    body = get("/api/v1/articles/").json()

    assert [a["slug"] for a in body["items"]] == ["zalen"]
    assert len(body["items"][0]["projects"]) == 1
    assert body["items"][0]["services"] == ["zalen"]
    assert get("/api/v1/articles/?kind=guide").json()["count"] == 0
    assert get("/api/v1/articles/ontwerp").status_code == 404


def test_it_answers_an_unknown_or_unpublished_object_with_a_json_404():
    draft = NeedFactory(status=Need.Status.DRAFT)

    response = get(f"/api/v1/challenges/{draft.pk}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "niet publiek" in response.json()["message"]


def test_it_answers_an_invalid_parameter_with_a_readable_422():
    response = get("/api/v1/challenges/?limit=1000&status=bestaat-niet")

    assert response.status_code == 422
    body = response.json()
    assert "limit" in body["message"] and "status" in body["message"]
    assert {e["field"] for e in body["errors"]} == {"limit", "status"}


def test_it_is_open_to_other_sites_and_answers_304_to_a_known_etag():
    NeedFactory(challenge=True)

    first = get("/api/v1/challenges/")
    again = get("/api/v1/challenges/", if_none_match=first["ETag"])

    assert first["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304 and again.content == b""
    NeedFactory(challenge=True)
    assert get("/api/v1/challenges/", if_none_match=first["ETag"]).status_code == 200


def test_it_answers_a_preflight_for_reads():
    response = Client().options("/api/v1/challenges/", headers={"Origin": "https://elders.example"})

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_it_documents_every_operation_on_a_page_of_the_site():
    response = get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    schema = get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Proeftuin open data"
    for path in schema["paths"]:
        assert f"GET {path}" in html
    assert "<script" not in html.split("</header>", 1)[1]
    assert 'href="/api/v1/openapi.json"' in html


def _queries(url):
    with CaptureQueriesContext(connection) as queries:
        assert get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/calls/",
        "/api/v1/challenges/",
        "/api/v1/projects/",
        "/api/v1/learnings/",
        "/api/v1/articles/",
    ],
)
def test_each_list_runs_a_fixed_number_of_queries(url):
    def add(n):
        for _ in range(n):
            call = CallFactory()
            call.themes.add(ThemeFactory())
            need = NeedFactory(call=call, challenge=True)
            need.themes.add(ThemeFactory())
            SupportFactory(need=need)
            project = published_project([Section.SUMMARY, Section.LEARNINGS, Section.EXPERIMENTS])
            LearningFactory(
                project=project, experiment=ExperimentFactory(project=project, completed=True)
            )
            article = ArticleFactory(published=True, themes=[ThemeFactory()])
            article.projects.add(project, ProjectFactory())

    add(2)
    few = _queries(url)
    add(6)
    assert _queries(url) == few
