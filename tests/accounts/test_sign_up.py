"""A culture professional signs up with their e-mail address, confirms it and signs in."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from proeftuin.core.models import OutboxMessage

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "nog-een-lang-wachtwoord-17"


def link_in(message: mail.EmailMessage, path_prefix: str) -> str:
    """The path of the first link in a mail that starts with `path_prefix`."""
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    path = urlsplit(match.group(0)).path
    assert path.startswith(path_prefix), path
    return path


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_up(client: Client, django_capture_on_commit_callbacks, email: str) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "name": "Nora Nieuw",
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302, response.content


def test_it_signs_up_verifies_the_address_and_signs_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, "nora@example.be")

    user = get_user_model().objects.get(email="nora@example.be")
    assert user.name == "Nora Nieuw"
    assert user.language == "nl-be"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora@example.be"]
    assert message.subject == "[Proeftuin] Bevestig je e-mailadres"
    assert "Hallo van Proeftuin!" in message.body
    # The mail went through the outbox: a row, claimed and marked sent.
    row = OutboxMessage.objects.get(recipient="nora@example.be")
    assert row.status == OutboxMessage.Status.SENT
    assert row.user == user

    confirm = link_in(message, "/accounts/confirm-email/")
    anyone = Client()
    assert anyone.get(confirm).status_code == 200
    response = anyone.post(confirm)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    response = anyone.post(
        reverse("account_login"), {"login": "nora@example.be", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:mine")
    assert is_signed_in(anyone)
    assert anyone.get(reverse("accounts:mine")).status_code == 200


def test_it_does_not_let_an_unverified_person_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, "nora@example.be")
    assert not is_signed_in(client)

    other = Client()
    response = other.post(
        reverse("account_login"), {"login": "nora@example.be", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_email_verification_sent"))
    assert not is_signed_in(other)
    response = other.get(reverse("accounts:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_a_sign_up_without_a_name(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nora@example.be", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="nora@example.be").exists()
    assert mail.outbox == []


def test_it_refuses_an_address_that_already_has_an_account(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="nora@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "name": "Nora Nieuw",
                "email": "nora@example.be",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert get_user_model().objects.filter(email__iexact="nora@example.be").count() == 1


def test_it_sends_the_password_reset_mail_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="nora@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nora@example.be"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(recipient="nora@example.be").kind == (
        "account.password_reset_key"
    )

    reset = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    response = client.get(reset)
    # allauth moves the key into the session and redirects to a key-less address.
    if response.status_code == 302:
        reset = response.url
    response = client.post(reset, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    fresh = Client()
    fresh.post(reverse("account_login"), {"login": "nora@example.be", "password": NEW_PASSWORD})
    assert is_signed_in(fresh)


def test_it_signs_in_a_verified_member_and_rejects_a_wrong_password():
    UserFactory(email="nora@example.be")
    wrong = Client()
    response = wrong.post(
        reverse("account_login"), {"login": "nora@example.be", "password": "niet-juist-123"}
    )
    assert response.status_code == 200
    assert not is_signed_in(wrong)

    right = Client()
    right.post(reverse("account_login"), {"login": "nora@example.be", "password": PASSWORD})
    assert is_signed_in(right)


def test_it_sends_account_mails_in_the_persons_language(client, django_capture_on_commit_callbacks):
    UserFactory(email="nora@example.be", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "nora@example.be"})
    message = mail.outbox[0]
    assert message.subject == "[Proeftuin] Password Reset Email"
    assert "Hello from Proeftuin!" in message.body
    assert OutboxMessage.objects.get().language == "en"
