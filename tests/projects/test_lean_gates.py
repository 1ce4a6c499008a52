"""At the end of a phase the projectleider (or a coordinator) decides: advance, persevere,
pivot or stop, resting on the experiments and learnings of the phase. A stopped project keeps
its lesson and is kept as it was."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.projects import services
from proeftuin.projects.models import (
    Experiment,
    GateDecision,
    Learning,
    Membership,
    Project,
)

from .conftest import (
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    MemberFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

Phase = Project.Phase
Decision = GateDecision.Decision

CLOSED = "Dit project is afgesloten; het blijft zoals het was."
LESSON = {
    "observation": "niemand reserveerde online, ook niet na drie weken",
    "insight": "de telefoon is voor deze bezoekers geen drempel",
    "actions": "de middelen naar de uitleendienst verschuiven",
}


def decide(project, by, decision=Decision.PERSEVERE, **fields):
    return services.record_gate_decision(
        project=project,
        decision=decision,
        motivation=fields.pop("motivation", "de cijfers van de landingspagina"),
        experiments=fields.pop("experiments", []),
        learnings=fields.pop("learnings", []),
        by=by,
        **fields,
    )


def completed(project, by):
    """An experiment of the project's current phase, completed through the services."""
    project.refresh_from_db()
    experiment = ExperimentFactory(project=project, running=True)
    return services.complete_experiment(
        experiment=experiment,
        measured_value=Decimal("12"),
        data_points=5,
        observation="twaalf inschrijvingen",
        insight="er is interesse",
        decision=Learning.Decision.PERSEVERE,
        actions="",
        by=by,
    )


def in_phase(project, phase):
    Project.objects.filter(pk=project.pk).update(phase=phase)
    project.refresh_from_db()
    return project


def actions(project):
    return list(
        ActivityLog.objects.for_object(project).order_by("id").values_list("action", flat=True)
    )


@pytest.fixture
def ready(personas, project):
    """A project in "verkennen" with a test site and a completed experiment: it may advance."""
    SiteFactory(project=project)
    completed(project, personas.team_member)
    return project


# --- advancing ----------------------------------------------------------------------------


def test_it_advances_to_the_next_phase_and_logs_it(personas, ready):
    experiment = ready.experiments.get()

    gate = decide(
        ready,
        personas.team_member,
        Decision.ADVANCE,
        experiments=[experiment],
        learnings=[experiment.learning],
    )

    ready.refresh_from_db()
    assert ready.phase == Phase.VALIDATE
    assert (gate.phase, gate.decision, gate.decided_by) == (
        Phase.EXPLORE,
        Decision.ADVANCE,
        personas.team_member,
    )
    assert list(gate.experiments.all()) == [experiment]
    assert list(gate.learnings.all()) == [experiment.learning]
    assert actions(ready)[-2:] == ["project.gate_decided", "project.phase_changed"]
    changed = ActivityLog.objects.for_object(ready).get(action="project.phase_changed")
    assert changed.changes == {"phase": [Phase.EXPLORE, Phase.VALIDATE]}


def test_it_does_not_advance_without_a_completed_experiment(personas, project):
    SiteFactory(project=project)
    ExperimentFactory(project=project, running=True)
    ExperimentFactory(project=project)

    with pytest.raises(DomainError, match="afgerond experiment"):
        decide(project, personas.team_member, Decision.ADVANCE)

    project.refresh_from_db()
    assert project.phase == Phase.EXPLORE
    assert not project.gate_decisions.exists()


def test_it_does_not_count_an_experiment_completed_in_an_earlier_phase(personas, ready):
    decide(ready, personas.team_member, Decision.ADVANCE)
    ExperimentFactory(project=ready, running=True)

    with pytest.raises(DomainError, match="afgerond experiment"):
        decide(ready, personas.team_member, Decision.ADVANCE)

    ready.refresh_from_db()
    assert ready.phase == Phase.VALIDATE


