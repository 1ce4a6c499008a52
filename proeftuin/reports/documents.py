"""Documents assembled from the whole programme. A project's end report gathers its
question, needs, team, test sites, value proposition canvases and value streams, hypotheses,
test cards, learning cards, gate decisions and (for the team) its cost — the same data for
the page and for the PDF, in a fixed number of queries whatever the project's size."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from proeftuin.calls.models import Need, NeedQuerySet
from proeftuin.canvases import pictures
from proeftuin.projects import assumptions, budgets
from proeftuin.projects.models import (
    Experiment,
    GateDecision,
    Hypothesis,
    Learning,
    Membership,
    Project,
    TestSite,
)
from proeftuin.scaling.models import ScaleEvaluation, ScaleScore


@dataclass(frozen=True)
class NamedMember:
    name: str
    roles: list[str]


@dataclass(frozen=True)
class ConsentingTeam:
    """Who may be named outside the team: only people who consented to their name on the
    public page (`Membership.name_public`). Everyone else is only counted."""

    named: list[NamedMember]
    others: int


def consenting_team(memberships: Iterable[Membership]) -> ConsentingTeam:
    """The accepted team: each person once, with their roles, named where they consented;
    the rest counted. A person without a name (their e-mail address would stand in for it
    elsewhere) or whose account was erased is never named."""
    roles: dict[int, list[str]] = {}
    named: dict[int, str] = {}
    for membership in memberships:
        user = membership.user
        if user is None or membership.accepted_at is None:
            continue
        roles.setdefault(user.pk, []).append(str(membership.get_role_display()))
        if membership.name_public and user.name and user.deleted_at is None:
            named[user.pk] = user.name
    return ConsentingTeam(
        named=[NamedMember(name=name, roles=roles[pk]) for pk, name in named.items()],
        others=len(roles) - len(named),
    )


def team_memberships(project: Project) -> QuerySet[Membership]:
    return project.team.filter(accepted_at__isnull=False, user__isnull=False).select_related("user")


@dataclass(frozen=True)
class ReportedExperiment:
    """A test card with its learning card (absent while it is not completed)."""

    experiment: Experiment
    learning: Learning | None


@dataclass(frozen=True)
class EndReport:
    project: Project
    needs: list[Need]
    team: ConsentingTeam
    test_sites: list[TestSite]
    hypotheses: list[Hypothesis]
    experiments: list[ReportedExperiment]
    # Learning cards without a test card: the closing learning of a stopped project.
    closing_learnings: list[Learning]
    gate_decisions: list[GateDecision]
    # The hypotheses the team still holds, on the assumptions map; retired ones apart.
    assumptions_map: assumptions.AssumptionsMap
    generated_on: date
    # The value proposition canvases and value streams, drawn (the canvases app).
    canvases: list[pictures.DrawnCanvas]
    value_streams: list[pictures.DrawnStream]
    # The scale evaluation (scaling app): scores, decision, a coordinator's override and the
    # service it led to.
    scale_evaluation: ScaleEvaluation | None = None
    # The sections the report shows: all of them for the team, for the public only those a
    # coordinator approved (`Project.shows`); what is left out is not even loaded.
    sections: frozenset[str] = frozenset(Project.Section.values)
    public: bool = False
    # What the project cost against its budget, and what each validated hypothesis cost
    # (the experiments that tested it); the team's report only, never the public one.
    money: budgets.ProjectMoney | None = None
    hypothesis_costs: list[Hypothesis] = field(default_factory=list)

    @property
    def completed_experiments(self) -> int:
        return sum(1 for e in self.experiments if e.experiment.status == "completed")

    @property
    def retired_hypotheses(self) -> list[Hypothesis]:
        return [h for h in self.hypotheses if h.retired_at is not None]

    @property
    def validated_hypotheses(self) -> int:
        return sum(1 for h in self.hypotheses if h.status == Hypothesis.Status.VALIDATED)


def project_needs(project: Project) -> NeedQuerySet:
    """The need the project came from and the needs merged into it (first the own one)."""
    return (
        Need.objects.filter(Q(pk=project.need_id) | Q(merged_into_id=project.need_id))
        .select_related("organisation")
        .prefetch_related("organisation__municipalities")
        .order_by("submitted_at", "pk")
    )


def end_report(project: Project, *, public: bool = False) -> EndReport:
    """Everything the end report shows, in a fixed number of queries. Team members appear by
    name only with their consent; no e-mail address, comment or document is loaded. The public
    report (`public=True`) holds only the sections a coordinator approved and of the needs only
    those published as challenges."""
    sections = (
        frozenset(s for s in Project.Section.values if project.shows(s))
        if public
        else frozenset(Project.Section.values)
    )
    Section = Project.Section
    needs_query = project_needs(project)
    if public:
        needs_query = needs_query.challenges()
    needs = (
        sorted(needs_query, key=lambda need: need.pk != project.need_id)
        if Section.SUMMARY in sections
        else []
    )
    shows_experiments = Section.EXPERIMENTS in sections
    shows_learnings = Section.LEARNINGS in sections
    hypotheses = (
        list(project.hypotheses.order_by("kind", "-importance", "created_at", "pk"))
        if shows_experiments
        else []
    )
    learnings = list(project.learnings.order_by("created_at", "pk")) if shows_learnings else []
    by_experiment = {learning.experiment_id: learning for learning in learnings}
    experiments = (
        [
            ReportedExperiment(experiment=e, learning=by_experiment.get(e.pk))
            for e in project.experiments.select_related("method", "hypothesis").order_by(
                "planned_start", "created_at", "pk"
            )
        ]
        if shows_experiments
        else []
    )
    gate_decisions = (
        list(
            project.gate_decisions.order_by("decided_at", "pk").prefetch_related(
                Prefetch("experiments", queryset=Experiment.objects.order_by("created_at", "pk"))
            )
        )
        if shows_learnings
        else []
    )
    shows_team = Section.TEAM in sections
    shows_canvases = Section.CANVASES in sections
    return EndReport(
        project=project,
        needs=needs,
        team=consenting_team(team_memberships(project) if shows_team else []),
        test_sites=(
            list(project.test_sites.select_related("municipality", "organisation"))
            if shows_team
            else []
        ),
        hypotheses=hypotheses,
        experiments=experiments,
        # Without the test cards (experiments not public) a learning card stands on its own.
        closing_learnings=[
            learning
            for learning in learnings
            if learning.experiment_id is None or not shows_experiments
        ],
        gate_decisions=gate_decisions,
        assumptions_map=assumptions.draw(h for h in hypotheses if h.retired_at is None),
        generated_on=timezone.localdate(),
        canvases=pictures.drawn_canvases(project, "report-canvas") if shows_canvases else [],
        value_streams=pictures.drawn_streams(project, "report-stream") if shows_canvases else [],
        scale_evaluation=ScaleEvaluation.objects.select_related("service")
        .prefetch_related(
            Prefetch("scores", queryset=ScaleScore.objects.select_related("criterion"))
        )
        .filter(project=project)
        .first(),
        sections=sections,
        public=public,
        money=None if public else budgets.project_money(project),
        hypothesis_costs=(
            []
            if public
            else list(budgets.validated_hypotheses_with_cost(Project.objects.filter(pk=project.pk)))
        ),
    )
