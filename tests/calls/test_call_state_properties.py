"""Properties of the states that follow from dates (hypothesis): the status a call shows
and the calls the database calls open always agree, and a rolling call's round is the first
review date at or after the submission."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeftuin.calls.models import Call, ReviewDate

from .conftest import CallFactory

moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(opens=moments, length=st.integers(min_value=1, max_value=200), now=moments)
def test_it_agrees_with_the_database_on_which_calls_are_open(opens, length, now):
    call = CallFactory(opens_at=opens, closes_at=opens + timedelta(days=length))

    open_in_database = Call.objects.open(now).filter(pk=call.pk).exists()

    assert open_in_database == (call.status_at(now) == Call.Status.OPEN)
    assert call.status_at(now) == (
        Call.Status.UPCOMING
        if now < opens
        else Call.Status.CLOSED
        if now >= call.closes_at
        else Call.Status.OPEN
    )
    call.delete()


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cutoffs=st.lists(moments, min_size=1, max_size=5, unique=True), submitted=moments)
def test_it_puts_a_need_in_the_first_round_that_closes_after_it(cutoffs, submitted):
    call = CallFactory(rolling=True, review_dates=cutoffs)

    found = call.round_for(submitted)

    later = sorted(c for c in cutoffs if c >= submitted)
    assert (found.cutoff_at if found else None) == (later[0] if later else None)
    ReviewDate.objects.filter(call=call).delete()
    call.delete()
