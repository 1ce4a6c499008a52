"""The scale evaluation: scorecard, readiness rule, decision and the project's outcome."""

from decimal import Decimal

import pytest

from proeftuin.core.activity import ActivityLog
from proeftuin.core.errors import DomainError
from proeftuin.projects.models import Hypothesis, Learning, Project
from proeftuin.scaling.models import ScaleCriterion, ScaleEvaluation, Service
from proeftuin.scaling.services import (
    decide,
    readiness,
    score_criterion,
    start_evaluation,
)

from .conftest import EARLIER, SERVICE, ServiceFactory, gate, scored, validated

Decision = ScaleEvaluation.Decision
KINDS = Hypothesis.Kind.values
LESSON = {
    "observation": "geen enkele andere gemeente wilde de kost dragen",
    "insight": "de vraag is lokaal, niet regionaal",
    "actions": "de module overdragen aan de eigen uitleendienst",
}


def scale_up(evaluation, by, **extra):
    return decide(
        evaluation=evaluation,
        decision=Decision.SCALE_UP,
        motivation="het werkt",
        by=by,
        service_fields=SERVICE,
        **extra,
    )


def test_it_seeds_the_default_criteria(db):
    assert ScaleCriterion.objects.count() == 8
    assert "Vraag in andere gemeenten" in ScaleCriterion.objects.values_list("name", flat=True)


def test_it_opens_an_evaluation_only_in_phase_evalueren(personas, project):
    with pytest.raises(DomainError, match="evalueren"):
        start_evaluation(project=project, by=personas.team_member)


def test_it_refuses_an_evaluation_to_someone_outside_the_lead(personas, evaluating):
    with pytest.raises(DomainError, match="projectleider"):
        start_evaluation(project=evaluating, by=personas.submitter)


def test_it_computes_the_weighted_score(personas, evaluating):
    evaluation = start_evaluation(project=evaluating, by=personas.team_member)
    demand, cost = (
        ScaleCriterion.objects.get(weight=3, position=1),
        ScaleCriterion.objects.get(position=4),
    )
    score_criterion(
        evaluation=evaluation, criterion=demand, score=5, motivation="veel", by=personas.team_member
    )
    score_criterion(
        evaluation=evaluation, criterion=cost, score=2, motivation="duur", by=personas.team_member
    )
    # (5 * 3 + 2 * 2) / 5
    assert evaluation.weighted_score == Decimal("3.80")


def test_it_asks_a_motivation_and_a_score_from_1_to_5(personas, evaluating):
    evaluation = start_evaluation(project=evaluating, by=personas.team_member)
    criterion = ScaleCriterion.objects.first()
    with pytest.raises(DomainError, match="1 tot 5"):
        score_criterion(
            evaluation=evaluation,
            criterion=criterion,
            score=6,
            motivation="x",
            by=personas.team_member,
        )
    with pytest.raises(DomainError, match="Motiveer"):
        score_criterion(
            evaluation=evaluation,
            criterion=criterion,
            score=3,
            motivation=" ",
            by=personas.team_member,
        )


def test_it_asks_every_criterion_scored_before_deciding(personas, ready):
    evaluation = start_evaluation(project=ready, by=personas.team_member)
    with pytest.raises(DomainError, match="elk criterium"):
        scale_up(evaluation, personas.team_member)


def test_it_scales_up_a_ready_project_into_a_new_service(personas, ready):
    evaluation = scale_up(scored(ready, personas.team_member), personas.team_member)

    ready.refresh_from_db()
    assert ready.outcome == Project.Outcome.SCALED
    service = Service.objects.get()
    assert (service.name, service.state) == (
        "Zalen online reserveren",
        Service.State.IN_DEVELOPMENT,
    )
    assert list(service.projects.all()) == [ready]
    assert evaluation.service == service
    assert evaluation.override_motivation == ""
    assert ActivityLog.objects.filter(action="project.outcome_recorded").count() == 1


def test_it_joins_a_project_to_an_existing_service(personas, ready):
    service = ServiceFactory()
    decide(
        evaluation=scored(ready, personas.team_member),
        decision=Decision.SCALE_UP,
        motivation="dezelfde dienst",
        service=service,
        by=personas.team_member,
    )
    assert list(service.projects.all()) == [ready]
    assert Service.objects.count() == 1


@pytest.mark.parametrize("missing", EARLIER)
def test_it_refuses_to_scale_up_without_a_gate_decision_in_each_earlier_phase(
    personas, evaluating, missing
):
    for phase in EARLIER:
        if phase != missing:
            gate(evaluating, phase)
    for kind in KINDS:
        validated(evaluating, kind)
    evaluation = scored(evaluating, personas.team_member)

    with pytest.raises(DomainError, match=str(Project.Phase(missing).label)):
        scale_up(evaluation, personas.team_member)

    evaluating.refresh_from_db()
    assert evaluating.outcome == Project.Outcome.RUNNING
    assert not Service.objects.exists()


