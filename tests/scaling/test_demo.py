"""The demo: Dilbeek's room reservation scaled up by a coordinator's override into an
available service with adoptions in every state over the provinces; Kapellen's youth rooms
continued locally while Poperinge's ticket sales keep running in "piloteren"; loading twice
changes nothing."""

import pytest
from django.core.management import call_command

from proeftuin.core.models import ActivityLog
from proeftuin.projects.models import Project
from proeftuin.scaling.coverage import coverage
from proeftuin.scaling.models import Adoption, AdoptionEvent, ScaleEvaluation, ScaleScore, Service

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ScaleEvaluation, ScaleScore, Service, Adoption, AdoptionEvent, ActivityLog)
    }


def test_the_demo_scales_one_project_continues_one_and_loads_once(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first

    rooms = ScaleEvaluation.objects.get(project__need__title__startswith="Zalen")
    assert rooms.decision == ScaleEvaluation.Decision.SCALE_UP
    assert rooms.override_motivation and rooms.overridden_by.is_coordinator
    assert rooms.project.outcome == Project.Outcome.SCALED
    assert rooms.service.state == Service.State.AVAILABLE

    youth_rooms = ScaleEvaluation.objects.get(project__need__title__startswith="Jeugdlokalen")
    assert youth_rooms.decision == ScaleEvaluation.Decision.CONTINUE_LOCALLY
    assert youth_rooms.project.outcome == Project.Outcome.CONTINUED_LOCALLY
    assert youth_rooms.project.phase == Project.Phase.EVALUATE
    tickets = Project.objects.get(need__title__startswith="Kaartjes")
    assert tickets.is_running and tickets.phase == Project.Phase.PILOT
    # Of the spring call's projects; the insights demo's earlier call brings its own.
    spring = ScaleEvaluation.objects.filter(project__need__call__slug__startswith="proeftuin-")
    assert spring.count() == 2

    assert set(Adoption.objects.values_list("state", flat=True)) == set(Adoption.State.values)
    figures = coverage(rooms.service)
    assert all(row.counts[Adoption.State.ACTIVE] for row in figures.provinces if row.total)
