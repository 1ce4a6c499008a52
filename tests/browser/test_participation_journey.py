"""Participation in a real browser (issue 6): a citizen answers a form on a phone, without
an account — first missing an answer, then completely — gets a receipt code, and the team
sees the experiment's measured value change; then the citizen erases the response with the
code. axe-core on every page on the way."""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.participation import binding, services
from proeftuin.participation.models import MetricBinding, Response
from proeftuin.projects.models import Project
from tests.conftest import assert_accessible
from tests.participation.conftest import form_fields, question_fields
from tests.projects.conftest import ExperimentFactory, media, project, selected

__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _empty_rate_limits() -> Any:
    """The rate limit counts in the database cache, which a transactional test's flush does
    not empty."""
    cache.clear()
    yield
    cache.clear()


def test_a_citizen_answers_on_a_phone_and_the_team_sees_the_measurement(
    page: Page,
    live_server: Any,
    personas: Any,
    project: Project,
    new_context: Any,
    sign_in: Any,
    shoot: Any,
) -> None:
    tom = personas.team_member
    experiment = ExperimentFactory(
        project=project,
        running=True,
        title="Vragenlijst aan de balie",
        metric="aandeel dat online reserveren makkelijk vindt",
        unit="%",
        threshold=Decimal("60"),
    )
    survey = services.create_form(
        owner=experiment, fields=form_fields(title="Zalen reserveren"), by=tom
    )
    easy = services.add_question(
        form=survey,
        fields=question_fields("scale", text="Hoe makkelijk reserveer je nu een zaal?"),
        by=tom,
    )
    services.add_question(
        form=survey,
        fields=question_fields(
            "single", text="Hoe reserveer je het liefst?", options=["Online", "Telefoon", "Balie"]
        ),
        by=tom,
    )
    services.add_question(
        form=survey,
        fields=question_fields("long_text", text="Wat kan beter?", required=False),
        by=tom,
    )
    services.open_form(form=survey, by=tom)
    binding.bind_metric(
        experiment=experiment,
        form=survey,
        aggregate=MetricBinding.Aggregate.SHARE,
        question=easy,
        condition=MetricBinding.Condition.GTE,
        number=Decimal(4),
        by=tom,
    )
    base = live_server.url
    experiment_url = base + reverse("projects:experiment", args=[project.pk, experiment.pk])

    # Tom sees no measurement yet on the experiment page.
    sign_in(page.context, tom)
    page.goto(experiment_url)
    forms = page.get_by_role("region", name="Formulieren")
    expect(forms).not_to_contain_text("Gemeten tot nu")

    # A citizen opens the public link on a phone and forgets a required question.
    # The context's arguments come from conftest (viewport included): resized here.
    phone = new_context().new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(base + f"/f/{survey.token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Zalen reserveren")
    assert_accessible(phone)
    shoot(phone, "participation-form-phone")
    phone.get_by_role("group", name=re.compile("Hoe reserveer je het liefst")).get_by_label(
        "Online"
    ).check()
    phone.get_by_label("Wat kan beter?").fill("Ook 's avonds kunnen reserveren.")
    phone.get_by_role("button", name="Antwoorden versturen").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Hoe makkelijk reserveer je nu een zaal?: Kies een antwoord.")
    # The other answers stay; the error is tied to its question.
    expect(phone.get_by_label("Wat kan beter?")).to_have_value("Ook 's avonds kunnen reserveren.")
    expect(phone.get_by_label("Online")).to_be_checked()
    assert_accessible(phone)
    shoot(phone, "participation-form-errors-phone")
    summary.get_by_role("link").click()
    phone.get_by_role("group", name=re.compile("Hoe makkelijk")).get_by_label("5").check()
    phone.get_by_role("button", name="Antwoorden versturen").click()

    # The thank-you page shows the receipt once.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bedankt voor je antwoorden")
    receipt = phone.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", receipt)
    assert_accessible(phone)
    shoot(phone, "participation-thanks-phone")

    # The team sees the experiment's measured value change.
    page.goto(experiment_url)
    expect(forms).to_contain_text("Gemeten tot nu: 100 %, met 1 datapunt.")
    page.get_by_role("link", name="Formulieren van dit experiment").click()
    assert_accessible(page)
    page.get_by_role("link", name="Zalen reserveren", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Resultaten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultaten")
    expect(
        page.get_by_role("table", name="Antwoorden op 'Hoe reserveer je het liefst?'")
    ).to_contain_text("Online")
    expect(page.get_by_text("Ook 's avonds kunnen reserveren.")).to_be_visible()
    assert_accessible(page)
    shoot(page, "participation-results")
    page.get_by_role("link", name="Gekoppelde meting").click()
    expect(page.get_by_role("main")).to_contain_text("Nu: 100, met 1 datapunt.")
    assert_accessible(page)
    page.get_by_role("link", name="QR-code").first.click()
    expect(page.get_by_role("img", name=re.compile("^QR-code naar"))).to_be_visible()
    assert_accessible(page)

    # The citizen erases the response with the receipt code.
    phone.get_by_role("link", name="Je antwoorden laten wissen met je ontvangstcode").click()
    phone.get_by_label("Je ontvangstcode").fill(receipt.lower())
    phone.get_by_role("button", name="Mijn antwoorden wissen").click()
    expect(phone.get_by_role("status")).to_contain_text("Je antwoorden zijn gewist.")
    assert_accessible(phone)
    assert not Response.objects.exists()
