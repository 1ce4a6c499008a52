"""The experts proposed for a project's team, inviting one with hours, and their answer."""

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from proeftuin.calls.models import ThesaurusConcept
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.projects import experts
from proeftuin.projects.models import ExpertProfile, Membership
from proeftuin.projects.services import accept_invitation
from proeftuin.projects.services.experts import (
    decline_invitation,
    invite_expert,
    set_commitment,
)

from ..factories import ThemeFactory
from .conftest import ExpertFactory, MemberFactory, NeedFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    heritage, volunteers = ThemeFactory(slug="erfgoed"), ThemeFactory(slug="vrijwilligers")
    need = NeedFactory(
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        status="selected",
        title="Erfgoed digitaal ontsluiten",
        problem="We willen onze collectie tonen.",
    )
    need.themes.set([heritage, volunteers])
    return ProjectFactory(need=need)


def _names(proposed: list[ExpertProfile]) -> list[str]:
    return [e.user.name for e in proposed]


def test_it_ranks_fitting_experts_first_then_those_with_most_time(project) -> None:
    heritage, volunteers, other = (
        ThemeFactory(slug="erfgoed"),
        ThemeFactory(slug="vrijwilligers"),
        ThemeFactory(slug="ticketing"),
    )
    ExpertFactory(user__name="Beide thema's", hours_per_month=10, themes=[heritage, volunteers])
    roomy = ExpertFactory(user__name="Veel tijd", hours_per_month=30, themes=[heritage])
    busy = ExpertFactory(user__name="Weinig tijd", hours_per_month=30, themes=[volunteers])
    MemberFactory(user=busy.user, hours_per_month=25)
    full = ExpertFactory(user__name="Volzet", hours_per_month=16, themes=[heritage, volunteers])
    MemberFactory(user=full.user, hours_per_month=16)
    ExpertFactory(user__name="Past niet", hours_per_month=40, themes=[other])

    proposed = experts.proposals(project)

    assert _names(proposed) == ["Beide thema's", "Veel tijd", "Weinig tijd"]
    assert [(e.fit, e.free_hours) for e in proposed] == [(2, 10), (1, 30), (1, 5)]
    assert roomy in proposed and full not in proposed


def test_it_never_proposes_an_expert_who_is_full_in_a_coming_month(project) -> None:
    heritage = ThemeFactory(slug="erfgoed")
    later = ExpertFactory(user__name="Later vol", hours_per_month=10, themes=[heritage])
    in_three_months = experts.coming_months()[3].first
    MemberFactory(user=later.user, hours_per_month=10, starts_on=in_three_months)
    # Hours in a stopped project or after the coming months do not count.
    free = ExpertFactory(user__name="Vrij", hours_per_month=10, themes=[heritage])
    MemberFactory(user=free.user, hours_per_month=10, starts_on=date.today() + timedelta(days=400))

    assert _names(experts.proposals(project)) == ["Vrij"]


def test_it_proposes_on_the_thesaurus_concepts_of_the_needs_text(project) -> None:
    project.need.problem = "De online kaartverkoop loopt vast."
    project.need.save()
    ticketing = ThesaurusConcept.objects.get(key="TICKETING")
    expert = ExpertFactory(user__name="Tickets")
    expert.concepts.set([ticketing])

    (proposed,) = experts.proposals(project)

    assert proposed == expert and proposed.fit == ticketing.weight


def test_it_leaves_out_who_is_already_in_the_team_or_has_no_active_account(project) -> None:
    heritage = ThemeFactory(slug="erfgoed")
    member = ExpertFactory(themes=[heritage])
    MemberFactory(project=project, user=member.user)
    ExpertFactory(themes=[heritage], user__is_active=False)

    assert experts.proposals(project) == []


def test_it_invites_an_expert_with_hours_and_the_expert_accepts(personas, project) -> None:
    expert = ExpertFactory(user=personas.expert, hours_per_month=20)

    membership = invite_expert(
        project=project,
        expert=expert,
        hours_per_month=8,
        starts_on=None,
        ends_on=None,
        by=personas.coordinator,
    )

    assert membership.is_pending and membership.user == personas.expert
    assert (membership.role, membership.hours_per_month) == (Membership.Role.INTERNAL_EXPERT, 8)
    assert Notification.objects.filter(user=personas.expert, kind="projects.team").exists()
    assert ActivityLog.objects.filter(action="project.expert_invited").exists()
    # Pending hours count at once, so nobody over-books them meanwhile.
    with pytest.raises(DomainError, match="nog 12 uur"):
        invite_expert(
            project=ProjectFactory(),
            expert=expert,
            hours_per_month=13,
            starts_on=None,
            ends_on=None,
            by=personas.coordinator,
        )

    accepted = accept_invitation(token=membership.token, by=personas.expert)

    assert accepted.pk == membership.pk and accepted.accepted_at is not None


