"""The canvas editor saves as the team types (htmx answers a small part of the page and
tells the drawing to follow) and works as plain forms without JavaScript; items move with
buttons; relievers and creators are linked with checkboxes; mistakes come back as messages,
with what was typed kept."""

import pytest
from django.urls import reverse

from proeftuin.canvases.models import CanvasItem, ValueProposition
from proeftuin.projects.models import Project

from ..conftest import client_for
from .conftest import CanvasFactory, HypothesisFactory, ItemFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, canvas, *args):
    return reverse(f"canvases:{name}", args=[canvas.project_id, canvas.pk, *args])


def test_it_creates_a_canvas_from_the_overview(personas, project):
    client = client_for(personas.team_member)
    response = client.post(
        reverse("canvases:canvas_create", args=[project.pk]),
        {"segment": "ouders met jonge kinderen"},
    )

    canvas = ValueProposition.objects.get()
    assert response.url == url("canvas", canvas)
    again = client.post(
        reverse("canvases:canvas_create", args=[project.pk]),
        {"segment": "Ouders met jonge kinderen"},
    )
    assert again.status_code == 400
    assert "al een canvas voor dat klantsegment" in again.content.decode()
    assert 'value="Ouders met jonge kinderen"' in again.content.decode()


def test_it_shows_the_drawing_the_fit_and_what_is_not_addressed(personas, canvas):
    page = client_for(personas.team_member).get(url("canvas", canvas)).content.decode()

    assert 'role="img"' in page
    assert f'aria-labelledby="canvas-{canvas.pk}-title canvas-{canvas.pk}-desc"' in page
    assert "<title id=" in page and "<desc id=" in page
    assert "Fit: 33 %" in page
    assert "Nog niet aangepakt:" in page
    assert "P2</strong> je weet niet of de zaal vrij is" in page
    assert "W1</strong> meteen zekerheid" in page


