"""Factories and fixtures for projects: a selected need of Bibliotheek Gent that became a
project, its team and its test sites.

The calls' factories come from tests/calls/conftest.py. Factories write rows directly
(fixture data); what a test is about goes through the services or the views.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.projects.models import (
    Experiment,
    ExpertProfile,
    Hypothesis,
    Learning,
    Membership,
    Method,
    Project,
)
from proeftuin.projects.models import TestSite as Site  # not "Test…": pytest would collect it

from ..calls.conftest import CallFactory, NeedFactory, SupportFactory, media
from ..factories import UserFactory

__all__ = [
    "PDF",
    "CallFactory",
    "ExperimentFactory",
    "ExpertFactory",
    "HypothesisFactory",
    "LearningFactory",
    "MemberFactory",
    "MethodFactory",
    "NeedFactory",
    "ProjectFactory",
    "SiteFactory",
    "SupportFactory",
    "media",
]

# A minimal one-page PDF, standing in for a signed cooperation agreement.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in phase "verkennen", born from a selected need, without a team yet."""

    class Meta:
        model = Project

    need = factory.SubFactory(
        NeedFactory,
        status=Need.Status.SELECTED,
        submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
    )
    title = factory.LazyAttribute(lambda project: project.need.title)


class MemberFactory(factory.django.DjangoModelFactory):
    """An accepted team member."""

    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda member: member.user.email if member.user else "")
    role = Membership.Role.INTERNAL_EXPERT
    accepted_at = factory.LazyFunction(timezone.now)


class ExpertFactory(factory.django.DjangoModelFactory):
    """An internal expert in the pool, available 20 hours a month, speaking Dutch."""

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    kind = ExpertProfile.Kind.INTERNAL
    hours_per_month = 20
    languages = " nl "

    @factory.post_generation
    def themes(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.themes.set(extracted)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.LazyAttribute(
        lambda site: site.project.need.organisation.municipalities.first()
    )
    committed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    agreement = factory.LazyFunction(lambda: ContentFile(PDF, name="overeenkomst.pdf"))
    agreement_name = "overeenkomst.pdf"


class HypothesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hypothesis

    project = factory.SubFactory(ProjectFactory)
    statement = factory.Sequence(lambda n: f"bezoekers reserveren een zaal online ({n})")
    kind = Hypothesis.Kind.DESIRABILITY
    importance = 3


class MethodFactory(factory.django.DjangoModelFactory):
    """A library method besides the 17 the data migration seeds."""

    class Meta:
        model = Method

    name = factory.Sequence(lambda n: f"Methode {n}")
    slug = factory.Sequence(lambda n: f"methode-{n}")
    description = "Een methode om te testen."
    category = Method.Category.VALIDATION
    evidence_strength = 3


class ExperimentFactory(factory.django.DjangoModelFactory):
    """A planned test card in the project's current phase: "validated when at least 10".
    The traits `running` and `completed` (validated, 12 of 10 with 5 data points) skip the
    services; tests about those transitions call the services instead."""

    class Meta:
        model = Experiment

    project = factory.SubFactory(ProjectFactory)
    hypothesis = factory.SubFactory(HypothesisFactory, project=factory.SelfAttribute("..project"))
    method = factory.SubFactory(MethodFactory)
    phase = factory.LazyAttribute(lambda experiment: experiment.project.phase)
    title = factory.Sequence(lambda n: f"Landingspagina {n}")
    test = "een landingspagina tonen aan de balie"
    metric = "inschrijvingen"
    operator = Experiment.Operator.GTE
    threshold = Decimal("10")
    min_data_points = 1
    planned_start = factory.LazyFunction(timezone.localdate)
    planned_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    class Params:
        running = factory.Trait(
            status=Experiment.Status.RUNNING, started_at=factory.LazyFunction(timezone.now)
        )
        completed = factory.Trait(
            status=Experiment.Status.COMPLETED,
            started_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)),
            completed_at=factory.LazyFunction(timezone.now),
            measured_value=Decimal("12"),
            data_points=5,
            result=Experiment.Result.VALIDATED,
        )


class LearningFactory(factory.django.DjangoModelFactory):
    """A learning card; without `experiment` it is a closing one."""

    class Meta:
        model = Learning

    project = factory.SubFactory(ProjectFactory)
    experiment = None
    observation = "twaalf bezoekers schreven zich in"
    insight = "er is interesse voor online reserveren"
    decision = Learning.Decision.KEEP_TESTING


@pytest.fixture
def selected(personas: Any) -> Need:
    """Ines's need for Bibliotheek Gent, selected in a decided call and published as a
    challenge."""
    return NeedFactory(
        call=CallFactory(decided=True),
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Zalen reserveren zonder telefoon",
        challenge=True,
        status=Need.Status.SELECTED,
    )


@pytest.fixture
def project(personas: Any, selected: Need) -> Project:
    """The project born from it: Ines as lokale indiener, Tom as projectleider."""
    from proeftuin.projects.services import create_project

    project = create_project(need=selected, by=personas.coordinator)
    MemberFactory(project=project, user=personas.team_member, role=Membership.Role.PROJECT_LEADER)
    return project
