"""The demo's year of continuous service design around the scaled service."""

import pytest
from django.core.management import call_command
from django.db.models import Max, Min

from proeftuin.calls.models import Need
from proeftuin.scaling import feedback as figures
from proeftuin.scaling.models import Adoption, Feedback, Release, Service, ServiceNeed

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Feedback, Release, ServiceNeed, Need, Adoption)
    }


def test_the_demo_has_a_year_of_feedback_two_releases_an_end_and_a_need(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first

    service = Service.objects.get(name="Zalen online reserveren")
    span = Feedback.objects.filter(adoption__service=service).aggregate(
        first=Min("given_at"), last=Max("given_at")
    )
    assert (span["last"] - span["first"]).days >= 330
    assert len(figures.satisfaction_trend(service.pk)) >= 10
    assert service.releases.count() == 2

    ended = service.adoptions.get(state=Adoption.State.ENDED)
    assert ended.end_reason and ended.end_explanation
    retention = figures.retention(service.pk)
    assert retention.after_12.eligible > retention.after_12.kept > 0

    link = ServiceNeed.objects.get(service=service)
    assert link.need.status == Need.Status.DRAFT
    assert link.need.call.slug == "proeftuin-winter"
    assert link.municipalities.count() >= 3
    assert figures.nps_by_service([service.pk])[service.pk].answers == 4
