"""Shared-need matching in a real browser: the suggestions appear while a need is written,
and every matching page passes axe-core."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.calls.matching import index
from tests.conftest import assert_accessible

from .conftest import CallFactory, NeedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _challenge(personas: Any) -> Any:
    need = NeedFactory(
        organisation=personas.other_organisation,
        title="Tickets online verkopen voor onze voorstellingen",
        problem="Bezoekers kopen kaartjes enkel aan de kassa; inkom vooraf betalen kan niet.",
        challenge=True,
    )
    index.index_need(need.pk)
    return need


def test_it_suggests_a_published_challenge_while_a_need_is_written(
    page: Page, live_server: Any, personas: Any
) -> None:
    challenge = _challenge(personas)
    call = CallFactory(title="Proeftuin winter", slug="proeftuin-winter")
    _sign_in(page, live_server, personas.submitter)
    page.goto(live_server.url + reverse("calls:need_new") + f"?oproep={call.slug}")
    region = page.locator("#need-suggestions")
    expect(page.get_by_role("heading", name="Bestaande noden die hierop lijken")).to_be_visible()
    page.get_by_label("Titel").fill("Kaartverkoop voor het cultuurcentrum")
    page.get_by_label("Probleem of kans").fill(
        "Mensen moeten bellen om tickets te reserveren; we willen online kaartjes verkopen."
    )
    expect(region).to_contain_text(challenge.title)
    assert_accessible(page)
    region.get_by_role("link", name=f"'{challenge.title}' steunen in plaats van een nieuwe nood")
    region.get_by_role("link", name=challenge.title, exact=True).click()
    expect(page.get_by_role("heading", name="Steun uit de sector")).to_be_visible()


def test_the_matching_pages_are_accessible(page: Page, live_server: Any, personas: Any) -> None:
    challenge = _challenge(personas)
    other = NeedFactory(
        title="Inkom vooraf betalen met de gsm",
        problem="Aanschuiven aan de kassa voor tickets; we willen online kaartverkoop.",
        submitted=True,
    )
    index.index_need(other.pk)
    _sign_in(page, live_server, personas.coordinator)
    for url in [
        reverse("calls:need", args=[other.pk]),
        reverse("calls:need_similar", args=[other.pk]),
        reverse("calls:need_cluster", args=[challenge.pk]),
        reverse("calls:clusters"),
        reverse("calls:thesaurus"),
        reverse("calls:thesaurus_create"),
    ]:
        page.goto(live_server.url + url)
        assert_accessible(page)
    page.goto(live_server.url + reverse("calls:need", args=[other.pk]))
    expect(page.locator("#similar-needs")).to_contain_text(challenge.title)
