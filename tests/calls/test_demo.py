"""`make run` shows a decided call of last spring and an open call with about forty needs."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from proeftuin.calls.models import Call, Need, Support

from .conftest import frozen

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (Call, Need, Support)}


def test_it_loads_the_demo_programme_once_however_often_it_runs():
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert first["Call"] >= 2


def test_it_shows_a_decided_spring_call_and_an_open_call_with_about_forty_needs_and_support():
    call_command("load_demo", verbosity=0)

    now = timezone.now()
    # This app's calls; the insights demo adds a decided call of the year before.
    decided = [
        c
        for c in Call.objects.filter(slug__startswith="proeftuin-")
        if c.status == Call.Status.DECIDED
    ]
    open_calls = list(Call.objects.open())
    assert len(decided) == 1
    assert len(open_calls) == 1
    spring, current = decided[0], open_calls[0]
    assert timezone.localtime(spring.opens_at).month == 3
    assert spring.decided_at <= now

    states = Counter(current.needs.values_list("status", flat=True))
    assert 35 <= sum(states.values()) <= 50
    assert {"draft", "submitted", "retained", "declined", "backlog", "withdrawn", "merged"} <= set(
        states
    )
    assert Need.objects.challenges().filter(call=current).exists()
    assert Support.objects.filter(need__call=current).exists()
    # Every supporter lies outside the need's own municipalities.
    for support in Support.objects.select_related("need__organisation", "organisation"):
        own = set(support.need.organisation.municipalities.values_list("pk", flat=True))
        theirs = set(support.organisation.municipalities.values_list("pk", flat=True))
        assert not own & theirs
    # No submission lies in the future, or before its call opened.
    for need in Need.objects.exclude(submitted_at=None).select_related("call"):
        assert need.call.opens_at <= need.submitted_at <= now, need.title


def test_it_takes_last_years_spring_call_early_in_the_year():
    with frozen(datetime(2027, 2, 10, 9, 0, tzinfo=UTC)) as now:
        call_command("load_demo", verbosity=0)

        spring = next(c for c in Call.objects.all() if c.decided_at)
        assert spring.status == Call.Status.DECIDED
        assert spring.closes_at < spring.decided_at <= now
        assert timezone.localtime(spring.opens_at).year == 2026
        assert Call.objects.open().count() == 1