@pytest.mark.parametrize("missing", KINDS)
def test_it_refuses_to_scale_up_without_a_validated_hypothesis_of_each_kind(
    personas, evaluating, missing
):
    for phase in EARLIER:
        gate(evaluating, phase)
    for kind in KINDS:
        if kind != missing:
            validated(evaluating, kind)
    # An invalidated or untested hypothesis of that kind is not evidence for it.
    validated(evaluating, missing).__class__.objects.filter(kind=missing).update(
        status=Hypothesis.Status.INVALIDATED
    )
    evaluation = scored(evaluating, personas.team_member)

    with pytest.raises(DomainError, match=str(Hypothesis.Kind(missing).label)):
        scale_up(evaluation, personas.team_member)
    assert readiness(evaluating).missing_kinds == [missing]


def test_it_lets_a_coordinator_override_with_a_written_motivation(personas, evaluating):
    evaluation = scored(evaluating, personas.coordinator)

    scale_up(evaluation, personas.coordinator, override_motivation="De gemeenten vragen het nu.")

    evaluation.refresh_from_db()
    assert evaluation.override_motivation == "De gemeenten vragen het nu."
    assert evaluation.overridden_by == personas.coordinator
    evaluating.refresh_from_db()
    assert evaluating.outcome == Project.Outcome.SCALED


def test_it_refuses_an_override_without_a_motivation(personas, evaluating):
    evaluation = scored(evaluating, personas.coordinator)
    with pytest.raises(DomainError, match="uitzondering"):
        scale_up(evaluation, personas.coordinator, override_motivation="  ")
    evaluation.refresh_from_db()
    assert evaluation.status == ScaleEvaluation.Status.DRAFT


def test_it_refuses_an_override_by_the_projectleider(personas, evaluating):
    evaluation = scored(evaluating, personas.team_member)
    with pytest.raises(DomainError, match="Opschalen kan pas"):
        scale_up(evaluation, personas.team_member, override_motivation="wij willen het")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.override_motivation) == (ScaleEvaluation.Status.DRAFT, "")


def test_it_keeps_no_override_when_the_project_is_ready(personas, ready):
    evaluation = scale_up(
        scored(ready, personas.coordinator), personas.coordinator, override_motivation="toch"
    )
    assert evaluation.override_motivation == ""


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [
        (Decision.CONTINUE_LOCALLY, Project.Outcome.CONTINUED_LOCALLY),
        (Decision.STOP, Project.Outcome.STOPPED),
        (Decision.NOT_YET, Project.Outcome.RUNNING),
    ],
)
def test_other_decisions_need_no_readiness_and_set_the_outcome(
    personas, evaluating, decision, outcome
):
    evaluation = scored(evaluating, personas.team_member)
    decide(
        evaluation=evaluation,
        decision=decision,
        motivation="zo",
        by=personas.team_member,
        closing_learning=LESSON,
    )
    evaluating.refresh_from_db()
    assert evaluating.outcome == outcome
    # The lesson is a closing learning only when the project stops.
    assert evaluating.learnings.exists() == (decision == Decision.STOP)


def test_stopping_keeps_the_closing_lesson(personas, evaluating):
    evaluation = scored(evaluating, personas.team_member)

    decide(
        evaluation=evaluation,
        decision=Decision.STOP,
        motivation="te duur voor anderen",
        by=personas.team_member,
        closing_learning=LESSON,
    )

    evaluating.refresh_from_db()
    assert evaluating.outcome == Project.Outcome.STOPPED
    lesson = evaluating.learnings.get()
    assert (lesson.experiment, lesson.decision, lesson.created_by) == (
        None,
        Learning.Decision.STOP,
        personas.team_member,
    )
    assert (lesson.observation, lesson.insight, lesson.actions) == (
        LESSON["observation"],
        LESSON["insight"],
        LESSON["actions"],
    )


@pytest.mark.parametrize(
    "closing",
    [None, {**LESSON, "observation": " "}, {**LESSON, "insight": ""}],
    ids=["none", "no-observation", "no-insight"],
)
def test_it_does_not_stop_without_a_closing_lesson(personas, evaluating, closing):
    evaluation = scored(evaluating, personas.team_member)
    logged = ActivityLog.objects.count()

    with pytest.raises(DomainError, match="Wie stopt, houdt de les"):
        decide(
            evaluation=evaluation,
            decision=Decision.STOP,
            motivation="te duur voor anderen",
            by=personas.team_member,
            closing_learning=closing,
        )

    evaluation.refresh_from_db()
    evaluating.refresh_from_db()
    assert evaluation.status == ScaleEvaluation.Status.DRAFT
    assert evaluating.is_running
    assert not evaluating.learnings.exists()
    assert ActivityLog.objects.count() == logged


def test_not_yet_leaves_the_evaluation_open_to_decide_again(personas, ready):
    evaluation = scored(ready, personas.team_member)
    decide(
        evaluation=evaluation,
        decision=Decision.NOT_YET,
        motivation="wacht",
        by=personas.team_member,
    )
    scale_up(evaluation, personas.team_member)
    with pytest.raises(DomainError, match="beslist"):
        decide(
            evaluation=evaluation,
            decision=Decision.STOP,
            motivation="x",
            by=personas.team_member,
            closing_learning=LESSON,
        )


def test_the_projects_timeline_tells_the_outcome(personas, ready):
    from proeftuin.projects.views.lean import timeline

    scale_up(scored(ready, personas.team_member), personas.team_member)

    assert any("legde de uitkomst vast: opgeschaald" in e.sentence for e in timeline(ready))
