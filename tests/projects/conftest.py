"""Factories and fixtures for projects: a selected need of Bibliotheek Gent that became a
project, its team and its test sites.

The calls' factories come from tests/calls/conftest.py. Factories write rows directly
(fixture data); what a test is about goes through the services or the views.
"""

from datetime import timedelta
from typing import Any

import factory
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.projects.models import Membership, Project
from proeftuin.projects.models import TestSite as Site  # not "Test…": pytest would collect it

from ..calls.conftest import CallFactory, NeedFactory, SupportFactory, media
from ..factories import UserFactory

__all__ = [
    "PDF",
    "CallFactory",
    "MemberFactory",
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
