"""Scaling in a real browser (issue 9): the projectleider evaluates a project in
"evalueren" and is refused scaling up for want of a validated viability hypothesis; once the
evidence is there the project scales up into a service; a coordinator makes it available;
a visitor finds it in the public catalogue; a member of another municipality requests it, a
coordinator activates it, and the coverage changes. axe-core on the evaluation, the
catalogue, the service and the coverage pages."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.projects.models import GateDecision, Hypothesis, Project
from proeftuin.scaling.models import ScaleCriterion
from tests.conftest import assert_accessible
from tests.projects.conftest import HypothesisFactory, media, project, selected

__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = "Zalen online reserveren"


def test_it_takes_a_project_from_its_evaluation_to_a_service_in_use(
    page: Page,
    live_server: Any,
    personas: Any,
    project: Project,
    new_context: Any,
    sign_in: Any,
) -> None:
    project.phase = Project.Phase.EVALUATE
    project.save(update_fields=["phase"])
    for phase in (Project.Phase.EXPLORE, Project.Phase.VALIDATE, Project.Phase.PILOT):
        GateDecision.objects.create(
            project=project, phase=phase, decision="advance", motivation="goed"
        )
    for kind in (Hypothesis.Kind.DESIRABILITY, Hypothesis.Kind.FEASIBILITY):
        HypothesisFactory(project=project, kind=kind, status=Hypothesis.Status.VALIDATED)
    viability = HypothesisFactory(project=project, kind=Hypothesis.Kind.VIABILITY)
    base = live_server.url
    sign_in(page.context, personas.team_member)

    # Tom, the projectleider, opens the scale evaluation and scores every criterion.
    page.goto(base + reverse("projects:detail", args=[project.pk]))
    page.get_by_role("navigation", name="Projectwerkruimte").get_by_role(
        "link", name="Opschaling"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schaalbaarheidsevaluatie")
    page.get_by_role("button", name="Evaluatie starten").click()
    for criterion in ScaleCriterion.objects.filter(active=True):
        page.get_by_text(f"'{criterion.name}' scoren").click()
        form = page.locator(f"form[action$='/criteria/{criterion.pk}/']")
        form.get_by_label("4", exact=True).check()
        form.get_by_label("Motivering").fill("Sterk in de pilot")
        form.get_by_role("button", name="Score bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("De score is bewaard.")
    expect(page.get_by_text("Gewogen score: 4,00 op 5")).to_be_visible()
    assert_accessible(page)

    # Scaling up is refused: no validated hypothesis about viability.
    decide = page.get_by_role("region", name="Beslissen")
    decide.get_by_label("opschalen").check()
    decide.locator("#id_motivation").fill("De pilot werkt")
    decide.get_by_label("Naam van de dienst").fill(SERVICE)
    decide.get_by_label("Samenvatting").fill("Inwoners reserveren een zaal online.")
    decide.get_by_label("Wat een gemeente krijgt").fill("Een reservatiemodule.")
    decide.get_by_label("Voorwaarden en kost").fill("600 euro per jaar.")
    decide.get_by_label("Hoe starten").fill("Vraag de dienst aan.")
    decide.get_by_label("Functioneel contactadres").fill("zalen@steunpunt.example.be")
    decide.get_by_role("button", name="Beslissing nemen").click()
    expect(page.get_by_text("Opschalen kan pas met")).to_contain_text("levensvatbaarheid")

    # The team's experiment validates viability (the lean journey walks that way).
    viability.status = Hypothesis.Status.VALIDATED
    viability.save(update_fields=["status"])
    decide = page.get_by_role("region", name="Beslissen")
    decide.get_by_label("opschalen").check()
    decide.get_by_role("button", name="Beslissing nemen").click()
    expect(page.get_by_role("heading", name="Beslissing: opschalen")).to_be_visible()
    page.get_by_role("link", name=f"Naar de dienst '{SERVICE}'").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)

    # A coordinator makes the service available.
    coordinator = new_context().new_page()
    sign_in(coordinator.context, personas.coordinator)
    coordinator.goto(page.url)
    coordinator.get_by_role("button", name="Beschikbaar maken").click()
    expect(coordinator.get_by_role("status")).to_contain_text(
        "De stand van de dienst is gewijzigd."
    )

    # A visitor finds it in the public catalogue.
    visitor = new_context().new_page()
    visitor.goto(base + reverse("scaling:catalogue"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Diensten voor gemeenten")
    assert_accessible(visitor)
    visitor.get_by_role("link", name=SERVICE).click()
    expect(visitor.get_by_text("beschikbaar", exact=True)).to_be_visible()
    assert_accessible(visitor)

    # Hans, of Cultuurcentrum Herentals, requests it for Herentals.
    hans = new_context().new_page()
    sign_in(hans.context, personas.other_member)
    hans.goto(visitor.url)
    hans.locator("#id_municipality").select_option(label="Herentals")
    hans.get_by_label("de dienst aanvragen").check()
    hans.get_by_label("Contactpersoon van de gemeente").fill("Hilde Herentals")
    hans.get_by_label("E-mailadres van de contactpersoon").fill("hilde@herentals.example.be")
    hans.get_by_role("button", name="Versturen").click()
    expect(hans.get_by_role("status")).to_contain_text("Bedankt")

    # The coverage before activation: Herentals requests it.
    visitor.goto(base + reverse("scaling:coverage"))
    provinces = visitor.get_by_role("table", name="Gemeenten per provincie en stand")
    expect(provinces.get_by_role("row", name="Antwerpen")).to_contain_text("0 (0 %)")
    assert_accessible(visitor)

    # The coordinator activates it (from "Mijn Proeftuin"'s request to the service page).
    coordinator.reload()
    coordinator.get_by_role("button", name="Activeren in Herentals").click()
    expect(coordinator.get_by_role("status")).to_contain_text("De afname is bijgewerkt.")
    expect(coordinator.get_by_text("Hilde Herentals")).to_be_visible()

    # The coverage changes; the public pages never show the contact person.
    visitor.reload()
    provinces = visitor.get_by_role("table", name="Gemeenten per provincie en stand")
    expect(provinces.get_by_role("row", name="Antwerpen")).to_contain_text("1 (100 %)")
    expect(visitor.get_by_role("row", name="Herentals Antwerpen")).to_contain_text("actief")
    visitor.goto(base + reverse("scaling:service", args=[project.services.get().slug]))
    expect(visitor.get_by_text("Hilde")).to_have_count(0)
