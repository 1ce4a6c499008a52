"""The expert pool in a real browser (issue 14): a coordinator opens a project's team, sees
the experts the platform proposes, and invites one with the hours she would commit; the
expert finds the invitation on Mijn Proeftuin and accepts; the pool then shows her load.
axe-core on every page."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.projects.models import Membership, Project
from tests.conftest import assert_accessible
from tests.factories import ThemeFactory
from tests.projects.conftest import ExpertFactory, MemberFactory, media, project, selected

__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_composes_the_team_with_a_proposed_expert(
    page: Page,
    live_server: Any,
    personas: Any,
    project: Project,
    new_context: Any,
    sign_in: Any,
    shoot: Any,
) -> None:
    rooms = ThemeFactory(slug="zaalverhuur", name="Zaalverhuur")
    project.need.themes.set([rooms])
    ExpertFactory(
        user=personas.expert,
        kind="extern",
        day_rate_cents=72_000,
        organisation="Eva Expert bv",
        languages=" nl en ",
        hours_per_month=16,
        themes=[rooms],
    )
    MemberFactory(user=personas.expert, hours_per_month=4)  # already four hours elsewhere
    full = ExpertFactory(user__name="Vera Volzet", hours_per_month=8, themes=[rooms])
    MemberFactory(user=full.user, hours_per_month=8)
    ExpertFactory(user__name="Anders Thema", themes=[ThemeFactory(slug="erfgoed")])
    base = live_server.url
    sign_in(page.context, personas.coordinator)

    # The coordinator opens the team and the experts proposed for it.
    page.goto(base + reverse("projects:team", args=[project.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Voorgestelde experten bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorgestelde experten")
    expect(page.get_by_role("heading", level=2, name="Eva Expert")).to_be_visible()
    expect(page.get_by_text("Vera Volzet")).to_have_count(0)
    expect(page.get_by_text("Anders Thema")).to_have_count(0)
    expect(page.get_by_text("nog 12 uur per maand vrij")).to_be_visible()
    assert_accessible(page)
    shoot(page, "expert-proposals")

    # She invites Eva for six hours a month.
    invite = page.get_by_role("form", name="Eva Expert uitnodigen")
    invite.get_by_label("Uren per maand").fill("6")
    invite.get_by_role("button", name="Eva Expert uitnodigen").click()
    expect(page.get_by_role("status")).to_contain_text("Eva Expert is uitgenodigd voor 6 uur")
    expect(page.get_by_role("row", name="Eva Expert")).to_contain_text("uitgenodigd")

    # Eva finds the invitation on Mijn Proeftuin and accepts.
    eva = new_context()
    sign_in(eva, personas.expert)
    expert_page = eva.new_page()
    expert_page.goto(base + reverse("accounts:mine"))
    expert_page.get_by_role("link", name=f"Uitnodiging voor het team van '{project.title}'").click()
    expect(expert_page.get_by_text("Gevraagd: 6 uur per maand")).to_be_visible()
    assert_accessible(expert_page)
    expert_page.get_by_role("button", name="Ik doe mee").click()
    expect(expert_page.get_by_role("status")).to_contain_text("Welkom in het team")
    assert Membership.objects.get(project=project, user=personas.expert).accepted_at

    # Her own profile lists the project and her hours.
    expert_page.goto(base + reverse("projects:list"))
    expert_page.get_by_role("link", name="Mijn expertprofiel").click()
    expect(expert_page.get_by_role("heading", level=1)).to_contain_text("Eva Expert")
    expect(expert_page.get_by_role("region", name="Projecten waaraan meegewerkt")).to_contain_text(
        project.title
    )
    assert_accessible(expert_page)

    # The pool shows her ten hours of sixteen, and Vera as fully booked.
    page.goto(base + reverse("projects:expert_pool"))
    eva_row = page.get_by_role("row", name="Eva Expert")
    expect(eva_row.get_by_role("cell").nth(5)).to_have_text("10")  # the first month
    expect(page.get_by_role("row", name="Vera Volzet")).to_contain_text("volzet")
    assert_accessible(page)
    shoot(page, "expert-pool")
