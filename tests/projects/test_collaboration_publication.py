"""The team chooses what of its project is public; a coordinator approves before anything new
appears, taking something off applies at once, and each person consents to their own name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.accounts.services import delete_account
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification
from proeftuin.core.registry import registry
from proeftuin.projects import services
from proeftuin.projects.models import Membership, Project

from ..conftest import client_for
from .conftest import MemberFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Section = Project.Section


def url(project, name="publication"):
    return reverse(f"projects:{name}", args=[project.pk])


def ask(project, *sections, by):
    return services.request_publication(project=project, sections=list(sections), by=by)


def test_it_publishes_what_the_team_asked_once_a_coordinator_approves(personas, project):
    tom = client_for(personas.team_member)

    response = tom.post(url(project), {"sections": [Section.LEARNINGS, Section.SUMMARY]})

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.requested_sections == [Section.SUMMARY, Section.LEARNINGS]
    assert project.public_sections == [] and not project.is_published
    assert project.awaits_approval
    page = tom.get(url(project)).content.decode()
    assert "Wacht op goedkeuring" in page
    assert "Goedkeuren en publiceren" not in page

    # Only a coordinator approves.
    assert tom.post(url(project, "publication_approve")).status_code == 404
    with pytest.raises(DomainError):
        services.approve_publication(project=project, by=personas.team_member)

    coordinator = client_for(personas.coordinator)
    assert "Goedkeuren en publiceren" in coordinator.get(url(project)).content.decode()
    coordinator.post(url(project, "publication_approve"))

    project.refresh_from_db()
    assert project.public_sections == [Section.SUMMARY, Section.LEARNINGS]
    assert project.shows(Section.SUMMARY) and not project.shows(Section.EXPERIMENTS)
    assert project.published_by == personas.coordinator
    assert not project.awaits_approval
    public_url = reverse("knowledge:project", args=[project.pk])
    assert f'href="{public_url}"' in tom.get(url(project)).content.decode()
    told = Notification.objects.filter(kind="projects.publication")
    assert {n.user for n in told} == {personas.submitter, personas.team_member}


def test_it_takes_sections_off_at_once_and_keeps_the_first_publication_date(personas, project):
    ask(project, Section.SUMMARY, Section.EXPERIMENTS, by=personas.team_member)
    project = services.approve_publication(project=project, by=personas.coordinator)
    first = project.published_at

    project = ask(project, Section.SUMMARY, by=personas.submitter)

    assert project.public_sections == [Section.SUMMARY]
    assert not project.awaits_approval
    assert not Project.objects.awaiting_approval().exists()

    project = ask(project, Section.SUMMARY, Section.TEAM, by=personas.submitter)
    project = services.approve_publication(project=project, by=personas.coordinator)
    assert project.published_at == first

    project = ask(project, by=personas.submitter)
    assert project.public_sections == [] and project.published_at is None


def test_it_keeps_public_what_was_public_when_a_request_is_declined(personas, project):
    ask(project, Section.SUMMARY, by=personas.team_member)
    services.approve_publication(project=project, by=personas.coordinator)
    ask(project, Section.SUMMARY, Section.EXPERIMENTS, by=personas.team_member)
    coordinator = client_for(personas.coordinator)

    empty = coordinator.post(url(project, "publication_decline"), {"reason": " "})
    assert empty.status_code == 400
    coordinator.post(
        url(project, "publication_decline"), {"reason": "Eerst de <b>resultaten</b> invullen."}
    )

    project.refresh_from_db()
    assert project.public_sections == [Section.SUMMARY]
    assert project.requested_sections == [Section.SUMMARY]
    assert not project.awaits_approval
    assert Notification.objects.filter(
        kind="projects.publication",
        user=personas.submitter,
        body="Eerst de <b>resultaten</b> invullen.",
    ).exists()
    page = client_for(personas.submitter).get(url(project)).content.decode()
    assert "Nog niet goedgekeurd" in page
    assert "Eerst de &lt;b&gt;resultaten&lt;/b&gt; invullen." in page
    # Asking again puts the decline behind them.
    ask(project, Section.SUMMARY, Section.EXPERIMENTS, by=personas.team_member)
    assert (
        "Nog niet goedgekeurd"
        not in client_for(personas.submitter).get(url(project)).content.decode()
    )


def test_it_refuses_to_approve_or_decline_when_nothing_waits(personas, project):
    with pytest.raises(DomainError, match="wacht niets"):
        services.approve_publication(project=project, by=personas.coordinator)
    response = client_for(personas.coordinator).post(
        url(project, "publication_approve"), follow=True
    )
    assert "Er wacht niets op goedkeuring." in response.content.decode()
    with pytest.raises(DomainError, match="wacht niets"):
        services.decline_publication(project=project, reason="nee", by=personas.coordinator)


def test_it_refuses_an_unknown_section(personas, project):
    response = client_for(personas.team_member).post(url(project), {"sections": ["adressen"]})

    assert response.status_code == 400
    with pytest.raises(DomainError):
        ask(project, "adressen", by=personas.team_member)
    project.refresh_from_db()
    assert project.requested_sections == []


def test_it_explains_each_section_and_ticks_the_chosen(personas, project):
    ask(project, Section.TEAM, by=personas.team_member)

    page = client_for(personas.submitter).get(url(project)).content.decode()

    for value in Section.values:
        assert f'id="section-{value}-help"' in page
    assert 'value="team" id="section-team" aria-describedby="section-team-help" checked' in page
    assert "E-mailadressen worden nooit getoond" in page


def test_it_lets_only_the_person_consent_to_their_name(personas, project):
    ines = project.team.get(user=personas.submitter)
    tom = client_for(personas.team_member)

    with pytest.raises(DomainError):
        services.set_name_public(membership=ines, public=True, by=personas.team_member)
    tom.post(url(project, "name_consent"), {"public": "1"})

    ines.refresh_from_db()
    assert not ines.name_public
    assert project.team.get(user=personas.team_member).name_public
    page = tom.get(url(project)).content.decode()
    assert "Mijn toestemming intrekken" in page
    assert "ja, toegestemd" in page

    tom.post(url(project, "name_consent"), {"public": "0"})
    assert not project.team.get(user=personas.team_member).name_public


def test_it_gives_consent_for_every_role_the_person_has(personas, project):
    MemberFactory(project=project, user=personas.team_member, role=Membership.Role.INTERNAL_EXPERT)

    client_for(personas.team_member).post(url(project, "name_consent"), {"public": "1"})

    assert set(
        project.team.filter(user=personas.team_member).values_list("name_public", flat=True)
    ) == {True}


def test_it_refuses_name_consent_from_someone_outside_the_team(personas, project):
    response = client_for(personas.coordinator).post(url(project, "name_consent"), {"public": "1"})
    assert response.status_code == 404


def test_it_queues_the_projects_awaiting_approval_for_coordinators(personas, project):
    coordinator = client_for(personas.coordinator)
    ask(project, Section.SUMMARY, by=personas.team_member)

    with CaptureQueriesContext(connection) as few:
        page = coordinator.get(reverse("projects:publication_queue"))
    assert project.title in page.content.decode()

    for n in range(6):
        other = ProjectFactory(title=f"Project {n}")
        Project.objects.filter(pk=other.pk).update(
            requested_sections=[Section.SUMMARY, Section.LEARNINGS],
            public_sections=[Section.SUMMARY],
            published_at=timezone.now(),
            publication_requested_at=timezone.now(),
        )
    published = ProjectFactory(title="Al gepubliceerd")
    Project.objects.filter(pk=published.pk).update(
        requested_sections=[Section.SUMMARY],
        public_sections=[Section.SUMMARY],
        published_at=timezone.now(),
        publication_requested_at=timezone.now(),
    )
    with CaptureQueriesContext(connection) as many:
        page = coordinator.get(reverse("projects:publication_queue")).content.decode()

    assert len(many) == len(few)
    assert "Project 5" in page and "Al gepubliceerd" not in page
    assert page.count("leerkaarten en beslismomenten") == 6


def test_it_puts_awaiting_publications_on_a_coordinators_mine(personas, project):
    ask(project, Section.SUMMARY, by=personas.team_member)

    items = [item for provider in registry.mine for item in provider(personas.coordinator)]
    team_items = [item for provider in registry.mine for item in provider(personas.team_member)]

    assert url(project) in [item.url for item in items]
    assert url(project) not in [item.url for item in team_items]
    page = client_for(personas.coordinator).get(reverse("accounts:mine")).content.decode()
    assert url(project) in page


def test_it_shows_the_queue_to_coordinators_only(personas, project):
    for persona in (personas.team_member, personas.submitter, personas.outsider):
        assert client_for(persona).get(reverse("projects:publication_queue")).status_code == 404


def test_it_ends_a_persons_name_consent_when_their_account_is_erased(personas, project):
    services.set_name_public(
        membership=project.team.get(user=personas.submitter), public=True, by=personas.submitter
    )
    delete_account(user=personas.submitter, by=personas.submitter)

    assert not project.team.get(user=personas.submitter).name_public
    page = client_for(personas.team_member).get(url(project)).content.decode()
    assert "Ines Indiener" not in page
