"""Every change of state in scaling, one function each: the scorecard, the decision (with
the readiness rule), services and adoptions."""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.follows import notify_followers
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import is_coordinator, require_coordinator
from proeftuin.core.slugs import unique_slug
from proeftuin.organisations.models import Membership as OrganisationMembership
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import GateDecision, Hypothesis, Project
from proeftuin.projects.permissions import can_decide_gate
from proeftuin.projects.services import record_outcome, require_closing_learning

from . import search
from .models import (
    Adoption,
    AdoptionEvent,
    EndReason,
    ScaleCriterion,
    ScaleEvaluation,
    ScaleScore,
    Service,
)

Decision = ScaleEvaluation.Decision
State = Adoption.State
EARLIER_PHASES = [Project.Phase.EXPLORE, Project.Phase.VALIDATE, Project.Phase.PILOT]
OUTCOME_OF = {
    Decision.SCALE_UP: Project.Outcome.SCALED,
    Decision.CONTINUE_LOCALLY: Project.Outcome.CONTINUED_LOCALLY,
    Decision.STOP: Project.Outcome.STOPPED,
}
SERVICE_FIELDS = ["name", "summary", "offer", "conditions", "how_to_start", "contact_email"]


@dataclass(frozen=True)
class Readiness:
    """What the rule "only when all steps have been taken" still misses."""

    missing_phases: list[str]
    missing_kinds: list[str]

    @property
    def ready(self) -> bool:
        return not self.missing_phases and not self.missing_kinds

    def phase_labels(self) -> list[str]:
        return [str(Project.Phase(p).label) for p in self.missing_phases]

    def kind_labels(self) -> list[str]:
        return [str(Hypothesis.Kind(k).label) for k in self.missing_kinds]


def readiness(project: Project) -> Readiness:
    """Every earlier phase has a gate decision, and desirability, feasibility and viability
    each have at least one validated hypothesis (two queries)."""
    decided = set(
        GateDecision.objects.filter(project=project, phase__in=EARLIER_PHASES).values_list(
            "phase", flat=True
        )
    )
    validated = set(
        project.hypotheses.filter(status=Hypothesis.Status.VALIDATED).values_list("kind", flat=True)
    )
    return Readiness(
        missing_phases=[p.value for p in EARLIER_PHASES if p not in decided],
        missing_kinds=[k for k in Hypothesis.Kind.values if k not in validated],
    )


def _require_decider(user: Any, project: Project) -> None:
    if not can_decide_gate(user, project):
        raise DomainError(
            gettext_lazy("Alleen de projectleider of een coördinator evalueert de opschaling.")
        )


def start_evaluation(*, project: Project, by: Any) -> ScaleEvaluation:
    """Open the scale evaluation of a running project in phase "evalueren" (once)."""
    _require_decider(by, project)
    if not project.is_running or project.phase != Project.Phase.EVALUATE:
        raise DomainError(
            gettext_lazy("Een project krijgt een schaalbaarheidsevaluatie in de fase 'evalueren'.")
        )
    with transaction.atomic():
        evaluation, created = ScaleEvaluation.objects.get_or_create(project=project)
        if created:
            log_action(actor=by, action="scaling.evaluation_started", target=evaluation)
    return evaluation


def _require_draft(evaluation: ScaleEvaluation) -> None:
    if evaluation.status != ScaleEvaluation.Status.DRAFT:
        raise DomainError(gettext_lazy("Deze evaluatie is beslist; ze blijft zoals ze was."))


def score_criterion(
    *,
    evaluation: ScaleEvaluation,
    criterion: ScaleCriterion,
    score: int,
    motivation: str,
    by: Any,
) -> ScaleScore:
    """Score one criterion 1 to 5 with a motivation (again, to change it)."""
    _require_decider(by, evaluation.project)
    _require_draft(evaluation)
    if not criterion.active:
        raise DomainError(gettext_lazy("Dit criterium is niet meer in gebruik."))
    if score not in range(1, 6):
        raise DomainError(gettext_lazy("Een score gaat van 1 tot 5."))
    if not motivation.strip():
        raise DomainError(gettext_lazy("Motiveer de score."))
    with transaction.atomic():
        row, _created = ScaleScore.objects.update_or_create(
            evaluation=evaluation,
            criterion=criterion,
            defaults={"score": score, "motivation": motivation.strip(), "weight": criterion.weight},
        )
        log_action(
            actor=by,
            action="scaling.criterion_scored",
            target=evaluation,
            changes={criterion.name: [None, score]},
        )
    return row


