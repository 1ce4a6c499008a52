"""Schemathesis against /api/v1/openapi.json: for generated requests to every operation
the API answers without a 5xx and as its own schema says."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Adoption

from ..knowledge.articles import ArticleFactory
from ..projects.conftest import (
    CallFactory,
    ExperimentFactory,
    LearningFactory,
    NeedFactory,
    ProjectFactory,
    SupportFactory,
)
from ..scaling.conftest import ServiceFactory

Section = Project.Section


# The schema is generated from the code (no database behind it), so it loads at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def published(db):
    """A little of everything published, so the operations have rows to show."""
    need = NeedFactory(call=CallFactory(), challenge=True)
    SupportFactory(need=need)
    project = ProjectFactory(public_sections=list(Section.values), published_at=timezone.now())
    LearningFactory(project=project, experiment=ExperimentFactory(project=project, completed=True))
    ArticleFactory(published=True).projects.add(project)
    service = ServiceFactory(slug="zalen")
    service.projects.add(project)
    Adoption.objects.create(
        service=service,
        municipality=Municipality.objects.order_by("pk").first(),
        state=Adoption.State.ACTIVE,
        contact_name="Griet Gemeente",
        contact_email="griet@gemeente.example",
    )
    # The WSGI handler closes the database connection after each request, as in
    # production; the test database lives in that connection (Django's test client
    # disconnects the same signal).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("published")
@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,  # the same examples on every run: CI fails only for a real change
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case):
    case.call_and_validate()
