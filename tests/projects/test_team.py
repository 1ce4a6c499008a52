"""The coordinator composes a project's team: internal and external experts and the
projectleider. People without an account are invited by e-mail and join when they accept."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification, OutboxMessage
from proeftuin.projects import services
from proeftuin.projects.models import Membership

from ..conftest import client_for
from ..factories import PASSWORD, UserFactory
from .conftest import MemberFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def path_in(text, prefix):
    """The path of the first link in `text` that starts with `prefix`."""
    for url in re.findall(r"https?://\S+", text):
        path = urlsplit(url).path
        if path.startswith(prefix):
            return path
    raise AssertionError(f"no link to {prefix} in:\n{text}")


def add(project, email, role, by):
    return services.add_team_member(project=project, email=email, role=role, by=by)


def test_it_adds_someone_with_an_account_at_once(personas, project):
    membership = add(
        project, personas.expert.email.upper(), Role.EXTERNAL_EXPERT, personas.coordinator
    )

    assert membership.user == personas.expert
    assert not membership.is_pending
    assert Notification.objects.filter(user=personas.expert, kind="projects.team").exists()
    page = client_for(personas.expert).get(reverse("projects:detail", args=[project.pk]))
    assert page.status_code == 200


def test_it_invites_someone_without_an_account_who_signs_up_and_joins(
    personas, project, django_capture_on_commit_callbacks
):
    coordinator = client_for(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("projects:member_add", args=[project.pk]),
            {"email": "Nadia@Example.be", "role": Role.EXTERNAL_EXPERT},
            follow=True,
        )
    assert "nadia@example.be is uitgenodigd." in response.content.decode()
    invitation = OutboxMessage.objects.get(kind="projects.invitation")
    assert invitation.recipient == "nadia@example.be"
    assert project.title in invitation.subject
    accept = path_in(invitation.body_text, "/projecten/uitnodiging/")
    pending = project.team.get(email="nadia@example.be")
    assert pending.is_pending and pending.user is None

    # Nadia follows the link, is asked to sign in, signs up with that address instead.
    nadia = Client()
    response = nadia.get(accept)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    with django_capture_on_commit_callbacks(execute=True):
        nadia.post(
            reverse("account_signup"),
            {
                "name": "Nadia Nieuw",
                "email": "nadia@example.be",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    (confirmation,) = [
        m for m in mail.outbox if m.to == ["nadia@example.be"] and "Bevestig" in m.subject
    ]
    confirm = path_in(confirmation.body, "/accounts/confirm-email/")
    nadia.post(confirm)
    nadia.post(reverse("account_login"), {"login": "nadia@example.be", "password": PASSWORD})

    # Her invitation waits on Mijn Proeftuin; she accepts it.
    mine = nadia.get(reverse("accounts:mine")).content.decode()
    assert accept in mine
    assert nadia.get(accept).status_code == 200
    response = nadia.post(accept, follow=True)

    assert response.status_code == 200
    assert "Welkom in het team" in response.content.decode()
    pending.refresh_from_db()
    assert pending.user.email == "nadia@example.be"
    assert pending.accepted_at is not None
    assert nadia.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    # The link is used up.
    assert nadia.get(accept).status_code == 404


def test_it_lets_an_invited_person_with_an_account_accept_only_with_that_address(personas, project):
    invitation = add(project, "later@example.be", Role.INTERNAL_EXPERT, personas.coordinator)
    url = reverse("projects:accept", args=[invitation.token])

    # Someone else who got hold of the link cannot take the place.
    response = client_for(personas.outsider).post(url, follow=True)
    assert "ander e-mailadres" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert (
        client_for(personas.outsider).get(reverse("projects:detail", args=[project.pk])).status_code
        == 404
    )

    later = UserFactory(email="LATER@example.be")
    client_for(later).post(url)
    invitation.refresh_from_db()
    assert invitation.user == later


def test_it_accepts_with_a_second_verified_address_but_not_an_unverified_one(personas, project):
    from allauth.account.models import EmailAddress

    invitation = add(project, "werk@example.be", Role.INTERNAL_EXPERT, personas.coordinator)
    EmailAddress.objects.create(user=personas.outsider, email="werk@example.be", verified=False)

    with pytest.raises(DomainError, match="ander e-mailadres"):
        services.accept_invitation(token=invitation.token, by=personas.outsider)
    EmailAddress.objects.filter(user=personas.outsider).update(verified=True)
    services.accept_invitation(token=invitation.token, by=personas.outsider)

    invitation.refresh_from_db()
    assert invitation.user == personas.outsider


def test_it_refuses_an_unknown_invitation(personas):
    assert (
        client_for(personas.outsider)
        .get(reverse("projects:accept", args=["geen-echte-code"]))
        .status_code
        == 404
    )
    with pytest.raises(DomainError, match="bestaat niet"):
        services.accept_invitation(token="geen-echte-code", by=personas.outsider)


def test_it_accepts_the_same_invitation_once(personas, project):
    invitation = add(project, "twee@example.be", Role.INTERNAL_EXPERT, personas.coordinator)
    person = UserFactory(email="twee@example.be")

    first = services.accept_invitation(token=invitation.token, by=person)
    again = services.accept_invitation(token=invitation.token, by=person)

    assert first.pk == again.pk
    assert project.team.filter(user=person).count() == 1


def test_it_refuses_the_same_role_twice(personas, project):
    add(project, personas.expert.email, Role.INTERNAL_EXPERT, personas.coordinator)
    add(project, "nieuw@example.be", Role.EXTERNAL_EXPERT, personas.coordinator)

    with pytest.raises(DomainError, match="al in het team"):
        add(project, personas.expert.email, Role.INTERNAL_EXPERT, personas.coordinator)
    with pytest.raises(DomainError, match="al uitgenodigd"):
        add(project, "NIEUW@example.be", Role.EXTERNAL_EXPERT, personas.coordinator)
    with pytest.raises(DomainError, match="Onbekende rol"):
        add(project, "ander@example.be", "baas", personas.coordinator)
    assert project.team.count() == 4


def test_it_keeps_one_projectleider(personas, project):
    add(project, personas.expert.email, Role.PROJECT_LEADER, personas.coordinator)

    leaders = project.team.filter(role=Role.PROJECT_LEADER)
    assert [m.user for m in leaders] == [personas.expert]


@pytest.mark.parametrize("who", ["submitter", "team_member", "expert", "outsider"])
def test_it_lets_only_coordinators_compose_the_team(personas, project, who):
    person = getattr(personas, who)
    with pytest.raises(DomainError, match="coördinatoren"):
        add(project, "iemand@example.be", Role.EXTERNAL_EXPERT, person)

    client = client_for(person)
    member = project.team.get(user=personas.submitter)
    assert (
        client.post(
            reverse("projects:member_add", args=[project.pk]),
            {"email": "iemand@example.be", "role": Role.EXTERNAL_EXPERT},
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("projects:member_remove", args=[project.pk, member.pk])).status_code
        == 404
    )
    assert not project.team.filter(email="iemand@example.be").exists()
    assert project.team.filter(pk=member.pk).exists()


def test_it_removes_a_team_member(personas, project):
    member = MemberFactory(project=project, user=personas.expert)

    response = client_for(personas.coordinator).post(
        reverse("projects:member_remove", args=[project.pk, member.pk])
    )

    assert response.status_code == 302
    assert not project.team.filter(pk=member.pk).exists()
    assert (
        client_for(personas.expert).get(reverse("projects:detail", args=[project.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "geen-adres", "role": Role.EXTERNAL_EXPERT},
        {"email": "iemand@example.be", "role": "baas"},
        {"email": "iemand@example.be", "role": ""},
    ],
)
def test_it_answers_a_bad_team_form_with_400(personas, project, data):
    response = client_for(personas.coordinator).post(
        reverse("projects:member_add", args=[project.pk]), data
    )

    assert response.status_code == 400
    assert project.team.count() == 2


def test_it_removes_a_member_of_another_project_never(personas, project):
    elsewhere = MemberFactory(project=ProjectFactory())

    response = client_for(personas.coordinator).post(
        reverse("projects:member_remove", args=[project.pk, elsewhere.pk])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_it_says_once_why_a_person_cannot_be_added_again(personas, project):
    client = client_for(personas.coordinator)
    data = {"email": personas.expert.email, "role": Role.EXTERNAL_EXPERT}
    client.post(reverse("projects:member_add", args=[project.pk]), data)

    response = client.post(reverse("projects:member_add", args=[project.pk]), data)

    assert response.status_code == 400
    assert response.content.decode().count("Deze persoon heeft die rol al in het team.") == 1
