"""A selected need becomes a project in phase "verkennen", its submitters the first team
members; only the team and coordinators see it, and it moves on through its phases."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from proeftuin.calls.models import Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.projects import services
from proeftuin.projects.models import (
    Experiment,
    GateDecision,
    Hypothesis,
    Learning,
    Membership,
    Method,
    Project,
)

from ..conftest import client_for
from ..factories import UserFactory
from .conftest import MemberFactory, NeedFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Phase = Project.Phase


def test_it_creates_the_project_with_its_submitters_as_lokale_indiener(personas, selected):
    project = services.create_project(need=selected, by=personas.coordinator)

    assert (project.title, project.phase, project.need) == (
        selected.title,
        Phase.EXPLORE,
        selected,
    )
    (member,) = project.team.all()
    assert (member.user, member.role, member.is_pending) == (
        personas.submitter,
        Role.LOCAL_SUBMITTER,
        False,
    )
    assert Notification.objects.filter(user=personas.submitter, kind="projects.team").exists()
    assert ActivityLog.objects.for_object(project).filter(action="project.created").exists()


def test_it_creates_one_project_per_need(personas, selected):
    first = services.create_project(need=selected, by=personas.coordinator)
    again = services.create_project(need=selected, by=personas.coordinator)

    assert first == again
    assert Project.objects.count() == 1
    assert first.team.count() == 1


def test_it_leaves_out_submitters_whose_account_was_closed(personas, selected):
    gone = UserFactory(is_active=False)
    NeedFactory(
        call=selected.call,
        organisation=personas.other_organisation,
        submitted_by=gone,
        status=Need.Status.MERGED,
        merged_into=selected,
    )

    project = services.create_project(need=selected, by=personas.coordinator)

    assert list(project.team.values_list("user", flat=True)) == [personas.submitter.pk]
    assert len(project.needs) == 2


def test_it_makes_a_project_only_of_a_selected_need(personas):
    need = NeedFactory(organisation=personas.organisation, retained=True)

    with pytest.raises(DomainError, match="geselecteerde nood"):
        services.create_project(need=need, by=personas.coordinator)
    assert not Project.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "other_member", "org_admin", "reviewer", "expert"])
def test_it_answers_404_to_anyone_outside_the_team(personas, project, who):
    site = SiteFactory(project=project)
    client = client_for(getattr(personas, who))

    for url in (
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:agreement", args=[project.pk, site.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("projects:gate", args=[project.pk])).status_code == 404
    assert project.title not in client.get(reverse("projects:list")).content.decode()


@pytest.mark.parametrize("who", ["submitter", "team_member", "coordinator"])
def test_it_shows_the_project_to_its_team_and_to_coordinators(personas, project, who):
    client = client_for(getattr(personas, who))

    response = client.get(reverse("projects:detail", args=[project.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert project.title in page
    assert "Ines Indiener" in page and "lokale indiener" in page
    assert "Tom Teamlid" in page and "projectleider" in page
    assert project.title in client.get(reverse("projects:list")).content.decode()


def test_it_hides_the_project_from_someone_only_invited(personas, project):
    MemberFactory(project=project, user=personas.expert, accepted_at=None)

    assert (
        client_for(personas.expert).get(reverse("projects:detail", args=[project.pk])).status_code
        == 404
    )


def test_it_sends_anonymous_visitors_to_sign_in(client, project):
    response = client.get(reverse("projects:detail", args=[project.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_keeps_the_project_list_to_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    for _ in range(20):
        project = ProjectFactory(need__organisation=personas.organisation)
        MemberFactory(project=project, user=personas.team_member)
        SiteFactory(project=project)
    client = client_for(personas.team_member)
    client.get(reverse("projects:list"))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("projects:list"))
    assert response.content.decode().count("/projecten/") >= 20


# Phases ------------------------------------------------------------------------------------


def complete_an_experiment(project, by):
    """An experiment of the project's current phase, planned, run and completed."""
    project.refresh_from_db()
    hypothesis = services.write_hypothesis(
        project=project,
        statement="bezoekers reserveren liever online",
        kind=Hypothesis.Kind.DESIRABILITY,
        importance=5,
        by=by,
    )
    experiment = services.plan_experiment(
        project=project,
        fields={
            "hypothesis": hypothesis,
            "method": Method.objects.get(slug="landingspagina"),
            "title": f"Landingspagina in de fase {project.phase}",
            "test": "een reservatiepagina aankondigen",
            "metric": "reservaties",
            "unit": "",
            "operator": Experiment.Operator.GTE,
            "threshold": Decimal("10"),
            "min_data_points": 1,
            "planned_start": date(2025, 3, 1),
            "planned_end": date(2025, 3, 15),
            "cost_eur": Decimal("0"),
            "criticality": 2,
            "test_cost": 2,
            "data_reliability": 2,
            "time_required": 2,
        },
        by=by,
    )
    services.start_experiment(experiment=experiment, by=by)
    return services.complete_experiment(
        experiment=experiment,
        measured_value=Decimal("12"),
        data_points=12,
        observation="twaalf reservaties",
        insight="er is interesse",
        decision=Learning.Decision.PERSEVERE,
        actions="",
        by=by,
    )


def advance(project, by):
    return services.record_gate_decision(
        project=project,
        decision=GateDecision.Decision.ADVANCE,
        motivation="het experiment haalde zijn criterium",
        experiments=[],
        learnings=[],
        by=by,
    )


def test_it_does_not_leave_verkennen_without_a_test_site(personas, project):
    complete_an_experiment(project, personas.team_member)

    with pytest.raises(DomainError, match="minstens één proeftuin"):
        advance(project, personas.team_member)
    response = client_for(personas.team_member).post(
        reverse("projects:gate", args=[project.pk]),
        {"decision": "advance", "motivation": "klaar om te valideren"},
    )

    assert response.status_code == 400
    assert "minstens één proeftuin" in response.content.decode()
    project.refresh_from_db()
    assert project.phase == Phase.EXPLORE


def test_it_moves_through_the_phases_once_a_test_site_commits(personas, project):
    SiteFactory(project=project)

    phases = []
    for _ in range(3):
        complete_an_experiment(project, personas.team_member)
        phases.append(advance(project, personas.team_member).project.phase)

    assert phases == [Phase.VALIDATE, Phase.PILOT, Phase.EVALUATE]
    complete_an_experiment(project, personas.team_member)
    with pytest.raises(DomainError, match="schaalbaarheidsevaluatie"):
        advance(project, personas.coordinator)
    changes = ActivityLog.objects.for_object(project).filter(action="project.phase_changed")
    assert changes.count() == 3


def test_it_lets_only_the_projectleider_or_a_coordinator_move_the_phase(personas, project):
    SiteFactory(project=project)
    complete_an_experiment(project, personas.submitter)

    with pytest.raises(DomainError, match="projectleider"):
        advance(project, personas.submitter)
    response = client_for(personas.submitter).post(
        reverse("projects:gate", args=[project.pk]),
        {"decision": "advance", "motivation": "klaar om te valideren"},
    )
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.phase == Phase.EXPLORE
    assert advance(project, personas.coordinator).project.phase == Phase.VALIDATE


def test_it_reminds_the_projectleider_of_a_missing_test_site_on_mijn_proeftuin(personas, project):
    client = client_for(personas.team_member)

    assert "heeft nog geen proeftuin" in client.get(reverse("accounts:mine")).content.decode()
    SiteFactory(project=project)
    assert "heeft nog geen proeftuin" not in client.get(reverse("accounts:mine")).content.decode()