def _new_service(fields: dict[str, Any], project: Project) -> Service:
    missing = [name for name in SERVICE_FIELDS if not str(fields.get(name, "")).strip()]
    if missing:
        raise DomainError(
            gettext_lazy(
                "Beschrijf de dienst: naam, samenvatting, wat een gemeente krijgt, voorwaarden "
                "en kost, hoe starten en een functioneel contactadres."
            )
        )
    values = {name: str(fields[name]).strip() for name in SERVICE_FIELDS}
    service = Service.objects.create(
        slug=unique_slug(Service, values["name"], fallback="dienst"), **values
    )
    service.projects.add(project)
    search.schedule(service)
    return service


def decide(
    *,
    evaluation: ScaleEvaluation,
    decision: str,
    motivation: str,
    by: Any,
    override_motivation: str = "",
    service: Service | None = None,
    service_fields: dict[str, Any] | None = None,
    closing_learning: dict[str, str] | None = None,
) -> ScaleEvaluation:
    """Decide: opschalen, lokaal verderzetten, stoppen or nog niet.

    Every active criterion is scored first. "Opschalen" is refused unless `readiness` holds;
    a coordinator may override with a written motivation, which is kept. Scaling up joins
    the project to `service` or creates one from `service_fields`. The decision sets the
    project's outcome ("nog niet" leaves it running, and the evaluation open to decide
    again). Stopping keeps the lesson: `closing_learning` becomes the closing learning card,
    as at a gate."""
    project = evaluation.project
    _require_decider(by, project)
    if not project.is_running:
        raise DomainError(gettext_lazy("Dit project is afgesloten; het blijft zoals het was."))
    if decision not in Decision.values:
        raise DomainError(gettext_lazy("Kies een beslissing."))
    if not motivation.strip():
        raise DomainError(gettext_lazy("Motiveer de beslissing."))
    unscored = (
        ScaleCriterion.objects.filter(active=True)
        .exclude(pk__in=evaluation.scores.values("criterion_id"))
        .values_list("name", flat=True)
    )
    if unscored:
        raise DomainError(
            gettext_lazy("Geef eerst elk criterium een score: %(names)s.")
            % {"names": ", ".join(unscored)}
        )
    override = override_motivation.strip()
    if decision == Decision.SCALE_UP:
        state = readiness(project)
        if not state.ready:
            if not is_coordinator(by):
                raise DomainError(_refusal(state))
            if not override:
                raise DomainError(
                    gettext_lazy(
                        "%(refusal)s Schaal je toch op, schrijf dan waarom in de motivering "
                        "van de uitzondering."
                    )
                    % {"refusal": _refusal(state)}
                )
        else:
            override = ""
        if service is None and not service_fields:
            raise DomainError(gettext_lazy("Kies een bestaande dienst of beschrijf een nieuwe."))
    else:
        override = ""
    if decision == Decision.STOP:
        require_closing_learning(closing_learning)
    with transaction.atomic():
        evaluation = (
            ScaleEvaluation.objects.select_for_update()
            .select_related("project")
            .get(pk=evaluation.pk)
        )
        if (
            evaluation.status == ScaleEvaluation.Status.DECIDED
            and evaluation.decision != Decision.NOT_YET
        ):
            raise DomainError(gettext_lazy("Deze evaluatie is beslist; ze blijft zoals ze was."))
        if decision == Decision.SCALE_UP:
            if service is None:
                service = _new_service(service_fields or {}, project)
            else:
                if service.state == Service.State.RETIRED:
                    raise DomainError(gettext_lazy("Deze dienst is stopgezet."))
                service.projects.add(project)
            evaluation.service = service
        evaluation.status = ScaleEvaluation.Status.DECIDED
        evaluation.decision = decision
        evaluation.motivation = motivation.strip()
        evaluation.override_motivation = override
        evaluation.overridden_by = by if override else None
        evaluation.decided_at = timezone.now()
        evaluation.decided_by = by
        evaluation.save()
        log_action(
            actor=by,
            action="scaling.evaluation_decided",
            target=evaluation,
            changes={
                "decision": [None, decision],
                **({"override": [None, override]} if override else {}),
            },
        )
        if decision in OUTCOME_OF:
            record_outcome(
                project=project,
                outcome=OUTCOME_OF[Decision(decision)],
                by=by,
                closing_learning=closing_learning if decision == Decision.STOP else None,
            )
    return evaluation


