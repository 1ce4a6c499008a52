"""A person asks to join an organisation; an organisation admin or a coordinator decides."""

import pytest
from django.core import mail
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.organisations import services
from proeftuin.organisations.models import Membership

from ..conftest import client_for
from ..factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Membership.Status


def decide_url(membership: Membership) -> str:
    return reverse("organisations:decide", args=[membership.organisation.slug, membership.pk])


# Asking


def test_it_records_a_pending_request_and_tells_the_admins(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_to_join(
            organisation=personas.organisation,
            motivation="Ik werk aan de balie",
            by=personas.outsider,
        )

    assert membership.status == Status.PENDING
    assert membership.role == Membership.Role.MEMBER
    assert membership.motivation == "Ik werk aan de balie"
    notification = Notification.objects.get(kind="organisations.join_request")
    assert notification.user == personas.org_admin
    assert "Otto Buitenstaander" in notification.title
    assert notification.url == reverse("organisations:members", args=["bibliotheek-gent"])
    assert [m.to for m in mail.outbox] == [[personas.org_admin.email]]
    # Plain members and coordinators are not bothered while the organisation has an admin.
    assert not Notification.objects.exclude(user=personas.org_admin).exists()
    entry = ActivityLog.objects.get(action="membership.requested")
    assert entry.actor == personas.outsider
    assert entry.changes == {"status": [None, "pending"]}


def test_it_tells_the_coordinators_when_the_organisation_has_no_admin(personas):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)

    services.request_to_join(organisation=organisation, by=personas.outsider)

    assert list(
        Notification.objects.filter(kind="organisations.join_request").values_list(
            "user", flat=True
        )
    ) == [personas.coordinator.pk]


def test_it_refuses_a_second_request_while_the_first_is_pending(personas):
    services.request_to_join(organisation=personas.organisation, by=personas.outsider)
    with pytest.raises(DomainError):
        services.request_to_join(organisation=personas.organisation, by=personas.outsider)
    assert Membership.objects.filter(user=personas.outsider).count() == 1
    assert Notification.objects.filter(kind="organisations.join_request").count() == 1


def test_it_refuses_a_request_from_an_active_member(personas):
    with pytest.raises(DomainError):
        services.request_to_join(organisation=personas.organisation, by=personas.submitter)
    assert Membership.objects.get(user=personas.submitter).status == Status.ACTIVE


def test_it_lets_a_declined_person_ask_again(personas):
    membership = services.request_to_join(
        organisation=personas.organisation, motivation="eerste", by=personas.outsider
    )
    services.decline_membership(membership=membership, by=personas.org_admin)

    again = services.request_to_join(
        organisation=personas.organisation, motivation="tweede", by=personas.outsider
    )

    assert again.pk == membership.pk
    again.refresh_from_db()
    assert again.status == Status.PENDING
    assert again.motivation == "tweede"
    assert again.decided_by is None
    assert again.decided_at is None
    assert ActivityLog.objects.filter(action="membership.requested").first().changes == {
        "status": ["declined", "pending"]
    }


def test_it_asks_through_the_organisation_page(personas):
    client = client_for(personas.outsider)
    response = client.post(
        reverse("organisations:join", args=["bibliotheek-gent"]), {"motivation": "Hallo"}
    )
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=["bibliotheek-gent"])
    assert Membership.objects.get(user=personas.outsider).status == Status.PENDING

    response = client.get(reverse("organisations:detail", args=["bibliotheek-gent"]))
    assert "aangevraagd" in response.text
    assert response.context["can_join"] is False


def test_it_shows_a_message_when_asking_twice_through_the_page(personas):
    client = client_for(personas.outsider)
    url = reverse("organisations:join", args=["bibliotheek-gent"])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Deze stap kan niet vanuit de huidige status." in response.text
    assert Membership.objects.filter(user=personas.outsider).count() == 1


def test_it_refuses_a_motivation_that_is_too_long(personas):
    response = client_for(personas.outsider).post(
        reverse("organisations:join", args=["bibliotheek-gent"]), {"motivation": "x" * 1001}
    )
    assert response.status_code == 400
    assert response.context["join_form"].errors
    # The member list stays hidden from someone who is not a member.
    assert "Ann Beheerder" not in response.text
    assert response.context["members"] is None
    assert not Membership.objects.filter(user=personas.outsider).exists()