def test_it_does_not_leave_verkennen_without_a_test_site(personas, project):
    completed(project, personas.team_member)

    with pytest.raises(DomainError, match="proeftuin"):
        decide(project, personas.team_member, Decision.ADVANCE)

    project.refresh_from_db()
    assert project.phase == Phase.EXPLORE


def test_it_advances_through_the_phases_up_to_evalueren(personas, ready):
    decide(ready, personas.team_member, Decision.ADVANCE)
    completed(ready, personas.team_member)
    decide(ready, personas.team_member, Decision.ADVANCE)
    completed(ready, personas.team_member)
    decide(ready, personas.coordinator, Decision.ADVANCE)

    ready.refresh_from_db()
    assert ready.phase == Phase.EVALUATE
    assert list(ready.gate_decisions.order_by("decided_at").values_list("phase", flat=True)) == [
        Phase.EXPLORE,
        Phase.VALIDATE,
        Phase.PILOT,
    ]


def test_it_does_not_advance_from_evalueren(personas, project):
    SiteFactory(project=project)
    in_phase(project, Phase.EVALUATE)
    completed(project, personas.team_member)

    with pytest.raises(DomainError, match="schaalbaarheidsevaluatie"):
        decide(project, personas.team_member, Decision.ADVANCE)

    project.refresh_from_db()
    assert project.phase == Phase.EVALUATE


# --- persevering and pivoting -------------------------------------------------------------


def test_it_keeps_the_phase_when_the_team_perseveres(personas, ready):
    gate = decide(ready, personas.team_member, Decision.PERSEVERE)

    ready.refresh_from_db()
    assert ready.phase == Phase.EXPLORE
    assert gate.phase == Phase.EXPLORE
    assert "project.phase_changed" not in actions(ready)


def test_it_records_what_a_pivot_changes(personas, project):
    gate = decide(
        project,
        personas.team_member,
        Decision.PIVOT,
        pivot_aspects=["segment", "approach", "segment"],
        pivot_description="  jongeren in plaats van verenigingen  ",
    )

    project.refresh_from_db()
    assert project.phase == Phase.EXPLORE
    assert gate.pivot_aspects == ["approach", "segment"]
    assert gate.pivot_description == "jongeren in plaats van verenigingen"


@pytest.mark.parametrize(
    ("aspects", "description", "message"),
    [
        ([], "jongeren in plaats van verenigingen", "Zeg wat de pivot verandert"),
        (None, "jongeren in plaats van verenigingen", "Zeg wat de pivot verandert"),
        (["price"], "jongeren in plaats van verenigingen", "Zeg wat de pivot verandert"),
        (["segment"], "  ", "Beschrijf wat er verandert"),
    ],
)
def test_it_refuses_a_pivot_that_does_not_say_what_changes(
    personas, project, aspects, description, message
):
    with pytest.raises(DomainError, match=message):
        decide(
            project,
            personas.team_member,
            Decision.PIVOT,
            pivot_aspects=aspects,
            pivot_description=description,
        )

    assert not project.gate_decisions.exists()


def test_it_asks_for_a_motivation(personas, project):
    with pytest.raises(DomainError, match="Motiveer"):
        decide(project, personas.team_member, motivation="   ")


# --- stopping -----------------------------------------------------------------------------


@pytest.mark.parametrize("phase", Project.PHASE_ORDER)
def test_it_stops_from_any_phase_keeping_the_closing_lesson(personas, project, phase):
    in_phase(project, phase)

    gate = decide(project, personas.team_member, Decision.STOP, closing_learning=LESSON)

    project.refresh_from_db()
    assert project.outcome == Project.Outcome.STOPPED
    assert project.outcome_at is not None
    assert project.phase == phase
    lesson = project.learnings.get()
    assert (lesson.experiment, lesson.created_by) == (None, personas.team_member)
    assert lesson.decision == Learning.Decision.STOP
    assert (lesson.observation, lesson.insight, lesson.actions) == (
        LESSON["observation"],
        LESSON["insight"],
        LESSON["actions"],
    )
    assert list(gate.learnings.all()) == [lesson]
    row = ActivityLog.objects.for_object(project).get(action="project.gate_decided")
    assert row.changes["outcome"] == ["", Project.Outcome.STOPPED]