def test_it_makes_an_external_expert_an_externe_expert(personas, project) -> None:
    expert = ExpertFactory(kind=ExpertProfile.Kind.EXTERNAL, day_rate_cents=72_500)

    membership = invite_expert(
        project=project,
        expert=expert,
        hours_per_month=4,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=90),
        by=personas.coordinator,
    )

    assert membership.role == Membership.Role.EXTERNAL_EXPERT


def test_it_checks_capacity_only_in_the_invited_period(personas, project) -> None:
    expert = ExpertFactory(hours_per_month=10)
    months = experts.coming_months()
    MemberFactory(user=expert.user, hours_per_month=10, starts_on=months[2].first)

    # Until the end of next month the ten hours are free; from month three they are not.
    invite_expert(
        project=project,
        expert=expert,
        hours_per_month=10,
        starts_on=None,
        ends_on=months[1].last,
        by=personas.coordinator,
    )
    with pytest.raises(DomainError):
        invite_expert(
            project=ProjectFactory(),
            expert=expert,
            hours_per_month=1,
            starts_on=months[1].first,
            ends_on=None,
            by=personas.coordinator,
        )


@pytest.mark.parametrize(
    ("hours", "starts", "ends"),
    [(0, None, None), (5, date(2030, 2, 1), date(2030, 1, 1)), (5, None, date(2000, 1, 1))],
)
def test_it_refuses_impossible_invitations(personas, project, hours, starts, ends) -> None:
    expert = ExpertFactory()

    with pytest.raises(DomainError):
        invite_expert(
            project=project,
            expert=expert,
            hours_per_month=hours,
            starts_on=starts,
            ends_on=ends,
            by=personas.coordinator,
        )
    assert not Membership.objects.filter(user=expert.user).exists()


def test_only_a_coordinator_invites(personas, project) -> None:
    with pytest.raises(DomainError):
        invite_expert(
            project=project,
            expert=ExpertFactory(),
            hours_per_month=4,
            starts_on=None,
            ends_on=None,
            by=personas.team_member,
        )


def test_the_expert_declines_and_the_hours_are_free_again(personas, project) -> None:
    expert = ExpertFactory(user=personas.expert, hours_per_month=10)
    membership = invite_expert(
        project=project,
        expert=expert,
        hours_per_month=10,
        starts_on=None,
        ends_on=None,
        by=personas.coordinator,
    )
    with pytest.raises(DomainError):
        decline_invitation(token=membership.token, by=personas.outsider)

    decline_invitation(token=membership.token, by=personas.expert)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ActivityLog.objects.filter(action="project.invitation_declined").exists()
    assert Notification.objects.filter(
        user=personas.coordinator, kind="projects.invitation_answer"
    ).exists()
    assert experts.peak_load_of(personas.expert, experts.coming_months()) == 0


def test_a_coordinator_sets_an_experts_committed_hours_within_their_availability(
    personas, project
) -> None:
    expert = ExpertFactory(user=personas.expert, hours_per_month=10)
    membership = MemberFactory(project=project, user=personas.expert, hours_per_month=4)
    MemberFactory(user=personas.expert, hours_per_month=4)

    set_commitment(
        membership=membership,
        hours_per_month=6,
        starts_on=None,
        ends_on=None,
        by=personas.coordinator,
    )
    with pytest.raises(DomainError, match="nog 6 uur"):
        set_commitment(
            membership=membership,
            hours_per_month=7,
            starts_on=None,
            ends_on=None,
            by=personas.coordinator,
        )
    with pytest.raises(DomainError):
        set_commitment(
            membership=MemberFactory(project=project, role="lokale_indiener"),
            hours_per_month=2,
            starts_on=None,
            ends_on=None,
            by=personas.coordinator,
        )

    membership.refresh_from_db()
    assert membership.hours_per_month == 6
    assert experts.peak_load_of(expert.user, experts.coming_months()) == 10
    assert ActivityLog.objects.filter(action="project.commitment_changed").count() == 1


def test_only_the_named_expert_answers_their_invitation(personas, project) -> None:
    expert = ExpertFactory(user=personas.expert)
    membership = invite_expert(
        project=project,
        expert=expert,
        hours_per_month=2,
        starts_on=None,
        ends_on=None,
        by=personas.coordinator,
    )
    # Even someone holding the same address as a verified secondary one cannot take it.
    EmailAddress.objects.create(
        user=personas.outsider, email=personas.expert.email.upper(), verified=True
    )
    with pytest.raises(DomainError):
        accept_invitation(token=membership.token, by=personas.outsider)
    with pytest.raises(DomainError):
        decline_invitation(token=membership.token, by=personas.outsider)

    # The expert answers even after changing their address.
    personas.expert.email = "eva@nieuw.example.be"
    personas.expert.save(update_fields=["email"])
    assert accept_invitation(token=membership.token, by=personas.expert).accepted_at
