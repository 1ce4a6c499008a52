"""A member leaves; their open work (and admin role) goes to a colleague."""

import pytest
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.organisations import services
from proeftuin.organisations.models import Membership

from ..conftest import client_for
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

Status = Membership.Status
Role = Membership.Role


def membership_of(user, organisation=None) -> Membership:
    filters = {"organisation": organisation} if organisation else {}
    return Membership.objects.get(user=user, **filters)


def remove_url(membership: Membership) -> str:
    return reverse("organisations:remove", args=[membership.organisation.slug, membership.pk])


def test_it_hands_open_work_to_the_successor(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    successor = membership_of(personas.team_member)

    count = services.remove_member(membership=leaving, successor=successor, by=personas.org_admin)

    assert count == 2
    assert len(handover_hook) == 1
    call = handover_hook[0]
    assert call.organisation == personas.organisation
    assert call.from_user == personas.submitter
    assert call.to_user == personas.team_member
    assert call.by == personas.org_admin
    leaving.refresh_from_db()
    assert leaving.status == Status.LEFT
    assert leaving.decided_by == personas.org_admin
    successor.refresh_from_db()
    assert successor.role == Role.MEMBER  # the leaver was no admin
    notification = Notification.objects.get(user=personas.team_member)
    assert notification.kind == "organisations.handover"
    assert "Ines Indiener" in notification.title


def test_it_hands_the_admin_role_to_the_successor(personas, handover_hook):
    leaving = membership_of(personas.org_admin)
    successor = membership_of(personas.submitter)

    count = services.remove_member(membership=leaving, successor=successor, by=personas.coordinator)

    assert count == 3  # the admin role, plus the hook's two
    successor.refresh_from_db()
    assert successor.role == Role.ADMIN
    leaving.refresh_from_db()
    assert (leaving.status, leaving.role) == (Status.LEFT, Role.MEMBER)
    # The organisation still has an admin, and it is the successor.
    assert list(Membership.objects.admins().filter(organisation=personas.organisation)) == [
        successor
    ]


def test_it_records_the_departure_in_the_activity_log(personas, handover_hook):
    leaving = membership_of(personas.org_admin)
    successor = membership_of(personas.submitter)

    services.remove_member(membership=leaving, successor=successor, by=personas.coordinator)

    entry = ActivityLog.objects.get(action="membership.left")
    assert entry.actor == personas.coordinator
    assert entry.target == leaving
    assert entry.changes == {
        "status": ["active", "left"],
        "role": ["admin", "member"],
        "successor": [None, "Ines Indiener"],
    }


def test_it_works_without_any_registered_hook(personas):
    leaving = membership_of(personas.submitter)
    count = services.remove_member(
        membership=leaving, successor=membership_of(personas.team_member), by=personas.org_admin
    )
    assert count == 0
    leaving.refresh_from_db()
    assert leaving.status == Status.LEFT


def test_it_refuses_a_successor_from_another_organisation(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    with pytest.raises(DomainError):
        services.remove_member(
            membership=leaving,
            successor=membership_of(personas.other_member),
            by=personas.coordinator,
        )
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE
    assert handover_hook == []


def test_it_refuses_a_successor_who_is_not_an_active_member(personas, handover_hook):
    pending = services.request_to_join(organisation=personas.organisation, by=personas.outsider)
    leaving = membership_of(personas.submitter)
    with pytest.raises(DomainError):
        services.remove_member(membership=leaving, successor=pending, by=personas.org_admin)
    with pytest.raises(DomainError):
        services.remove_member(membership=leaving, successor=leaving, by=personas.org_admin)
    assert handover_hook == []


def test_it_refuses_a_successor_whose_membership_ended_meanwhile(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    successor = membership_of(personas.team_member)
    stale = Membership.objects.get(pk=successor.pk)  # read before the successor left
    services.remove_member(
        membership=successor, successor=membership_of(personas.org_admin), by=personas.org_admin
    )
    with pytest.raises(DomainError):
        services.remove_member(membership=leaving, successor=stale, by=personas.org_admin)
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE


@pytest.mark.parametrize("who", ["submitter", "other_member", "outsider", "expert"])
def test_it_lets_only_admins_and_coordinators_remove(personas, handover_hook, who):
    leaving = membership_of(personas.team_member)
    with pytest.raises(DomainError):
        services.remove_member(
            membership=leaving,
            successor=membership_of(personas.submitter),
            by=getattr(personas, who),
        )
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE
    assert handover_hook == []


def test_it_cannot_remove_someone_twice(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    successor = membership_of(personas.team_member)
    services.remove_member(membership=leaving, successor=successor, by=personas.org_admin)
    with pytest.raises(DomainError):
        services.remove_member(membership=leaving, successor=successor, by=personas.org_admin)
    assert len(handover_hook) == 1


def test_it_lets_a_person_who_left_ask_to_join_again(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    services.remove_member(
        membership=leaving, successor=membership_of(personas.team_member), by=personas.org_admin
    )
    again = services.request_to_join(organisation=personas.organisation, by=personas.submitter)
    assert again.status == Status.PENDING


# The page


def test_it_shows_the_successor_choice_to_the_admin(personas):
    response = client_for(personas.org_admin).get(remove_url(membership_of(personas.submitter)))
    assert response.status_code == 200
    choices = {m.user for m in response.context["form"].fields["successor"].queryset}
    assert choices == {personas.org_admin, personas.team_member}


def test_it_removes_through_the_page(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    successor = membership_of(personas.team_member)
    response = client_for(personas.org_admin).post(
        remove_url(leaving), {"successor": successor.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:members", args=["bibliotheek-gent"]
    )
    assert "2 open taken zijn overgedragen" in response.text
    leaving.refresh_from_db()
    assert leaving.status == Status.LEFT
    assert len(handover_hook) == 1


@pytest.mark.parametrize("successor", ["", "garbage", "999999"])
def test_it_asks_again_without_a_valid_successor(personas, handover_hook, successor):
    leaving = membership_of(personas.submitter)
    response = client_for(personas.org_admin).post(remove_url(leaving), {"successor": successor})
    assert response.status_code == 400
    assert response.context["form"].errors["successor"]
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE
    assert handover_hook == []


def test_it_refuses_a_successor_from_another_organisation_on_the_page(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    response = client_for(personas.coordinator).post(
        remove_url(leaving), {"successor": membership_of(personas.other_member).pk}
    )
    assert response.status_code == 400
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE


@pytest.mark.parametrize("who", ["submitter", "other_member", "outsider", "expert"])
def test_it_answers_404_to_people_who_may_not_remove(personas, handover_hook, who):
    leaving = membership_of(personas.team_member)
    client = client_for(getattr(personas, who))
    assert client.get(remove_url(leaving)).status_code == 404
    response = client.post(remove_url(leaving), {"successor": membership_of(personas.submitter).pk})
    assert response.status_code == 404
    leaving.refresh_from_db()
    assert leaving.status == Status.ACTIVE


def test_it_answers_404_for_a_membership_that_already_ended(personas, handover_hook):
    leaving = membership_of(personas.submitter)
    services.remove_member(
        membership=leaving, successor=membership_of(personas.team_member), by=personas.org_admin
    )
    assert client_for(personas.org_admin).get(remove_url(leaving)).status_code == 404


def test_it_answers_404_for_a_member_of_another_organisation(personas):
    elsewhere = MembershipFactory(organisation=personas.other_organisation)
    url = reverse("organisations:remove", args=["bibliotheek-gent", elsewhere.pk])
    assert client_for(personas.org_admin).get(url).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in_before_removing(client, personas):
    response = client.get(remove_url(membership_of(personas.submitter)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
