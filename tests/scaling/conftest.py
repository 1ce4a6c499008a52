"""Fixtures for scaling: a project in phase "evalueren" with every earlier gate decided and a
validated hypothesis of each kind (`ready`), and one without (`evaluating`).

Factories write rows directly (fixture data); what a test is about goes through the
services or the views.
"""

from datetime import timedelta
from typing import Any

import factory
import pytest
from django.utils import timezone

from proeftuin.projects.models import GateDecision, Hypothesis, Project
from proeftuin.scaling.models import Adoption, ScaleCriterion, ScaleEvaluation, Service

from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from ..projects.conftest import HypothesisFactory, project, selected

__all__ = [
    "AdoptionFactory",
    "HypothesisFactory",
    "MembershipFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "ServiceFactory",
    "project",
    "selected",
]

EARLIER = [Project.Phase.EXPLORE, Project.Phase.VALIDATE, Project.Phase.PILOT]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Zalen online reserveren {n}")
    slug = factory.Sequence(lambda n: f"zalen-online-reserveren-{n}")
    summary = "Burgers reserveren een zaal van de gemeente online."
    offer = "Een reservatiemodule gekoppeld aan de zalenagenda."
    conditions = "500 euro per jaar."
    how_to_start = "Vraag de dienst aan; we plannen een startgesprek."
    contact_email = "diensten@proeftuin.example.be"
    state = Service.State.AVAILABLE


class AdoptionFactory(factory.django.DjangoModelFactory):
    """An active adoption, activated a year ago."""

    class Meta:
        model = Adoption

    service = factory.SubFactory(ServiceFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    state = Adoption.State.ACTIVE
    contact_name = "Vrijetijdsdienst"
    contact_email = factory.Sequence(lambda n: f"vrije-tijd{n}@gemeente.example.be")
    activated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))


def gate(project: Project, phase: str) -> GateDecision:
    return GateDecision.objects.create(
        project=project, phase=phase, decision=GateDecision.Decision.ADVANCE, motivation="goed"
    )


def validated(project: Project, kind: str) -> Hypothesis:
    return HypothesisFactory(project=project, kind=kind, status=Hypothesis.Status.VALIDATED)


@pytest.fixture
def evaluating(project: Project) -> Project:
    """The project moved on to "evalueren" without any evidence."""
    project.phase = Project.Phase.EVALUATE
    project.save(update_fields=["phase"])
    return project


@pytest.fixture
def ready(evaluating: Project) -> Project:
    for phase in EARLIER:
        gate(evaluating, phase)
    for kind in Hypothesis.Kind.values:
        validated(evaluating, kind)
    return evaluating


def scored(project: Project, by: Any, score: int = 4) -> ScaleEvaluation:
    """The project's evaluation with every active criterion scored."""
    from proeftuin.scaling.services import score_criterion, start_evaluation

    evaluation = start_evaluation(project=project, by=by)
    for criterion in ScaleCriterion.objects.filter(active=True):
        score_criterion(
            evaluation=evaluation, criterion=criterion, score=score, motivation="zo", by=by
        )
    return evaluation


SERVICE = {
    "name": "Zalen online reserveren",
    "summary": "Burgers reserveren een zaal online.",
    "offer": "Een reservatiemodule.",
    "conditions": "500 euro per jaar.",
    "how_to_start": "Vraag het aan.",
    "contact_email": "zalen@proeftuin.example.be",
}
