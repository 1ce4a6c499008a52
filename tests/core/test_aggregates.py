"""The percentile layer, against Python's own statistics, on whichever database runs the
suite (`make test` runs it on SQLite and on PostgreSQL)."""

import statistics
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Value, When
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeftuin.core.aggregates import Seconds, percentiles
from proeftuin.core.models import ActivityLog, Theme

pytestmark = pytest.mark.django_db

START = datetime(2025, 1, 1, tzinfo=UTC)
FRACTIONS = [0.5, 0.9]


def _rows(seconds: list[int | None]) -> None:
    """One log row per value, `value` seconds after START; None: a row without an end."""
    kind = ContentType.objects.get_for_model(Theme)
    ActivityLog.objects.bulk_create(
        ActivityLog(
            action="test.percentile" if value is not None else "test.other",
            content_type=kind,
            object_id=str(n),
            created_at=START + timedelta(seconds=value or 0),
        )
        for n, value in enumerate(seconds)
    )


def _durations() -> Seconds:
    return Seconds(F("created_at"), Value(START, output_field=DateTimeField()))


def _measured(seconds: list[int | None], fractions: list[float]) -> list[float | None]:
    _rows(seconds)
    return percentiles(
        ActivityLog.objects.filter(action="test.percentile"), _durations(), fractions
    )


def test_it_computes_the_median_and_the_90th_percentile_by_hand():
    # Sorted 1, 2, 3, 4, 10: the median is the middle one; the 90th percentile lies at
    # position 0.9 * 4 = 3.6, so 4 + 0.6 * (10 - 4) = 7.6.
    assert _measured([10, 3, 1, 4, 2], FRACTIONS) == pytest.approx([3, 7.6], abs=1e-3)


def test_it_interpolates_between_the_two_middle_values_of_an_even_number():
    assert _measured([100, 200, 400, 800], [0.5, 0, 1]) == pytest.approx([300, 100, 800], abs=1e-3)


def test_it_gives_the_one_value_for_a_single_row():
    assert _measured([42], FRACTIONS) == pytest.approx([42, 42], abs=1e-3)


def test_it_gives_none_without_rows():
    assert percentiles(ActivityLog.objects.none(), "id", FRACTIONS) == [None, None]
    assert percentiles(ActivityLog.objects.filter(action="nothing"), "id", FRACTIONS) == [
        None,
        None,
    ]


def test_it_leaves_rows_without_a_value_out():
    _rows([5, None, 7, None, 9])
    # The "test.other" rows have no start, so no duration: they count for nothing.
    start = Case(When(action="test.percentile", then=Value(START, output_field=DateTimeField())))
    durations = Seconds(F("created_at"), start)
    log = ActivityLog.objects.filter(action__startswith="test.")
    assert percentiles(log, durations, [0, 0.5, 1]) == pytest.approx([5, 7, 9], abs=1e-3)


def test_it_runs_one_query(django_assert_num_queries):
    _rows([1, 2, 3])
    with django_assert_num_queries(1):
        percentiles(ActivityLog.objects.all(), _durations(), [0.1, 0.5, 0.9, 0.99])


def test_it_refuses_a_fraction_outside_zero_to_one():
    with pytest.raises(ValueError):
        percentiles(ActivityLog.objects.all(), "id", [1.5])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.integers(min_value=0, max_value=400 * 24 * 3600), min_size=1, max_size=40),
    st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0]), min_size=1),
)
def test_it_agrees_with_python_statistics(seconds, fractions):
    with transaction.atomic():
        found = _measured(list(seconds), fractions)
        transaction.set_rollback(True)
    # statistics.quantiles(method="inclusive", n=100) gives the 1st to the 99th percentile;
    # the 0th and the 100th are the lowest and the highest value.
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else []
    expected = [
        min(seconds)
        if f == 0
        else max(seconds)
        if f == 1
        else cuts[round(f * 100) - 1]
        if cuts
        else seconds[0]
        for f in fractions
    ]
    assert found == pytest.approx(expected, abs=0.01)
