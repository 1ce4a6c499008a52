"""Journeys through the site in a real browser (Chromium through Playwright).

The live server runs in a thread of this process, so the mails it sends land in
`django.core.mail.outbox`, and tasks run at once (tests/conftest.py).
"""

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to_english(page: Page) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def sign_in_through_form(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=False).first.fill(password)
    page.locator("main").get_by_role("button", name="Aanmelden").click()


def test_it_takes_a_newcomer_from_sign_up_to_membership(
    page: Page, live_server: Any, personas: Any, new_context: Any, settings: Any, shoot: Any
) -> None:
    # The coordinator's two-factor set-up has tests of its own; here they approve.
    settings.REQUIRE_MFA_FOR_STAFF = False

    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "nl-BE")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Proeftuin: digitale innovatie van onderuit"
    )
    shoot(page, "home")

    page.locator("main").get_by_role("link", name="Account aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registreren")
    page.get_by_label("Naam").fill("Nora Nieuw")
    page.get_by_label("E-mailadres").fill("nora@example.be")
    page.get_by_label("Wachtwoord:", exact=True).fill("tulpen-in-de-proeftuin-7")
    page.get_by_label("Wachtwoord (bevestigen)").fill("tulpen-in-de-proeftuin-7")
    shoot(page, "sign-up")
    page.locator("main").get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("e-mailadres")

    (message,) = [m for m in mail.outbox if "nora@example.be" in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.locator("main").get_by_role("button").click()

    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_through_form(page, "nora@example.be", "tulpen-in-de-proeftuin-7")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn Proeftuin")
    expect(page.locator("main")).to_contain_text("Dag Nora Nieuw")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Organisaties"
    ).click()
    page.get_by_role("link", name="Bibliotheek Gent").click()
    page.get_by_label("Wie ben je in deze organisatie?").fill("Ik werk aan de uitleenbalie.")
    page.get_by_role("button", name="Vraag om lid te worden").click()
    expect(page.get_by_role("status")).to_contain_text("Je aanvraag is verstuurd")

    page.get_by_role("link", name="Mijn Proeftuin").click()
    expect(page.locator("main")).to_contain_text(
        "Je aanvraag bij Bibliotheek Gent wacht op goedkeuring"
    )
    shoot(page, "mijn-proeftuin-newcomer")

    # The coordinator, in a browser of their own.
    coordinator = new_context().new_page()
    coordinator.goto(f"{live_server.url}/accounts/login/")
    sign_in_through_form(coordinator, personas.coordinator.email, PASSWORD)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Mijn Proeftuin")
    coordinator.get_by_role("link", name="Nora Nieuw wil lid worden van Bibliotheek Gent").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Leden van Bibliotheek Gent")
    expect(coordinator.locator("main")).to_contain_text("Ik werk aan de uitleenbalie.")
    shoot(coordinator, "members")
    coordinator.get_by_role("button", name="Nora Nieuw goedkeuren").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Nora Nieuw is nu lid.")
    expect(coordinator.get_by_role("table")).to_contain_text("Nora Nieuw")

    page.get_by_role("link", name="Mijn Proeftuin").click()
    expect(page.locator("main")).to_contain_text("Je bent nu lid van Bibliotheek Gent")
    page.get_by_role("link", name="Je bent nu lid van Bibliotheek Gent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bibliotheek Gent")
    expect(page.locator("main .badge")).to_have_text("lid")
    expect(page.get_by_role("button", name="Vraag om lid te worden")).to_have_count(0)
    expect(page.get_by_role("heading", name="Leden")).to_be_visible()


# (path, who is signed in) for every page a visitor can reach so far.
PAGES = {
    "home": ("/", None),
    "sign-in": ("/accounts/login/", None),
    "sign-up": ("/accounts/signup/", None),
    "profile": ("/mijn/profiel/", "org_admin"),
    "mijn-proeftuin": ("/mijn/", "org_admin"),
    "organisations": ("/organisaties/", None),
    "organisation": ("/organisaties/bibliotheek-gent/", "outsider"),
    "members": ("/organisaties/bibliotheek-gent/leden/", "org_admin"),
    "about-data": ("/organisaties/over-deze-data/", None),
    "privacy": ("/privacy/", None),
    "accessibility": ("/toegankelijkheid/", None),
    "contact": ("/contact/", None),
    "not-found": ("/deze-pagina-bestaat-niet/", None),
    "lessons": ("/gedeeld/lessen/", None),
    "articles": ("/gedeeld/kennisbank/", None),
    "article-new": ("/gedeeld/kennisbank/nieuw/", "coordinator"),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_serious_accessibility_violations(
    page: Page,
    live_server: Any,
    personas: Any,
    sign_in: Any,
    shoot: Any,
    name: str,
    language: str,
) -> None:
    path, persona = PAGES[name]
    # A join request waits, so Mijn Proeftuin and the members page show their forms.
    MembershipFactory(
        organisation=personas.organisation,
        user=UserFactory(name="Wim Wachtend"),
        status="pending",
        motivation="Ik leid de leesclub.",
    )
    if persona:
        sign_in(page.context, getattr(personas, persona))
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    if language == "en":
        switch_to_english(page)
    assert_accessible(page)
    if name in ("home", "mijn-proeftuin", "members", "sign-up") or language == "nl":
        shoot(page, f"{name}-{language}")


def test_it_shows_form_errors_accessibly(page: Page, live_server: Any, shoot: Any) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Naam").fill("Nora Nieuw")
    page.get_by_label("E-mailadres").fill("nora@example.be")
    page.get_by_label("Wachtwoord:", exact=True).fill("kort")
    page.get_by_label("Wachtwoord (bevestigen)").fill("anders")
    page.locator("main").get_by_role("button", name="Registreren").click()
    password = page.get_by_label("Wachtwoord:", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("te kort|too short"))
    shoot(page, "sign-up-errors")
    assert_accessible(page)


def test_it_switches_the_language_to_english(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    expect(page.get_by_role("button", name="Nederlands")).to_have_attribute("aria-pressed", "true")

    switch_to_english(page)

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    # The choice sticks for the next page.
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_shows_our_own_pages_in_english(page: Page, live_server: Any) -> None:
    page.goto(live_server.url)
    switch_to_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Proeftuin: bottom-up digital innovation"
    )
    expect(page.get_by_role("link", name="Skip to content")).to_have_count(1)


def test_it_lets_keyboard_users_skip_to_the_content(
    page: Page, live_server: Any, shoot: Any
) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Naar de inhoud")
    expect(skip).to_have_attribute("href", "#inhoud")
    expect(skip).to_be_in_viewport()
    shoot(page, "skip-link")
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("inhoud")
    # The next Tab lands inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_it_serves_dutch_to_a_browser_set_to_english(live_server: Any, browser: Any) -> None:
    # Many Flemish professionals browse in English and still expect Dutch pages.
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "nl-BE")
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    finally:
        context.close()
