"""The funnel (DESIGN.md, "Innovation accounting"): needs submitted → retained → selected →
projects that reached each phase → projects with a validated hypothesis of each kind →
scaled → municipalities with an active service. Three queries.

- retained: the need is retained or selected now, or the activity log says it was retained
  once (at intake or carried over from the backlog) before a later decision declined, parked
  or merged it;
- a project "reached" a phase when its phase is that one or a later one (a stopped project
  keeps the phase it stopped in);
- validated on all three: desirability, feasibility and viability each have a validated
  hypothesis — the evidence the scale rule asks for;
- scaled: the project's outcome is "opgeschaald", its scale evaluation decided to scale up,
  or a service was born of it;
- municipalities with an active service: distinct municipalities with an active adoption of
  a service of the selected projects (without filters: of any service)."""

from dataclasses import dataclass

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from proeftuin.calls.models import Need
from proeftuin.core.models import ActivityLog
from proeftuin.projects.models import Hypothesis, Project
from proeftuin.scaling.models import Adoption, ScaleEvaluation, Service

from ..charts import BarChart, bar_chart
from ..filters import Filters
from ..tables import Table

RETAINED_ACTIONS = ["need.retained", "need.carried_over"]


@dataclass(frozen=True)
class Stage:
    label: str
    count: int


@dataclass(frozen=True)
class Funnel:
    stages: list[Stage]
    chart: BarChart
    tables: list[Table]

    def count(self, index: int) -> int:
        return self.stages[index].count


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else ""


def compute(filters: Filters) -> Funnel:
    # Uncorrelated subqueries throughout: the database computes each set once (and
    # PostgreSQL's planner does not cost the query high enough to compile it first).
    was_retained = ActivityLog.objects.filter(
        action__in=RETAINED_ACTIONS,
        content_type__app_label="calls",
        content_type__model="need",
    ).values("object_id")
    needs = (
        filters.needs()
        .annotate(log_key=Cast("pk", CharField()))
        .aggregate(
            submitted=Count("pk"),
            retained=Count(
                "pk",
                filter=Q(status__in=[Need.Status.RETAINED, Need.Status.SELECTED])
                | Q(log_key__in=was_retained),
            ),
            selected=Count("pk", filter=Q(status=Need.Status.SELECTED)),
        )
    )

    def validated(kind: str) -> Q:
        return Q(
            pk__in=Hypothesis.objects.filter(kind=kind, status=Hypothesis.Status.VALIDATED).values(
                "project_id"
            )
        )

    order = Project.PHASE_ORDER
    projects = filters.projects().aggregate(
        **{
            f"reached_{phase}": Count("pk", filter=Q(phase__in=order[i:]))
            for i, phase in enumerate(order)
        },
        validated=Count("pk", filter=Q(*(validated(kind) for kind in Hypothesis.Kind.values))),
        scaled=Count(
            "pk",
            filter=Q(outcome=Project.Outcome.SCALED)
            | Q(
                pk__in=ScaleEvaluation.objects.filter(
                    status=ScaleEvaluation.Status.DECIDED,
                    decision=ScaleEvaluation.Decision.SCALE_UP,
                ).values("project_id")
            )
            | Q(pk__in=Service.projects.through.objects.values("project_id")),
        ),
    )
    municipalities = (
        Adoption.objects.filter(state=Adoption.State.ACTIVE, service__in=filters.services())
        .values("municipality")
        .distinct()
        .count()
    )
    phase_labels = {
        Project.Phase.EXPLORE: _("Projecten gestart (verkennen)"),
        Project.Phase.VALIDATE: _("Projecten in valideren of verder"),
        Project.Phase.PILOT: _("Projecten in piloteren of verder"),
        Project.Phase.EVALUATE: _("Projecten in evalueren"),
    }
    stages = [
        Stage(_("Noden ingediend"), needs["submitted"]),
        Stage(_("Noden weerhouden"), needs["retained"]),
        Stage(_("Noden geselecteerd"), needs["selected"]),
        *(Stage(phase_labels[phase], projects[f"reached_{phase}"]) for phase in order),
        Stage(
            _("Wenselijk, haalbaar én levensvatbaar"),
            projects["validated"],
        ),
        Stage(_("Projecten opgeschaald"), projects["scaled"]),
        Stage(_("Gemeenten met een actieve dienst"), municipalities),
    ]
    rows: list[list[object]] = []
    for i, stage in enumerate(stages):
        # The last step counts municipalities, not needs or projects: no share of the step before.
        previous = stages[i - 1].count if 0 < i < len(stages) - 1 else 0
        rows.append([stage.label, stage.count, _percent(stage.count, previous)])
    chart = bar_chart(
        "funnel",
        _("Trechter van ingediende noden tot gemeenten met een actieve dienst"),
        _("Elke balk is een stap van de trechter; de tabel eronder geeft dezelfde aantallen."),
        [(stage.label, stage.count, str(stage.count)) for stage in stages],
        centred=True,
    )
    table = Table(
        key="trechter",
        caption=_("De trechter, stap voor stap"),
        headers=[_("Stap"), _("Aantal"), _("Aandeel van de vorige stap")],
        rows=rows,
    )
    return Funnel(stages=stages, chart=chart, tables=[table])
