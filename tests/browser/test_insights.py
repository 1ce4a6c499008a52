"""Insights in a real browser: a coordinator opens the dashboard from the menu, filters it
and downloads a table; a visitor opens "Proeftuin in cijfers" from the footer. axe-core
clean on both."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible
from tests.insights.conftest import build_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_reads_the_dashboard_and_a_visitor_the_figures(
    page: Page, live_server: Any, personas: Any, sign_in: Any, shoot: Any
) -> None:
    build_programme()
    sign_in(page.context, personas.coordinator)

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inzichten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzichten: het programma gemeten")
    funnel = page.locator("#funnel")
    expect(funnel.get_by_role("img", name="Trechter van ingediende noden")).to_be_visible()
    expect(funnel.get_by_role("row", name="Noden ingediend 6")).to_be_visible()
    assert_accessible(page)
    shoot(page, "insights-dashboard")

    page.get_by_label("Provincie").select_option("Antwerpen")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(
        live_server.url + "/inzichten/?jaar=&oproep=&provincie=Antwerpen&thema=&soort="
    )
    expect(funnel.get_by_role("row", name="Noden ingediend 3")).to_be_visible()
    with page.expect_download() as download:
        funnel.get_by_role("link", name="De trechter, stap voor stap downloaden als CSV").click()
    assert "Noden ingediend,3," in download.value.path().read_text(encoding="utf-8-sig")

    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Proeftuin in cijfers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proeftuin in cijfers")
    expect(page.locator("#reach").get_by_role("img")).to_be_visible()
    assert_accessible(page)
    shoot(page, "insights-public-figures")
