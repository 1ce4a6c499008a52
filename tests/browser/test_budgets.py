"""Means in a real browser (issue 14): a coordinator sets a project's budget per phase, the
projectleider records a cost that takes spending past 80 % and sees the warning on the
budget page and the project's other pages; the coordinator's overview flags the project.
axe-core on every page."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from proeftuin.core.models import Notification
from proeftuin.projects.models import Project
from tests.conftest import assert_accessible
from tests.projects.conftest import media, project, selected

__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_records_spending_past_80_percent_and_sees_the_warning(
    page: Page,
    live_server: Any,
    personas: Any,
    project: Project,
    new_context: Any,
    sign_in: Any,
    shoot: Any,
) -> None:
    base = live_server.url

    # The coordinator gives the project € 1.000 for exploring.
    coordinator = new_context().new_page()
    sign_in(coordinator.context, personas.coordinator)
    coordinator.goto(base + reverse("projects:budget_edit", args=[project.pk]))
    assert_accessible(coordinator)
    exploring = coordinator.get_by_role("group", name="verkennen")
    exploring.get_by_label("Interne uren").fill("24")
    exploring.get_by_label("Externe kosten (euro)").fill("1000")
    coordinator.get_by_role("button", name="Bewaren").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Budget en uitgaven")
    expect(coordinator.get_by_text("Het budget is bewaard.")).to_be_visible()

    # Tom, the projectleider, records a workshop of € 850,50.
    sign_in(page.context, personas.team_member)
    page.goto(base + reverse("projects:budget", args=[project.pk]))
    expect(page.locator(".budget-warning")).to_have_count(0)
    form = page.locator("form").filter(has=page.get_by_role("button", name="Noteren"))
    form.get_by_label("Datum").fill(timezone.localdate().isoformat())
    form.get_by_label("Bedrag (euro)").fill("850,50")
    form.get_by_label("Soort").select_option(label="externe expertise")
    form.get_by_label("Omschrijving").fill("Workshop met een UX-ontwerper")
    form.get_by_role("button", name="Noteren").click()

    expect(page.get_by_text("De uitgave is genoteerd.")).to_be_visible()
    warning = page.locator(".budget-warning")
    expect(warning).to_contain_text("meer dan 80 % van het budget is uitgegeven")
    expect(warning).to_contain_text("85,1 %")
    expect(page.get_by_role("row", name="Workshop met een UX-ontwerper")).to_contain_text("850,50")
    assert_accessible(page)
    shoot(page, "budget-past-80")
    assert Notification.objects.filter(kind="projects.budget").count() == 2

    # The warning follows Tom to the project's overview, with a way to the budget.
    page.goto(base + reverse("projects:detail", args=[project.pk]))
    expect(page.locator(".budget-warning")).to_contain_text("meer dan 80 %")
    page.locator(".budget-warning").get_by_role("link", name="Naar het budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget en uitgaven")

    # The coordinator's overview flags the project.
    coordinator.goto(base + reverse("projects:budget_overview"))
    expect(coordinator.get_by_role("row", name=project.title)).to_contain_text("boven 80 %")
    assert_accessible(coordinator)
    shoot(coordinator, "budget-overview")