def test_it_asks_anonymous_visitors_to_sign_in_before_joining(client, personas):
    response = client.post(reverse("organisations:join", args=["bibliotheek-gent"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Membership.objects.filter(status=Status.PENDING).exists()


def test_it_answers_404_for_an_unknown_organisation_and_405_for_get(personas):
    client = client_for(personas.outsider)
    assert client.post(reverse("organisations:join", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("organisations:join", args=["bibliotheek-gent"])).status_code == 405


# Deciding


@pytest.fixture
def request_(personas) -> Membership:
    return services.request_to_join(organisation=personas.organisation, by=personas.outsider)


def test_it_lets_an_organisation_admin_approve(personas, request_):
    membership = services.approve_membership(membership=request_, by=personas.org_admin)

    assert membership.status == Status.ACTIVE
    assert membership.role == Membership.Role.MEMBER
    assert membership.decided_by == personas.org_admin
    assert membership.decided_at is not None
    notification = Notification.objects.get(user=personas.outsider)
    assert notification.kind == "organisations.join_decided"
    assert "Bibliotheek Gent" in notification.title
    entry = ActivityLog.objects.get(action="membership.approved")
    assert entry.changes == {"status": ["pending", "active"], "role": ["member", "member"]}


def test_it_lets_a_coordinator_approve_as_admin(personas, request_):
    membership = services.approve_membership(
        membership=request_, as_admin=True, by=personas.coordinator
    )
    assert membership.status == Status.ACTIVE
    assert membership.role == Membership.Role.ADMIN


@pytest.mark.parametrize("who", ["submitter", "other_member", "outsider", "expert", "reviewer"])
def test_it_lets_nobody_else_approve(personas, request_, who):
    with pytest.raises(DomainError):
        services.approve_membership(membership=request_, by=getattr(personas, who))
    with pytest.raises(DomainError):
        services.decline_membership(membership=request_, by=getattr(personas, who))
    request_.refresh_from_db()
    assert request_.status == Status.PENDING


def test_it_does_not_let_an_admin_of_another_organisation_approve(personas, request_):
    other_admin = MembershipFactory(organisation=personas.other_organisation, role="admin").user
    with pytest.raises(DomainError):
        services.approve_membership(membership=request_, by=other_admin)


def test_it_does_not_let_a_former_admin_approve(personas, request_, handover_hook):
    leaving = Membership.objects.get(user=personas.org_admin)
    successor = Membership.objects.get(user=personas.submitter)
    services.remove_member(membership=leaving, successor=successor, by=personas.coordinator)
    with pytest.raises(DomainError):
        services.approve_membership(membership=request_, by=personas.org_admin)


def test_it_declines_and_tells_the_applicant(personas, request_):
    membership = services.decline_membership(membership=request_, by=personas.org_admin)
    assert membership.status == Status.DECLINED
    notification = Notification.objects.get(user=personas.outsider)
    assert "niet aanvaard" in notification.title
    assert ActivityLog.objects.filter(action="membership.declined").exists()


def test_it_cannot_decide_twice(personas, request_):
    services.approve_membership(membership=request_, by=personas.org_admin)
    with pytest.raises(DomainError):
        services.decline_membership(membership=request_, by=personas.org_admin)
    with pytest.raises(DomainError):
        services.approve_membership(membership=request_, by=personas.org_admin)
    request_.refresh_from_db()
    assert request_.status == Status.ACTIVE


def test_it_approves_through_the_members_page(personas, request_):
    response = client_for(personas.org_admin).post(
        decide_url(request_), {"decision": "approve", "as_admin": "on"}
    )
    assert response.status_code == 302
    assert response.url == reverse("organisations:members", args=["bibliotheek-gent"])
    request_.refresh_from_db()
    assert (request_.status, request_.role) == (Status.ACTIVE, Membership.Role.ADMIN)


def test_it_declines_through_the_members_page_as_coordinator(personas, request_):
    response = client_for(personas.coordinator).post(decide_url(request_), {"decision": "decline"})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == Status.DECLINED


@pytest.mark.parametrize("decision", ["", "maybe", "APPROVE"])
def test_it_asks_for_a_clear_decision(personas, request_, decision):
    response = client_for(personas.org_admin).post(
        decide_url(request_), {"decision": decision}, follow=True
    )
    assert response.status_code == 200
    assert "Kies: goedkeuren of weigeren." in response.text
    request_.refresh_from_db()
    assert request_.status == Status.PENDING


def test_it_shows_a_message_when_the_request_was_already_decided(personas, request_):
    services.decline_membership(membership=request_, by=personas.coordinator)
    response = client_for(personas.org_admin).post(
        decide_url(request_), {"decision": "approve"}, follow=True
    )
    assert response.status_code == 200
    assert "Deze stap kan niet vanuit de huidige status." in response.text
    request_.refresh_from_db()
    assert request_.status == Status.DECLINED


@pytest.mark.parametrize("who", ["submitter", "other_member", "outsider", "expert"])
def test_it_answers_404_to_people_who_may_not_decide(personas, request_, who):
    response = client_for(getattr(personas, who)).post(
        decide_url(request_), {"decision": "approve"}
    )
    assert response.status_code == 404
    request_.refresh_from_db()
    assert request_.status == Status.PENDING


def test_it_answers_404_for_a_request_of_another_organisation(personas):
    elsewhere = services.request_to_join(
        organisation=personas.other_organisation, by=personas.outsider
    )
    # Gent's admin, through Gent's address, may not decide on Herentals' request.
    response = client_for(personas.org_admin).post(
        reverse("organisations:decide", args=["bibliotheek-gent", elsewhere.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.PENDING


def test_it_asks_anonymous_visitors_to_sign_in_before_deciding(client, request_):
    response = client.post(decide_url(request_), {"decision": "approve"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lets_a_newly_approved_member_see_their_colleagues(personas, request_):
    client = client_for(personas.outsider)
    detail = reverse("organisations:detail", args=["bibliotheek-gent"])
    assert "Ann Beheerder" not in client.get(detail).text
    services.approve_membership(membership=request_, by=personas.org_admin)
    assert "Ann Beheerder" in client.get(detail).text


def test_it_lets_a_person_join_several_organisations(personas):
    person = UserFactory()
    for organisation in (personas.organisation, personas.other_organisation):
        membership = services.request_to_join(organisation=organisation, by=person)
        services.approve_membership(membership=membership, by=personas.coordinator)
    assert Membership.objects.active().filter(user=person).count() == 2
