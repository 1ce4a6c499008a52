"""The lean workspace in a real browser (issue 5): the projectleider writes a hypothesis,
plans, runs and completes an experiment with its learning card, takes the project to the
next phase, publishes what the team chose once a coordinator approved it, and opens the end
report and its PDF; a second project stops with its lesson and stays as it was. axe-core on
every workspace page on the way."""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.projects.models import Experiment, GateDecision, Hypothesis, Membership, Project
from proeftuin.reports import pdf
from tests.conftest import assert_accessible, skip_or_fail
from tests.projects.conftest import (
    MemberFactory,
    MethodFactory,
    ProjectFactory,
    SiteFactory,
    media,
    project,
    selected,
)

from .conftest import SHOTS

# The projects' fixtures, for pytest to find here.
__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "verenigingen een zaal liever online reserveren dan aan de telefoon"
CARD = "Reservatieknop op de website"
SUMMARY = "Verenigingen reserveren een zaal van de bibliotheek zelf, online, wanneer het hen past."


def workspace_tab(page: Page, name: str, heading: str | None = None) -> None:
    """Follow a tab of the workspace; its page's heading is the tab's name unless said."""
    page.get_by_role("navigation", name="Projectwerkruimte").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading or name)


def test_it_takes_a_project_from_a_hypothesis_to_its_public_page_and_end_report(
    page: Page,
    live_server: Any,
    personas: Any,
    project: Project,
    media: Any,
    new_context: Any,
    sign_in: Any,
    shoot: Any,
) -> None:
    # The seeded method library does not outlive a transactional test's flush: one of our own.
    MethodFactory(name="Proefversie op de website", evidence_strength=4)
    SiteFactory(project=project)
    base = live_server.url
    sign_in(page.context, personas.team_member)

    # Tom, the projectleider, opens the workspace and says what the project is about.
    page.goto(base + reverse("projects:detail", args=[project.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    assert_accessible(page)
    page.get_by_role("link", name="Projectbeschrijving bewerken").click()
    page.get_by_label("Samenvatting").fill(SUMMARY)
    page.get_by_label("Doelgroepen").fill("Verenigingen die een zaal huren")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("De projectbeschrijving is bewaard.")

    # He writes a hypothesis; it lands on the assumptions map and in the table beside it.
    workspace_tab(page, "Hypothesen")
    page.get_by_label("Wij geloven dat …").fill(STATEMENT)
    page.get_by_role("group", name="Soort").get_by_label("wenselijkheid").check()
    page.get_by_role("group", name="Belang").get_by_label(re.compile("5 — cruciaal")).check()
    page.get_by_role("button", name="Op de kaart zetten").click()
    expect(page.get_by_role("status")).to_contain_text("De hypothese staat op de kaart.")
    expect(page.get_by_role("img", name=re.compile("^Assumptions map"))).to_be_visible()
    row = page.get_by_role("table", name=re.compile("Hypothesen op de kaart")).get_by_role(
        "row", name=re.compile(STATEMENT)
    )
    expect(row).to_contain_text("eerst testen")
    expect(row).to_contain_text("wenselijkheid")
    expect(row).to_contain_text("niet getest")
    assert_accessible(page)
    shoot(page, "lean-hypotheses")

    # He plans a test card for it from the "test first" list.
    page.get_by_role("link", name=re.compile(f"^Experiment plannen.*{STATEMENT[:40]}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe testkaart")
    expect(page.get_by_label("Wij geloven dat …")).to_have_value(str(Hypothesis.objects.get().pk))
    page.get_by_label("Naam van het experiment").fill(CARD)
    page.get_by_label("Om dat te verifiëren zullen we …").fill(
        "een reservatieknop een maand lang op de website zetten"
    )
    page.get_by_label("Methode", exact=True).select_option(
        label="Proefversie op de website — bewijskracht 4/5 (valideren)"
    )
    page.get_by_label("En meten we …").fill("het aandeel reservaties dat online binnenkomt")
    page.get_by_label("Eenheid").fill("%")
    page.get_by_label("We hebben gelijk als de waarde …").select_option(label="minstens (≥)")
    page.get_by_label("… deze drempel haalt").fill("60")
    page.get_by_label("Minimum aantal datapunten").fill("20")
    page.get_by_role("group", name="Kritiek").get_by_label("hoog").check()
    assert_accessible(page)
    page.get_by_role("button", name="Testkaart maken").click()
    expect(page.get_by_role("status")).to_contain_text("De testkaart is klaar")
    expect(page.get_by_role("heading", level=1)).to_have_text(CARD)
    assert_accessible(page)

    # He starts it, and completes it with what was measured and the learning card.
    page.get_by_role("button", name="Het experiment starten").click()
    expect(page.get_by_role("status")).to_contain_text("Het experiment loopt.")
    page.get_by_role("link", name="Afronden met het resultaat en een leerkaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Afronden: {CARD}")
    page.get_by_label("We zagen dat …").fill("18 van de 25 reservaties kwamen online binnen")
    page.get_by_label("Daaruit leerden we dat …").fill(
        "verenigingen reserveren graag online, ook buiten de openingsuren"
    )
    page.get_by_role("group", name="Daarom beslissen we").get_by_label("doorzetten").check()
    page.get_by_label("En daarom zullen we …").fill("de knop op alle zaalpagina's zetten")
    page.get_by_label("Gemeten waarde").fill("72")
    assert_accessible(page)
    shoot(page, "lean-complete")
    page.get_by_label("Aantal datapunten").fill("25")
    page.get_by_label("Aantal datapunten").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Resultaat: gevalideerd")
    result = page.get_by_role("region", name="Resultaat: gevalideerd")
    expect(result).to_contain_text("Gemeten: 72 %, met 25 datapunten.")
    expect(result).to_contain_text("De hypothese heeft nu bewijs 4/5 en is gevalideerd.")
    expect(page.get_by_role("region", name="Leerkaart")).to_contain_text("doorzetten")
    assert_accessible(page)
    shoot(page, "lean-experiment")
    experiment = Experiment.objects.get()
    assert experiment.result == Experiment.Result.VALIDATED

    workspace_tab(page, "Experimenten")
    completed = page.get_by_role("table", name="Experimenten met status 'afgerond'")
    expect(completed.get_by_role("row", name=re.compile(CARD))).to_contain_text("gevalideerd")
    assert_accessible(page)

    # The overview calls for a gate; he takes the project to the next phase on that evidence.
    workspace_tab(page, "Overzicht", heading=project.title)
    due = page.get_by_role("region", name="Tijd voor een beslismoment")
    due.get_by_role("link", name="Beslissen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslismoment")
    assert_accessible(page)
    page.get_by_role("group", name="Beslissing").get_by_label("door naar de volgende fase").check()
    page.get_by_label("Motivering").fill("Online reserveren is gevalideerd: nu de oplossing.")
    page.get_by_role("group", name="Experimenten waarop de beslissing steunt").get_by_label(
        f"{CARD} (verkennen, gevalideerd)"
    ).check()
    shoot(page, "lean-gate")
    page.get_by_role("button", name="Beslissing vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Het project gaat verder in de fase 'valideren'."
    )
    expect(page.get_by_text("fase: valideren")).to_be_visible()
    stepper = page.get_by_role("region", name="Fase")
    expect(stepper.get_by_role("listitem").nth(0)).to_contain_text("verkennen afgerond")
    expect(stepper.get_by_role("listitem").nth(1)).to_contain_text("valideren huidige fase")
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(
        "besliste: door naar de volgende fase"
    )
    assert_accessible(page)
    shoot(page, "lean-overview")
    gate = GateDecision.objects.get()
    assert list(gate.experiments.all()) == [experiment]

    # He chooses what becomes public: the summary and the experiments, not the learnings.
    workspace_tab(page, "Publicatie")
    choice = page.get_by_role("group", name="Onderdelen op de publieke projectpagina")
    choice.get_by_label(re.compile("^Samenvatting, vraag en doelgroepen")).check()
    choice.get_by_label(re.compile("^Experimenten en hun resultaten")).check()
    page.get_by_role("button", name="Keuze bewaren").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Een coördinator keurt ze goed voor ze publiek wordt."
    )
    assert_accessible(page)
    shoot(page, "lean-publication")

    # A coordinator finds it among the publications that wait, and approves it.
    coordinator = new_context().new_page()
    sign_in(coordinator.context, personas.coordinator)
    coordinator.goto(base + reverse("projects:publication_queue"))
    coordinator.get_by_role("link", name=project.title).click()
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Goedgekeurd")
    public_url = coordinator.get_by_role(
        "link", name="De publieke projectpagina bekijken"
    ).get_attribute("href")
    assert public_url == reverse("knowledge:project", args=[project.pk])
    coordinator.context.close()

    # A visitor without an account sees exactly the approved sections.
    visitor = new_context().new_page()
    visitor.goto(base + public_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(project.title)
    about = visitor.get_by_role("region", name="Waar het project over gaat")
    expect(about).to_contain_text(SUMMARY)
    tested = visitor.get_by_role("region", name="Experimenten en hun resultaten")
    expect(tested.get_by_role("article")).to_contain_text(CARD)
    expect(tested).to_contain_text("gevalideerd")
    expect(tested).to_contain_text(STATEMENT)
    expect(visitor.get_by_role("heading", name="Wat het project leerde")).to_have_count(0)
    expect(visitor.get_by_role("heading", name="Het team")).to_have_count(0)
    expect(visitor.get_by_text("ook buiten de openingsuren")).to_have_count(0)
    assert_accessible(visitor)
    shoot(visitor, "lean-public")
    visitor.context.close()

    # Tom opens the end report from its tab in the workspace and downloads its PDF.
    workspace_tab(page, "Eindrapport", heading=f"Eindrapport: {project.title}")
    expect(page).to_have_url(base + reverse("reports:project", args=[project.pk]))
    expect(page.get_by_role("main")).to_contain_text(STATEMENT)
    expect(page.get_by_role("main")).to_contain_text(CARD)
    assert_accessible(page)
    shoot(page, "lean-end-report")
    if not pdf.pdf_available():
        skip_or_fail(
            "The journey ran up to the end report; its PDF is not checked: WeasyPrint or its "
            "system libraries (Pango, HarfBuzz) are missing"
        )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als PDF").click()
    download = download_info.value
    assert download.suggested_filename == "eindrapport-zalen-reserveren-zonder-telefoon.pdf"
    saved = SHOTS / "lean-end-report.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_it_stops_a_project_with_its_lesson_and_keeps_it_as_it_was(
    page: Page, live_server: Any, personas: Any, sign_in: Any, shoot: Any
) -> None:
    stopped = ProjectFactory(
        title="Uitleenbus voor de deelgemeenten",
        need__organisation=personas.organisation,
        need__submitted_by=personas.submitter,
    )
    MemberFactory(project=stopped, user=personas.team_member, role=Membership.Role.PROJECT_LEADER)
    base = live_server.url
    sign_in(page.context, personas.team_member)

    page.goto(base + reverse("projects:detail", args=[stopped.pk]))
    page.get_by_role("link", name="Een beslissing nemen of eerdere beslissingen bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslismoment")
    page.get_by_role("group", name="Beslissing").get_by_label("stoppen").check()
    page.get_by_label("Motivering").fill("Geen gemeente vond chauffeurs voor de bus.")
    page.get_by_label("We zagen dat …").fill("Drie gemeenten haakten af op de personeelskost")
    page.get_by_label("Daaruit leerden we dat …").fill(
        "een uitleenbus staat of valt met vrijwilligers, niet met de software"
    )
    page.get_by_role("button", name="Beslissing vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het project is gestopt.")

    # Read-only, with its outcome: nothing to edit, no gate to decide, the lesson kept.
    expect(page.get_by_text("uitkomst: gestopt")).to_be_visible()
    expect(page.get_by_text("Dit project is afgesloten.")).to_be_visible()
    expect(page.get_by_role("region", name="Fase")).to_contain_text("gestopt in deze fase")
    expect(page.get_by_role("link", name="Projectbeschrijving bewerken")).to_have_count(0)
    expect(page.get_by_role("region", name="Laatste leerkaarten")).to_contain_text(
        "staat of valt met vrijwilligers"
    )
    assert_accessible(page)
    shoot(page, "lean-stopped")
    workspace_tab(page, "Hypothesen")
    expect(page.get_by_role("button", name="Op de kaart zetten")).to_have_count(0)
    page.goto(base + reverse("projects:gate", args=[stopped.pk]))
    expect(page.get_by_role("button", name="Beslissing vastleggen")).to_have_count(0)
    expect(page.get_by_role("article")).to_contain_text("stoppen")
    assert_accessible(page)
    stopped.refresh_from_db()
    assert stopped.outcome == Project.Outcome.STOPPED
