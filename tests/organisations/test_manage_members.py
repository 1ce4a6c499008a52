"""An organisation admin (or a coordinator) sees the requests and members and sets roles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.organisations import services
from proeftuin.organisations.models import Membership

from ..conftest import client_for
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
MEMBERS = reverse("organisations:members", args=["bibliotheek-gent"])


def role_url(membership: Membership) -> str:
    return reverse("organisations:change_role", args=[membership.organisation.slug, membership.pk])


def test_it_shows_requests_and_members_to_the_admin(personas):
    services.request_to_join(
        organisation=personas.organisation, motivation="Ik doe de educatie", by=personas.outsider
    )
    response = client_for(personas.org_admin).get(MEMBERS)
    assert response.status_code == 200
    assert [m.user for m in response.context["pending"]] == [personas.outsider]
    assert {m.user for m in response.context["active"]} == {
        personas.org_admin,
        personas.submitter,
        personas.team_member,
    }
    assert "Ik doe de educatie" in response.text
    assert "Hans Herentals" not in response.text


def test_it_shows_the_members_page_to_a_coordinator(personas):
    assert client_for(personas.coordinator).get(MEMBERS).status_code == 200


@pytest.mark.parametrize("who", ["submitter", "team_member", "other_member", "outsider", "expert"])
def test_it_answers_404_to_people_who_may_not_manage(personas, who):
    assert client_for(getattr(personas, who)).get(MEMBERS).status_code == 404


def test_it_answers_404_to_the_admin_of_another_organisation(personas):
    url = reverse("organisations:members", args=["cc-herentals"])
    assert client_for(personas.org_admin).get(url).status_code == 404


def test_it_answers_404_for_an_unknown_organisation(personas):
    url = reverse("organisations:members", args=["bestaat-niet"])
    assert client_for(personas.coordinator).get(url).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in_for_the_members_page(client, personas):
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def queries_for_members_page(personas, extra: int) -> int:
    for _ in range(extra):
        MembershipFactory(organisation=personas.organisation)
        MembershipFactory(organisation=personas.organisation, status=Membership.Status.PENDING)
    client = client_for(personas.org_admin)
    client.get(MEMBERS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MEMBERS)
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_members(personas):
    few = queries_for_members_page(personas, 3)
    many = queries_for_members_page(personas, 6)  # 9 of each in all
    assert few == many


# Roles


def test_it_makes_a_member_admin_and_logs_it(personas):
    membership = Membership.objects.get(user=personas.submitter)
    response = client_for(personas.org_admin).post(role_url(membership), {"role": "admin"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    entry = ActivityLog.objects.get(action="membership.role_changed")
    assert (entry.actor, entry.changes) == (personas.org_admin, {"role": ["member", "admin"]})


def test_it_lets_a_coordinator_take_the_admin_role_away(personas):
    membership = Membership.objects.get(user=personas.org_admin)
    client_for(personas.coordinator).post(role_url(membership), {"role": "member"})
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_it_logs_nothing_when_the_role_stays_the_same(personas):
    membership = Membership.objects.get(user=personas.submitter)
    services.set_member_role(membership=membership, role="member", by=personas.org_admin)
    assert not ActivityLog.objects.filter(action="membership.role_changed").exists()


@pytest.mark.parametrize("role", ["", "owner", "ADMIN"])
def test_it_refuses_an_unknown_role_on_the_page(personas, role):
    membership = Membership.objects.get(user=personas.submitter)
    response = client_for(personas.org_admin).post(
        role_url(membership), {"role": role}, follow=True
    )
    assert response.status_code == 200
    assert "Onbekende rol." in response.text
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_it_refuses_an_unknown_role_in_the_service(personas):
    membership = Membership.objects.get(user=personas.submitter)
    with pytest.raises(DomainError):
        services.set_member_role(membership=membership, role="owner", by=personas.org_admin)
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_it_gives_no_role_to_a_pending_applicant(personas):
    pending = services.request_to_join(organisation=personas.organisation, by=personas.outsider)
    response = client_for(personas.org_admin).post(
        role_url(pending), {"role": "admin"}, follow=True
    )
    assert "Alleen leden krijgen een rol." in response.text
    pending.refresh_from_db()
    assert pending.role == Role.MEMBER


@pytest.mark.parametrize("who", ["submitter", "other_member", "outsider", "expert"])
def test_it_answers_404_to_people_who_may_not_change_roles(personas, who):
    membership = Membership.objects.get(user=personas.team_member)
    response = client_for(getattr(personas, who)).post(role_url(membership), {"role": "admin"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER
    with pytest.raises(DomainError):
        services.set_member_role(membership=membership, role="admin", by=getattr(personas, who))


def test_it_answers_405_to_a_get_on_the_role_and_decision_addresses(personas):
    membership = Membership.objects.get(user=personas.submitter)
    client = client_for(personas.org_admin)
    assert client.get(role_url(membership)).status_code == 405
    decide = reverse("organisations:decide", args=["bibliotheek-gent", membership.pk])
    assert client.get(decide).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("members", "get"),
        ("decide", "post"),
        ("change_role", "post"),
        ("remove", "get"),
        ("remove", "post"),
    ],
)
def test_it_asks_anonymous_visitors_to_sign_in(client, personas, name, method):
    membership = Membership.objects.get(user=personas.submitter)
    args = ["bibliotheek-gent"] if name == "members" else ["bibliotheek-gent", membership.pk]
    response = getattr(client, method)(reverse(f"organisations:{name}", args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["decide", "change_role", "remove"])
@pytest.mark.parametrize("pk", [0, 999999, 2**63, 10**30])
def test_it_answers_404_for_a_membership_that_does_not_exist(personas, name, pk):
    url = reverse(f"organisations:{name}", args=["bibliotheek-gent", pk])
    response = client_for(personas.org_admin).post(url, {"decision": "approve", "role": "admin"})
    assert response.status_code == 404