def _refusal(state: Readiness) -> str:
    parts = []
    if state.missing_phases:
        parts.append(
            str(gettext_lazy("een beslismoment in %(phases)s"))
            % {"phases": ", ".join(state.phase_labels())}
        )
    if state.missing_kinds:
        parts.append(
            str(gettext_lazy("een gevalideerde hypothese over %(kinds)s"))
            % {"kinds": ", ".join(state.kind_labels())}
        )
    return str(gettext_lazy("Opschalen kan pas met %(missing)s.")) % {
        "missing": str(gettext_lazy(" en ")).join(parts)
    }


def update_service(*, service: Service, fields: dict[str, Any], by: Any) -> Service:
    """A coordinator edits a service's description."""
    require_coordinator(by)
    old = {name: getattr(service, name) for name in SERVICE_FIELDS}
    new = {name: str(fields.get(name, "")).strip() for name in SERVICE_FIELDS}
    if not all(new.values()):
        raise DomainError(gettext_lazy("Vul elk veld van de dienst in."))
    for name, value in new.items():
        setattr(service, name, value)
    with transaction.atomic():
        service.save()
        log_action(
            actor=by, action="scaling.service_updated", target=service, changes=diff(old, new)
        )
        search.schedule(service)
    return service


SERVICE_TRANSITIONS = {
    Service.State.IN_DEVELOPMENT: {Service.State.AVAILABLE, Service.State.RETIRED},
    Service.State.AVAILABLE: {Service.State.RETIRED},
    Service.State.RETIRED: set(),
}


def set_service_state(*, service: Service, state: str, by: Any) -> Service:
    """in development → available → retired, by a coordinator."""
    require_coordinator(by)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        if state not in SERVICE_TRANSITIONS[Service.State(service.state)]:
            raise DomainError(gettext_lazy("Die stap kan niet vanuit deze stand."))
        log_action(
            actor=by,
            action="scaling.service_state_changed",
            target=service,
            changes={"state": [service.state, state]},
        )
        service.state = state
        service.save(update_fields=["state"])
        search.schedule(service)
        notify_followers(
            service,
            title=gettext_lazy("De dienst '%(service)s' is nu %(state)s"),
            params={"service": service.name, "state": service.get_state_display()},
            url=reverse("scaling:service", args=[service.slug]),
            exclude=by,
        )
    return service


