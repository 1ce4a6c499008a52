"""The public portal in a real browser (issue 10), as a visitor without an account: read
a lesson of a stopped project, subscribe to the digest with a theme, confirm with the link
from the mail, receive an edition and unsubscribe with the link in it. axe-core on every
page on the way."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from proeftuin.core.models import OutboxMessage
from proeftuin.knowledge.digest import services as digest
from proeftuin.knowledge.models import Edition, Subscriber
from proeftuin.projects.models import Learning, Project
from tests.conftest import assert_accessible
from tests.factories import ThemeFactory
from tests.projects.conftest import LearningFactory, NeedFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http://[^\s\"<>]+")


@pytest.fixture(autouse=True)
def _empty_rate_limits() -> Any:
    """The subscribe form's rate limit counts in the database cache, which a transactional
    test's flush does not empty."""
    cache.clear()
    yield
    cache.clear()


def link(message: OutboxMessage, part: str, live_server: Any) -> str:
    """The link from the mail, on the live server (SITE_URL is the configured site)."""
    url = next(url for url in LINK.findall(message.body_text) if part in url)
    return live_server.url + url[url.index("/gedeeld/") :]


def test_a_visitor_reads_a_lesson_subscribes_confirms_and_unsubscribes(
    page: Page, live_server: Any, personas: Any, shoot: Any
) -> None:
    heritage = ThemeFactory(name="Erfgoed", slug="erfgoed")
    NeedFactory(title="Erfgoedcollecties digitaal ontsluiten", challenge=True, themes=[heritage])
    # A stopped project that shares its learning cards (rows as publishing leaves them).
    stopped = ProjectFactory(
        title="Zaalreservatie online",
        public_sections=[Project.Section.SUMMARY, Project.Section.LEARNINGS],
        published_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    lesson = LearningFactory(
        project=stopped,
        insight="verenigingen willen bellen, niet klikken",
        decision=Learning.Decision.STOP,
    )

    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Lessen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessen")
    expect(page.get_by_text("verenigingen willen bellen, niet klikken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Zaalreservatie online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaalreservatie online")
    expect(page.locator(f"#leerkaart-{lesson.pk}")).to_contain_text(
        "verenigingen willen bellen, niet klikken"
    )
    assert_accessible(page)
    shoot(page, "portal-lesson")

    menu.get_by_role("link", name="Uitdagingen").click()
    page.get_by_role("link", name="Nieuwsbrief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De nieuwsbrief van Proeftuin")
    assert_accessible(page)
    page.get_by_label("Je e-mailadres").fill("lezer@example.be")
    page.get_by_label("Erfgoed").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig je inschrijving")
    assert_accessible(page)
    assert Subscriber.objects.get().confirmed_at is None

    confirmation = OutboxMessage.objects.get(kind="digest.confirm")
    page.goto(link(confirmation, "/bevestigen/", live_server))
    assert_accessible(page)
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("Je inschrijving is bevestigd")
    assert_accessible(page)
    shoot(page, "portal-digest-confirmed")
    assert list(Subscriber.objects.get().themes.all()) == [heritage]

    # A coordinator sends the edition over the last two weeks.
    now = timezone.now()
    edition = Edition.objects.create(since=now - timedelta(days=14), until=now)
    digest.start_sending(edition=edition, by=personas.coordinator)
    received = OutboxMessage.objects.get(kind="digest.edition")
    assert "Erfgoedcollecties digitaal ontsluiten" in received.body_text

    page.goto(link(received, "/afmelden/", live_server))
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("status")).to_contain_text("Je bent afgemeld")
    assert_accessible(page)
    shoot(page, "portal-digest-unsubscribed")
    assert not Subscriber.objects.exists()


def test_a_coordinator_previews_an_edition_and_sends_it(
    page: Page, live_server: Any, personas: Any, sign_in: Any, shoot: Any
) -> None:
    NeedFactory(title="Erfgoedcollecties digitaal ontsluiten", challenge=True)
    Subscriber.objects.create(email="lezer@example.be", confirmed_at=timezone.now())
    edition = digest.prepare_edition()
    assert edition is not None
    sign_in(page.context, personas.coordinator)

    page.goto(live_server.url + reverse("knowledge:digest_manage"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"\d{4}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editie nalezen")
    expect(page.get_by_role("link", name="Erfgoedcollecties digitaal ontsluiten")).to_be_visible()
    assert_accessible(page)
    shoot(page, "portal-digest-preview")
    page.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("status")).to_contain_text("De editie wordt verzonden")
    assert_accessible(page)
    assert OutboxMessage.objects.get(kind="digest.edition").recipient == "lezer@example.be"
    assert Edition.objects.get().status == Edition.Status.SENT
