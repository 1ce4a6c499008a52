"""The demo: Dilbeek's room-reservation project has a canvas for the segment it pivoted
away from and one for "ouders met jonge kinderen" whose fit is not complete, and the room
reservation as it runs today and as the pilot makes it; loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from proeftuin.canvases import history
from proeftuin.canvases.compute import fit, stream_figures
from proeftuin.canvases.models import CanvasItem, Snapshot, Step, ValueProposition, ValueStream
from proeftuin.core.models import ActivityLog
from proeftuin.organisations.demo import DEMO_PASSWORD
from proeftuin.projects.models import GateDecision

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(media):  # noqa: F811
    call_command("load_demo", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ValueProposition, CanvasItem, ValueStream, Step, Snapshot, ActivityLog)
    }


def test_it_loads_the_demo_once_however_often_it_runs(demo):
    first = counts()
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert all(first.values()), first


def test_the_parents_canvas_fits_well_but_not_completely(demo):
    canvas = ValueProposition.objects.get(segment="ouders met jonge kinderen")
    result = fit(history.items_of(canvas))

    assert canvas.project.need.title == "Zalen van de gemeente online reserveren"
    assert 50 <= result.percent < 100
    assert [i.text for i in result.not_addressed] == [
        "Een zaal met een speelhoek en een keuken, dicht bij huis"
    ]
    assert {i.kind for i in canvas.items.all()} == set(CanvasItem.Kind.values)
    assert canvas.items.filter(hypotheses__isnull=False).exists()


def test_the_room_reservation_today_and_tomorrow(demo):
    today = ValueStream.objects.get(state="current")
    tomorrow = ValueStream.objects.get(state="future")
    now, then = stream_figures(history.steps_of(today)), stream_figures(history.steps_of(tomorrow))

    assert tomorrow.current == today
    assert now.efficiency < then.efficiency < 1
    assert now.lead_time > 10 * then.lead_time
    assert now.rolled_pca < then.rolled_pca
    assert now.waste_steps == 7


def test_the_history_shows_the_canvases_as_they_were_at_the_first_gate(demo):
    parents = ValueProposition.objects.get(segment="ouders met jonge kinderen")
    gate = GateDecision.objects.filter(project=parents.project).order_by("decided_at").first()
    then = Snapshot.objects.filter(canvas=parents).at(gate.decided_at)

    assert then is not None and then.label == "Na de eerste gesprekken"
    assert not [i for i in history.items_from(then.data) if i.kind == "pain_reliever"]


def test_the_projectleider_finds_the_canvases_and_the_public_page_may_show_them(demo, client):
    canvas = ValueProposition.objects.get(segment="ouders met jonge kinderen")
    project = canvas.project
    leader = project.team.get(role="projectleider").user
    client.login(email=leader.email, password=DEMO_PASSWORD)

    page = client.get(reverse("canvases:index", args=[project.pk])).content.decode()
    assert "ouders met jonge kinderen" in page and "Een zaal reserveren, online" in page
    assert project.shows("canvases")
