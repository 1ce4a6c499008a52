"""The figures of a canvas (fit) and of a value stream (lead time, process cycle efficiency,
rolled %C&A, waits and wastes), on hand-made examples and, with hypothesis, their
invariants."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proeftuin.canvases.compute import (
    WASTES,
    Item,
    StepData,
    compare,
    fit,
    percentage,
    stream_figures,
    to_minutes,
)

D = Decimal


def item(key, kind, rank, addresses=()):
    return Item(
        key=key, kind=kind, text=f"{kind} {rank}", rank=rank, addresses=frozenset(addresses)
    )


def step(key, process, wait, pca=100, classification="value_adding", wastes=()):
    return StepData(
        key=key,
        name=f"stap {key}",
        process_minutes=D(process),
        waiting_minutes=D(wait),
        pct_complete_accurate=pca,
        classification=classification,
        wastes=tuple(wastes),
    )


# Fit -----------------------------------------------------------------------------------


def test_it_counts_the_top_three_pains_and_gains_addressed():
    items = [
        *(item(k, "pain", k) for k in (1, 2, 3, 4)),
        *(item(10 + k, "gain", k) for k in (1, 2, 3)),
        item(20, "pain_reliever", 1, addresses=[1, 4]),  # pain 4 is not in the top three
        item(21, "pain_reliever", 2, addresses=[3]),
        item(22, "gain_creator", 1, addresses=[12]),
        item(23, "product_service", 1),
    ]

    result = fit(items)

    assert [i.key for i in result.considered] == [1, 2, 3, 11, 12, 13]
    assert [i.key for i in result.addressed] == [1, 3, 12]
    assert [i.key for i in result.not_addressed] == [2, 11, 13]
    assert result.share == D(1) / D(2)
    assert result.percent == 50


def test_it_follows_the_rank_not_the_order_of_creation():
    items = [item(1, "pain", 4), item(2, "pain", 1), item(3, "pain", 2), item(4, "pain", 3)]
    items.append(item(9, "pain_reliever", 1, addresses=[1]))

    result = fit(items)

    assert [i.key for i in result.considered] == [2, 3, 4]
    assert result.percent == 0


def test_it_takes_a_different_top_when_asked():
    items = [item(1, "pain", 1), item(2, "pain", 2), item(3, "pain_reliever", 1, addresses=[1])]

    assert fit(items, top=1).percent == 100
    assert fit(items, top=2).percent == 50


def test_it_counts_a_pain_only_when_a_pain_reliever_addresses_it():
    # A gain creator "addressing" a pain (never stored: the services refuse it) adds nothing.
    items = [item(1, "pain", 1), item(2, "gain", 1), item(3, "gain_creator", 1, addresses=[1])]

    assert fit(items).addressed == ()


def test_it_has_no_fit_without_pains_or_gains():
    result = fit([item(1, "job", 1), item(2, "pain_reliever", 1)])

    assert result.share is None and result.percent is None


def test_it_rounds_the_percentage():
    items = [item(k, "pain", k) for k in (1, 2, 3)] + [item(9, "pain_reliever", 1, [1, 2])]

    assert fit(items).percent == 67


# Value stream ----------------------------------------------------------------------------


def test_it_computes_a_hand_computed_stream():
    steps = [
        step(1, to_minutes(D(10), "minutes"), 0, pca=90),
        step(
            2,
            to_minutes(D(2), "hours"),
            to_minutes(D(1), "days"),
            pca=50,
            classification="necessary_nva",
        ),
        step(
            3,
            to_minutes(D(30), "minutes"),
            to_minutes(D(3), "days"),
            wastes=["waiting", "transport"],
        ),
    ]

    figures = stream_figures(steps)

    assert figures.steps == 3
    assert figures.process_time == D(160)
    assert figures.waiting_time == D(1920)
    assert figures.lead_time == D(2080)
    assert figures.value_adding_time == D(40)
    assert figures.efficiency == D(40) / D(2080)
    assert round(figures.efficiency * 100, 2) == D("1.92")
    assert figures.rolled_pca == D("0.45")
    assert [s.key for s in figures.biggest_waits] == [3, 2]
    assert figures.waste_counts == (("transport", 1), ("waiting", 1))
    assert figures.waste_steps == 1


def test_it_rounds_percentages_half_up():
    assert percentage(D(10) / D(1485), 1) == D("0.7")
    assert percentage(D("0.125")) == 13
    assert percentage(D("0.0149"), 1) == D("1.5")
    assert percentage(D(1)) == 100


def test_it_counts_working_time():
    assert to_minutes(D(1), "minutes") == 1
    assert to_minutes(D("1.5"), "hours") == 90
    assert to_minutes(D(1), "days") == 480  # one working day of 8 hours
    assert to_minutes(D(1), "weeks") == 2400  # five working days
    assert to_minutes(D("0.25"), "days") == 120


def test_it_counts_each_waste_once_per_step_and_lists_the_most_frequent_first():
    steps = [
        step(1, 5, 0, wastes=["defects", "defects", "motion"]),
        step(2, 5, 0, wastes=["motion"]),
        step(3, 5, 0, wastes=["transport"]),
        step(4, 5, 0),
    ]

    figures = stream_figures(steps)

    assert figures.waste_counts == (("motion", 2), ("transport", 1), ("defects", 1))
    assert figures.waste_steps == 3


def test_it_keeps_the_three_biggest_waits():
    steps = [step(k, 1, wait) for k, wait in enumerate([5, 0, 50, 20, 30, 10])]

    assert [s.waiting_minutes for s in stream_figures(steps).biggest_waits] == [50, 30, 20]


def test_an_empty_stream_has_no_efficiency_or_rolled_pca():
    figures = stream_figures([])

    assert figures.lead_time == 0 and figures.efficiency is None and figures.rolled_pca is None


def test_a_stream_without_any_time_has_no_efficiency():
    figures = stream_figures([step(1, 0, 0, pca=80)])

    assert figures.efficiency is None and figures.rolled_pca == D("0.8")


def test_it_compares_a_future_state_with_its_current_state():
    current = stream_figures(
        [step(1, 30, 2400, pca=50), step(2, 60, 960, classification="waste", wastes=["defects"])]
    )
    future = stream_figures([step(1, 20, 480, pca=90)])

    comparison = compare(current, future)

    assert comparison.lead_time.current == D(3450)
    assert comparison.lead_time.future == D(500)
    assert comparison.lead_time.delta == D(-2950)
    assert comparison.steps.delta == -1
    assert comparison.waste_steps.delta == -1
    assert comparison.rolled_pca.delta == D("0.4")
    assert comparison.efficiency.delta == D(20) / D(500) - D(30) / D(3450)


def test_a_comparison_with_an_empty_state_has_no_delta_for_ratios():
    comparison = compare(stream_figures([]), stream_figures([step(1, 10, 10)]))

    assert comparison.efficiency.delta is None
    assert comparison.lead_time.delta == 20


# Invariants ------------------------------------------------------------------------------

times = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
steps_strategy = st.lists(
    st.builds(
        StepData,
        key=st.integers(),
        name=st.just("stap"),
        process_minutes=times,
        waiting_minutes=times,
        pct_complete_accurate=st.integers(min_value=0, max_value=100),
        classification=st.sampled_from(["value_adding", "necessary_nva", "waste"]),
        wastes=st.lists(st.sampled_from(WASTES), max_size=4).map(tuple),
    ),
    max_size=30,
)


@given(steps_strategy)
def test_efficiency_lies_between_zero_and_one(steps):
    efficiency = stream_figures(steps).efficiency
    assert efficiency is None or 0 <= efficiency <= 1


@given(steps_strategy)
def test_lead_time_is_at_least_the_process_time(steps):
    figures = stream_figures(steps)
    assert figures.lead_time >= figures.process_time >= figures.value_adding_time >= 0
    assert figures.lead_time == figures.process_time + figures.waiting_time


@given(steps_strategy)
def test_rolled_pca_is_at_most_each_steps_pca(steps):
    rolled = stream_figures(steps).rolled_pca
    if not steps:
        assert rolled is None
        return
    assert 0 <= rolled <= 1
    for s in steps:
        assert rolled <= D(s.pct_complete_accurate) / 100


@given(steps_strategy)
def test_the_biggest_waits_are_the_longest(steps):
    figures = stream_figures(steps)
    shown = [s.waiting_minutes for s in figures.biggest_waits]
    assert shown == sorted(shown, reverse=True)
    rest = [s.waiting_minutes for s in steps if s not in figures.biggest_waits]
    assert all(w <= min(shown) for w in rest) if shown else all(w == 0 for w in rest)


@given(
    st.lists(st.integers(min_value=1, max_value=8), min_size=0, max_size=8),
    st.lists(st.integers(min_value=1, max_value=8), min_size=0, max_size=8),
    st.sets(st.integers(min_value=0, max_value=15)),
)
def test_fit_lies_between_zero_and_one_and_splits_the_top(pain_ranks, gain_ranks, targets):
    items = [item(k, "pain", r) for k, r in enumerate(pain_ranks)]
    items += [item(8 + k, "gain", r) for k, r in enumerate(gain_ranks)]
    items += [item(100, "pain_reliever", 1, targets), item(101, "gain_creator", 1, targets)]

    result = fit(items)

    assert len(result.considered) == min(3, len(pain_ranks)) + min(3, len(gain_ranks))
    assert set(result.addressed) | set(result.not_addressed) == set(result.considered)
    assert result.share is None or 0 <= result.share <= 1


@pytest.mark.parametrize("unit", ["seconds", "months", ""])
def test_an_unknown_unit_is_no_duration(unit):
    with pytest.raises(KeyError):
        to_minutes(D(1), unit)
