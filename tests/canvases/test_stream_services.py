"""The team maps a value stream step by step, in its current and a future state; times
with units are kept in working minutes, bad input is refused with a message, and the
figures follow."""

from decimal import Decimal

import pytest

from proeftuin.canvases import history, services
from proeftuin.canvases.compute import compare, stream_figures
from proeftuin.canvases.models import Step, ValueStream
from proeftuin.core.errors import DomainError

from .conftest import STEP, StreamFactory

pytestmark = pytest.mark.django_db

D = Decimal


def figures(stream):
    return stream_figures(history.steps_of(stream))


def test_it_computes_the_hand_computed_stream(stream):
    f = figures(stream)

    assert list(stream.steps.values_list("position", "process_minutes", "waiting_minutes")) == [
        (1, D(10), D(0)),
        (2, D(120), D(480)),
        (3, D(30), D(1440)),
    ]
    assert (f.lead_time, f.process_time, f.value_adding_time) == (D(2080), D(160), D(40))
    assert round(f.efficiency * 100, 2) == D("1.92")
    assert f.rolled_pca == D("0.45")
    assert [s.name for s in f.biggest_waits] == ["boeken brengen", "boeken verzamelen"]
    assert dict(f.waste_counts) == {"waiting": 1, "transport": 1}


@pytest.mark.parametrize(
    ("value", "unit", "minutes"),
    [
        (D("1.5"), "hours", D(90)),
        (D("0.5"), "days", D(240)),
        (D(2), "weeks", D(4800)),
        (D("7.25"), "minutes", D("7.25")),
    ],
)
def test_it_keeps_times_in_working_minutes(personas, stream, value, unit, minutes):
    step = services.add_step(
        stream=stream,
        fields={
            **STEP,
            "waiting_time": value,
            "waiting_unit": unit,
            "process_time": value,
            "process_unit": unit,
        },
        by=personas.team_member,
    )
    step.refresh_from_db()

    assert (step.waiting_time, step.waiting_unit, step.waiting_minutes) == (value, unit, minutes)
    assert step.process_minutes == minutes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"process_time": D(-1)}, "Een tijd kan niet negatief zijn."),
        ({"waiting_time": D("-0.5")}, "Een tijd kan niet negatief zijn."),
        ({"waiting_time": "veel"}, "Geef een tijd als getal."),
        ({"process_time": D(100000)}, "Die tijd is te groot"),
        ({"pct_complete_accurate": 101}, "%C&A is een percentage tussen 0 en 100."),
        ({"pct_complete_accurate": -5}, "%C&A is een percentage tussen 0 en 100."),
        ({"process_unit": "months"}, "Onbekende tijdseenheid."),
        ({"classification": "nice"}, "Onbekende soort stap."),
        ({"wastes": ["talent"]}, "Onbekende verspilling."),
        ({"name": "  "}, "Geef de stap een naam."),
    ],
)
def test_it_refuses_bad_input_with_a_message(personas, stream, change, message):
    step = stream.steps.first()
    with pytest.raises(DomainError, match=message):
        services.add_step(stream=stream, fields={**STEP, **change}, by=personas.team_member)
    with pytest.raises(DomainError, match=message):
        services.change_step(step=step, fields={**STEP, **change}, by=personas.team_member)
    assert stream.steps.count() == 3


def test_bad_input_never_reaches_the_database_either():
    from django.db import IntegrityError, transaction

    with transaction.atomic(), pytest.raises(IntegrityError):
        Step.objects.create(stream=StreamFactory(), name="x", pct_complete_accurate=150)


def test_it_orders_the_wastes_and_keeps_each_once(personas, stream):
    step = services.add_step(
        stream=stream,
        fields={**STEP, "wastes": ["defects", "transport", "defects"]},
        by=personas.team_member,
    )

    assert step.wastes == ["transport", "defects"]


def test_a_future_state_starts_as_a_copy_of_its_current_state(personas, stream):
    tom = personas.team_member
    future = services.create_stream(
        project=stream.project,
        name="boeken aan huis, online",
        state="future",
        current=stream,
        by=tom,
    )

    assert future.current == stream
    assert list(future.steps.values_list("name", "position", "waiting_minutes")) == list(
        stream.steps.values_list("name", "position", "waiting_minutes")
    )
    first = future.steps.get(position=1)
    services.change_step(step=first, fields={**STEP, "process_time": D(5)}, by=tom)
    services.remove_step(step=future.steps.get(position=2), by=tom)

    comparison = compare(figures(stream), figures(future))
    assert comparison.steps.delta == -1
    assert comparison.lead_time.delta == D(5 + 30 + 1440) - D(2080)
    assert comparison.process_time.delta == D(-125)
    assert comparison.rolled_pca.delta == D("0.8") - D("0.45")
    assert list(future.steps.values_list("position", flat=True)) == [1, 2]


def test_a_future_state_refers_to_a_current_state_of_the_same_project(personas, stream):
    tom = personas.team_member
    elsewhere = StreamFactory()
    future = services.create_stream(
        project=stream.project, name="morgen", state="future", current=stream, by=tom
    )
    for current in (None, elsewhere, future):
        with pytest.raises(
            DomainError, match="verwijst naar een huidige toestand van hetzelfde project"
        ):
            services.create_stream(
                project=stream.project, name="x", state="future", current=current, by=tom
            )
    with pytest.raises(DomainError, match="Onbekende toestand"):
        services.create_stream(project=stream.project, name="x", state="past", by=tom)
    plain = services.create_stream(
        project=stream.project, name="y", state="current", current=stream, by=tom
    )
    assert plain.current is None


def test_a_current_state_stays_while_a_future_state_refers_to_it(personas, stream):
    tom = personas.team_member
    future = services.create_stream(
        project=stream.project, name="morgen", state="future", current=stream, by=tom
    )

    with pytest.raises(DomainError, match="Verwijder eerst de toekomstige toestanden"):
        services.delete_stream(stream=stream, by=tom)
    services.delete_stream(stream=future, by=tom)
    services.delete_stream(stream=stream, by=tom)
    assert not ValueStream.objects.exists()


def test_it_moves_a_step_earlier_and_later(personas, stream):
    tom = personas.team_member
    last = stream.steps.get(position=3)

    assert services.move_step(step=last, direction="up", by=tom)
    assert last.position == 2
    assert not services.move_step(step=stream.steps.get(position=1), direction="up", by=tom)
    assert list(stream.steps.values_list("name", flat=True)) == [
        "aanvraag noteren",
        "boeken brengen",
        "boeken verzamelen",
    ]


def test_only_the_team_and_coordinators_map_a_stream(personas, stream):
    for someone in (personas.outsider, personas.other_member):
        with pytest.raises(DomainError, match="Alleen het projectteam"):
            services.add_step(stream=stream, fields=STEP, by=someone)
        with pytest.raises(DomainError, match="Alleen het projectteam"):
            services.create_stream(project=stream.project, name="x", state="current", by=someone)
    services.rename_stream(stream=stream, name="aan-huis-dienst", by=personas.coordinator)
    stream.refresh_from_db()
    assert stream.name == "aan-huis-dienst"
