"""Anyone browses the participating organisations; members see their colleagues."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.organisations.models import Organisation

from ..conftest import client_for
from ..factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:list")
GENT = reverse("organisations:detail", args=["bibliotheek-gent"])


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"]]


def test_it_lists_the_organisations_to_anyone(client, personas):
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Bibliotheek Gent", "Cultuurcentrum Herentals"]
    assert "Gent" in response.text
    assert "Herentals" in response.text


def test_it_searches_by_name_and_by_municipality(client, personas):
    assert names(client.get(LIST, {"q": "bibliotheek"})) == ["Bibliotheek Gent"]
    assert names(client.get(LIST, {"q": "herentals"})) == ["Cultuurcentrum Herentals"]
    assert names(client.get(LIST, {"q": "  "})) == ["Bibliotheek Gent", "Cultuurcentrum Herentals"]


def test_it_filters_by_province_and_kind(client, personas):
    kempen = OrganisationFactory(
        name="Cultuurregio Kempen",
        kind=Organisation.Kind.INTERMUNICIPAL,
        municipalities=[
            MunicipalityFactory(nis_code="13008", name="Geel"),
            MunicipalityFactory(nis_code="13040", name="Turnhout"),
        ],
    )
    assert names(client.get(LIST, {"province": "Antwerpen"})) == [
        "Cultuurcentrum Herentals",
        kempen.name,
    ]
    assert names(client.get(LIST, {"province": "Oost-Vlaanderen"})) == ["Bibliotheek Gent"]
    assert names(client.get(LIST, {"kind": "intergemeentelijk"})) == [kempen.name]
    # (The personas' organisations are both of the factory's kind: bibliotheek.)
    assert names(client.get(LIST, {"province": "Antwerpen", "kind": "bibliotheek"})) == [
        "Cultuurcentrum Herentals"
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "kerncentrale"},
        {"province": "Atlantis"},
        {"province": ["Antwerpen", "Atlantis"]},
        {"q": "x" * 101},
        {"q": "nul\x00byte"},
    ],
)
def test_it_answers_400_to_filters_that_make_no_sense(client, personas, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert names(response) == []


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "", "2.5", "%00"])
def test_it_shows_a_page_for_any_page_number(client, personas, page):
    response = client.get(LIST, {"pagina": page})
    assert response.status_code == 200
    assert names(response) == ["Bibliotheek Gent", "Cultuurcentrum Herentals"]


def test_it_ignores_unknown_parameters(client, personas):
    response = client.get(LIST, {"sort": "desc; DROP TABLE", "utm_source": "x"})
    assert response.status_code == 200
    assert len(names(response)) == 2


def test_it_paginates_and_keeps_the_filters_in_the_links(client, personas):
    OrganisationFactory.create_batch(35, kind=Organisation.Kind.MUSEUM)
    first = client.get(LIST, {"kind": "museum"})
    assert first.context["page"].paginator.count == 35
    assert len(names(first)) == 30
    assert "?kind=museum&amp;pagina=2" in first.text
    second = client.get(LIST, {"kind": "museum", "pagina": "2"})
    assert len(names(second)) == 5
    assert "?kind=museum&amp;pagina=1" in second.text


def test_it_answers_htmx_with_only_the_results(client, personas):
    response = client.get(LIST, {"q": "gent"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<h1" not in response.text
    assert "Bibliotheek Gent" in response.text
    assert "Cultuurcentrum Herentals" not in response.text


def test_it_answers_htmx_with_a_400_partial_for_bad_filters(client, personas):
    response = client.get(LIST, {"kind": "kerncentrale"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert 'id="results"' in response.text


def queries_for_list(client, count: int, **query: str) -> int:
    for _ in range(count):
        OrganisationFactory(
            kind=Organisation.Kind.LIBRARY,
            municipalities=[MunicipalityFactory(), MunicipalityFactory(province="Limburg")],
        )
    client.get(LIST, query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", [{}, {"q": "bibliotheek"}, {"province": "Limburg", "kind": "bibliotheek"}]
)
def test_its_query_count_does_not_grow_with_the_organisations(client, personas, query):
    few = queries_for_list(client, 8, **query)
    many = queries_for_list(client, 16, **query)  # 24 in all, three times as many
    assert few == many


def test_its_query_count_does_not_grow_for_a_signed_in_member(personas):
    client = client_for(personas.submitter)
    assert queries_for_list(client, 8) == queries_for_list(client, 16)


# One organisation


def test_it_shows_an_organisation_but_not_its_members_to_anonymous_visitors(client, personas):
    response = client.get(GENT)
    assert response.status_code == 200
    assert "Bibliotheek Gent" in response.text
    assert "Oost-Vlaanderen" in response.text
    assert "Ann Beheerder" not in response.text
    assert "Ines Indiener" not in response.text
    assert reverse("account_login") in response.text


@pytest.mark.parametrize("who", ["other_member", "outsider", "expert"])
def test_it_hides_the_members_from_non_members(personas, who):
    response = client_for(getattr(personas, who)).get(GENT)
    assert response.status_code == 200
    assert "Ines Indiener" not in response.text
    assert "Leden beheren" not in response.text
    assert response.context["can_join"] is True


def test_it_shows_colleagues_to_a_member_but_no_management(personas):
    response = client_for(personas.submitter).get(GENT)
    assert "Ann Beheerder" in response.text
    assert "Tom Teamlid" in response.text
    assert "Leden beheren" not in response.text
    assert response.context["can_join"] is False


@pytest.mark.parametrize("who", ["org_admin", "coordinator"])
def test_it_offers_management_to_the_admin_and_the_coordinator(personas, who):
    response = client_for(getattr(personas, who)).get(GENT)
    assert "Leden beheren" in response.text
    assert "Ines Indiener" in response.text


def test_it_answers_404_for_an_unknown_organisation(client, personas):
    assert client.get(reverse("organisations:detail", args=["bestaat-niet"])).status_code == 404


def test_it_refuses_to_change_anything_through_the_list(client, personas):
    assert client.post(LIST).status_code == 405
