"""The lean cycle's changes of state: hypotheses, test cards, learning cards, gate decisions
and the method library."""

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import require_coordinator
from proeftuin.core.slugs import unique_slug

from .. import search
from ..models import Experiment, GateDecision, Hypothesis, Learning, Method, Project
from ..outcomes import Evidence, experiment_result, hypothesis_verdict
from ..permissions import can_decide_gate, can_work_on
from .budgets import check_budget_thresholds

Phase = Project.Phase
LEAD_IN = re.compile(r"^wij\s+geloven\s+dat\b[\s,:…]*", re.IGNORECASE)
Decision = GateDecision.Decision
Status = Experiment.Status

CENT = Decimal("0.01")
# A test card holds amounts of at most twelve digits, two of them after the comma.
AMOUNT_LIMIT = Decimal("1e10")


def _require_running(project: Project) -> None:
    if not project.is_running:
        raise DomainError(gettext_lazy("Dit project is afgesloten; het blijft zoals het was."))


def _require_worker(user: Any, project: Project) -> None:
    _require_running(project)
    if not can_work_on(user, project):
        raise DomainError(gettext_lazy("Alleen het projectteam en coördinatoren werken hieraan."))


def update_project_profile(
    *,
    project: Project,
    question: str,
    target_groups: str,
    summary: str,
    next_steps: str,
    by: Any,
) -> Project:
    """The project's question, target groups, summary and next steps (the end report's
    opening and closing)."""
    _require_worker(by, project)
    new = {
        "question": question.strip(),
        "target_groups": target_groups.strip(),
        "summary": summary.strip(),
        "next_steps": next_steps.strip(),
    }
    with transaction.atomic():
        changes = diff({key: getattr(project, key) for key in new}, new)
        if not changes:
            return project
        for key, value in new.items():
            setattr(project, key, value)
        project.save(update_fields=list(changes))
        log_action(actor=by, action="project.profile_changed", target=project, changes=changes)
        if project.is_published:
            search.schedule(project)
    return project


def write_hypothesis(
    *,
    project: Project,
    statement: str,
    kind: str,
    importance: int,
    by: Any,
    hypothesis: Hypothesis | None = None,
) -> Hypothesis:
    """Write a new hypothesis, or rewrite one (its evidence and status are computed, never
    written)."""
    _require_worker(by, project)
    if kind not in Hypothesis.Kind.values:
        raise DomainError(gettext_lazy("Onbekende soort hypothese."))
    if not 1 <= importance <= 5:
        raise DomainError(gettext_lazy("Het belang ligt tussen 1 en 5."))
    # The form reads "Wij geloven dat …"; whoever types those words again gets them once.
    statement = LEAD_IN.sub("", statement.strip()).strip()
    if not statement:
        raise DomainError(gettext_lazy("Schrijf op wat je gelooft."))
    with transaction.atomic():
        if hypothesis is None:
            hypothesis = Hypothesis.objects.create(
                project=project,
                statement=statement,
                kind=kind,
                importance=importance,
                created_by=by,
            )
            log_action(
                actor=by,
                action="project.hypothesis_written",
                target=project,
                changes={"hypothesis": [None, statement[:200]]},
            )
            return hypothesis
        if hypothesis.project_id != project.pk:
            raise DomainError(gettext_lazy("Deze hypothese hoort bij een ander project."))
        new = {"statement": statement, "kind": kind, "importance": importance}
        changes = diff({key: getattr(hypothesis, key) for key in new}, new)
        if changes:
            for key, value in new.items():
                setattr(hypothesis, key, value)
            hypothesis.save(update_fields=list(changes))
            log_action(
                actor=by,
                action="project.hypothesis_changed",
                target=project,
                changes={"hypothesis": [hypothesis.pk, statement[:200]], **changes},
            )
    return hypothesis


def refresh_hypothesis(hypothesis: Hypothesis) -> Hypothesis:
    """Recompute evidence and status from the hypothesis's completed experiments."""
    evidence, status = hypothesis_verdict(
        Evidence(result=e.result, strength=e.method.evidence_strength, completed_at=e.completed_at)
        for e in hypothesis.experiments.completed().select_related("method")
        if e.completed_at is not None
    )
    if (evidence, status) != (hypothesis.evidence, hypothesis.status):
        hypothesis.evidence, hypothesis.status = evidence, status
        hypothesis.save(update_fields=["evidence", "status"])
    return hypothesis


