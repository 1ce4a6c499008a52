"""The demo: two experiments of the project whose gate is due asked visitors through forms;
one bound metric validates its hypothesis, the other invalidates its own. Loading twice
changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from proeftuin.core.models import ActivityLog
from proeftuin.participation.models import Answer, MetricBinding, ParticipationForm, Response
from proeftuin.projects.models import Experiment, Project

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder
from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(media):  # noqa: F811
    call_command("load_demo", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ParticipationForm, Response, Answer, MetricBinding, Experiment, ActivityLog)
    }


def test_it_loads_the_demo_once_however_often_it_runs(demo):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    # The experiments' forms (the scaling demo adds a service's survey).
    experiments = ParticipationForm.objects.filter(owner_type__model="experiment")
    assert experiments.count() == 2 and 300 <= first["Response"] <= 500


def test_one_bound_metric_validates_and_one_invalidates(demo):
    results = {
        b.aggregate: b.experiment for b in MetricBinding.objects.select_related("experiment")
    }
    share, nps = results["share"], results["nps"]
    assert share.result == Experiment.Result.VALIDATED and share.measured_value >= 70
    assert nps.result == Experiment.Result.INVALIDATED and nps.measured_value < 30
    assert share.data_points == 236 and nps.data_points == 164
    # The gate the projectleider has to take now rests on them too.
    assert Project.objects.gate_due().get() == share.project


def test_the_team_opens_the_demo_results(demo):
    binding = MetricBinding.objects.select_related("experiment__project").first()
    project = binding.experiment.project
    leader = project.team.filter(role="projectleider").get().user
    client = client_for(leader)
    page = client.get(reverse("participation:results", args=[project.pk, binding.form_id]))
    assert page.status_code == 200 and page.context["results"].responses > 100
