"""The demo's projects work the lean way: one in every phase and one stopped with its lesson,
with hypotheses, test cards, learning cards, gate decisions, discussion and publication —
written through the services, so the activity log and notifications are real."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.models import ActivityLog, Notification
from proeftuin.organisations.demo import DEMO_PASSWORD
from proeftuin.projects.models import (
    Comment,
    Experiment,
    GateDecision,
    Hypothesis,
    Learning,
    Membership,
    Project,
)

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder
from ..conftest import client_for

pytestmark = pytest.mark.django_db

Phase = Project.Phase
Status = Experiment.Status
Result = Experiment.Result


@pytest.fixture
def demo(media):  # noqa: F811
    call_command("load_demo", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Project,
            Hypothesis,
            Experiment,
            Learning,
            GateDecision,
            Comment,
            ActivityLog,
            Notification,
        )
    }


def test_it_loads_the_lean_demo_once_however_often_it_runs(demo):
    first = counts()
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert all(first.values()), first


def test_it_has_a_running_project_up_to_piloteren_two_evaluated_and_one_stopped(demo):
    running = Counter(Project.objects.running().values_list("phase", flat=True))
    assert {Phase.EXPLORE, Phase.VALIDATE, Phase.PILOT} <= set(running)
    # The scaling demo closes the two projects that reach "evalueren" with their scale
    # evaluation: one scaled up, one continued locally.
    evaluated = Project.objects.filter(phase=Phase.EVALUATE)
    assert set(evaluated.values_list("outcome", flat=True)) == {
        Project.Outcome.SCALED,
        Project.Outcome.CONTINUED_LOCALLY,
    }
    assert all(hasattr(project, "scale_evaluation") for project in evaluated)

    # The spring call's; the insights demo's earlier call has stopped projects of its own.
    stopped = Project.objects.get(
        outcome=Project.Outcome.STOPPED, need__call__slug__startswith="proeftuin-voorjaar"
    )
    stop = stopped.gate_decisions.get(decision=GateDecision.Decision.STOP)
    closing = stop.learnings.get(experiment__isnull=True)
    assert closing.observation and closing.insight
    assert stopped.outcome_at is not None


def test_it_gives_every_project_three_to_six_hypotheses_of_all_three_kinds(demo):
    for project in Project.objects.all():
        kinds = list(project.hypotheses.values_list("kind", flat=True))
        assert 3 <= len(kinds) <= 6, project.title
        assert set(kinds) == set(Hypothesis.Kind.values), project.title
        # The interface puts "Wij geloven dat" before the statement; it is not stored twice.
        assert not any(
            h.lower().startswith("wij geloven")
            for h in project.hypotheses.values_list("statement", flat=True)
        )


def test_it_has_test_cards_in_every_state_and_result_each_completed_one_with_its_learning(demo):
    experiments = Experiment.objects.all()
    assert {e.status for e in experiments} == set(Status.values)
    completed = experiments.filter(status=Status.COMPLETED)
    assert {e.result for e in completed} == set(Result.values)
    # The inconclusive result is the one of too few data points, computed, not chosen.
    assert any(
        e.data_points < e.min_data_points for e in completed.filter(result=Result.INCONCLUSIVE)
    )
    assert all(Learning.objects.filter(experiment=e).exists() for e in completed)
    # The methods come from the seeded library, more than a handful of them.
    assert experiments.values("method").distinct().count() >= 8


def test_it_dates_the_test_cards_plausibly(demo):
    today = timezone.localdate()
    for e in Experiment.objects.all():
        assert e.planned_start <= e.planned_end, e.title
        if e.status == Status.COMPLETED:
            assert e.planned_end <= today, e.title
        elif e.status == Status.RUNNING:
            assert e.planned_start <= today, e.title
        else:
            assert e.planned_start > today, e.title


def test_it_records_advance_persevere_pivot_and_stop_and_leaves_a_gate_due(demo):
    decisions = set(GateDecision.objects.values_list("decision", flat=True))
    assert decisions == set(GateDecision.Decision.values)
    pivot = GateDecision.objects.get(decision=GateDecision.Decision.PIVOT)
    assert pivot.pivot_aspects and pivot.pivot_description
    # Every gate rests on experiments of its project.
    for gate in GateDecision.objects.all():
        assert gate.experiments.exists()
        assert all(e.project_id == gate.project_id for e in gate.experiments.all())
    assert Project.objects.gate_due().count() == 1


def test_it_wrote_everything_through_the_services(demo):
    """The timeline is real: one activity-log row per change the demo made."""
    actions = Counter(ActivityLog.objects.values_list("action", flat=True))
    assert actions["project.hypothesis_written"] == Hypothesis.objects.count()
    assert actions["experiment.planned"] == Experiment.objects.count()
    assert actions["experiment.completed"] == Experiment.objects.completed().count()
    assert actions["project.gate_decided"] == GateDecision.objects.count()
    # The canvases' demo later adds its section to the same project: a second approval.
    assert actions["project.published"] >= Project.objects.published().count() == 1


def test_it_discusses_with_mentions_that_notify(demo):
    mentioned = Comment.objects.filter(mentioned__isnull=False).distinct()
    assert mentioned.exists()
    assert Comment.objects.filter(experiment__isnull=False).exists()
    for comment in mentioned:
        for person in comment.mentioned.all():
            assert Notification.objects.filter(user=person, kind="projects.mention").exists()


def test_it_publishes_one_project_with_a_consenting_member_and_has_one_awaiting_approval(demo):
    published = Project.objects.published().get()
    assert set(published.public_sections) >= {
        Project.Section.SUMMARY,
        Project.Section.EXPERIMENTS,
        Project.Section.LEARNINGS,
        Project.Section.TEAM,
    }
    assert published.team.filter(name_public=True).exists()
    assert published.team.filter(name_public=False).exists()
    waiting = [p for p in Project.objects.all() if p.awaits_approval]
    assert len(waiting) == 1
    assert waiting[0].outcome == Project.Outcome.STOPPED


def test_it_lets_the_demo_projectleider_sign_in_and_find_the_gate_due(demo):
    """Hans Herentals, a demo account of the README, leads the project awaiting a gate."""
    project = Project.objects.gate_due().get()
    leader = project.team.get(role=Membership.Role.PROJECT_LEADER).user
    assert leader.email == "herentals@demo.proeftuin.be"
    client = Client()
    assert client.login(email=leader.email, password=DEMO_PASSWORD)

    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    mine = client.get(reverse("accounts:mine")).content.decode()
    assert reverse("projects:gate", args=[project.pk]) in mine


def test_it_shows_every_demo_project_to_its_team(demo):
    for project in Project.objects.all():
        leader = project.team.get(role=Membership.Role.PROJECT_LEADER).user
        response = client_for(leader).get(reverse("projects:detail", args=[project.pk]))
        assert response.status_code == 200, project.title


def test_it_opens_every_workspace_page_and_end_report_of_the_demo_projects(demo):
    client = client_for(Project.objects.first().created_by)  # the demo coordinator
    pages = ["detail", "hypotheses", "experiments", "learnings", "discussion", "publication"]
    for project in Project.objects.all():
        for page in pages:
            url = reverse(f"projects:{page}", args=[project.pk])
            assert client.get(url).status_code == 200, url
        for experiment in project.experiments.all():
            url = reverse("projects:experiment", args=[project.pk, experiment.pk])
            assert client.get(url).status_code == 200, url
        url = reverse("reports:project", args=[project.pk])
        assert client.get(url).status_code == 200, url


def test_it_shows_the_published_demo_project_to_a_visitor_with_the_consenting_name_only(demo):
    project = Project.objects.published().get()
    leader = project.team.get(role=Membership.Role.PROJECT_LEADER).user
    expert = project.team.get(role=Membership.Role.EXTERNAL_EXPERT).user

    page = Client().get(reverse("knowledge:project", args=[project.pk])).content.decode()

    assert project.summary.split(".")[0] in page
    assert leader.name in page
    assert expert.name not in page
