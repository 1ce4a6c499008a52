"""A visitor opens the municipalities from the footer, their municipality's page and its
one-page summary (PDF), and the province page; axe-core on every page on the way."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from proeftuin.reports import pdf
from tests.calls.conftest import media  # noqa: F401 - the test sites' agreements
from tests.conftest import assert_accessible, skip_or_fail
from tests.knowledge.test_municipalities import SECRET, add_gent_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_opens_a_municipality_page_and_its_summary_pdf(
    page: Page,
    live_server: Any,
    personas: Any,
    shoot: Any,
    media: Any,  # noqa: F811
) -> None:
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")
    add_gent_data(personas, n=2)

    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Gemeenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeenten in Proeftuin")
    assert_accessible(page)

    page.get_by_role("link", name="Gent", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gent in Proeftuin")
    expect(page.get_by_role("link", name="Zalen reserveren 0")).to_be_visible()
    expect(page.get_by_text("test hier").first).to_be_visible()
    assert SECRET not in page.content()
    assert_accessible(page)
    shoot(page, "municipality-gent")

    summary = page.get_by_role("link", name="samenvatting van Gent op één pagina (PDF)")
    response = page.request.get(live_server.url + summary.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.get_by_role("link", name="Provincie Oost-Vlaanderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Provincie Oost-Vlaanderen in Proeftuin"
    )
    expect(page.get_by_role("table")).to_contain_text("Gent")
    assert_accessible(page)
    shoot(page, "province-oost-vlaanderen")
