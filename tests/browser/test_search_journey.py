"""Search in a real browser, as a visitor without an account (issue 10): from the menu,
a plural finds the singular, the match is highlighted, a theme narrows the results, and the
page stays accessible in every state (axe-core)."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from proeftuin.core import search
from tests.conftest import assert_accessible
from tests.factories import ThemeFactory
from tests.projects.conftest import NeedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_filters_and_pages(
    page: Page, live_server: Any, personas: Any, shoot: Any
) -> None:
    heritage = ThemeFactory(name="Erfgoed", slug="erfgoed")
    NeedFactory(
        title="Erfgoedcollecties digitaal ontsluiten",
        problem="Elke gemeente bewaart foto's die niemand vindt.",
        challenge=True,
        themes=[heritage],
    )
    NeedFactory(
        title="Zalen reserveren", problem="De gemeente verhuurt zalen op papier.", challenge=True
    )
    NeedFactory(title="Geheim ontwerp", problem="Een gemeente in ontwerp.")
    search.rebuild_index()

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")
    assert_accessible(page)

    page.get_by_label("Zoekterm").fill("gemeenten")
    page.get_by_role("button", name="Zoeken").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("^2 resultaten voor .gemeenten.$"))
    ).to_be_visible()
    expect(page.locator(".search-results mark").first).to_have_text("gemeente")
    expect(page.get_by_text("Geheim ontwerp")).to_have_count(0)
    assert_accessible(page)
    shoot(page, "search-results")

    page.get_by_role("group", name="Thema").get_by_label("Erfgoed").check()
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        re.compile("^1 resultaat voor .gemeenten.$")
    )
    page.get_by_role("link", name="Erfgoedcollecties digitaal ontsluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Erfgoedcollecties digitaal ontsluiten"
    )

    page.go_back()
    page.get_by_label("Zoekterm").fill("?!")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef minstens één zoekwoord in")
    assert_accessible(page)

    page.get_by_label("Zoekterm").fill("onvindbaar")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Niets gevonden")).to_be_visible()
    assert_accessible(page)
