"""An expert's load month by month, computed by the database (hand-made cases)."""

from datetime import date

import pytest
from django.utils import timezone

from proeftuin.projects import experts
from proeftuin.projects.models import ExpertProfile, Project

from .conftest import ExpertFactory, MemberFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_counts_calendar_months_across_years_and_leap_days() -> None:
    months = experts.months_from(date(2027, 11, 30), 4)

    assert [(m.first, m.last) for m in months] == [
        (date(2027, 11, 1), date(2027, 11, 30)),
        (date(2027, 12, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 1, 31)),
        (date(2028, 2, 1), date(2028, 2, 29)),
    ]


def _loaded(expert: ExpertProfile, months: list[experts.Month]) -> ExpertProfile:
    return experts.with_load(ExpertProfile.objects.filter(pk=expert.pk), months).get()


def test_it_sums_the_hours_of_periods_that_touch_each_month() -> None:
    expert = ExpertFactory(hours_per_month=20)
    user = expert.user
    # Ten hours from the last day of January to the first of February: both months.
    MemberFactory(
        user=user, hours_per_month=10, starts_on=date(2027, 1, 31), ends_on=date(2027, 2, 1)
    )
    # Ended the day before the first month: never counted.
    MemberFactory(user=user, hours_per_month=5, ends_on=date(2026, 12, 31))
    # Open ended from March.
    MemberFactory(user=user, hours_per_month=4, starts_on=date(2027, 3, 1))
    # Ends on the first day of January: January counts.
    MemberFactory(user=user, hours_per_month=7, ends_on=date(2027, 1, 1))
    # An invitation not yet answered holds its hours.
    MemberFactory(
        user=user,
        hours_per_month=6,
        accepted_at=None,
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 2, 28),
    )
    # A stopped project frees them.
    MemberFactory(
        user=user,
        hours_per_month=3,
        project=ProjectFactory(outcome=Project.Outcome.STOPPED, outcome_at=timezone.now()),
    )
    # Someone else's hours are theirs.
    MemberFactory(hours_per_month=9)

    months = experts.months_from(date(2027, 1, 15), 3)
    loaded = _loaded(expert, months)

    assert experts.loads_of(loaded, months) == [17, 16, 4]
    assert loaded.peak_load == 17
    assert loaded.free_hours == 3
    assert loaded.project_count == 2
    assert experts.peak_load_of(user, months) == 17
    assert experts.peak_load_of(user, months[1:]) == 16


def test_it_gives_an_expert_without_commitments_all_their_hours() -> None:
    expert = ExpertFactory(hours_per_month=12)
    MemberFactory(user=expert.user, hours_per_month=0)  # a role without committed hours

    months = experts.months_from(date(2027, 1, 1), 6)
    loaded = _loaded(expert, months)

    assert experts.loads_of(loaded, months) == [0] * 6
    assert (loaded.peak_load, loaded.free_hours, loaded.project_count) == (0, 12, 0)


def test_it_shows_an_over_booked_expert_with_negative_free_hours() -> None:
    expert = ExpertFactory(hours_per_month=8)
    MemberFactory(user=expert.user, hours_per_month=6)
    MemberFactory(user=expert.user, hours_per_month=6)

    loaded = _loaded(expert, experts.months_from(date(2027, 5, 1), 2))

    assert loaded.free_hours == -4
