"""A need's way from a half-written draft to a challenge the sector supports, in a real
browser, with axe-core on every page on the way."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.calls.models import Need, Support
from tests.calls.conftest import CallFactory
from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_need_from_draft_to_supported_challenge(
    page: Page, live_server: Any, personas: Any, new_context: Any, sign_in: Any, shoot: Any
) -> None:
    call = CallFactory(title="Proeftuin winter", slug="proeftuin-winter")
    base = live_server.url

    # The submitter starts writing, and closes the tab half-way.
    sign_in(page.context, personas.submitter)
    page.goto(base + reverse("calls:detail", args=[call.slug]))
    assert_accessible(page)
    page.get_by_role("link", name="Een nood indienen").click()
    page.get_by_label("Titel").fill("Zalen reserveren zonder telefoon")
    page.get_by_label("Probleem of kans").fill("Verenigingen bellen ons voor elke zaal.")
    expect(page.locator("#save-status")).to_contain_text("Bewaard om")
    assert_accessible(page)
    shoot(page, "need-form")
    context = page.context
    page.close(run_before_unload=True)

    # They come back later, find the draft under "Mijn noden", finish and submit it.
    page = context.new_page()
    page.goto(base + reverse("calls:my_needs"))
    assert_accessible(page)
    page.get_by_role("link", name="Zalen reserveren zonder telefoon").click()
    page.get_by_role("link", name="Verder schrijven").click()
    expect(page.get_by_label("Probleem of kans")).to_have_value(
        "Verenigingen bellen ons voor elke zaal."
    )
    page.get_by_label("Welke waarde voor de burger?").fill("Een zaal boeken wanneer het past.")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Je nood is ingediend")
    need = Need.objects.get(title="Zalen reserveren zonder telefoon")
    assert need.status == Need.Status.SUBMITTED
    assert need.citizen_value == "Een zaal boeken wanneer het past."

    # The coordinator retains it on the intake board and publishes it as a challenge.
    coordinator = new_context().new_page()
    sign_in(coordinator.context, personas.coordinator)
    coordinator.goto(base + reverse("calls:intake", args=[call.slug]))
    assert_accessible(coordinator)
    shoot(coordinator, "intake-board")
    coordinator.get_by_label("Zalen reserveren zonder telefoon kiezen").check()
    coordinator.get_by_label("Beslissing").select_option("retained")
    coordinator.get_by_label("Motivering (de indieners zien ze)").fill("Leeft in veel gemeenten.")
    coordinator.get_by_role("button", name="Toepassen").click()
    expect(coordinator.get_by_role("status")).to_contain_text("1 noden bijgewerkt")
    coordinator.get_by_role("link", name="Zalen reserveren zonder telefoon").click()
    coordinator.get_by_role("button", name="Publiceren als uitdaging").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De nood is bijgewerkt")

    # A member of another municipality supports the challenge.
    supporter = new_context().new_page()
    sign_in(supporter.context, personas.other_member)
    supporter.goto(base + reverse("calls:challenge", args=[need.pk]))
    assert_accessible(supporter)
    supporter.get_by_label("Toelichting (optioneel)").fill("Bij ons precies hetzelfde.")
    supporter.get_by_role("button", name="Deze uitdaging steunen").click()
    expect(supporter.get_by_role("status")).to_contain_text("je organisatie steunt deze uitdaging")
    expect(supporter.locator("main")).to_contain_text("Cultuurcentrum Herentals")
    shoot(supporter, "challenge")
    assert Support.objects.filter(need=need, organisation=personas.other_organisation).exists()


def test_it_keeps_the_coordinators_call_pages_accessible(
    page: Page, live_server: Any, personas: Any, sign_in: Any, shoot: Any
) -> None:
    call = CallFactory(title="Proeftuin winter", slug="proeftuin-winter")
    sign_in(page.context, personas.coordinator)
    for name, url in [
        ("call-manage", reverse("calls:manage")),
        ("call-form", reverse("calls:create")),
        ("call-edit", reverse("calls:edit", args=[call.slug])),
        ("import", reverse("calls:import_start", args=[call.slug])),
        ("challenges", reverse("calls:challenges")),
    ]:
        page.goto(live_server.url + url)
        assert_accessible(page)
        shoot(page, name)