def municipalities_of(user: Any) -> "list[Municipality]":
    """The municipalities of the organisations a person is an active member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Municipality.objects.filter(
            organisations__memberships__user=user,
            organisations__memberships__status=OrganisationMembership.Status.ACTIVE,
        ).distinct()
    )


def _event(adoption: Adoption, state: str, by: Any, extra: dict[str, str] | None = None) -> None:
    AdoptionEvent.objects.create(adoption=adoption, state=state, by=by)
    log_action(
        actor=by,
        action="scaling.adoption_changed",
        target=adoption,
        changes={"state": [None, state], **{k: [None, v] for k, v in (extra or {}).items()}},
    )


def register_adoption(
    *,
    service: Service,
    municipality: Municipality,
    state: str,
    contact_name: str,
    contact_email: str,
    by: Any,
) -> Adoption:
    """A member of an organisation in `municipality` registers its interest in a service, or
    requests it. One current adoption per municipality and service: interest is raised to
    a request; anything further is refused."""
    if state not in (State.INTERESTED, State.REQUESTED):
        raise DomainError(gettext_lazy("Kies interesse of een aanvraag."))
    if municipality not in municipalities_of(by):
        raise DomainError(
            gettext_lazy(
                "Alleen een lid van een organisatie in %(municipality)s doet dit voor die gemeente."
            )
            % {"municipality": municipality.name}
        )
    if not contact_name.strip() or not contact_email.strip():
        raise DomainError(gettext_lazy("Geef een contactpersoon van de gemeente met e-mailadres."))
    if state == State.REQUESTED and service.state != Service.State.AVAILABLE:
        raise DomainError(
            gettext_lazy("Een dienst in ontwikkeling vraag je nog niet aan; toon wel je interesse.")
        )
    if service.state == Service.State.RETIRED:
        raise DomainError(gettext_lazy("Deze dienst is stopgezet."))
    now = timezone.now()
    try:
        with transaction.atomic():
            # Lock the service: two requests for one municipality wait for each other.
            Service.objects.select_for_update().get(pk=service.pk)
            current = (
                Adoption.objects.select_for_update()
                .filter(service=service, municipality=municipality)
                .exclude(state=State.ENDED)
                .first()
            )
            if current is not None:
                if not (current.state == State.INTERESTED and state == State.REQUESTED):
                    raise DomainError(
                        gettext_lazy("%(municipality)s is al %(state)s voor deze dienst.")
                        % {"municipality": municipality.name, "state": current.get_state_display()}
                    )
                current.state = State.REQUESTED
                current.requested_at = now
                current.contact_name = contact_name.strip()
                current.contact_email = contact_email.strip()
                current.save()
                _event(current, State.REQUESTED, by)
                return current
            adoption = Adoption.objects.create(
                service=service,
                municipality=municipality,
                state=state,
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip(),
                created_by=by,
                interested_at=now if state == State.INTERESTED else None,
                requested_at=now if state == State.REQUESTED else None,
            )
            _event(adoption, state, by)
            return adoption
    except IntegrityError:
        raise DomainError(
            gettext_lazy("%(municipality)s heeft deze dienst al.")
            % {"municipality": municipality.name}
        ) from None


def activate_adoption(*, adoption: Adoption, by: Any) -> Adoption:
    """A coordinator confirms that a requested service runs in the municipality."""
    return _coordinator_step(adoption, State.REQUESTED, State.ACTIVE, "activated_at", by)


def end_adoption(*, adoption: Adoption, reason: str, explanation: str = "", by: Any) -> Adoption:
    """A coordinator confirms the end of an adoption (from any current state), with the
    reason the municipality gives; it is kept and counted on the service page."""
    if reason not in EndReason.values:
        raise DomainError(gettext_lazy("Kies waarom de gemeente stopt."))
    if reason == EndReason.OTHER and not explanation.strip():
        raise DomainError(gettext_lazy("Zeg bij een andere reden waarom de gemeente stopt."))
    return _coordinator_step(
        adoption,
        None,
        State.ENDED,
        "ended_at",
        by,
        extra={"end_reason": reason, "end_explanation": explanation.strip()},
    )


def _coordinator_step(
    adoption: Adoption,
    source: str | None,
    target: str,
    stamp: str,
    by: Any,
    extra: dict[str, str] | None = None,
) -> Adoption:
    require_coordinator(by)
    with transaction.atomic():
        adoption = (
            # Only the adoption's row: created_by is a nullable (outer) join, which
            # PostgreSQL does not lock.
            Adoption.objects.select_for_update(of=("self",))
            .select_related("service", "municipality", "created_by")
            .get(pk=adoption.pk)
        )
        if adoption.state == State.ENDED or (source is not None and adoption.state != source):
            raise DomainError(gettext_lazy("Die stap kan niet vanuit deze stand."))
        adoption.state = target
        setattr(adoption, stamp, timezone.now())
        for name, value in (extra or {}).items():
            setattr(adoption, name, value)
        adoption.save()
        _event(adoption, target, by, extra)
        # Whoever registered it for the municipality hears of the step.
        member = adoption.created_by
        if member is not None and member.is_active and member != by:
            notify(
                user=member,
                kind="scaling.adoption",
                title=gettext_lazy("'%(service)s' in %(municipality)s: %(state)s"),
                params={
                    "service": adoption.service.name,
                    "municipality": adoption.municipality.name,
                    "state": adoption.get_state_display(),
                },
                url=reverse("scaling:service", args=[adoption.service.slug]),
            )
    return adoption


CRITERION_FIELDS = ["name", "description", "weight", "position", "active"]


def save_criterion(
    *, fields: dict[str, Any], by: Any, criterion: ScaleCriterion | None = None
) -> ScaleCriterion:
    """A coordinator adds or changes a default criterion of the scorecard. Scores already
    given keep the weight they had."""
    require_coordinator(by)
    name = str(fields.get("name", "")).strip()
    if not name:
        raise DomainError(gettext_lazy("Geef het criterium een naam."))
    same = ScaleCriterion.objects.filter(name__iexact=name)
    if criterion is not None:
        same = same.exclude(pk=criterion.pk)
    if same.exists():
        raise DomainError(gettext_lazy("Er is al een criterium met die naam."))
    weight = int(fields.get("weight") or 0)
    if weight not in range(1, 11):
        raise DomainError(gettext_lazy("Een gewicht gaat van 1 tot 10."))
    target = criterion or ScaleCriterion()
    old = {name_: getattr(target, name_) for name_ in CRITERION_FIELDS} if criterion else {}
    target.name = name
    target.description = str(fields.get("description", "")).strip()
    target.weight = weight
    target.position = int(fields.get("position") or 0)
    target.active = bool(fields.get("active", True))
    with transaction.atomic():
        target.save()
        log_action(
            actor=by,
            action="scaling.criterion_saved",
            target=target,
            changes=diff(old, {name_: getattr(target, name_) for name_ in CRITERION_FIELDS}),
        )
    return target
