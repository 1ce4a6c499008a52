"""Canvases and value streams where the programme gathers a project: the workspace's tab,
the end report (page and PDF) and, when the team published them, the public project page —
each in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.canvases import services
from proeftuin.projects.models import Project
from proeftuin.reports import pdf

from ..conftest import client_for
from .conftest import STEP, HypothesisFactory

pytestmark = pytest.mark.django_db

Section = Project.Section


def publish(project, *sections):
    Project.objects.filter(pk=project.pk).update(
        public_sections=list(sections), published_at=timezone.now()
    )


def start(personas, stream):
    """A future state from the start: the pages then run every query they ever run."""
    services.create_stream(
        project=stream.project,
        name="morgen",
        state="future",
        current=stream,
        by=personas.team_member,
    )


def grow(personas, canvas, stream):
    """More of everything: items, links, canvases, steps, a future state."""
    tom = personas.team_member
    reliever = canvas.items.get(kind="pain_reliever")
    pains = [
        services.add_item(canvas=canvas, kind="pain", text=f"pijn {n}", by=tom) for n in range(6)
    ]
    services.link_item(item=reliever, addresses=pains, hypotheses=[], by=tom)
    for n in range(3):
        other = services.create_canvas(project=canvas.project, segment=f"segment {n}", by=tom)
        services.add_item(canvas=other, kind="gain", text="winst", by=tom)
        services.add_step(
            stream=stream, fields={**STEP, "name": f"stap {n}", "waiting_time": Decimal(n)}, by=tom
        )
        services.create_stream(
            project=stream.project, name=f"morgen {n}", state="future", current=stream, by=tom
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_workspace_has_a_tab_for_canvases(personas, canvas):
    client = client_for(personas.team_member)
    overview = client.get(reverse("projects:detail", args=[canvas.project_id])).content.decode()
    index = reverse("canvases:index", args=[canvas.project_id])

    assert f'<a href="{index}">Canvassen</a>' in overview
    assert (
        f'<a href="{index}" aria-current="page">Canvassen</a>' in client.get(index).content.decode()
    )
    editor = client.get(
        reverse("canvases:canvas", args=[canvas.project_id, canvas.pk])
    ).content.decode()
    assert f'<a href="{index}" aria-current="true">Canvassen</a>' in editor


def test_the_end_report_draws_the_canvases_and_the_value_streams(personas, canvas, stream):
    page = client_for(personas.team_member).get(
        reverse("reports:project", args=[canvas.project_id])
    )
    body = page.content.decode()

    assert "Waardepropositie en waardestroom" in body
    assert (
        f'<title id="report-canvas-{canvas.pk}-title">Waardepropositiecanvas: ouders met jonge kinderen</title>'
        in body
    )
    assert "Fit: 33 %" in body and "Nog niet aangepakt:" in body
    assert "P2</strong> je weet niet of de zaal vrij is" in body
    assert f'id="report-stream-{stream.pk}-title"' in body
    assert "Waardestroomkaart: boeken aan huis aanvragen (huidige toestand)" in body
    assert "Doorlooptijd</dt><dd>4 werkdagen 2 uur</dd>" in body


def test_the_end_report_pdf_carries_the_drawings(personas, canvas, stream):
    if not pdf.pdf_available():
        pytest.skip("WeasyPrint's system libraries are missing")
    response = client_for(personas.team_member).get(
        reverse("reports:project_pdf", args=[canvas.project_id])
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_end_report_runs_a_fixed_number_of_queries(personas, canvas, stream):
    client = client_for(personas.coordinator)
    url = reverse("reports:project", args=[canvas.project_id])
    start(personas, stream)
    client.get(url)
    before = queries(client, url)
    grow(personas, canvas, stream)

    assert queries(client, url) == before


def test_the_public_page_shows_the_canvases_only_when_the_team_published_them(
    personas, canvas, stream
):
    gain = canvas.items.get(kind="gain")
    hypothesis = HypothesisFactory(project=canvas.project, statement="ouders betalen graag online")
    services.link_item(item=gain, addresses=[], hypotheses=[hypothesis], by=personas.team_member)
    url = reverse("knowledge:project", args=[canvas.project_id])
    visitor = Client()

    publish(canvas.project, Section.SUMMARY)
    assert "Waardepropositie en waardestroom" not in visitor.get(url).content.decode()

    publish(canvas.project, Section.SUMMARY, Section.CANVASES)
    body = visitor.get(url).content.decode()
    assert "Waardepropositiecanvas: ouders met jonge kinderen" in body
    assert "Waardestroomkaart: boeken aan huis aanvragen" in body
    assert "Fit: 33 %" in body
    # The hypotheses are not published with the canvases.
    assert "ouders betalen graag online" not in body
    # Nor is the canvas's history.
    assert reverse("canvases:canvas_history", args=[canvas.project_id, canvas.pk]) not in body


def test_the_public_page_runs_a_fixed_number_of_queries(personas, canvas, stream):
    publish(canvas.project, Section.SUMMARY, Section.CANVASES)
    visitor = Client()
    url = reverse("knowledge:project", args=[canvas.project_id])
    start(personas, stream)
    visitor.get(url)
    before = queries(visitor, url)
    grow(personas, canvas, stream)

    assert queries(visitor, url) == before