def _amount(value: Decimal, refusal: str | Promise) -> Decimal:
    """`value` as a test card records it, rounded to the cent; refused when it cannot be
    recorded (not a number, or too large)."""
    if value.is_finite() and abs(value) < AMOUNT_LIMIT:
        value = value.quantize(CENT)
    if not value.is_finite() or abs(value) >= AMOUNT_LIMIT:
        raise DomainError(refusal)
    return value


def _check_test_card(fields: dict[str, Any], project: Project) -> None:
    hypothesis: Hypothesis = fields["hypothesis"]
    method: Method = fields["method"]
    if hypothesis.project_id != project.pk:
        raise DomainError(gettext_lazy("Deze hypothese hoort bij een ander project."))
    if hypothesis.retired_at is not None:
        raise DomainError(gettext_lazy("Deze hypothese is opgeborgen; test een andere."))
    if not method.active:
        raise DomainError(gettext_lazy("Deze methode is niet meer in gebruik."))
    if fields["operator"] not in Experiment.Operator.values:
        raise DomainError(gettext_lazy("Onbekende vergelijking."))
    _amount(fields["threshold"], gettext_lazy("Deze drempel past niet op een testkaart."))
    start: date = fields["planned_start"]
    end: date = fields["planned_end"]
    if end < start:
        raise DomainError(gettext_lazy("Het geplande einde ligt voor de start."))
    if fields["min_data_points"] < 1:
        raise DomainError(gettext_lazy("Minstens één datapunt."))
    if fields["cost_eur"] < 0:
        raise DomainError(gettext_lazy("Een kost is niet negatief."))


TEST_CARD_FIELDS = [
    "hypothesis",
    "method",
    "title",
    "test",
    "metric",
    "unit",
    "operator",
    "threshold",
    "min_data_points",
    "planned_start",
    "planned_end",
    "cost_eur",
    "criticality",
    "test_cost",
    "data_reliability",
    "time_required",
]


def plan_experiment(*, project: Project, fields: dict[str, Any], by: Any) -> Experiment:
    """A new test card for a hypothesis of the project, in the project's current phase.
    `fields` holds TEST_CARD_FIELDS."""
    _require_worker(by, project)
    _check_test_card(fields, project)
    with transaction.atomic():
        experiment = Experiment.objects.create(
            project=project,
            phase=project.phase,
            created_by=by,
            **{key: fields[key] for key in TEST_CARD_FIELDS},
        )
        log_action(
            actor=by,
            action="experiment.planned",
            target=project,
            changes={"experiment": [None, experiment.title]},
        )
    return experiment


def update_experiment(*, experiment: Experiment, fields: dict[str, Any], by: Any) -> Experiment:
    """A test card can be rewritten until the experiment runs; after that it is the record
    of what was tested."""
    project = experiment.project
    _require_worker(by, project)
    _check_test_card(fields, project)
    with transaction.atomic():
        experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
        if experiment.status != Status.PLANNED:
            raise DomainError(
                gettext_lazy("Een testkaart verandert niet meer zodra het experiment loopt.")
            )
        old = {key: getattr(experiment, key) for key in TEST_CARD_FIELDS}
        new = {key: fields[key] for key in TEST_CARD_FIELDS}
        changed = [key for key in TEST_CARD_FIELDS if old[key] != new[key]]
        if changed:
            for key in changed:
                setattr(experiment, key, new[key])
            experiment.save(update_fields=changed)
            log_action(
                actor=by,
                action="experiment.changed",
                target=project,
                changes={"experiment": [experiment.pk, experiment.title], "fields": changed},
            )
    return experiment


def start_experiment(*, experiment: Experiment, by: Any) -> Experiment:
    _require_worker(by, experiment.project)
    with transaction.atomic():
        experiment = (
            Experiment.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=experiment.pk)
        )
        if Status.RUNNING not in Experiment.TRANSITIONS[Status(experiment.status)]:
            raise DomainError(gettext_lazy("Dit experiment loopt al of is afgerond."))
        experiment.status = Status.RUNNING
        experiment.started_at = timezone.now()
        # A card planned before the last gate is run in the phase the project is in now, and
        # counts for that phase's gate.
        experiment.phase = experiment.project.phase
        experiment.save(update_fields=["status", "started_at", "phase"])
        # From now on the test card's cost is spent (projects.budgets).
        if experiment.cost_eur:
            Project.objects.select_for_update().get(pk=experiment.project_id)
            check_budget_thresholds(experiment.project)
        log_action(
            actor=by,
            action="experiment.started",
            target=experiment.project,
            changes={
                "experiment": [experiment.pk, experiment.title],
                "status": ["planned", "running"],
            },
        )
    return experiment


