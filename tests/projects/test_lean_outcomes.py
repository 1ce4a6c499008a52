"""What a measurement says and what a hypothesis's experiments say about it: the pure rules of
DESIGN.md ("The lifecycles: Experiment"), for every operator, at the threshold and around it,
and for any set of experiments hypothesis can think of."""

import operator as op
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proeftuin.projects.models import Experiment, Hypothesis
from proeftuin.projects.outcomes import Evidence, experiment_result, hypothesis_verdict

Operator = Experiment.Operator
Result = Experiment.Result
Status = Hypothesis.Status

PLAIN = {
    Operator.GTE: op.ge,
    Operator.GT: op.gt,
    Operator.LTE: op.le,
    Operator.LT: op.lt,
    Operator.EQ: op.eq,
}
STEP = Decimal("0.01")
# Values as a test card holds them: two decimals, within max_digits=12.
amounts = st.decimals(
    min_value=Decimal("-100000"),
    max_value=Decimal("100000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


def result(operator, threshold, measured, data_points=5, min_data_points=5):
    return experiment_result(
        operator=operator,
        threshold=Decimal(threshold),
        measured=Decimal(measured),
        data_points=data_points,
        min_data_points=min_data_points,
    )


@pytest.mark.parametrize(
    ("operator", "below", "at", "above"),
    [
        (Operator.GTE, Result.INVALIDATED, Result.VALIDATED, Result.VALIDATED),
        (Operator.GT, Result.INVALIDATED, Result.INVALIDATED, Result.VALIDATED),
        (Operator.LTE, Result.VALIDATED, Result.VALIDATED, Result.INVALIDATED),
        (Operator.LT, Result.VALIDATED, Result.INVALIDATED, Result.INVALIDATED),
        (Operator.EQ, Result.INVALIDATED, Result.VALIDATED, Result.INVALIDATED),
    ],
)
@pytest.mark.parametrize("threshold", ["0", "10", "37.5", "-4.25"])
def test_it_judges_each_operator_at_the_threshold_and_a_cent_around_it(
    operator, below, at, above, threshold
):
    threshold = Decimal(threshold)

    assert result(operator, threshold, threshold - STEP) == below
    assert result(operator, threshold, threshold) == at
    assert result(operator, threshold, threshold + STEP) == above


def test_it_treats_equal_amounts_written_differently_as_equal():
    assert result(Operator.EQ, "10", "10.00") == Result.VALIDATED
    assert result(Operator.GT, "10.0", "10.00") == Result.INVALIDATED


@given(operator=st.sampled_from(list(Operator)), threshold=amounts, measured=amounts)
def test_it_agrees_with_the_plain_comparison(operator, threshold, measured):
    expected = Result.VALIDATED if PLAIN[operator](measured, threshold) else Result.INVALIDATED

    assert result(operator, threshold, measured) == expected


@given(
    operator=st.sampled_from(list(Operator)),
    threshold=amounts,
    cents=st.integers(min_value=-300, max_value=300),
)
def test_it_agrees_with_the_plain_comparison_a_few_cents_from_the_threshold(
    operator, threshold, cents
):
    # Random pairs rarely land near each other; an off-by-one in an operator shows here.
    measured = threshold + cents * STEP
    expected = Result.VALIDATED if PLAIN[operator](measured, threshold) else Result.INVALIDATED

    assert result(operator, threshold, measured) == expected


@given(
    operator=st.sampled_from(list(Operator)),
    threshold=amounts,
    measured=amounts,
    min_data_points=st.integers(min_value=1, max_value=10_000),
    data=st.data(),
)
def test_it_is_inconclusive_with_fewer_data_points_than_the_minimum_whatever_the_value(
    operator, threshold, measured, min_data_points, data
):
    data_points = data.draw(st.integers(min_value=0, max_value=min_data_points - 1))

    assert (
        result(operator, threshold, measured, data_points, min_data_points) == Result.INCONCLUSIVE
    )


@given(
    operator=st.sampled_from(list(Operator)),
    threshold=amounts,
    measured=amounts,
    min_data_points=st.integers(min_value=1, max_value=10_000),
    extra=st.integers(min_value=0, max_value=10_000),
)
def test_it_is_conclusive_from_the_minimum_number_of_data_points_on(
    operator, threshold, measured, min_data_points, extra
):
    assert result(operator, threshold, measured, min_data_points + extra, min_data_points) in (
        Result.VALIDATED,
        Result.INVALIDATED,
    )


# --- the hypothesis's verdict -------------------------------------------------------------

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def done(result, strength, days=0):
    return Evidence(result=result, strength=strength, completed_at=T0 + timedelta(days=days))


def test_it_leaves_a_hypothesis_without_experiments_untested():
    assert hypothesis_verdict([]) == (1, Status.UNTESTED)


def test_it_calls_a_hypothesis_with_only_inconclusive_experiments_inconclusive():
    verdict = hypothesis_verdict(
        [done(Result.INCONCLUSIVE, 5), done(Result.INCONCLUSIVE, 2, days=1)]
    )

    assert verdict == (1, Status.INCONCLUSIVE)


def test_it_takes_the_evidence_and_status_of_the_strongest_conclusive_experiment():
    verdict = hypothesis_verdict(
        [
            done(Result.VALIDATED, 2),
            done(Result.INVALIDATED, 4, days=1),
            done(Result.VALIDATED, 3, days=2),
            done(Result.INCONCLUSIVE, 5, days=3),
        ]
    )

    assert verdict == (4, Status.INVALIDATED)


def test_it_takes_the_most_recent_of_equally_strong_experiments_whatever_their_order():
    earlier, later = done(Result.VALIDATED, 3), done(Result.INVALIDATED, 3, days=1)

    assert hypothesis_verdict([earlier, later]) == (3, Status.INVALIDATED)
    assert hypothesis_verdict([later, earlier]) == (3, Status.INVALIDATED)


def test_it_is_not_lowered_by_a_later_weaker_experiment():
    verdict = hypothesis_verdict([done(Result.VALIDATED, 4), done(Result.INVALIDATED, 1, days=5)])

    assert verdict == (4, Status.VALIDATED)


evidences = st.builds(
    Evidence,
    result=st.sampled_from(list(Result)),
    strength=st.integers(min_value=1, max_value=5),
    completed_at=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
)


@given(st.lists(evidences, max_size=12))
def test_its_evidence_is_one_to_five_and_its_status_the_result_of_a_strongest_experiment(
    experiments,
):
    evidence, status = hypothesis_verdict(experiments)

    assert 1 <= evidence <= 5
    conclusive = [e for e in experiments if e.result != Result.INCONCLUSIVE]
    if not conclusive:
        assert (evidence, status) == (
            1,
            Status.INCONCLUSIVE if experiments else Status.UNTESTED,
        )
        return
    assert evidence == max(e.strength for e in conclusive)
    strongest = [e for e in conclusive if e.strength == evidence]
    assert status in {e.result for e in strongest}
    latest = max(e.completed_at for e in strongest)
    assert status in {e.result for e in strongest if e.completed_at == latest}


@given(st.lists(evidences, max_size=12, unique_by=lambda e: e.completed_at), st.randoms())
def test_its_verdict_does_not_depend_on_the_order_of_the_experiments(experiments, random):
    shuffled = list(experiments)
    random.shuffle(shuffled)

    assert hypothesis_verdict(shuffled) == hypothesis_verdict(experiments)


@given(st.lists(evidences, max_size=12), evidences)
def test_its_evidence_never_drops_when_an_experiment_is_added(experiments, later):
    before, _ = hypothesis_verdict(experiments)
    after, _ = hypothesis_verdict([*experiments, later])

    assert after >= before
