"""The public page of each municipality and province: what it takes part in, named only
where it is public (published challenges and projects, public services, organisations),
counted where it is not, and never a person."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls.models import CoSubmitter, Need, NeedSimilarity
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Adoption, Service

from ..factories import MunicipalityFactory, OrganisationFactory, ThemeFactory
from ..projects.conftest import NeedFactory, ProjectFactory, SiteFactory, SupportFactory

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM4C2B"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PEOPLE = ["Ann Beheerder", "Ines Indiener", "Rik Reviewer", "Tom Teamlid", "Hans Herentals"]


def service(name, *, state=Service.State.AVAILABLE):
    return Service.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        summary=f"{name} voor elke gemeente.",
        offer="De module",
        conditions="Gratis",
        how_to_start="Vraag het aan",
        contact_email="diensten@proeftuin.example",
        state=state,
    )


def adopt(service, municipality, state=Adoption.State.ACTIVE):
    return Adoption.objects.create(
        service=service,
        municipality=municipality,
        state=state,
        contact_name=f"Contact {SECRET}",
        contact_email="contact.persoon@gemeente.example",
    )


def gent(personas):
    return Municipality.objects.get(nis_code="44021")


def add_gent_data(personas, n=1, suffix=""):
    """`n` of everything for Gent, public and not; returns the public challenge names."""
    theme = ThemeFactory(slug="zaalverhuur", name="Zaalverhuur")
    elsewhere = personas.other_organisation
    for i in range(n):
        challenge = NeedFactory(
            organisation=personas.organisation,
            challenge=True,
            title=f"Zalen reserveren {suffix}{i}",
            themes=[theme],
        )
        for status in (Need.Status.DRAFT, Need.Status.SUBMITTED):
            NeedFactory(
                organisation=personas.organisation,
                status=status,
                submitted_at=timezone.now() if status == Need.Status.SUBMITTED else None,
                title=f"Nood {SECRET}",
                submitted_by=personas.submitter,
            )
        NeedFactory(organisation=personas.organisation, retained=True, title=f"Weerhouden {SECRET}")
        other = NeedFactory(organisation=elsewhere, challenge=True, title=f"Steun hier {suffix}{i}")
        SupportFactory(need=other, organisation=personas.organisation, user=personas.submitter)
        similar = NeedFactory(
            organisation=OrganisationFactory(),
            challenge=True,
            title=f"Zaalverhuur elders {suffix}{i}",
            themes=[theme],
        )
        NeedSimilarity.objects.create(need=challenge, other=similar, score=0.8)
        shared = ProjectFactory(
            need=NeedFactory(organisation=elsewhere, challenge=True, status=Need.Status.SELECTED),
            title=f"Gedeeld project {suffix}{i}",
            public_sections=[Project.Section.SUMMARY],
            published_at=timezone.now(),
        )
        SiteFactory(project=shared, municipality=gent(personas))
        ProjectFactory(
            need=NeedFactory(
                organisation=personas.organisation, retained=True, status=Need.Status.SELECTED
            ),
            title=f"Project {SECRET}",
        )
        adopt(service(f"Dienst {suffix}{i}"), gent(personas))
        service(f"Beschikbaar {suffix}{i}")


def page(client, municipality):
    return client.get(reverse("knowledge:municipality", args=[municipality.nis_code]))


def assert_nothing_private(html):
    assert SECRET not in html
    for name in PEOPLE:
        assert name not in html, name
    assert set(EMAIL.findall(html)) <= {"diensten@proeftuin.example"}


def test_it_shows_what_a_municipality_takes_part_in(personas, client):
    add_gent_data(personas)
    response = page(client, gent(personas))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Gent in Proeftuin" in html
    for text in [
        "Bibliotheek Gent",
        "Zalen reserveren 0",
        "Steun hier 0",
        "Gedeeld project 0",
        "test hier",
        "Dienst 0",
        "Beschikbaar 0",
        "Zaalverhuur elders 0",
        # not the draft; the submitted, retained, selected and published ones
        "4 digitale noden ingediend, waarvan 1 gepubliceerd als uitdaging",
        "2 proefprojecten in totaal, waarvan 1 hun werk al delen met de sector.",
    ]:
        assert text in html, text
    assert reverse("reports:municipality_pdf", args=["44021"]) in html
    assert_nothing_private(html)


def test_it_proposes_challenges_sharing_a_theme_without_a_similarity(personas, client):
    theme = ThemeFactory(slug="erfgoed", name="Erfgoed")
    NeedFactory(organisation=personas.organisation, challenge=True, themes=[theme])
    NeedFactory(
        organisation=personas.other_organisation,
        challenge=True,
        title="Erfgoed online",
        themes=[theme],
    )
    NeedFactory(
        organisation=personas.other_organisation,
        retained=True,
        title=f"Erfgoed {SECRET}",
        themes=[theme],
    )

    html = page(client, gent(personas)).content.decode()

    assert "Erfgoed online" in html
    assert SECRET not in html


def test_an_unpublished_need_does_not_seed_the_proposals(personas, client):
    """Proposals follow only from published challenges: they must not hint at a need that
    is not public."""
    theme = ThemeFactory(slug="ticketing", name="Ticketing")
    NeedFactory(organisation=personas.organisation, retained=True, themes=[theme])
    NeedFactory(
        organisation=personas.other_organisation,
        challenge=True,
        title="Tickets elders",
        themes=[theme],
    )

    assert "Tickets elders" not in page(client, gent(personas)).content.decode()


def test_a_municipality_without_anything_still_has_a_page(db, client):
    municipality = MunicipalityFactory(
        nis_code="21001", name="Anderlecht", province="Brussel", region=Municipality.Region.BRUSSELS
    )
    service("Zalen online")

    html = page(client, municipality).content.decode()

    assert "Deze gemeente doet nog niet mee" in html
    assert "Brussels Hoofdstedelijk Gewest" in html
    assert "Zalen online" in html  # what it could take up


def test_the_province_page_sums_its_municipalities(personas, client):
    add_gent_data(personas)
    aalst = MunicipalityFactory(nis_code="41002", name="Aalst", province="Oost-Vlaanderen")
    intermunicipal = OrganisationFactory(
        name="Erfgoedcel Denderland", municipalities=[aalst, gent(personas)]
    )
    NeedFactory(organisation=intermunicipal, challenge=True, title="Erfgoed van de Dender")

    response = client.get(reverse("knowledge:province", args=["oost-vlaanderen"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Provincie Oost-Vlaanderen in Proeftuin" in html
    for text in [
        "Bibliotheek Gent",
        "Erfgoedcel Denderland",
        "Erfgoed van de Dender",
        "Zalen reserveren 0",
        "Gedeeld project 0",
    ]:
        assert text in html, text
    # The intermunicipal need counts once for the province, and for each municipality.
    assert "5 digitale noden ingediend, waarvan 2 gepubliceerd" in html
    assert reverse("knowledge:municipality", args=["41002"]) in html
    assert_nothing_private(html)


def test_brussels_is_its_own_entry(db, client):
    MunicipalityFactory(
        nis_code="21004", name="Brussel", province="Brussel", region=Municipality.Region.BRUSSELS
    )
    MunicipalityFactory(nis_code="11002", name="Antwerpen", province="Antwerpen")

    index = client.get(reverse("knowledge:municipalities")).content.decode()
    brussels = client.get(reverse("knowledge:province", args=["brussel"]))

    assert "Brussels Hoofdstedelijk Gewest" in index and "Provincie Antwerpen" in index
    assert index.index("Provincie Antwerpen") < index.index("Brussels Hoofdstedelijk Gewest")
    assert brussels.status_code == 200


def test_unknown_municipalities_and_provinces_are_404(db, client):
    for url in [
        reverse("knowledge:municipality", args=["99999"]),
        reverse("knowledge:municipality", args=["gent"]),
        reverse("knowledge:province", args=["henegouwen"]),
        reverse("reports:municipality_pdf", args=["99999"]),
    ]:
        assert client.get(url).status_code == 404, url


def test_bad_query_strings_are_ignored(personas, client):
    for url in [
        reverse("knowledge:municipalities"),
        reverse("knowledge:municipality", args=["44021"]),
        reverse("knowledge:province", args=["oost-vlaanderen"]),
    ]:
        response = client.get(url, {"pagina": "x", "provincie": "\x00", "q": "'; --"})
        assert response.status_code == 200, url


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        reverse("knowledge:municipality", args=["44021"]),
        reverse("knowledge:province", args=["oost-vlaanderen"]),
    ],
)
def test_the_pages_run_a_fixed_number_of_queries(personas, client, url):
    add_gent_data(personas, n=1, suffix="a")
    little = queries(client, url)
    add_gent_data(personas, n=8, suffix="b")
    assert queries(client, url) <= little


def test_the_sitemap_lists_every_municipality_and_province(personas, client):
    body = client.get("/sitemap.xml").content.decode()

    assert reverse("knowledge:municipalities") in body
    assert reverse("knowledge:municipality", args=["44021"]) in body
    assert reverse("knowledge:province", args=["oost-vlaanderen"]) in body


def test_the_index_runs_a_fixed_number_of_queries(personas, client):
    url = reverse("knowledge:municipalities")
    little = queries(client, url)
    for i in range(20):
        OrganisationFactory(municipalities=[MunicipalityFactory(province="Limburg")])
        MunicipalityFactory(nis_code=f"21{100 + i}", province="Brussel", region="brussels")
    assert queries(client, url) <= little
    html = client.get(url).content.decode()
    assert "Provincie Limburg" in html and "(1 organisatie)" in html


def test_the_matchers_similar_challenges_come_before_those_sharing_a_theme(personas, client):
    theme = ThemeFactory(slug="uitleen", name="Uitleen")
    own = NeedFactory(organisation=personas.organisation, challenge=True, themes=[theme])
    NeedFactory(
        organisation=OrganisationFactory(), challenge=True, title="Zelfde thema", themes=[theme]
    )
    similar = NeedFactory(organisation=OrganisationFactory(), challenge=True, title="Zelfde nood")
    NeedSimilarity.objects.create(need=own, other=similar, score=0.7)

    html = page(client, gent(personas)).content.decode()

    assert html.index("Zelfde nood") < html.index("Zelfde thema")


def test_a_confirmed_co_submission_counts_for_the_co_submitters_municipality(personas, client):
    joint = NeedFactory(
        organisation=personas.other_organisation, challenge=True, title="Samen ingediend"
    )
    CoSubmitter.objects.create(
        need=joint, organisation=personas.organisation, confirmed_at=timezone.now()
    )
    unconfirmed = NeedFactory(
        organisation=personas.other_organisation, challenge=True, title="Enkel uitgenodigd"
    )
    CoSubmitter.objects.create(need=unconfirmed, organisation=personas.organisation)

    html = page(client, gent(personas)).content.decode()

    assert "1 digitale nood ingediend, waarvan 1 gepubliceerd" in html
    assert "Samen ingediend" in html and "Enkel uitgenodigd" not in html
