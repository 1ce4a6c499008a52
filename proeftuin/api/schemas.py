"""What the API shows of each object. Only public fields: no e-mail addresses, no
people's names except team members who consented, and of a project only the sections a
coordinator approved (a section that is not public is null, not empty)."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema

from proeftuin.calls.models import Call, Need
from proeftuin.knowledge.articles.models import Article
from proeftuin.projects.models import Experiment, Learning, Project

Section = Project.Section


class Message(Schema):
    message: str


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    """A 422: which parameters were wrong and why."""

    message: str
    errors: list[FieldError]


class ThemeOut(Schema):
    slug: str
    name: str


class MunicipalityOut(Schema):
    nis_code: str
    name: str
    province: str
    region: str
    postal_codes: list[str]

    @staticmethod
    def resolve_postal_codes(obj: object) -> list[str]:
        return str(getattr(obj, "postal_codes", "")).replace(",", " ").split()


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    municipalities: list[MunicipalityOut]

    @staticmethod
    def resolve_municipalities(obj: object) -> list[object]:
        return list(obj.municipalities.all())  # type: ignore[attr-defined]


class CallOut(Schema):
    slug: str
    title: str
    introduction: str
    status: str
    opens_at: datetime
    closes_at: datetime | None
    is_rolling: bool
    published_at: datetime
    themes: list[ThemeOut]

    @staticmethod
    def resolve_themes(obj: Call) -> list[object]:
        return list(obj.themes.all())


class ChallengeOut(Schema):
    id: int
    title: str
    problem: str
    target_groups: str
    citizen_value: str
    status: str
    decision_motivation: str
    published_at: datetime
    call: str | None
    organisation: OrganisationOut
    themes: list[ThemeOut]
    support_count: int

    @staticmethod
    def resolve_call(obj: Need) -> str | None:
        return obj.call.slug if obj.call else None

    @staticmethod
    def resolve_decision_motivation(obj: Need) -> str:
        # Shown on the public page only once the challenge has an outcome.
        return "" if obj.status == Need.Status.RETAINED else obj.decision_motivation

    @staticmethod
    def resolve_themes(obj: Need) -> list[object]:
        return list(obj.themes.all())


class ProjectSummaryOut(Schema):
    question: str
    target_groups: str
    summary: str
    challenges: list[int]


class ProjectOut(Schema):
    id: int
    title: str
    phase: str
    outcome: str
    outcome_at: datetime | None
    published_at: datetime
    public_sections: list[str]
    summary: ProjectSummaryOut | None

    @staticmethod
    def resolve_outcome(obj: Project) -> str:
        return obj.outcome or "running"

    @staticmethod
    def resolve_summary(obj: Project) -> dict[str, object] | None:
        if not obj.shows(Section.SUMMARY):
            return None
        return {
            "question": obj.question,
            "target_groups": obj.target_groups,
            "summary": obj.summary,
            "challenges": getattr(obj, "public_challenges", []),
        }


class ExperimentOut(Schema):
    id: int
    title: str
    phase: str
    method: str
    hypothesis: str
    test: str
    metric: str
    unit: str
    criterion: str
    status: str
    measured_value: Decimal | None
    data_points: int | None
    result: str

    @staticmethod
    def resolve_method(obj: Experiment) -> str:
        return obj.method.name

    @staticmethod
    def resolve_hypothesis(obj: Experiment) -> str:
        return obj.hypothesis.statement

    @staticmethod
    def resolve_criterion(obj: Experiment) -> str:
        return str(obj.criterion_text)


class LearningOut(Schema):
    id: int
    project: int
    experiment: str | None
    observation: str
    insight: str
    decision: str
    actions: str
    created_at: datetime

    @staticmethod
    def resolve_project(obj: Learning) -> int:
        return obj.project_id

    @staticmethod
    def resolve_experiment(obj: Learning) -> str | None:
        # The experiment's title is public only where the experiments are.
        if obj.experiment is None or not obj.project.shows(Section.EXPERIMENTS):
            return None
        return obj.experiment.title


class GateDecisionOut(Schema):
    phase: str
    decision: str
    motivation: str
    pivot_description: str
    decided_at: datetime


class TeamMemberOut(Schema):
    name: str
    roles: list[str]


class TeamOut(Schema):
    named: list[TeamMemberOut]
    others: int


class ProjectDetailOut(ProjectOut):
    """The sections of `knowledge.pages.public_project` (set as `shown` by the view)."""

    experiments: list[ExperimentOut] | None
    learnings: list[LearningOut] | None
    gate_decisions: list[GateDecisionOut] | None
    team: TeamOut | None

    @staticmethod
    def resolve_experiments(obj: Project) -> object:
        return obj.shown.experiments  # type: ignore[attr-defined]

    @staticmethod
    def resolve_learnings(obj: Project) -> object:
        return obj.shown.learnings  # type: ignore[attr-defined]

    @staticmethod
    def resolve_gate_decisions(obj: Project) -> object:
        return obj.shown.gate_decisions  # type: ignore[attr-defined]

    @staticmethod
    def resolve_team(obj: Project) -> object:
        return obj.shown.team  # type: ignore[attr-defined]


class ArticleOut(Schema):
    slug: str
    kind: str
    title: str
    summary: str
    body: str
    published_at: datetime
    themes: list[ThemeOut]
    projects: list[int]
    services: list[str]

    @staticmethod
    def resolve_themes(obj: Article) -> list[object]:
        return list(obj.themes.all())

    @staticmethod
    def resolve_projects(obj: Article) -> list[int]:
        return [project.pk for project in obj.public_projects]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_services(obj: Article) -> list[str]:
        return [service.slug for service in obj.public_services]  # type: ignore[attr-defined]
