"""Continuous service design in a real browser (issue 15): a member of a municipality that
uses a service gives feedback with a request; a coordinator publishes a release and turns
the request into a need in the open call; the member finds the draft on Mijn Proeftuin and
submits it; the coordinator sees it on the intake board. axe-core on every page."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.scaling.models import Feedback, ServiceNeed
from tests.calls.conftest import CallFactory
from tests.conftest import assert_accessible
from tests.scaling.conftest import AdoptionFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUEST = "Een overzicht van welke zalen het vaakst leeg staan"


def test_feedback_becomes_a_release_and_a_new_need(
    page: Page, live_server: Any, personas: Any, new_context: Any, sign_in: Any, shoot: Any
) -> None:
    service = ServiceFactory(name="Zalen online reserveren", slug="zalen-online-reserveren")
    gent = personas.organisation.municipalities.get()
    AdoptionFactory(service=service, municipality=gent)
    call = CallFactory(title="Proeftuin winter", slug="proeftuin-winter")
    base = live_server.url
    service_url = base + reverse("scaling:service", args=[service.slug])

    # Ines, of Bibliotheek Gent, tells how the service works for Gent.
    sign_in(page.context, personas.submitter)
    page.goto(service_url)
    page.get_by_role("link", name="Feedback geven voor Gent").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("in Gent")
    page.get_by_label("4 — tevreden").check()
    page.get_by_label("Wat werkt goed?").fill("Verenigingen reserveren 's avonds zelf.")
    page.get_by_label("Wat werkt niet?").fill("We zien niet welke zalen onderbenut zijn.")
    page.get_by_label("Een nieuw verzoek of probleem").fill(REQUEST)
    assert_accessible(page)
    shoot(page, "service-feedback-form")
    page.get_by_role("button", name="Feedback versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Bedankt voor je feedback")
    assert Feedback.objects.get().satisfaction == 4

    # Chris, a coordinator, publishes a release; it shows on the public changelog.
    chris = new_context()
    sign_in(chris, personas.coordinator)
    coordinator = chris.new_page()
    coordinator.goto(service_url)
    coordinator.get_by_role("link", name="Een nieuwe versie publiceren").click()
    coordinator.get_by_label("Titel").fill("Online betalen bij het reserveren")
    coordinator.get_by_label("Wat er verandert").fill(
        "Wie een zaal reserveert, betaalt **meteen online**.\n\n- Geen overschrijvingen meer."
    )
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Publiceren").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De nieuwe versie staat op de pagina")
    changelog = coordinator.get_by_role("region", name="Wat er nieuw is")
    expect(
        changelog.get_by_role("heading", name="Online betalen bij het reserveren")
    ).to_be_visible()
    expect(changelog.locator("strong")).to_have_text("meteen online")
    assert_accessible(coordinator)

    # He reads the feedback and turns Gent's request into a need in the open call.
    coordinator.get_by_role(
        "link", name="Feedback, tevredenheid en verzoeken van de gemeenten"
    ).click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Feedback over")
    expect(coordinator.get_by_role("row", name=REQUEST)).to_contain_text("1")
    assert_accessible(coordinator)
    shoot(coordinator, "service-feedback-overview")
    coordinator.get_by_role("link", name="Een nood maken van").click()
    coordinator.get_by_label("Open oproep").select_option(label=call.title)
    coordinator.get_by_label("Voor de organisatie").select_option(label=personas.organisation.name)
    coordinator.get_by_label("Titel van de nood").fill("Zien welke zalen onderbenut zijn")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Ontwerp maken").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Het ontwerp staat klaar")
    need = ServiceNeed.objects.get().need

    # Ines finds the draft on Mijn Proeftuin and submits it for her library.
    page.goto(base + reverse("accounts:mine"))
    page.get_by_role("link", name="Dien 'Zien welke zalen onderbenut zijn' in").click()
    assert_accessible(page)
    page.get_by_role("button", name="Indienen").click()
    need.refresh_from_db()
    assert need.status == "submitted"

    # It is on the intake board of the call.
    coordinator.goto(base + reverse("calls:intake", args=[call.slug]))
    expect(coordinator.get_by_text("Zien welke zalen onderbenut zijn")).to_be_visible()
    assert_accessible(coordinator)
    shoot(coordinator, "service-need-on-intake-board")
