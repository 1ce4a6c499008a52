"""The bound metrics, computed in the database: on hand-made response sets, and equal to a
naive computation in Python on generated ones."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeftuin.participation.metrics import Measure, Measurement, measure
from proeftuin.participation.models import MetricBinding, ParticipationForm, Response

from .conftest import Kind, question, store

Aggregate = MetricBinding.Aggregate
Condition = MetricBinding.Condition


def test_it_measures_the_share_of_a_scale_at_least_four(survey: ParticipationForm) -> None:
    scale = question(survey, Kind.SCALE)
    store(survey, [{scale: v} for v in (5, 4, 3, 2)] + [{}])  # one skipped the question
    result = measure(survey.pk, Measure(Aggregate.SHARE, scale, Condition.GTE, Decimal(4)))
    assert result == Measurement(Decimal("50.00"), 4)


def test_it_measures_the_share_of_a_choice_once_per_response(survey: ParticipationForm) -> None:
    multiple = question(survey, Kind.MULTIPLE)
    store(
        survey,
        [{multiple: ["Website", "Balie"]}, {multiple: ["Telefoon"]}, {multiple: ["Website"]}],
    )
    result = measure(
        survey.pk, Measure(Aggregate.SHARE, multiple, Condition.CHOSEN, choice="Website")
    )
    assert result == Measurement(Decimal("66.67"), 3)


def test_it_measures_the_share_of_yes(survey: ParticipationForm) -> None:
    yes_no = question(survey, Kind.YES_NO)
    store(survey, [{yes_no: "yes"}, {yes_no: "no"}, {yes_no: "yes"}, {yes_no: "yes"}])
    result = measure(survey.pk, Measure(Aggregate.SHARE, yes_no, Condition.CHOSEN, choice="yes"))
    assert result == Measurement(Decimal("75.00"), 4)


def test_it_measures_the_mean_of_a_number_exactly(survey: ParticipationForm) -> None:
    number = question(survey, Kind.NUMBER)
    store(survey, [{number: "0.1"}, {number: "0.2"}, {number: "10.04"}])
    assert measure(survey.pk, Measure(Aggregate.MEAN, number)) == Measurement(Decimal("3.45"), 3)


def test_it_measures_the_nps(survey: ParticipationForm) -> None:
    nps = question(survey, Kind.NPS)
    # 3 promoters, 2 passives, 5 detractors of 10: 30 % - 50 % = -20.
    store(survey, [{nps: v} for v in (10, 9, 9, 8, 7, 6, 5, 0, 3, 6)])
    assert measure(survey.pk, Measure(Aggregate.NPS, nps)) == Measurement(Decimal("-20.00"), 10)


def test_it_counts_responses(survey: ParticipationForm) -> None:
    store(survey, [{}, {}, {}])
    assert measure(survey.pk, Measure(Aggregate.COUNT)) == Measurement(Decimal(3), 3)


def test_it_has_no_value_without_answers(survey: ParticipationForm) -> None:
    scale = question(survey, Kind.SCALE)
    assert measure(survey.pk, Measure(Aggregate.MEAN, scale)) == Measurement(None, 0)
    assert measure(survey.pk, Measure(Aggregate.COUNT)) == Measurement(Decimal(0), 0)


def test_it_runs_one_query(survey: ParticipationForm, django_assert_num_queries: Any) -> None:
    nps = question(survey, Kind.NPS)
    store(survey, [{nps: v} for v in range(11)])
    with django_assert_num_queries(1):
        measure(survey.pk, Measure(Aggregate.NPS, nps))


# The naive computation: every response loaded, the formulas in metrics.py's docstring.


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def naive(values: list[Any], aggregate: str, meets: Any = None) -> Measurement:
    answered = [v for v in values if v is not None and v != []]
    if not answered:
        return Measurement(None, 0)
    n = len(answered)
    if aggregate == Aggregate.SHARE:
        return Measurement(cents(Decimal(100 * sum(1 for v in answered if meets(v))) / n), n)
    if aggregate == Aggregate.MEAN:
        return Measurement(cents(sum(answered, Decimal(0)) / n), n)
    promoters = sum(1 for v in answered if v >= 9)
    detractors = sum(1 for v in answered if v <= 6)
    return Measurement(cents(Decimal(100 * (promoters - detractors)) / n), n)


maybe = st.none
numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
responses = st.lists(
    st.fixed_dictionaries(
        {
            "scale": maybe() | st.integers(1, 5),
            "nps": maybe() | st.integers(0, 10),
            "number": maybe() | numbers,
            "multiple": st.lists(st.sampled_from(["Website", "Telefoon", "Balie"]), unique=True),
        }
    ),
    max_size=40,
)

SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@SLOW
@given(rows=responses, threshold=st.integers(1, 5), cut=numbers)
def test_it_equals_the_naive_computation(
    survey: ParticipationForm, rows: list[dict[str, Any]], threshold: int, cut: Decimal
) -> None:
    Response.objects.filter(form=survey).delete()
    questions = {kind: question(survey, kind) for kind in ("scale", "nps", "number", "multiple")}
    store(
        survey,
        [{questions[k]: v for k, v in row.items() if v is not None and v != []} for row in rows],
    )
    column = {k: [row[k] for row in rows] for k in questions}
    scale, nps, number, multiple = (questions[k] for k in ("scale", "nps", "number", "multiple"))

    assert measure(
        survey.pk, Measure(Aggregate.SHARE, scale, Condition.GTE, Decimal(threshold))
    ) == naive(column["scale"], Aggregate.SHARE, lambda v: v >= threshold)
    assert measure(survey.pk, Measure(Aggregate.SHARE, number, Condition.LT, cut)) == naive(
        column["number"], Aggregate.SHARE, lambda v: v < cut
    )
    assert measure(
        survey.pk, Measure(Aggregate.SHARE, multiple, Condition.CHOSEN, choice="Balie")
    ) == naive(column["multiple"], Aggregate.SHARE, lambda v: "Balie" in v)
    assert measure(survey.pk, Measure(Aggregate.MEAN, scale)) == naive(
        [None if v is None else Decimal(v) for v in column["scale"]], Aggregate.MEAN
    )
    assert measure(survey.pk, Measure(Aggregate.MEAN, number)) == naive(
        column["number"], Aggregate.MEAN
    )
    assert measure(survey.pk, Measure(Aggregate.NPS, nps)) == naive(column["nps"], Aggregate.NPS)
    assert measure(survey.pk, Measure(Aggregate.COUNT)) == Measurement(
        Decimal(len(rows)), len(rows)
    )
