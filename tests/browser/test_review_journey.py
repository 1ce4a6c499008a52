"""A retained need's way through review in a real browser: the coordinator puts a jury
together and lets the platform assign it, two reviewers score in their own browsers, the
coordinator ranks, selects, publishes and finds the project with its team; axe-core on the
reviewers' and the coordinator's pages."""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.calls.models import Need
from proeftuin.projects.models import Membership, Project
from proeftuin.reviews.models import Review
from tests.calls.conftest import CallFactory, NeedFactory
from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Zalen reserveren zonder telefoon"


def score(page: Page, base: str, values: list[int], shoot: Any = None) -> None:
    """A reviewer opens their list, then the scorecard, scores every criterion, submits."""
    page.goto(base + reverse("reviews:mine"))
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    for criterion, value in zip(
        ["Relevantie voor de burger", "Haalbaarheid binnen een proeftuin"], values, strict=True
    ):
        group = page.get_by_role("group", name=re.compile(criterion))
        group.get_by_label(str(value), exact=True).check()
        group.get_by_label(re.compile("Toelichting")).fill(f"Score {value}: zo zie ik het.")
    page.get_by_label("Algemene opmerking").fill("Een nood die veel gemeenten kennen.")
    if shoot:
        shoot(page, "scorecard")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status")).to_contain_text("Je beoordeling is ingediend.")
    assert_accessible(page)


def test_it_takes_a_retained_need_through_review_to_a_project(
    page: Page, live_server: Any, personas: Any, new_context: Any, sign_in: Any, shoot: Any
) -> None:
    call = CallFactory(title="Proeftuin voorjaar", slug="proeftuin-voorjaar", closed=True)
    need = NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title=TITLE,
        challenge=True,
    )
    base = live_server.url

    # The coordinator puts the jury together and lets the platform assign it.
    sign_in(page.context, personas.coordinator)
    page.goto(base + reverse("reviews:assign", args=[call.slug]))
    assert_accessible(page)
    for person in (personas.reviewer, personas.expert):
        page.get_by_label("E-mailadres van het jurylid").fill(person.email)
        page.get_by_role("button", name="Jurylid toevoegen").click()
        expect(page.get_by_role("status")).to_contain_text(f"{person.name} is jurylid.")
    spread = page.get_by_role("region", name="Automatisch verdelen")
    spread.get_by_label("Juryleden per nood").fill("2")
    spread.get_by_label("Deadline").fill("2031-06-21T17:00")
    spread.get_by_role("button", name="Verdelen").click()
    expect(page.get_by_role("status")).to_contain_text("2 toewijzingen gemaakt.")
    assert_accessible(page)
    shoot(page, "jury")
    assert set(Review.objects.values_list("reviewer", flat=True)) == {
        personas.reviewer.pk,
        personas.expert.pk,
    }

    # Two reviewers score, each in their own browser.
    for person, values in ((personas.reviewer, [5, 4]), (personas.expert, [4, 3])):
        reviewer = new_context().new_page()
        sign_in(reviewer.context, person)
        score(reviewer, base, values, shoot if person == personas.reviewer else None)
    # The first reviewer, having submitted, now sees the other's scores.
    rik = new_context().new_page()
    sign_in(rik.context, personas.reviewer)
    rik.goto(
        base
        + reverse("reviews:scorecard", args=[Review.objects.get(reviewer=personas.reviewer).pk])
    )
    expect(rik.get_by_role("region", name="Jouw scores")).to_contain_text("Score 5: zo zie ik het.")
    expect(rik.get_by_role("region", name="Scores van de andere juryleden")).to_contain_text(
        "Eva Expert"
    )
    assert_accessible(rik)
    shoot(rik, "scorecard-submitted")

    # The coordinator ranks, prepares the selection and publishes it.
    page.goto(base + reverse("reviews:ranking", args=[call.slug]))
    row = page.get_by_role("row", name=re.compile(TITLE))
    # Weights 3 and 1: Rik (3·5 + 4) / 4 = 4.75, Eva (3·4 + 3) / 4 = 3.75; mean and spread.
    expect(row.get_by_role("cell").nth(2)).to_have_text("4,25")
    expect(row.get_by_role("cell").nth(3)).to_have_text("0,50")
    assert_accessible(page)
    shoot(page, "ranking")
    row.get_by_role("link", name=f"Beslissen over '{TITLE}'").click()
    assert_accessible(page)
    page.get_by_label("selecteren").check()
    page.get_by_label("Motivering (de indiener ziet ze)").fill("Leeft in veel gemeenten.")
    shoot(page, "decide")
    page.get_by_role("button", name="Voorbereiden").click()
    expect(page.get_by_role("status")).to_contain_text("De beslissing is voorbereid")
    assert Need.objects.get(pk=need.pk).status == Need.Status.RETAINED
    page.get_by_role("button", name="Voorbereide beslissingen publiceren").click()
    expect(page.get_by_role("status")).to_contain_text("1 beslissingen gepubliceerd")
    assert Need.objects.get(pk=need.pk).status == Need.Status.SELECTED

    # The project is there, with Ines as lokale indiener.
    project = Project.objects.get(need=need)
    assert project.team.filter(user=personas.submitter, role=Membership.Role.LOCAL_SUBMITTER)
    page.goto(base + reverse("projects:list"))
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("navigation", name="Projectwerkruimte").get_by_role(
        "link", name="Team", exact=True
    ).click()
    team = page.get_by_role("table", name="Teamleden en hun rol")
    expect(team).to_contain_text("Ines Indiener")
    expect(team).to_contain_text("lokale indiener")
    assert_accessible(page)
    shoot(page, "project")