@pytest.mark.parametrize(
    "closing",
    [None, {}, {**LESSON, "observation": " "}, {**LESSON, "insight": ""}],
    ids=["none", "empty", "no-observation", "no-insight"],
)
def test_it_does_not_stop_without_a_closing_lesson(personas, project, closing):
    with pytest.raises(DomainError, match="afsluitende leerkaart"):
        decide(project, personas.team_member, Decision.STOP, closing_learning=closing)

    project.refresh_from_db()
    assert project.is_running
    assert not project.learnings.exists()


def test_it_keeps_a_stopped_project_as_it_was(personas, project):
    hypothesis = HypothesisFactory(project=project)
    planned = ExperimentFactory(project=project, hypothesis=hypothesis)
    running = ExperimentFactory(project=project, hypothesis=hypothesis, running=True)
    decide(project, personas.team_member, Decision.STOP, closing_learning=LESSON)
    project.refresh_from_db()
    today = timezone.localdate()
    tom = personas.team_member

    attempts = {
        "hypothesis": lambda: services.write_hypothesis(
            project=project, statement="nog één", kind="desirability", importance=3, by=tom
        ),
        "plan": lambda: services.plan_experiment(
            project=project,
            fields={
                **{key: getattr(planned, key) for key in services.TEST_CARD_FIELDS},
                "planned_start": today,
                "planned_end": today,
            },
            by=tom,
        ),
        "rewrite card": lambda: services.update_experiment(
            experiment=planned,
            fields={
                **{key: getattr(planned, key) for key in services.TEST_CARD_FIELDS},
                "title": "Nog een poging",
            },
            by=tom,
        ),
        "start": lambda: services.start_experiment(experiment=planned, by=tom),
        "complete": lambda: services.complete_experiment(
            experiment=running,
            measured_value=Decimal("1"),
            data_points=1,
            observation="o",
            insight="i",
            decision=Learning.Decision.PERSEVERE,
            actions="",
            by=tom,
        ),
        "profile": lambda: services.update_project_profile(
            project=project, question="?", target_groups="", summary="", next_steps="", by=tom
        ),
        "gate": lambda: decide(project, tom, Decision.PERSEVERE),
        "coordinator's gate": lambda: decide(project, personas.coordinator, Decision.PERSEVERE),
        "second stop": lambda: decide(
            project, personas.coordinator, Decision.STOP, closing_learning=LESSON
        ),
    }
    refusals = {}
    for name, attempt in attempts.items():
        try:
            attempt()
        except DomainError as error:
            refusals[name] = str(error.message)

    assert refusals == dict.fromkeys(attempts, CLOSED)

    assert project.hypotheses.count() == 1
    assert project.experiments.count() == 2
    project.refresh_from_db()
    assert project.question == ""
    planned.refresh_from_db()
    assert planned.title != "Nog een poging"
    assert list(project.experiments.values_list("status", flat=True).order_by("pk")) == [
        Experiment.Status.PLANNED,
        Experiment.Status.RUNNING,
    ]
    assert project.gate_decisions.count() == 1
    assert project.learnings.count() == 1


# --- who decides, who hears ---------------------------------------------------------------


def test_it_lets_a_coordinator_decide(personas, project):
    gate = decide(project, personas.coordinator, Decision.PERSEVERE)

    assert gate.decided_by == personas.coordinator


