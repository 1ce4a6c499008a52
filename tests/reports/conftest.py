"""A project with something in every part of its end report: team (one member named with
consent, one not, one invitation pending), a test site, hypotheses (one retired), test cards
(completed with their learning cards, running, planned), a pivot and a closing learning."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from proeftuin.projects.models import GateDecision, Hypothesis, Learning, Membership, Project

from ..projects.conftest import (
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    MemberFactory,
    SiteFactory,
    media,
    project,
    selected,
)

__all__ = ["add_experiments", "media", "project", "reported", "selected"]

QUESTION = "Hoe reserveren inwoners een zaal zonder te bellen?"
TARGET_GROUPS = "Verenigingen en inwoners die een zaal huren"
SUMMARY = "Een proef met online zaalreservatie in de bibliotheek."
NEXT_STEPS = "De reservatiemodule lokaal verder uitrollen."


def add_experiments(project: Project, count: int) -> None:
    """`count` completed test cards, each with its learning card and its own hypothesis."""
    for _ in range(count):
        experiment = ExperimentFactory(project=project, completed=True)
        LearningFactory(project=project, experiment=experiment)


@pytest.fixture
def reported(personas: Any, project: Project, media: Any) -> Project:
    """Tom (projectleider) consents to his name; Ines (lokale indiener) does not; Eva is
    invited but has not accepted yet."""
    project.team.filter(user=personas.team_member).update(name_public=True)
    Membership.objects.create(
        project=project,
        email="eva.uitgenodigd@example.be",
        role=Membership.Role.EXTERNAL_EXPERT,
    )
    Project.objects.filter(pk=project.pk).update(
        question=QUESTION,
        target_groups=TARGET_GROUPS,
        summary=SUMMARY,
        next_steps=NEXT_STEPS,
    )
    project.refresh_from_db()
    SiteFactory(project=project)

    online = HypothesisFactory(
        project=project,
        statement="inwoners reserveren liever online dan aan de balie",
        importance=5,
        evidence=4,
        status=Hypothesis.Status.VALIDATED,
    )
    HypothesisFactory(
        project=project,
        statement="verenigingen betalen voor een reservatiemodule",
        kind=Hypothesis.Kind.VIABILITY,
        importance=4,
        status=Hypothesis.Status.INVALIDATED,
        retired_at=timezone.now(),
    )
    validated = ExperimentFactory(
        project=project,
        hypothesis=online,
        title="Landingspagina aan de balie",
        completed=True,
        unit="verenigingen",
        measured_value=Decimal("14"),
        data_points=14,
    )
    learning = LearningFactory(
        project=project,
        experiment=validated,
        observation="veertien verenigingen schreven zich in op één week",
        insight="online reserveren spreekt verenigingen aan",
        decision=Learning.Decision.PERSEVERE,
        actions="een klikbaar prototype bouwen",
    )
    ExperimentFactory(project=project, hypothesis=online, title="Klikbaar prototype", running=True)
    gate = GateDecision.objects.create(
        project=project,
        phase=Project.Phase.EXPLORE,
        decision=GateDecision.Decision.PIVOT,
        motivation="Verenigingen, niet losse inwoners, zijn de eerste doelgroep.",
        pivot_aspects=["segment"],
        pivot_description="We richten ons eerst op verenigingen.",
        decided_by=personas.team_member,
        decided_at=timezone.now() - timedelta(days=1),
    )
    gate.experiments.add(validated)
    gate.learnings.add(learning)
    LearningFactory(
        project=project,
        observation="de gemeente koos intussen een ander boekingssysteem",
        insight="sluit vroeg aan bij de IT-planning van de gemeente",
        decision=Learning.Decision.RETIRE,
    )
    MemberFactory(project=project, role=Membership.Role.INTERNAL_EXPERT, user__name="Ilse Intern")
    return project
