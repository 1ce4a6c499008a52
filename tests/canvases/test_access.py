"""Who sees canvases and value streams: the project's team and the coordinators. Anyone
else gets a 404 on every page and every form, whatever the method; the pages run a fixed
number of queries however big the canvas or the stream."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.canvases import services
from proeftuin.canvases.models import Snapshot

from ..conftest import client_for
from .conftest import STEP, CanvasFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def urls(canvas, stream):
    p = canvas.project_id
    item = canvas.items.first()
    step = stream.steps.first()
    canvas_snapshot = Snapshot.objects.filter(canvas=canvas).first()
    stream_snapshot = Snapshot.objects.filter(stream=stream).first()
    reads = [
        reverse("canvases:index", args=[p]),
        reverse("canvases:canvas", args=[p, canvas.pk]),
        reverse("canvases:canvas_picture", args=[p, canvas.pk]),
        reverse("canvases:canvas_history", args=[p, canvas.pk]),
        reverse("canvases:canvas_version", args=[p, canvas.pk, canvas_snapshot.pk]),
        reverse("canvases:stream", args=[p, stream.pk]),
        reverse("canvases:stream_picture", args=[p, stream.pk]),
        reverse("canvases:stream_history", args=[p, stream.pk]),
        reverse("canvases:stream_version", args=[p, stream.pk, stream_snapshot.pk]),
    ]
    writes = [
        reverse("canvases:canvas_create", args=[p]),
        reverse("canvases:canvas_rename", args=[p, canvas.pk]),
        reverse("canvases:canvas_delete", args=[p, canvas.pk]),
        reverse("canvases:item_add", args=[p, canvas.pk]),
        reverse("canvases:item_change", args=[p, canvas.pk, item.pk]),
        reverse("canvases:item_move", args=[p, canvas.pk, item.pk]),
        reverse("canvases:item_link", args=[p, canvas.pk, item.pk]),
        reverse("canvases:item_remove", args=[p, canvas.pk, item.pk]),
        reverse("canvases:canvas_version_save", args=[p, canvas.pk]),
        reverse("canvases:stream_create", args=[p]),
        reverse("canvases:stream_rename", args=[p, stream.pk]),
        reverse("canvases:stream_delete", args=[p, stream.pk]),
        reverse("canvases:step_add", args=[p, stream.pk]),
        reverse("canvases:step_change", args=[p, stream.pk, step.pk]),
        reverse("canvases:step_move", args=[p, stream.pk, step.pk]),
        reverse("canvases:step_remove", args=[p, stream.pk, step.pk]),
        reverse("canvases:stream_version_save", args=[p, stream.pk]),
    ]
    return reads, writes


def test_the_team_and_coordinators_see_every_page(personas, canvas, stream):
    reads, _ = urls(canvas, stream)
    for user in (personas.team_member, personas.submitter, personas.coordinator):
        client = client_for(user)
        for url in reads:
            assert client.get(url).status_code == 200, (user, url)


@pytest.mark.parametrize("who", ["outsider", "other_member", "org_admin", "expert"])
def test_anyone_else_gets_404_on_every_page_and_form(personas, canvas, stream, who):
    reads, writes = urls(canvas, stream)
    client = client_for(getattr(personas, who))
    before = (canvas.items.count(), stream.steps.count(), Snapshot.objects.count())

    for url in reads:
        assert client.get(url).status_code == 404, url
    for url in writes:
        data = {"segment": "x", "text": "x", "direction": "up", "name": "x", "state": "current"}
        assert client.post(url, data).status_code == 404, url
        assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 404, url
    assert (canvas.items.count(), stream.steps.count(), Snapshot.objects.count()) == before


def test_a_canvas_of_another_project_is_not_found_under_this_one(personas, canvas, stream):
    other = services.create_canvas(
        project=canvas.project, segment="bezoekers", by=personas.team_member
    )
    foreign = CanvasFactory(project=ProjectFactory())
    client = client_for(personas.team_member)

    assert (
        client.get(reverse("canvases:canvas", args=[canvas.project_id, other.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("canvases:canvas", args=[canvas.project_id, foreign.pk])).status_code
        == 404
    )
    item = canvas.items.first()
    assert (
        client.post(
            reverse("canvases:item_remove", args=[canvas.project_id, other.pk, item.pk])
        ).status_code
        == 404
    )


def test_a_visitor_is_asked_to_sign_in(canvas):
    url = reverse("canvases:canvas", args=[canvas.project_id, canvas.pk])
    response = Client().get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_canvas_pages_run_a_fixed_number_of_queries(personas, canvas, stream):
    client = client_for(personas.team_member)
    p = canvas.project_id
    pages = [
        reverse("canvases:index", args=[p]),
        reverse("canvases:canvas", args=[p, canvas.pk]),
        reverse("canvases:canvas_picture", args=[p, canvas.pk]),
        reverse("canvases:canvas_history", args=[p, canvas.pk]),
        reverse("canvases:stream", args=[p, stream.pk]),
        reverse("canvases:stream_picture", args=[p, stream.pk]),
        reverse("canvases:stream_history", args=[p, stream.pk]),
    ]
    before = [query_count(client, url) for url in pages]

    tom = personas.team_member
    reliever = canvas.items.get(kind="pain_reliever")
    pains = []
    for n in range(12):
        pains.append(services.add_item(canvas=canvas, kind="pain", text=f"pijn {n}", by=tom))
        services.add_item(canvas=canvas, kind="gain_creator", text=f"winstmaker {n}", by=tom)
    services.link_item(item=reliever, addresses=pains, hypotheses=[], by=tom)
    future = services.create_stream(
        project=stream.project, name="morgen", state="future", current=stream, by=tom
    )
    for n in range(12):
        services.add_step(
            stream=stream, fields={**STEP, "name": f"stap {n}", "waiting_time": Decimal(n)}, by=tom
        )
        services.save_stream_version(stream=stream, label=f"versie {n}", by=tom)
        services.save_canvas_version(canvas=canvas, label=f"versie {n}", by=tom)
        services.create_canvas(project=canvas.project, segment=f"segment {n}", by=tom)
        services.create_stream(project=stream.project, name=f"stroom {n}", state="current", by=tom)
    assert future.current_id == stream.pk

    assert [query_count(client, url) for url in pages] == before
