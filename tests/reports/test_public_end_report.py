"""The public end report of a published project: only the sections a coordinator approved,
only team members who consented by name, and a 404 while the project is not published."""

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.projects.models import Experiment, Learning, Project
from proeftuin.reports import pdf

from ..conftest import skip_or_fail
from ..projects.conftest import ExperimentFactory, LearningFactory
from .conftest import NEXT_STEPS, QUESTION, add_experiments

pytestmark = pytest.mark.django_db

Section = Project.Section
SECRET_TEST = "GEHEIM-TESTKAART"
SECRET_LEARNING = "GEHEIM-LEERKAART"


def publish(project, *sections):
    Project.objects.filter(pk=project.pk).update(
        public_sections=list(sections), published_at=timezone.now()
    )
    project.refresh_from_db()
    return project


def add_secrets(project):
    experiment = ExperimentFactory(project=project, title=SECRET_TEST, completed=True)
    LearningFactory(project=project, experiment=experiment, insight=SECRET_LEARNING)


def public_page(client, project):
    return client.get(reverse("reports:public", args=[project.pk]))


def test_an_unpublished_project_is_a_404(reported, client):
    for name in ("reports:public", "reports:public_pdf"):
        assert client.get(reverse(name, args=[reported.pk])).status_code == 404, name


def test_it_shows_the_approved_sections_to_anyone(reported, client):
    publish(reported, *Section.values)

    response = public_page(client, reported)

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        QUESTION,
        "Landingspagina aan de balie",
        "online reserveren spreekt verenigingen aan",
        "Verenigingen, niet losse inwoners, zijn de eerste doelgroep.",
        "Tom Teamlid",
    ):
        assert text in html, text
    assert "Ines Indiener" not in html  # did not consent
    assert NEXT_STEPS not in html  # no section of the public page covers them
    assert "Ilse Intern" not in html
    assert 'aria-current="page">Eindrapport</a>' not in html  # no workspace tabs
    assert reverse("reports:public_pdf", args=[reported.pk]) in html


def test_a_learning_card_stays_out_while_learnings_are_not_approved(reported, client):
    add_secrets(reported)
    # The team asked for learnings too; a coordinator approved only these.
    Project.objects.filter(pk=reported.pk).update(requested_sections=Section.values)
    publish(reported, Section.SUMMARY, Section.EXPERIMENTS)

    html = public_page(client, reported).content.decode()

    assert SECRET_TEST in html
    assert SECRET_LEARNING not in html
    assert "sluit vroeg aan bij de IT-planning" not in html  # the closing learning
    assert "Verenigingen, niet losse inwoners" not in html  # the gate decision
    assert "Tom Teamlid" not in html  # team not approved


def test_a_test_card_stays_out_while_experiments_are_not_approved(reported, client):
    add_secrets(reported)
    publish(reported, Section.LEARNINGS)

    html = public_page(client, reported).content.decode()

    assert SECRET_LEARNING in html
    assert SECRET_TEST not in html
    assert "inwoners reserveren liever online" not in html  # a hypothesis
    assert QUESTION not in html  # summary not approved


def test_the_public_page_links_the_report(reported, client):
    publish(reported, Section.SUMMARY)

    html = client.get(reverse("knowledge:project", args=[reported.pk])).content.decode()

    assert reverse("reports:public", args=[reported.pk]) in html
    assert reverse("reports:public_pdf", args=[reported.pk]) in html


def test_the_page_runs_a_fixed_number_of_queries(reported, client, django_assert_max_num_queries):
    publish(reported, *Section.values)
    public_page(client, reported)
    with CaptureQueriesContext(connection) as before:
        public_page(client, reported)
    add_experiments(reported, 5)
    assert Experiment.objects.filter(project=reported).count() == 7
    assert Learning.objects.filter(project=reported).count() == 7
    with django_assert_max_num_queries(len(before)):
        public_page(client, reported)


def test_it_renders_the_public_report_as_pdf(reported, client):
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")
    add_secrets(reported)
    publish(reported, Section.SUMMARY)

    response = client.get(reverse("reports:public_pdf", args=[reported.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Hoe reserveren inwoners" in text
    assert SECRET_TEST not in text and SECRET_LEARNING not in text