def record_measurement(
    *, experiment: Experiment, measured_value: Decimal, data_points: int, source: str, by: Any
) -> Experiment:
    """The value measured so far, handed in by whatever measures it (a participation form's
    bound metric, `source` says which); completing the experiment starts from it. Only while
    the experiment runs: before, nothing is measured yet; after, the result is the record."""
    if data_points < 0:
        raise DomainError(gettext_lazy("Het aantal datapunten is niet negatief."))
    measured_value = _amount(
        measured_value, gettext_lazy("Deze gemeten waarde past niet op een testkaart.")
    )
    with transaction.atomic():
        experiment = (
            Experiment.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=experiment.pk)
        )
        _require_running(experiment.project)
        if experiment.status != Status.RUNNING:
            raise DomainError(gettext_lazy("Alleen een lopend experiment krijgt metingen."))
        old = [experiment.measured_value, experiment.data_points]
        if old == [measured_value, data_points]:
            return experiment
        experiment.measured_value = measured_value
        experiment.data_points = data_points
        experiment.save(update_fields=["measured_value", "data_points"])
        log_action(
            actor=by,
            action="experiment.measured",
            target=experiment.project,
            changes={
                "experiment": [experiment.pk, experiment.title],
                "measured_value": [
                    None if old[0] is None else str(old[0]),
                    str(measured_value),
                ],
                "data_points": [old[1], data_points],
                "source": [None, source],
            },
        )
    return experiment


def complete_experiment(
    *,
    experiment: Experiment,
    measured_value: Decimal,
    data_points: int,
    observation: str,
    insight: str,
    decision: str,
    actions: str,
    by: Any,
) -> Experiment:
    """Close a running experiment with its measurement and its learning card. The result
    follows from the test card (`outcomes.experiment_result`), the hypothesis's evidence and
    status from its experiments; a learning that retires the hypothesis takes it off the
    to-test list."""
    project = experiment.project
    _require_worker(by, project)
    if data_points < 0:
        raise DomainError(gettext_lazy("Het aantal datapunten is niet negatief."))
    if not observation.strip() or not insight.strip():
        raise DomainError(
            gettext_lazy("Een leerkaart zegt wat jullie zagen en wat jullie eruit leerden.")
        )
    if decision not in Learning.Decision.values or decision == Learning.Decision.STOP:
        raise DomainError(gettext_lazy("Kies wat jullie beslissen."))
    # Judged as recorded: a value computed elsewhere (a participation form's mean) may carry
    # more decimals than the test card keeps.
    measured_value = _amount(
        measured_value, gettext_lazy("Deze gemeten waarde past niet op een testkaart.")
    )
    with transaction.atomic():
        experiment = (
            Experiment.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=experiment.pk)
        )
        if Status.COMPLETED not in Experiment.TRANSITIONS[Status(experiment.status)]:
            raise DomainError(
                gettext_lazy("Alleen een lopend experiment wordt afgerond.")
                if experiment.status == Status.PLANNED
                else gettext_lazy("Dit experiment is al afgerond.")
            )
        now = timezone.now()
        experiment.measured_value = measured_value
        experiment.data_points = data_points
        experiment.result = experiment_result(
            operator=experiment.operator,
            threshold=experiment.threshold,
            measured=measured_value,
            data_points=data_points,
            min_data_points=experiment.min_data_points,
        )
        experiment.status = Status.COMPLETED
        experiment.completed_at = now
        experiment.save(
            update_fields=["measured_value", "data_points", "result", "status", "completed_at"]
        )
        learning = Learning.objects.create(
            project=project,
            experiment=experiment,
            observation=observation.strip(),
            insight=insight.strip(),
            decision=decision,
            actions=actions.strip(),
            created_by=by,
            created_at=now,
        )
        search.schedule_learning(learning)
        # Locked so that two experiments of one hypothesis completed at the same time do not
        # each compute its verdict without the other (PostgreSQL, read committed).
        hypothesis = refresh_hypothesis(
            Hypothesis.objects.select_for_update().get(pk=experiment.hypothesis_id)
        )
        if decision == Learning.Decision.RETIRE and hypothesis.retired_at is None:
            hypothesis.retired_at = now
            hypothesis.save(update_fields=["retired_at"])
        log_action(
            actor=by,
            action="experiment.completed",
            target=project,
            changes={
                "experiment": [experiment.pk, experiment.title],
                "status": ["running", "completed"],
                "result": [None, experiment.result],
                "decision": [None, decision],
            },
        )
    return experiment


