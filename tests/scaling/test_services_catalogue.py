"""Services, adoptions, the public catalogue and coverage."""

import threading

import pytest
from django.db import connections
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.organisations.models import Municipality
from proeftuin.scaling.coverage import coverage
from proeftuin.scaling.models import Adoption, AdoptionEvent, Service
from proeftuin.scaling.services import (
    activate_adoption,
    end_adoption,
    register_adoption,
    set_service_state,
)

from ..conftest import client_for
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from .conftest import ServiceFactory

State = Adoption.State


def adopt(service, municipality, by, state=State.REQUESTED):
    return register_adoption(
        service=service,
        municipality=municipality,
        state=state,
        contact_name="Greet Gemeente",
        contact_email="greet@gent.example.be",
        by=by,
    )


def gent(personas):
    return personas.organisation.municipalities.get()


def test_a_member_registers_interest_then_requests(personas):
    service = ServiceFactory()
    adoption = adopt(service, gent(personas), personas.submitter, State.INTERESTED)
    again = adopt(service, gent(personas), personas.submitter)

    assert again.pk == adoption.pk
    assert again.state == State.REQUESTED
    assert list(AdoptionEvent.objects.values_list("state", flat=True)) == [
        "interested",
        "requested",
    ]


def test_a_member_cannot_act_for_another_municipality(personas):
    with pytest.raises(DomainError, match="Alleen een lid"):
        adopt(ServiceFactory(), gent(personas), personas.other_member)


def test_the_view_refuses_another_municipality_clearly(personas):
    service = ServiceFactory()
    response = client_for(personas.other_member).post(
        reverse("scaling:adopt", args=[service.slug]),
        {
            "municipality": gent(personas).pk,
            "state": "requested",
            "contact_name": "Hans",
            "contact_email": "hans@example.be",
        },
    )
    assert response.status_code == 400
    assert "eigen organisatie" in response.content.decode()
    assert not Adoption.objects.exists()


def test_a_service_in_development_takes_interest_not_requests(personas):
    service = ServiceFactory(state=Service.State.IN_DEVELOPMENT)
    with pytest.raises(DomainError, match="in ontwikkeling"):
        adopt(service, gent(personas), personas.submitter)
    adopt(service, gent(personas), personas.submitter, State.INTERESTED)


def test_one_current_adoption_per_municipality_and_history_kept(personas):
    service = ServiceFactory()
    adoption = adopt(service, gent(personas), personas.submitter)
    with pytest.raises(DomainError, match="al aangevraagd"):
        adopt(service, gent(personas), personas.org_admin)
    activate_adoption(adoption=adoption, by=personas.coordinator)
    end_adoption(adoption=adoption, reason="cost", by=personas.coordinator)
    # Ended: the municipality may start again; the old one stays.
    adopt(service, gent(personas), personas.submitter)
    assert Adoption.objects.count() == 2


def test_only_a_coordinator_activates(personas):
    adoption = adopt(ServiceFactory(), gent(personas), personas.submitter)
    with pytest.raises(DomainError):
        activate_adoption(adoption=adoption, by=personas.submitter)
    response = client_for(personas.submitter).post(reverse("scaling:activate", args=[adoption.pk]))
    assert response.status_code == 404
    client_for(personas.coordinator).post(reverse("scaling:activate", args=[adoption.pk]))
    adoption.refresh_from_db()
    assert adoption.state == State.ACTIVE


def test_service_states_go_one_way(personas):
    service = ServiceFactory(state=Service.State.IN_DEVELOPMENT)
    set_service_state(service=service, state=Service.State.AVAILABLE, by=personas.coordinator)
    set_service_state(service=service, state=Service.State.RETIRED, by=personas.coordinator)
    with pytest.raises(DomainError):
        set_service_state(service=service, state=Service.State.AVAILABLE, by=personas.coordinator)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_make_one_adoption(personas):
    """Two members of the same municipality press "aanvragen" at the same moment: one
    adoption. On PostgreSQL the service row lock (and the constraint) make the second wait
    and see the first; SQLite runs them one after the other."""
    service = ServiceFactory()
    place = gent(personas)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def request(user):
        try:
            barrier.wait(timeout=10)
            adopt(service, place, user)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=request, args=(user,))
        for user in (personas.submitter, personas.org_admin)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Adoption.objects.filter(service=service, municipality=place).count() == 1
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)


def test_the_catalogue_is_public_and_never_shows_contacts(personas, client):
    service = ServiceFactory()
    adopt(service, gent(personas), personas.submitter)
    page = client.get(reverse("scaling:service", args=[service.slug])).content.decode()
    assert "Gent" in page
    assert "Greet" not in page
    assert "greet@gent.example.be" not in page
    assert client.get(reverse("scaling:catalogue")).status_code == 200


def test_a_retired_service_is_not_public(db, client):
    service = ServiceFactory(state=Service.State.RETIRED)
    assert client.get(reverse("scaling:service", args=[service.slug])).status_code == 404
    assert service.name not in client.get(reverse("scaling:catalogue")).content.decode()


