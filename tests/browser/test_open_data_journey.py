"""The open data in a real browser, as a visitor without an account: the open-data page
from the footer (axe-core clean), the API documentation (Swagger UI from our own static
files, so no CSP violation) and a CSV download."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible
from tests.projects.conftest import NeedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_the_api_its_documentation_and_a_csv(
    page: Page, live_server: Any, shoot: Any
) -> None:
    NeedFactory(title="Erfgoedcollecties digitaal ontsluiten", challenge=True)

    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.get_by_text("CC BY 4.0").first).to_be_visible()
    assert_accessible(page)
    shoot(page, "open-data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Uitdagingen met hun steun (CSV)").click()
    csv_text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Erfgoedcollecties digitaal ontsluiten" in csv_text

    page.get_by_role("link", name="in je browser verkennen").click()
    expect(page.get_by_role("heading", name="GET /api/v1/challenges/", exact=True)).to_be_visible()
    assert_accessible(page)
    shoot(page, "open-data-api-docs")
