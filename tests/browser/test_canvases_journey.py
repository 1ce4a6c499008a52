"""Canvases and value streams in a real browser (issue 7), with the keyboard only: the
projectleider builds a value proposition canvas — items added one after the other, ranked
with the "Hoger" button, a pain reliever linked to its pain with a checkbox — and maps a
value stream step by step, then draws its future state. The drawings are screenshotted, and
axe-core checks every page on the way."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from proeftuin.canvases.models import CanvasItem, ValueStream
from tests.conftest import assert_accessible
from tests.projects.conftest import media, project, selected

from .conftest import SHOTS

# The projects' fixtures, for pytest to find here.
__all__ = ["media", "project", "selected"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_and_enter(page: Page, selector: str, text: str) -> None:
    """Tab into a field (focus), type, press Enter: no mouse."""
    page.locator(selector).focus()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def status(page: Page) -> Any:
    return expect(page.locator("#editor-status"))


def test_it_builds_a_canvas_and_a_value_stream_with_the_keyboard(
    page: Page, live_server: Any, personas: Any, project: Any, sign_in: Any, shoot: Any
) -> None:
    base = live_server.url
    sign_in(page.context, personas.team_member)
    page.goto(base + reverse("canvases:index", args=[project.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Canvassen en waardestromen")
    assert_accessible(page)

    # A canvas for one customer segment.
    type_and_enter(page, "#id_segment", "ouders met jonge kinderen")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Waardepropositiecanvas: ouders met jonge kinderen"
    )
    assert_accessible(page)

    # Pains one after the other: after each, the focus is back in the "Nieuwe pijn" field.
    page.locator("#add-pain-text").focus()
    for pain in (
        "je kan alleen tijdens de kantooruren bellen",
        "je weet pas na dagen of de zaal vrij is",
        "een papieren contract komen tekenen",
    ):
        page.keyboard.type(pain)
        page.keyboard.press("Enter")
        expect(page.locator("#add-pain-text")).to_be_focused()
        expect(page.locator("#add-pain-text")).to_have_value("")
    status(page).to_contain_text("P3 is toegevoegd.")
    for kind, text, code in (
        ("gain", "meteen zien welke zaal vrij is", "W1"),
        ("job", "een verjaardagsfeest geven", "T1"),
        ("pain_reliever", "een online kalender met de vrije data", "PV1"),
    ):
        type_and_enter(page, f"#add-{kind}-text", text)
        status(page).to_contain_text(f"{code} is toegevoegd.")

    # The third pain is the worst: "Hoger" twice, the focus stays on the button.
    contract = CanvasItem.objects.get(text__startswith="een papieren contract")
    up = page.locator(f"#item-{contract.pk}-up")
    up.focus()
    page.keyboard.press("Enter")
    status(page).to_contain_text("De pijn staat nu op plaats 2")
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    status(page).to_contain_text("De pijn staat nu op plaats 1")
    contract.refresh_from_db()
    assert contract.rank == 1

    # The reliever addresses the pain about the free dates: open its links, tick the box.
    reliever = CanvasItem.objects.get(kind="pain_reliever")
    free_dates = CanvasItem.objects.get(text__startswith="je weet pas")
    page.locator(f"#item-{reliever.pk} summary").focus()
    page.keyboard.press("Enter")
    page.locator(f"#link-{reliever.pk}-{free_dates.pk}").focus()
    page.keyboard.press("Space")
    status(page).to_contain_text("Koppelingen van PV1 bewaard")
    expect(page.locator(f"#item-{reliever.pk}-links")).to_contain_text("speelt in op P3")

    # Rewriting a text saves it as it is typed.
    page.locator(f"#item-{free_dates.pk}-text").focus()
    page.keyboard.press("End")
    page.keyboard.type(" op zaterdag")
    expect(page.locator(f"#item-{free_dates.pk}-status")).to_contain_text("Bewaard om")
    free_dates.refresh_from_db()
    assert free_dates.text.endswith("op zaterdag")
    # The reliever's checkbox names the pain as it reads now.
    expect(page.locator(f"label:has(#link-{reliever.pk}-{free_dates.pk})")).to_contain_text(
        "op zaterdag"
    )

    # The drawing follows: 1 of the 3 pains and 0 of the 1 gain are addressed.
    picture = page.locator("#canvas-picture")
    expect(picture).to_contain_text("Fit: 25 %")
    expect(picture.locator("svg[role=img] title")).to_have_text(
        "Waardepropositiecanvas: ouders met jonge kinderen"
    )
    page.locator("#canvas-picture").screenshot(path=str(SHOTS / "canvas-drawing.png"))
    shoot(page, "canvas-editor")
    assert_accessible(page)

    # A value stream, step by step.
    page.goto(base + reverse("canvases:index", args=[project.pk]))
    type_and_enter(page, "#id_name", "een zaal reserveren")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Waardestroomkaart: een zaal reserveren"
    )
    steps = [
        ("aanvraag per mail", "inwoner", "0", "15", "60"),
        ("vrije data nakijken in de agenda", "vrijetijdsdienst", "1", "20", "80"),
        ("terugbellen", "vrijetijdsdienst", "2", "15", "70"),
    ]
    for name, actor, wait_days, minutes, pca in steps:
        page.locator("#id_new-name").focus()
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type(actor)
        page.locator("#id_new-waiting_time").focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(wait_days)
        page.keyboard.press("Tab")
        page.keyboard.type("werkdagen")  # picks the option in the unit's list
        page.locator("#id_new-process_time").focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(minutes)
        page.locator("#id_new-pct_complete_accurate").focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(pca)
        page.keyboard.press("Enter")
        status(page).to_contain_text("is toegevoegd.")
        expect(page.locator("#id_new-name")).to_be_focused()
    stream = ValueStream.objects.get()
    assert list(stream.steps.values_list("waiting_minutes", flat=True)) == [0, 480, 960]

    # A negative time is refused with a message; the step is corrected.
    first = stream.steps.get(position=1)
    process = page.locator(f"#id_step-{first.pk}-process_time")
    process.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("-5")
    expect(page.locator(f"#step-{first.pk}-status")).to_contain_text(
        "Een tijd kan niet negatief zijn."
    )
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("10")
    expect(page.locator(f"#step-{first.pk}-status")).to_contain_text("Bewaard om")

    # The first step adds value; the map and its figures follow.
    page.locator(f"#id_step-{first.pk}-classification_0").focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#step-{first.pk}-status")).to_contain_text("Bewaard om")
    expect(page.locator("#stream-picture")).to_contain_text("Procesefficiëntie")
    expect(page.locator("#stream-picture .stream-stats")).to_contain_text("0,7 %")
    page.locator("#stream-picture").screenshot(path=str(SHOTS / "stream-current.png"))
    assert_accessible(page)

    # Its future state starts as a copy; one step fewer.
    page.goto(base + reverse("canvases:index", args=[project.pk]))
    page.locator("#id_name").focus()
    page.keyboard.type("morgen")
    page.locator("#id_state_1").focus()
    page.keyboard.press("Space")
    page.locator("#id_current").focus()
    page.keyboard.type("een zaal reserveren")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Waardestroom maken")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waardestroomkaart: morgen")
    future = ValueStream.objects.get(name="morgen")
    assert future.current.name == "een zaal reserveren"
    remove = page.get_by_role("button", name="Stap 3 verwijderen")
    remove.focus()
    page.keyboard.press("Enter")
    status(page).to_contain_text("is verwijderd.")
    expect(page.locator("#stream-picture")).to_contain_text("tegenover de huidige toestand")
    shoot(page, "stream-future")
    assert_accessible(page)