def test_the_public_pages_query_count_does_not_grow_with_adoptions(
    personas, client, django_assert_max_num_queries
):
    """The catalogue, a service's page and the coverage run a fixed number of queries."""
    services = [ServiceFactory() for _ in range(3)]
    urls = [
        reverse("scaling:catalogue"),
        reverse("scaling:service", args=[services[0].slug]),
        reverse("scaling:coverage"),
        reverse("scaling:service_coverage", args=[services[0].slug]),
    ]
    before = {}
    for url in urls:
        with django_assert_max_num_queries(12) as counted:
            client.get(url)
        before[url] = len(counted.captured_queries)
    for n in range(20):
        place = MunicipalityFactory(nis_code=f"9{n:04d}", name=f"Gemeente {n}")
        user = MembershipFactory(organisation=OrganisationFactory(municipalities=[place])).user
        for service in services:
            adopt(service, place, user)
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert "20 aanvragen" in client.get(urls[0]).content.decode()


def test_coverage_counts_a_hand_made_spread(db):
    places = {
        name: MunicipalityFactory(nis_code=code, name=name, province=province, region=region)
        for code, name, province, region in [
            ("11001", "Aartselaar", "Antwerpen", "flanders"),
            ("11002", "Antwerpen", "Antwerpen", "flanders"),
            ("11004", "Boechout", "Antwerpen", "flanders"),
            ("23002", "Asse", "Vlaams-Brabant", "flanders"),
            ("23016", "Dilbeek", "Vlaams-Brabant", "flanders"),
            ("21004", "Brussel", "Brussel", "brussels"),
            ("21001", "Anderlecht", "Brussel", "brussels"),
        ]
    }
    one, two = ServiceFactory(), ServiceFactory()

    def row(service, name, state):
        return Adoption.objects.create(
            service=service,
            municipality=places[name],
            state=state,
            contact_name="x",
            contact_email="x@example.be",
        )

    row(one, "Aartselaar", State.ACTIVE)
    row(one, "Antwerpen", State.REQUESTED)
    row(one, "Asse", State.INTERESTED)
    row(one, "Brussel", State.ACTIVE)
    row(one, "Dilbeek", State.ENDED)
    row(two, "Aartselaar", State.INTERESTED)
    row(two, "Dilbeek", State.REQUESTED)

    mine = coverage(one)
    provinces = {r.label: r for r in mine.provinces}
    assert provinces["Antwerpen"].counts == {"active": 1, "requested": 1, "interested": 0}
    assert provinces["Antwerpen"].total == 3
    assert provinces["Vlaams-Brabant"].counts == {"active": 0, "requested": 0, "interested": 1}
    assert (mine.brussels.total, mine.brussels.counts["active"]) == (2, 1)
    flemish_total = Municipality.objects.flemish().count()
    assert mine.flanders.total == flemish_total
    assert mine.flanders.counts == {"active": 1, "requested": 1, "interested": 1}

    overall = coverage()
    # Aartselaar counts once, by its furthest state; Dilbeek by the other service.
    assert overall.flanders.counts == {"active": 1, "requested": 2, "interested": 1}
    places_by_name = {p.municipality.name: p.state for p in overall.places}
    assert places_by_name["Dilbeek"] == "requested"
    assert places_by_name["Boechout"] is None


def test_services_are_searchable_until_retired(personas, django_capture_on_commit_callbacks):
    from proeftuin.core.search import rebuild_index, search

    service = ServiceFactory(name="Zalen reserveren", summary="Burgers reserveren zalen online.")
    rebuild_index()
    assert [r.title for r in search("zalen").results if r.kind == "service"] == ["Zalen reserveren"]
    with django_capture_on_commit_callbacks(execute=True):
        set_service_state(service=service, state=Service.State.RETIRED, by=personas.coordinator)
    assert not [r for r in search("zalen").results if r.kind == "service"]


def test_the_public_project_page_links_to_its_service(personas, project, client):
    from django.utils import timezone

    service = ServiceFactory()
    service.projects.add(project)
    url = reverse("knowledge:project", args=[project.pk])
    assert client.get(url).status_code == 404
    project.published_at = timezone.now()
    project.public_sections = ["summary"]
    project.save()
    assert reverse("scaling:service", args=[service.slug]) in client.get(url).content.decode()


def test_the_service_page_names_only_published_projects(personas, project, client):
    from django.utils import timezone

    from ..projects.conftest import ProjectFactory

    service = ServiceFactory()
    hidden = ProjectFactory(title="Nog niet gedeeld")
    service.projects.add(project, hidden)
    project.published_at = timezone.now()
    project.public_sections = ["summary"]
    project.save()

    page = client.get(reverse("scaling:service", args=[service.slug])).content.decode()
    assert project.title in page
    assert "Nog niet gedeeld" not in page
    assert reverse("scaling:catalogue") in page  # the main menu links the catalogue


def test_the_member_hears_when_the_coordinator_activates(personas):
    from proeftuin.core.models import Notification

    adoption = adopt(ServiceFactory(name="Zalen"), gent(personas), personas.submitter)
    activate_adoption(adoption=adoption, by=personas.coordinator)

    notification = Notification.objects.get(user=personas.submitter, kind="scaling.adoption")
    assert notification.title == "'Zalen' in Gent: actief"