def test_an_autosave_answers_with_its_status_and_tells_the_drawing_to_follow(personas, canvas):
    item = canvas.items.get(kind="pain", rank=2)
    response = client_for(personas.team_member).post(
        url("item_change", canvas, item.pk),
        {"text": "je weet niet of de zaal vrij is op zaterdag"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "canvas-changed"
    body = response.content.decode()
    assert f'id="item-{item.pk}-status"' in body and "Bewaard om" in body
    assert "P2 bewaard om" in body  # the page's status line, out of band
    # A pain relievers' checkbox label follows the new text.
    assert f'hx-swap-oob="innerHTML:.item-text-{item.pk}"' in body
    item.refresh_from_db()
    assert item.text == "je weet niet of de zaal vrij is op zaterdag"


def test_an_empty_text_is_refused_with_a_message_and_nothing_changes(personas, canvas):
    item = canvas.items.get(kind="gain")
    client = client_for(personas.team_member)
    response = client.post(url("item_change", canvas, item.pk), {"text": "   "}, headers=HTMX)

    assert response.status_code == 400
    assert "Schrijf iets op." in response.content.decode()
    assert "HX-Trigger" not in response
    item.refresh_from_db()
    assert item.text == "meteen zekerheid"


def test_without_javascript_a_save_is_a_plain_form_that_comes_back_to_the_item(personas, canvas):
    item = canvas.items.get(kind="gain")
    client = client_for(personas.team_member)
    response = client.post(
        url("item_change", canvas, item.pk), {"text": "zekerheid binnen het uur"}
    )

    assert response.status_code == 302
    assert response.url == url("canvas", canvas) + f"#item-{item.pk}"
    page = client.get(response.url).content.decode()
    assert "W1 is bewaard." in page
    assert "<noscript><button" in page


def test_it_adds_an_item_and_answers_with_the_editor_ready_for_the_next(personas, canvas):
    client = client_for(personas.team_member)
    response = client.post(
        url("item_add", canvas),
        {"kind": "gain", "text": "korting voor kinderfeestjes"},
        headers=HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "canvas-changed"
    assert body.count('id="canvas-editor"') == 1
    assert "W2 is toegevoegd." in body
    assert 'id="add-gain-text" name="text" value=""' in body and "autofocus" in body
    assert canvas.items.filter(kind="gain").count() == 2


def test_adding_nothing_keeps_the_typed_kind_and_says_why(personas, canvas):
    client = client_for(personas.team_member)
    response = client.post(
        url("item_add", canvas), {"kind": "job", "text": "", "job_type": "social"}, headers=HTMX
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="add-job-error" class="errorlist">Schrijf iets op.' in body
    assert 'aria-invalid="true"' in body
    assert '<option value="social" selected>' in body
    plain = client.post(
        url("item_add", canvas), {"kind": "job", "text": "x" * 301, "job_type": "social"}
    )
    assert plain.status_code == 400
    assert "hoogstens 300 tekens" in plain.content.decode()


def test_items_move_with_buttons_that_keep_their_place_for_the_keyboard(personas, canvas):
    second = canvas.items.get(kind="pain", rank=2)
    client = client_for(personas.team_member)
    response = client.post(url("item_move", canvas, second.pk), {"direction": "up"}, headers=HTMX)

    body = response.content.decode()
    assert "De pijn staat nu op plaats 1: P1." in body
    # The button keeps its id, so htmx gives it the focus back; at the top it says it can go
    # no higher without vanishing.
    assert (
        f'id="item-{second.pk}-up" class="button-secondary button-small" aria-disabled="true"'
        in body
    )
    second.refresh_from_db()
    assert second.rank == 1
    again = client.post(url("item_move", canvas, second.pk), {"direction": "up"}, headers=HTMX)
    assert "De pijn staat al op plaats 1." in again.content.decode()


def test_it_removes_an_item_and_sends_the_focus_to_its_box(personas, canvas):
    gain = canvas.items.get(kind="gain")
    response = client_for(personas.team_member).post(
        url("item_remove", canvas, gain.pk), headers=HTMX
    )

    body = response.content.decode()
    assert "W1 is verwijderd." in body
    assert 'id="add-gain-text" name="text" value=""' in body
    assert not CanvasItem.objects.filter(pk=gain.pk).exists()


def test_it_links_a_reliever_with_checkboxes(personas, canvas):
    reliever = canvas.items.get(kind="pain_reliever")
    pains = list(canvas.items.filter(kind="pain"))
    hypothesis = HypothesisFactory(project=canvas.project)
    client = client_for(personas.team_member)
    page = client.get(url("canvas", canvas)).content.decode()
    assert f'name="addresses" value="{pains[1].pk}" id="link-{reliever.pk}-{pains[1].pk}"' in page

    response = client.post(
        url("item_link", canvas, reliever.pk),
        {"addresses": [p.pk for p in pains], "hypotheses": [hypothesis.pk]},
        headers=HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "speelt in op P1, P2 · 1 hypothese" in body
    assert set(reliever.addresses.all()) == set(pains)
    assert "Fit: 67 %" in client.get(url("canvas_picture", canvas)).content.decode()


def test_it_refuses_to_link_a_pain_of_another_canvas(personas, canvas):
    reliever = canvas.items.get(kind="pain_reliever")
    foreign = ItemFactory(canvas=CanvasFactory(project=canvas.project), kind="pain")
    gain = canvas.items.get(kind="gain")
    client = client_for(personas.team_member)

    for target in (foreign, gain):
        response = client.post(
            url("item_link", canvas, reliever.pk), {"addresses": [target.pk]}, headers=HTMX
        )
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()
    assert list(reliever.addresses.values_list("kind", flat=True)) == ["pain"]


def test_it_renames_the_canvas_as_it_is_typed(personas, canvas):
    client = client_for(personas.team_member)
    response = client.post(
        url("canvas_rename", canvas), {"segment": "jonge gezinnen"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Klantsegment bewaard om" in response.content.decode()
    canvas.refresh_from_db()
    assert canvas.segment == "jonge gezinnen"
    plain = client.post(url("canvas_rename", canvas), {"segment": ""})
    assert plain.status_code == 400


def test_someone_signed_out_meanwhile_hears_it_in_the_status_line(canvas):
    from django.test import Client

    item = canvas.items.first()
    response = Client().post(url("item_change", canvas, item.pk), {"text": "x"}, headers=HTMX)

    assert response.status_code == 401
    assert response["HX-Retarget"] == "#editor-status"
    assert "Je bent afgemeld" in response.content.decode()


def test_a_stopped_project_shows_its_canvas_read_only(personas, canvas):
    Project.objects.filter(pk=canvas.project_id).update(outcome=Project.Outcome.STOPPED)
    client = client_for(personas.team_member)
    page = client.get(url("canvas", canvas)).content.decode()

    assert "Het canvas in woorden" in page
    assert 'id="canvas-editor"' not in page
    response = client.post(
        url("item_add", canvas), {"kind": "pain", "text": "nog iets"}, follow=True
    )
    assert "afgesloten" in response.content.decode()
    assert not canvas.items.filter(text="nog iets").exists()


def test_it_deletes_a_canvas(personas, canvas):
    client = client_for(personas.team_member)
    response = client.post(url("canvas_delete", canvas), follow=True)

    assert (
        "Het canvas &#x27;ouders met jonge kinderen&#x27; is verwijderd."
        in response.content.decode()
    )
    assert not ValueProposition.objects.exists()