@pytest.mark.parametrize("persona", ["expert", "submitter", "outsider", "org_admin"])
def test_it_lets_only_the_projectleider_or_a_coordinator_decide(personas, ready, persona):
    # Eva is an internal expert on the team, Ines its lokale indiener: both work on the
    # project, neither leads it.
    MemberFactory(project=ready, user=personas.expert, role=Membership.Role.INTERNAL_EXPERT)

    with pytest.raises(DomainError, match="projectleider"):
        decide(ready, getattr(personas, persona), Decision.ADVANCE)
    with pytest.raises(DomainError, match="projectleider"):
        decide(ready, getattr(personas, persona), Decision.STOP, closing_learning=LESSON)

    ready.refresh_from_db()
    assert (ready.phase, ready.outcome) == (Phase.EXPLORE, Project.Outcome.RUNNING)
    assert not ready.gate_decisions.exists()


def test_it_does_not_let_a_pending_projectleider_decide(personas):
    project = ProjectFactory()
    MemberFactory(
        project=project,
        user=personas.team_member,
        role=Membership.Role.PROJECT_LEADER,
        accepted_at=None,
    )

    with pytest.raises(DomainError, match="projectleider"):
        decide(project, personas.team_member)


def test_it_tells_the_team_but_not_the_decider(personas, project):
    MemberFactory(project=project, user=personas.expert, role=Membership.Role.INTERNAL_EXPERT)
    # Ines has a second role; she hears it once.
    MemberFactory(project=project, user=personas.submitter, role=Membership.Role.EXTERNAL_EXPERT)
    MemberFactory(project=project, user=None, email="nog@example.be", accepted_at=None)

    decide(project, personas.team_member, Decision.PERSEVERE)

    told = Notification.objects.filter(kind="projects.gate")
    assert sorted(told.values_list("user__name", flat=True)) == ["Eva Expert", "Ines Indiener"]
    assert project.title in told.first().title


def test_it_tells_the_projectleider_when_a_coordinator_decides(personas, project):
    decide(project, personas.coordinator, Decision.PERSEVERE)

    told = Notification.objects.filter(kind="projects.gate")
    assert set(told.values_list("user", flat=True)) == {
        personas.team_member.pk,
        personas.submitter.pk,
    }


def test_it_rests_a_decision_only_on_this_projects_experiments_and_learnings(personas, project):
    other = ProjectFactory()
    elsewhere = ExperimentFactory(project=other, completed=True)
    lesson = LearningFactory(project=other, experiment=elsewhere)

    with pytest.raises(DomainError, match="experimenten van dit project"):
        decide(project, personas.team_member, experiments=[elsewhere])
    with pytest.raises(DomainError, match="experimenten van dit project"):
        decide(project, personas.team_member, learnings=[lesson])

    assert not GateDecision.objects.exists()


@pytest.mark.parametrize("status", ["planned", "running"])
def test_it_rests_a_decision_only_on_completed_experiments(personas, project, status):
    unfinished = ExperimentFactory(
        project=project, **({"running": True} if status == "running" else {})
    )

    with pytest.raises(DomainError, match="afgeronde experimenten"):
        decide(project, personas.team_member, experiments=[unfinished])

    assert not GateDecision.objects.exists()


def test_it_refuses_an_unknown_decision(personas, project):
    with pytest.raises(DomainError, match="Kies een beslissing"):
        decide(project, personas.team_member, "celebrate")


# --- a decision is due --------------------------------------------------------------------


def due():
    return list(Project.objects.gate_due())


def test_it_makes_a_decision_due_once_an_experiment_of_the_phase_is_completed(personas, project):
    ExperimentFactory(project=project, running=True)
    assert due() == []

    completed(project, personas.team_member)

    assert due() == [project]


def test_it_is_no_longer_due_after_the_decision_until_the_next_completed_experiment(
    personas, ready
):
    assert due() == [ready]

    decide(ready, personas.team_member, Decision.PERSEVERE)
    assert due() == []

    completed(ready, personas.team_member)
    assert due() == [ready]


