"""The end report of a project: a page and a PDF for its team and the coordinators, with the
names of team members only where they consented, and no other personal data."""

import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.projects import services
from proeftuin.projects.models import Membership
from proeftuin.reports import pdf
from proeftuin.reports.documents import end_report

from ..conftest import client_for, skip_or_fail
from ..projects.conftest import MemberFactory, ProjectFactory
from .conftest import NEXT_STEPS, QUESTION, SUMMARY, TARGET_GROUPS, add_experiments

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def page_of(user, project):
    return client_for(user).get(reverse("reports:project", args=[project.pk]))


def test_it_shows_the_whole_report_to_the_team(personas, reported):
    for user in (personas.team_member, personas.submitter, personas.coordinator):
        response = page_of(user, reported)
        assert response.status_code == 200, user

    html = response.content.decode()
    assert 'class="assumptions-map"' in html
    assert 'aria-current="page">Eindrapport</a>' in html  # a tab of the workspace
    for text in (
        QUESTION,
        TARGET_GROUPS,
        SUMMARY,
        NEXT_STEPS,
        reported.need.title,
        "Bibliotheek Gent",  # the need's organisation and the test site's municipality
        "Gent",
        "inwoners reserveren liever online dan aan de balie",
        "Landingspagina aan de balie",
        "Klikbaar prototype",
        "minstens (≥) 10 verenigingen",
        "online reserveren spreekt verenigingen aan",
        "Verenigingen, niet losse inwoners, zijn de eerste doelgroep.",
        "We richten ons eerst op verenigingen.",
        "doelgroep",  # the pivot's aspect
        "sluit vroeg aan bij de IT-planning van de gemeente",  # the closing learning
        "Opgeborgen hypothesen",
        "verenigingen betalen voor een reservatiemodule",  # retired, kept in the report
    ):
        assert text in html, text


def test_outsiders_get_404_and_anonymous_visitors_are_asked_to_sign_in(personas, reported, client):
    for user in (personas.outsider, personas.other_member, personas.expert, personas.reviewer):
        for name in ("reports:project", "reports:project_pdf"):
            response = client_for(user).get(reverse(name, args=[reported.pk]))
            assert response.status_code == 404, (user, name)
    for name in ("reports:project", "reports:project_pdf"):
        response = client.get(reverse(name, args=[reported.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_it_names_only_team_members_who_consented(personas, reported):
    html = page_of(personas.coordinator, reported).content.decode()

    assert "Tom Teamlid" in html
    assert "Ines Indiener" not in html
    assert "Ilse Intern" not in html
    assert "en 2 andere teamleden" in html


def test_it_names_a_person_once_with_all_their_roles(personas, reported):
    MemberFactory(project=reported, user=personas.team_member, role=Membership.Role.INTERNAL_EXPERT)
    reported.team.filter(user=personas.team_member).update(name_public=True)

    html = page_of(personas.coordinator, reported).content.decode()

    assert html.count("Tom Teamlid") == 1
    assert 'Tom Teamlid <span class="meta">(interne expert, projectleider)</span>' in html
    assert "en 2 andere teamleden" in html


def test_it_shows_no_email_address_comment_or_document(personas, reported):
    services.post_comment(
        project=reported, body="Vertrouwelijk: bel de schepen", by=personas.team_member
    )

    html = page_of(personas.coordinator, reported).content.decode()

    assert EMAIL.findall(html) == []
    assert "Vertrouwelijk" not in html
    assert "overeenkomst.pdf" not in html
    assert "Papieren formulieren en telefoon" not in html  # the need's internal details


def test_it_gathers_the_report_in_a_fixed_number_of_queries(personas):
    small, large = ProjectFactory(), ProjectFactory()
    add_experiments(small, 1)
    add_experiments(large, 6)

    with CaptureQueriesContext(connection) as one:
        end_report(small)
    with CaptureQueriesContext(connection) as six:
        report = end_report(large)

    assert len(report.experiments) == 6
    assert all(item.learning is not None for item in report.experiments)
    # Two of them for the scale evaluation and its scores (scaling), four for the costs
    # (projects.budgets: phase budgets, recorded costs, experiments, validated hypotheses).
    assert len(six) == len(one) <= 16


def test_the_page_runs_a_fixed_number_of_queries(personas, reported, django_assert_max_num_queries):
    coordinator = client_for(personas.coordinator)
    url = reverse("reports:project", args=[reported.pk])
    coordinator.get(url)
    with CaptureQueriesContext(connection) as before:
        coordinator.get(url)
    add_experiments(reported, 5)
    with django_assert_max_num_queries(len(before)):
        coordinator.get(url)


def test_it_renders_the_report_as_pdf(personas, reported):
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")

    response = client_for(personas.team_member).get(
        reverse("reports:project_pdf", args=[reported.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="eindrapport-zalen-reserveren-zonder-telefoon.pdf"'
    )
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Landingspagina aan de balie" in text
    assert "Tom Teamlid" in text and "Ines Indiener" not in text
    assert "pagina 1 van" in text
    assert EMAIL.findall(text) == []


def test_it_says_the_pdf_is_unavailable_without_weasyprint(personas, reported, monkeypatch):
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: None)
    team = client_for(personas.team_member)

    response = team.get(reverse("reports:project_pdf", args=[reported.pk]))
    assert response.status_code == 503
    assert "geen PDF maken" in response.content.decode()

    html = team.get(reverse("reports:project", args=[reported.pk])).content.decode()
    assert "PDF-versie is op deze server niet beschikbaar" in html
    assert reverse("reports:project_pdf", args=[reported.pk]) not in html
