"""Factories and fixtures for canvases and value streams, on top of the projects' project
(Ines as lokale indiener, Tom as projectleider of "Zalen reserveren zonder telefoon").

Factories write rows directly (fixture data); what a test is about goes through the
services or the views."""

from decimal import Decimal
from typing import Any

import factory
import pytest

from proeftuin.canvases import services
from proeftuin.canvases.models import CanvasItem, Step, ValueProposition, ValueStream

from ..projects.conftest import HypothesisFactory, MemberFactory, ProjectFactory, project, selected

__all__ = [
    "CanvasFactory",
    "HypothesisFactory",
    "ItemFactory",
    "MemberFactory",
    "ProjectFactory",
    "StepFactory",
    "StreamFactory",
    "canvas",
    "project",
    "selected",
    "stream",
]


class CanvasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueProposition

    project = factory.SubFactory(ProjectFactory)
    segment = factory.Sequence(lambda n: f"segment {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CanvasItem

    canvas = factory.SubFactory(CanvasFactory)
    kind = CanvasItem.Kind.PAIN
    text = factory.Sequence(lambda n: f"element {n}")
    rank = factory.Sequence(lambda n: n + 1)


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueStream

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"proces {n}")
    state = ValueStream.State.CURRENT


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    stream = factory.SubFactory(StreamFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"stap {n}")
    process_time = Decimal(10)
    process_minutes = Decimal(10)
    waiting_time = Decimal(1)
    waiting_unit = Step.Unit.HOURS
    waiting_minutes = Decimal(60)


@pytest.fixture
def canvas(personas: Any, project: Any) -> ValueProposition:
    """Tom's canvas for "ouders met jonge kinderen": two pains, a gain, a reliever that
    addresses the first pain, a job."""
    tom = personas.team_member
    canvas = services.create_canvas(project=project, segment="ouders met jonge kinderen", by=tom)
    add = services.add_item
    add(
        canvas=canvas,
        kind="job",
        text="een zaal vinden voor een verjaardagsfeest",
        job_type="functional",
        by=tom,
    )
    pain = add(canvas=canvas, kind="pain", text="je moet tijdens de kantooruren bellen", by=tom)
    add(canvas=canvas, kind="pain", text="je weet niet of de zaal vrij is", by=tom)
    add(canvas=canvas, kind="gain", text="meteen zekerheid", by=tom)
    reliever = add(
        canvas=canvas, kind="pain_reliever", text="online reserveren, dag en nacht", by=tom
    )
    services.link_item(item=reliever, addresses=[pain], hypotheses=[], by=tom)
    return canvas


STEP = {
    "name": "aanvraag noteren",
    "actor": "baliemedewerker",
    "process_time": Decimal(10),
    "process_unit": "minutes",
    "waiting_time": Decimal(0),
    "waiting_unit": "minutes",
    "pct_complete_accurate": 80,
    "classification": "value_adding",
    "wastes": [],
}


@pytest.fixture
def stream(personas: Any, project: Any) -> ValueStream:
    """Tom's current state of a home-delivery request: three steps, 10 min + 2 h + 30 min
    of work, waits of 0, 1 working day and 3 working days."""
    tom = personas.team_member
    stream = services.create_stream(
        project=project, name="boeken aan huis aanvragen", state="current", by=tom
    )
    services.add_step(stream=stream, fields={**STEP, "pct_complete_accurate": 90}, by=tom)
    services.add_step(
        stream=stream,
        fields={
            **STEP,
            "name": "boeken verzamelen",
            "process_time": Decimal(2),
            "process_unit": "hours",
            "waiting_time": Decimal(1),
            "waiting_unit": "days",
            "pct_complete_accurate": 50,
            "classification": "necessary_nva",
        },
        by=tom,
    )
    services.add_step(
        stream=stream,
        fields={
            **STEP,
            "name": "boeken brengen",
            "process_time": Decimal(30),
            "waiting_time": Decimal(3),
            "waiting_unit": "days",
            "pct_complete_accurate": 100,
            "wastes": ["waiting", "transport"],
        },
        by=tom,
    )
    return stream
