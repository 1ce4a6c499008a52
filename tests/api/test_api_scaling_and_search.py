"""The API's services, adoptions, coverage and search."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proeftuin.core import search as fulltext
from proeftuin.scaling.models import Adoption, Service

from ..factories import MunicipalityFactory
from ..projects.conftest import NeedFactory, ProjectFactory
from ..scaling.conftest import ServiceFactory

pytestmark = pytest.mark.django_db

State = Adoption.State


def adopt(service, municipality, state, **fields):
    return Adoption.objects.create(
        service=service,
        municipality=municipality,
        state=state,
        contact_name="Griet Gemeente",
        contact_email="griet@gemeente.example",
        **fields,
    )


def test_it_lists_public_services_with_their_counts_and_public_projects():
    service = ServiceFactory(slug="zalen")
    shared = ProjectFactory(public_sections=["summary"], published_at=timezone.now())
    service.projects.add(shared, ProjectFactory())
    adopt(service, MunicipalityFactory(), State.ACTIVE)
    adopt(service, MunicipalityFactory(), State.INTERESTED)
    ServiceFactory(slug="gestopt", state=Service.State.RETIRED)

    body = Client().get("/api/v1/services/").json()

    assert [s["slug"] for s in body["items"]] == ["zalen"]
    item = body["items"][0]
    assert item["projects"] == [shared.pk]
    assert item["adoptions"] == {"active": 1, "requested": 0, "interested": 1}
    assert Client().get("/api/v1/services/gestopt").status_code == 404


def test_adoptions_show_municipality_and_state_never_the_contact():
    service = ServiceFactory(slug="zalen")
    gent = MunicipalityFactory(nis_code="44021", name="Gent", province="Oost-Vlaanderen")
    adopt(service, gent, State.ACTIVE)
    adopt(service, MunicipalityFactory(), State.ENDED, ended_at=timezone.now())

    response = Client().get("/api/v1/services/zalen/adoptions")

    assert response.json()["items"] == [
        {
            "municipality": "44021",
            "municipality_name": "Gent",
            "province": "Oost-Vlaanderen",
            "state": "active",
        }
    ]
    assert "griet" not in response.content.decode().lower()


def test_coverage_counts_municipalities_per_region_and_province():
    service = ServiceFactory(slug="zalen")
    adopt(service, MunicipalityFactory(province="Limburg"), State.ACTIVE)

    body = Client().get("/api/v1/coverage?service=zalen").json()

    assert body["service"] == "zalen"
    assert body["flanders"]["counts"]["active"] == 1
    limburg = next(row for row in body["provinces"] if row["label"] == "Limburg")
    assert limburg["counts"]["active"] == 1
    assert Client().get("/api/v1/coverage?service=bestaat-niet").status_code == 404


def test_search_finds_published_things_by_an_inflected_form():
    NeedFactory(challenge=True, title="Bibliotheken zonder wachtrij")
    NeedFactory(title="Bibliotheek in ontwerp")
    fulltext.rebuild_index()

    body = Client().get("/api/v1/search?q=bibliotheek").json()

    assert [r["title"] for r in body["items"]] == ["Bibliotheken zonder wachtrij"]
    assert "<" not in body["items"][0]["snippet"]
    assert body["items"][0]["url"].startswith("http://testserver/")
    assert Client().get("/api/v1/search?q=").status_code == 422


def test_figures_count_the_programme():
    NeedFactory(challenge=True)
    ServiceFactory()

    body = Client().get("/api/v1/figures").json()

    assert body["needs"] == 1 and body["services"] == 1 and body["calls"] >= 1


@pytest.mark.parametrize("url", ["/api/v1/services/", "/api/v1/services/zalen/adoptions"])
def test_the_scaling_lists_run_a_fixed_number_of_queries(url):
    main = ServiceFactory(slug="zalen")

    def add(n):
        for _ in range(n):
            service = ServiceFactory()
            service.projects.add(
                ProjectFactory(public_sections=["summary"], published_at=timezone.now())
            )
            adopt(service, MunicipalityFactory(), State.ACTIVE)
            adopt(main, MunicipalityFactory(), State.REQUESTED)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(5)
    assert queries() == few
