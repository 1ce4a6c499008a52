"""Canvases and streams keep their history: every save is remembered, rapid autosaves by one
person fold into one snapshot per ten minutes, a version saved on purpose stands on its own,
and a team sees how a canvas or stream looked at an earlier gate decision."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.canvases import history, services
from proeftuin.canvases.models import Snapshot
from proeftuin.core.models import ActivityLog
from proeftuin.projects.models import GateDecision

from ..conftest import client_for
from .conftest import STEP

pytestmark = pytest.mark.django_db


def age(snapshots, minutes):
    """Pretend the snapshots were started `minutes` ago."""
    moment = timezone.now() - timedelta(minutes=minutes)
    Snapshot.objects.filter(pk__in=[s.pk for s in snapshots]).update(
        started_at=moment, taken_at=moment
    )


def test_rapid_autosaves_of_one_person_fold_into_one_snapshot(personas, canvas):
    tom = personas.team_member
    item = canvas.items.get(kind="gain")
    before = canvas.snapshots.count()

    for text in ("m", "meteen", "meteen zeker", "meteen zekerheid over de datum"):
        services.change_item(item=item, text=text, by=tom)

    assert canvas.snapshots.count() == before
    latest = canvas.snapshots.first()
    assert "meteen zekerheid over de datum" in [i.text for i in history.items_from(latest.data)]
    assert latest.author == tom


def test_after_ten_minutes_or_by_someone_else_a_new_snapshot_starts(personas, canvas):
    tom, ines = personas.team_member, personas.submitter
    item = canvas.items.get(kind="gain")
    before = canvas.snapshots.count()

    services.change_item(item=item, text="zekerheid", by=ines)
    assert canvas.snapshots.count() == before + 1
    age(canvas.snapshots.all(), 11)
    services.change_item(item=item, text="zekerheid binnen het uur", by=tom)
    assert canvas.snapshots.count() == before + 2


def test_a_version_saved_on_purpose_stands_on_its_own(personas, canvas):
    tom = personas.team_member
    item = canvas.items.get(kind="gain")
    version = services.save_canvas_version(canvas=canvas, label="voor het beslismoment", by=tom)
    services.change_item(item=item, text="zekerheid", by=tom)
    services.save_canvas_version(canvas=canvas, label="", by=tom)

    version.refresh_from_db()
    assert version.saved_on_purpose and version.label == "voor het beslismoment"
    assert "meteen zekerheid" in [i.text for i in history.items_from(version.data)]
    assert canvas.snapshots.filter(saved_on_purpose=True).count() == 2


def test_a_text_rewritten_as_it_is_typed_is_logged_once_per_editing_window(
    personas, canvas, stream
):
    tom = personas.team_member
    item = canvas.items.get(kind="gain")
    step = stream.steps.first()
    for n in range(5):
        services.change_item(item=item, text=f"zekerheid {n}", by=tom)
        services.change_step(step=step, fields={**STEP, "process_time": Decimal(n + 1)}, by=tom)

    # The fixture's own saves opened Tom's editing window: these fold into it, unlogged.
    assert not ActivityLog.objects.filter(action="canvas.item_changed").exists()
    assert not ActivityLog.objects.filter(action="value_stream.step_changed").exists()
    age(list(canvas.snapshots.all()) + list(stream.snapshots.all()), 11)
    services.change_item(item=item, text="zekerheid 6", by=tom)
    services.change_step(step=step, fields={**STEP, "process_time": Decimal(9)}, by=tom)
    assert ActivityLog.objects.filter(action="canvas.item_changed").count() == 1
    assert ActivityLog.objects.filter(action="value_stream.step_changed").count() == 1


def test_it_finds_how_it_looked_at_a_moment(personas, canvas):
    tom = personas.team_member
    age(canvas.snapshots.all(), 60)
    then = timezone.now() - timedelta(minutes=30)
    services.remove_item(item=canvas.items.get(kind="gain"), by=tom)

    old = Snapshot.objects.filter(canvas=canvas).at(then)
    assert "meteen zekerheid" in [i.text for i in history.items_from(old.data)]
    assert Snapshot.objects.filter(canvas=canvas).at(then - timedelta(hours=2)) is None
    now = Snapshot.objects.filter(canvas=canvas).at(timezone.now())
    assert "meteen zekerheid" not in [i.text for i in history.items_from(now.data)]


def test_the_team_sees_the_canvas_as_it_was_at_each_gate_decision(personas, canvas):
    tom = personas.team_member
    project = canvas.project
    age(canvas.snapshots.all(), 60)
    early = GateDecision.objects.create(
        project=project,
        phase="verkennen",
        decision="persevere",
        motivation="eerst meer gesprekken",
        decided_at=timezone.now() - timedelta(minutes=90),
    )
    gate = GateDecision.objects.create(
        project=project,
        phase="verkennen",
        decision="pivot",
        motivation="andere doelgroep",
        pivot_aspects=["segment"],
        decided_at=timezone.now() - timedelta(minutes=30),
    )
    services.remove_item(item=canvas.items.get(kind="gain"), by=tom)
    at_gate = Snapshot.objects.filter(canvas=canvas).at(gate.decided_at)
    client = client_for(tom)

    page = client.get(
        reverse("canvases:canvas_history", args=[project.pk, canvas.pk])
    ).content.decode()
    assert reverse("canvases:canvas_version", args=[project.pk, canvas.pk, at_gate.pk]) in page
    assert "toen bestond het nog niet" in page  # the earlier gate came before the canvas
    assert early.decided_at < at_gate.taken_at
    then = client.get(reverse("canvases:canvas_version", args=[project.pk, canvas.pk, at_gate.pk]))
    body = then.content.decode()
    assert "meteen zekerheid" in body
    assert "Fit: 33 %" in body


def test_the_stream_history_shows_an_earlier_map(personas, stream):
    tom = personas.team_member
    version = services.save_stream_version(stream=stream, label="huidige werking", by=tom)
    services.remove_step(step=stream.steps.get(position=3), by=tom)
    client = client_for(tom)

    page = client.get(
        reverse("canvases:stream_history", args=[stream.project_id, stream.pk])
    ).content.decode()
    assert "huidige werking" in page
    then = client.get(
        reverse("canvases:stream_version", args=[stream.project_id, stream.pk, version.pk])
    ).content.decode()
    assert "boeken brengen" in then
    assert "45 %" in then  # the rolled %C&A of the three steps it had


def test_a_snapshot_of_another_canvas_is_not_found_here(personas, canvas):
    other = services.create_canvas(
        project=canvas.project, segment="bezoekers", by=personas.team_member
    )
    foreign = other.snapshots.first()
    url = reverse("canvases:canvas_version", args=[canvas.project_id, canvas.pk, foreign.pk])

    assert client_for(personas.team_member).get(url).status_code == 404
