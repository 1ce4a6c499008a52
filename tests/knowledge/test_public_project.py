"""The public project page: anyone, without an account, sees exactly the sections a
coordinator approved — and nothing of a project that is not published."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.calls.models import Need
from proeftuin.projects import services
from proeftuin.projects.models import Project

from ..conftest import client_for
from ..projects.conftest import NeedFactory, ProjectFactory
from ..reports.conftest import (
    QUESTION,
    SUMMARY,
    add_experiments,
    media,
    project,
    reported,
    selected,
)

__all__ = ["media", "project", "reported", "selected"]

pytestmark = pytest.mark.django_db

Section = Project.Section
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def publish(project, sections, personas):
    """A coordinator asks on the team's behalf: ProjectFactory's projects have no team."""
    services.request_publication(project=project, sections=sections, by=personas.coordinator)
    return services.approve_publication(project=project, by=personas.coordinator)


def public_page(project):
    return Client().get(reverse("knowledge:project", args=[project.pk]))


def test_it_shows_exactly_the_approved_sections(personas, reported):
    publish(reported, [Section.SUMMARY, Section.EXPERIMENTS], personas)
    # The team asks for more; until a coordinator approves, the page stays as it was.
    services.request_publication(
        project=reported,
        sections=[Section.SUMMARY, Section.EXPERIMENTS, Section.LEARNINGS, Section.TEAM],
        by=personas.team_member,
    )

    response = public_page(reported)

    assert response.status_code == 200
    html = response.content.decode()
    assert reported.title in html
    assert QUESTION in html and SUMMARY in html
    assert "Inwoners moeten langskomen om een zaal te huren" in html  # the challenge's text
    assert "Landingspagina aan de balie" in html
    assert "gevalideerd" in html
    assert "online reserveren spreekt verenigingen aan" not in html  # a learning card
    assert "Verenigingen, niet losse inwoners" not in html  # a gate decision
    assert "Tom Teamlid" not in html


def test_it_shows_learnings_gate_decisions_and_consented_names_once_approved(personas, reported):
    publish(reported, [Section.LEARNINGS, Section.TEAM], personas)

    html = public_page(reported).content.decode()

    assert "online reserveren spreekt verenigingen aan" in html
    assert "sluit vroeg aan bij de IT-planning van de gemeente" in html
    assert "Verenigingen, niet losse inwoners, zijn de eerste doelgroep." in html
    assert "Tom Teamlid" in html and "projectleider" in html
    assert "Ines Indiener" not in html and "Ilse Intern" not in html
    assert "en 2 andere teamleden" in html
    # Neither the summary nor the experiments were approved.
    assert QUESTION not in html
    assert "Landingspagina aan de balie" not in html  # a learning card names no test card then


def test_it_shows_no_personal_data_beyond_consented_names(personas, reported):
    publish(reported, list(Section.values), personas)
    services.post_comment(
        project=reported, body="Vertrouwelijk: bel de schepen", by=personas.team_member
    )

    html = public_page(reported).content.decode()

    assert EMAIL.findall(html) == []
    assert "Vertrouwelijk" not in html
    assert "Ines Indiener" not in html
    assert "Papieren formulieren en telefoon" not in html  # not on the challenge page either
    assert "overeenkomst" not in html


def test_it_leaves_out_a_need_that_is_not_a_published_challenge(personas):
    need = NeedFactory(
        organisation=personas.organisation,
        status=Need.Status.SELECTED,
        problem="Een interne nood die niemand publiceerde.",
    )
    project = ProjectFactory(need=need, question="Een publieke vraag?")
    publish(project, [Section.SUMMARY], personas)

    html = public_page(project).content.decode()

    assert "Een publieke vraag?" in html
    assert "Een interne nood die niemand publiceerde." not in html


def test_an_unpublished_project_is_404_for_everyone(personas, reported):
    url = reverse("knowledge:project", args=[reported.pk])
    visitors = [Client(), *(client_for(u) for u in (personas.team_member, personas.coordinator))]
    for visitor in visitors:
        assert visitor.get(url).status_code == 404
    # Asked for, not approved yet: still nothing.
    services.request_publication(
        project=reported, sections=[Section.SUMMARY], by=personas.team_member
    )
    for visitor in visitors:
        assert visitor.get(url).status_code == 404
    assert reported.title not in Client().get(reverse("knowledge:projects")).content.decode()


def test_the_list_shows_published_projects_only(personas, reported):
    hidden = ProjectFactory(title="Een project dat niets deelt")
    publish(reported, [Section.EXPERIMENTS], personas)

    html = Client().get(reverse("knowledge:projects")).content.decode()

    assert reverse("knowledge:project", args=[reported.pk]) in html
    assert hidden.title not in html
    assert SUMMARY not in html  # the summary was not approved


def test_the_public_page_runs_a_fixed_number_of_queries(
    personas, reported, django_assert_max_num_queries
):
    publish(reported, list(Section.values), personas)
    url = reverse("knowledge:project", args=[reported.pk])
    visitor = Client()
    visitor.get(url)
    with CaptureQueriesContext(connection) as before:
        visitor.get(url)
    add_experiments(reported, 5)
    with django_assert_max_num_queries(len(before)):
        response = visitor.get(url)
    assert response.content.decode().count("<article") >= 2 * 6


def test_the_list_runs_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    for _ in range(2):
        publish(ProjectFactory(), [Section.SUMMARY], personas)
    visitor = Client()
    with CaptureQueriesContext(connection) as before:
        visitor.get(reverse("knowledge:projects"))
    for _ in range(5):
        publish(ProjectFactory(), [Section.SUMMARY, Section.TEAM], personas)
    with django_assert_max_num_queries(len(before)):
        response = visitor.get(reverse("knowledge:projects"))
    # Each project's link (the main menu links the list itself).
    assert len(re.findall(r'href="/gedeeld/projecten/\d+/', response.content.decode())) == 7