def require_closing_learning(closing_learning: dict[str, str] | None) -> dict[str, str]:
    """Stopping, at a gate or at the scale evaluation, keeps the lesson: a closing learning
    card with at least an observation and an insight. Returns the card, trimmed."""
    card = {
        key: (closing_learning or {}).get(key, "").strip()
        for key in ("observation", "insight", "actions")
    }
    if not (card["observation"] and card["insight"]):
        raise DomainError(
            gettext_lazy("Wie stopt, houdt de les: schrijf een afsluitende leerkaart.")
        )
    return card


def _closing_learning(
    project: Project, closing_learning: dict[str, str] | None, by: Any
) -> Learning:
    card = require_closing_learning(closing_learning)
    learning = Learning.objects.create(
        project=project, decision=Learning.Decision.STOP, created_by=by, **card
    )
    search.schedule_learning(learning)
    return learning


def record_gate_decision(
    *,
    project: Project,
    decision: str,
    motivation: str,
    experiments: list[Experiment],
    learnings: list[Learning],
    pivot_aspects: list[str] | None = None,
    pivot_description: str = "",
    closing_learning: dict[str, str] | None = None,
    by: Any,
) -> GateDecision:
    """The projectleider (or a coordinator) decides at the end of a phase.

    - advance: needs a completed experiment in the current phase (and, to leave
      "verkennen", a test site); not from "evalueren" — that phase ends with the scale
      evaluation;
    - persevere: stay in the phase;
    - pivot: stay in the phase and say what changes (segment, value proposition, approach);
    - stop: from any phase, with a closing learning card; the outcome becomes "gestopt".
    """
    # A stopped project is refused as such, not as a question of who decides.
    _require_running(project)
    if not can_decide_gate(by, project):
        raise DomainError(
            gettext_lazy("Alleen de projectleider of een coördinator beslist over de fase.")
        )
    if decision not in Decision.values:
        raise DomainError(gettext_lazy("Kies een beslissing."))
    if not motivation.strip():
        raise DomainError(gettext_lazy("Motiveer de beslissing."))
    aspects = sorted(set(pivot_aspects or []))
    if decision == Decision.PIVOT:
        if not aspects or not set(aspects) <= set(GateDecision.PivotAspect.values):
            raise DomainError(
                gettext_lazy("Zeg wat de pivot verandert: doelgroep, waardepropositie of aanpak.")
            )
        if not pivot_description.strip():
            raise DomainError(gettext_lazy("Beschrijf wat er verandert."))
    if decision == Decision.STOP:
        require_closing_learning(closing_learning)
    if any(e.project_id != project.pk for e in experiments) or any(
        lesson.project_id != project.pk for lesson in learnings
    ):
        raise DomainError(gettext_lazy("Een beslissing steunt op experimenten van dit project."))
    if any(e.status != Status.COMPLETED for e in experiments):
        raise DomainError(gettext_lazy("Een beslissing steunt op afgeronde experimenten."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _require_running(project)
        phase = Phase(project.phase)
        changes: dict[str, Any] = {"decision": [None, decision]}
        learnings = list(learnings)
        if decision == Decision.ADVANCE:
            order = Project.PHASE_ORDER
            if phase == order[-1]:
                raise DomainError(
                    gettext_lazy("'Evalueren' sluit af met de schaalbaarheidsevaluatie.")
                )
            if not project.experiments.completed().filter(phase=phase).exists():
                raise DomainError(
                    gettext_lazy(
                        "Een project gaat pas verder met minstens één afgerond experiment in deze fase."
                    )
                )
            if phase == Phase.EXPLORE and not project.test_sites.exists():
                raise DomainError(
                    gettext_lazy("Een project verlaat 'verkennen' pas met minstens één proeftuin.")
                )
            project.phase = order[order.index(phase) + 1]
            project.save(update_fields=["phase"])
            changes["phase"] = [phase, project.phase]
        elif decision == Decision.STOP:
            learnings.append(_closing_learning(project, closing_learning, by))
            project.outcome = Project.Outcome.STOPPED
            project.outcome_at = timezone.now()
            project.save(update_fields=["outcome", "outcome_at"])
            changes["outcome"] = ["", project.outcome]
        gate = GateDecision.objects.create(
            project=project,
            phase=phase,
            decision=decision,
            motivation=motivation.strip(),
            pivot_aspects=aspects if decision == Decision.PIVOT else [],
            pivot_description=pivot_description.strip() if decision == Decision.PIVOT else "",
            decided_by=by,
        )
        gate.experiments.set(experiments)
        gate.learnings.set(learnings)
        log_action(actor=by, action="project.gate_decided", target=project, changes=changes)
        if "phase" in changes:
            log_action(
                actor=by,
                action="project.phase_changed",
                target=project,
                changes={"phase": changes["phase"]},
            )
        members = project.team.filter(accepted_at__isnull=False, user__is_active=True).exclude(
            user=by
        )
        # Someone with two roles in the team hears it once.
        told = {
            membership.user_id: membership.user for membership in members.select_related("user")
        }
        url = reverse("projects:detail", args=[project.pk])
        for user in told.values():
            notify(
                user=user,
                kind="projects.gate",
                title=gettext_lazy("'%(project)s': beslismoment — %(decision)s"),
                params={"project": project.title, "decision": gate.get_decision_display()},
                url=url,
            )
    return gate


METHOD_FIELDS = [
    "name",
    "description",
    "category",
    "typical_cost_eur",
    "typical_duration_days",
    "evidence_strength",
    "active",
]


def save_method(*, fields: dict[str, Any], by: Any, method: Method | None = None) -> Method:
    """Coordinators maintain the experiment-method library. A method in use is never
    deleted; it is taken out of use (`active`)."""
    require_coordinator(by)
    name = fields["name"].strip()
    if not name:
        raise DomainError(gettext_lazy("Geef de methode een naam."))
    if fields["category"] not in Method.Category.values:
        raise DomainError(gettext_lazy("Kies een categorie: ontdekken of valideren."))
    if not 1 <= fields["evidence_strength"] <= 5:
        raise DomainError(gettext_lazy("De bewijskracht ligt tussen 1 en 5."))
    with transaction.atomic():
        # Compared here rather than with `name__iexact`: SQLite folds only ASCII letters, so
        # "ENQUÊTE" would pass beside "Enquête". The library holds a few dozen names.
        others = Method.objects.all() if method is None else Method.objects.exclude(pk=method.pk)
        if any(
            other.casefold() == name.casefold() for other in others.values_list("name", flat=True)
        ):
            raise DomainError(gettext_lazy("Er is al een methode met die naam."))
        if method is None:
            method = Method(slug=unique_slug(Method, name, fallback="methode")[:100])
            old: dict[str, Any] = {}
        else:
            old = {key: getattr(method, key) for key in METHOD_FIELDS}
        new = {key: fields[key] for key in METHOD_FIELDS}
        new["name"] = name
        for key, value in new.items():
            setattr(method, key, value)
        method.save()
        log_action(actor=by, action="method.saved", target=method, changes=diff(old, new))
    return method


def record_outcome(
    *,
    project: Project,
    outcome: str,
    by: Any,
    closing_learning: dict[str, str] | None = None,
) -> Project:
    """Close a running project with its outcome (the scale evaluation decides it); the
    caller checks who may decide. Stopping asks for a closing learning card, as at a gate."""
    if outcome not in Project.Outcome.values or outcome == Project.Outcome.RUNNING:
        raise DomainError(gettext_lazy("Kies een uitkomst."))
    if outcome == Project.Outcome.STOPPED:
        require_closing_learning(closing_learning)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _require_running(project)
        if outcome == Project.Outcome.STOPPED:
            _closing_learning(project, closing_learning, by)
        project.outcome = outcome
        project.outcome_at = timezone.now()
        project.save(update_fields=["outcome", "outcome_at"])
        log_action(
            actor=by,
            action="project.outcome_recorded",
            target=project,
            changes={"outcome": ["", outcome]},
        )
    return project
