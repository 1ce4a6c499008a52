"""Demo means: a budget per phase and a few recorded costs on every demo project, through the
services. `load` runs before the lean stories (same stage, registered first), while every
project still runs, so their experiments' costs add up on top as they start; `load_warning`
runs after the scaling demo and brings the project that still pilots to about 85 % of its
budget, so the 80 % warning shows on its pages."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from proeftuin.core.money import euro_to_cents

from . import budgets, services
from .models import Membership, PhaseBudget, Project, Spending

# (internal hours, external euros, local investment euros) per phase, scaled per project.
BASE = {
    Project.Phase.EXPLORE: (40, 2_500, 0),
    Project.Phase.VALIDATE: (60, 4_000, 1_500),
    Project.Phase.PILOT: (80, 6_000, 8_000),
    Project.Phase.EVALUATE: (24, 1_500, 0),
}
SCALES = [Decimal("1"), Decimal("1.2"), Decimal("0.8"), Decimal("1.5"), Decimal("0.9")]
# (days after the selection, kind, description, euros): the costs of getting started.
COSTS = [
    (12, "external_expertise", "Begeleiding van de eerste workshop door een UX-ontwerper", "1450"),
    (19, "materials", "Printwerk en materiaal voor de papieren prototypes", "86.40"),
    (26, "travel", "Verplaatsingen van het team naar de proeftuin", "42.60"),
    (33, "participants", "Bonnen voor de burgers die meetestten", "150"),
]


def _leader(project: Project) -> Any:
    membership = project.team.filter(role=Membership.Role.PROJECT_LEADER).first()
    return membership.user if membership else None


def load() -> None:
    coordinator = get_user_model().objects.coordinators().order_by("pk").first()
    if coordinator is None:
        return
    projects = Project.objects.running().select_related("need__call").order_by("created_at", "pk")
    for index, project in enumerate(projects):
        if PhaseBudget.objects.filter(project=project).exists():
            continue
        scale = SCALES[index % len(SCALES)]
        for phase, (hours, external, local) in BASE.items():
            services.set_phase_budget(
                project=project,
                phase=phase,
                internal_hours=int(hours * scale),
                external_cents=euro_to_cents(external * scale),
                local_investment_cents=euro_to_cents(local * scale),
                by=coordinator,
            )
        leader = _leader(project) or coordinator
        start = timezone.localdate(project.created_at)
        for days, kind, description, euros in COSTS[: 2 + index % 3]:
            services.record_spending(
                project=project,
                phase=project.phase,
                spent_on=min(start + timedelta(days=days), timezone.localdate()),
                amount_cents=euro_to_cents(Decimal(euros)),
                kind=kind,
                description=description,
                by=leader,
            )


def load_warning() -> None:
    """The first project still piloting goes to about 85 % of its budget with a local
    investment, once."""
    # Annotated with the sums (`budgets.with_money`), which the type checker cannot see.
    project: Any = (
        budgets.with_money(Project.objects.running().filter(phase=Project.Phase.PILOT))
        .order_by("created_at", "pk")
        .first()
    )
    description = "Zelfbedieningskiosk en installatie in de proeftuin"
    if (
        project is None
        or Spending.objects.filter(project=project, description=description).exists()
    ):
        return
    budget, spent = project.budget_cents, project.spent_cents
    top_up = budget * 85 // 100 - spent
    if budget == 0 or top_up <= 0:
        return
    coordinator = get_user_model().objects.coordinators().order_by("pk").first()
    services.record_spending(
        project=project,
        phase=project.phase,
        spent_on=timezone.localdate() - timedelta(days=3),
        amount_cents=top_up,
        kind="local_investment",
        description=description,
        by=_leader(project) or coordinator,
    )