def test_it_does_not_count_experiments_of_an_earlier_phase(personas, ready):
    decide(ready, personas.team_member, Decision.ADVANCE)
    # An experiment of "verkennen" that was still running is completed after the advance.
    late = ExperimentFactory(project=ready, phase=Phase.EXPLORE, running=True)
    services.complete_experiment(
        experiment=late,
        measured_value=Decimal("1"),
        data_points=1,
        observation="laat",
        insight="te laat",
        decision=Learning.Decision.PERSEVERE,
        actions="",
        by=personas.team_member,
    )

    assert due() == []


def test_it_looks_at_the_last_decision_only(personas, ready):
    earlier = timezone.now() - timedelta(days=30)
    GateDecision.objects.create(
        project=ready, phase=Phase.EXPLORE, decision=Decision.PIVOT, decided_at=earlier
    )
    assert due() == [ready]

    decide(ready, personas.team_member, Decision.PERSEVERE)

    assert due() == []


def test_it_never_makes_a_decision_due_in_a_stopped_project(personas, ready):
    decide(ready, personas.team_member, Decision.STOP, closing_learning=LESSON)

    assert due() == []


@pytest.mark.parametrize(
    "outcome", [Project.Outcome.CONTINUED_LOCALLY, Project.Outcome.SCALED, Project.Outcome.STOPPED]
)
def test_it_never_makes_a_decision_due_in_a_finished_project(ready, outcome):
    # The scale evaluation ends a project without a gate decision: an experiment completed
    # since the last one does not make a decision due.
    Project.objects.filter(pk=ready.pk).update(outcome=outcome, outcome_at=timezone.now())

    assert due() == []


def test_it_lists_each_due_project_once(personas, ready):
    completed(ready, personas.team_member)
    other = ProjectFactory()
    ExperimentFactory(project=other, completed=True)

    assert sorted(due(), key=lambda p: p.pk) == sorted([ready, other], key=lambda p: p.pk)


# --- the outcome of the scale evaluation --------------------------------------------------


def test_stopping_with_an_outcome_keeps_the_closing_lesson(personas, project):
    services.record_outcome(
        project=project,
        outcome=Project.Outcome.STOPPED,
        by=personas.team_member,
        closing_learning={key: f"  {value} " for key, value in LESSON.items()},
    )

    project.refresh_from_db()
    assert project.outcome == Project.Outcome.STOPPED
    assert project.outcome_at is not None
    lesson = project.learnings.get()
    assert (lesson.experiment, lesson.created_by) == (None, personas.team_member)
    assert lesson.decision == Learning.Decision.STOP
    assert (lesson.observation, lesson.insight, lesson.actions) == (
        LESSON["observation"],
        LESSON["insight"],
        LESSON["actions"],
    )


@pytest.mark.parametrize(
    "closing",
    [None, {}, {**LESSON, "observation": " "}, {**LESSON, "insight": ""}],
    ids=["none", "empty", "no-observation", "no-insight"],
)
def test_an_outcome_does_not_stop_without_a_closing_lesson(personas, project, closing):
    with pytest.raises(DomainError, match="Wie stopt, houdt de les"):
        services.record_outcome(
            project=project,
            outcome=Project.Outcome.STOPPED,
            by=personas.team_member,
            closing_learning=closing,
        )

    project.refresh_from_db()
    assert project.is_running
    assert not project.learnings.exists()
    assert (
        not ActivityLog.objects.for_object(project)
        .filter(action="project.outcome_recorded")
        .exists()
    )


@pytest.mark.parametrize("outcome", [Project.Outcome.SCALED, Project.Outcome.CONTINUED_LOCALLY])
def test_other_outcomes_need_no_closing_lesson(personas, project, outcome):
    services.record_outcome(project=project, outcome=outcome, by=personas.team_member)

    project.refresh_from_db()
    assert project.outcome == outcome
    assert not project.learnings.exists()
