"""The demo's second year: the call before the spring call, decided, with needs from every
province and Brussels and four projects whose history lies in the past, so that every
section of the dashboard has something to say; loading twice changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from proeftuin.calls.models import Call, Need
from proeftuin.core.models import ActivityLog
from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import flow, portfolio
from proeftuin.projects.models import Experiment, Project
from proeftuin.scaling.models import Adoption, Service

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_years_of_history_and_loads_once(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    counts = (Need.objects.count(), Project.objects.count(), ActivityLog.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Need.objects.count(), Project.objects.count(), ActivityLog.objects.count()) == counts

    latest = Call.objects.get(slug__startswith="proeftuin-voorjaar-")
    earlier = Call.objects.get(slug=f"voorjaar-{latest.opens_at.year - 1}")
    assert earlier.status == Call.Status.DECIDED

    needs = Need.objects.filter(call=earlier)
    provinces = set(needs.values_list("organisation__municipalities__province", flat=True))
    assert len(provinces) >= 6  # every Flemish province but one, and Brussels
    assert set(needs.values_list("status", flat=True)) == {
        Need.Status.SELECTED,
        Need.Status.DECLINED,
        Need.Status.BACKLOG,
    }
    outcomes = dict(
        Project.objects.filter(need__call=earlier).values_list("need__title", "outcome")
    )
    assert sorted(outcomes.values()) == sorted(
        [
            Project.Outcome.SCALED,
            Project.Outcome.CONTINUED_LOCALLY,
            Project.Outcome.STOPPED,
            Project.Outcome.STOPPED,
        ]
    )
    results = set(
        Experiment.objects.filter(project__need__call=earlier).values_list("result", flat=True)
    )
    assert {"validated", "invalidated", "inconclusive"} <= results
    service = Service.objects.get(projects__need__call=earlier)
    assert service.state == Service.State.AVAILABLE
    assert Adoption.objects.filter(service=service, state=Adoption.State.ACTIVE).count() == 3

    # The history lies in the past, spread over the months after the selection: the
    # services' rows and their activity log alike.
    today = timezone.now() - timedelta(hours=1)
    span = Experiment.objects.filter(project__need__call=earlier).aggregate(
        first=Min("started_at"), last=Max("completed_at")
    )
    assert span["last"] - span["first"] > timedelta(days=150)
    assert span["last"] < today
    need_type = ContentType.objects.get_for_model(Need)
    logged = ActivityLog.objects.filter(
        content_type=need_type, object_id__in=[str(pk) for pk in needs.values_list("pk", flat=True)]
    )
    assert logged.exists() and not logged.filter(created_at__gt=today).exists()

    # Every stage of the programme's value stream has been passed through.
    measured = flow.compute(Filters(call=earlier))
    assert all(interval.count for interval in measured.intervals)
    assert measured.figures.efficiency is not None
    # Its projects have all ended; the portfolio is the spring call's running ones.
    assert portfolio.compute(Filters(call=earlier)).projects == []
    assert portfolio.compute(Filters()).projects
