"""Signing in: lock-out after failed attempts, a new session at sign-in, every other session
ended when the password changes, two-factor authentication asked of coordinators who have
it, and `next=` never leading off the site."""

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ..conftest import client_for
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
EVIL = "https://evil.example/steal"


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_sixth_attempt_is_refused_even_with_the_right_password(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/key"}
    user = UserFactory()
    client = Client()
    for _ in range(5):
        response = sign_in(client, user.email, "fout-wachtwoord")
        assert response.status_code == 200
        assert signed_in_as(client) is None

    response = sign_in(client, user.email)

    assert signed_in_as(client) is None
    with translation.override("nl-be"):
        refusal = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert refusal in response.context["form"].non_field_errors()
    # Translated: the page speaks Dutch, not allauth's English.
    assert "Too many failed login attempts" not in response.content.decode()


def test_the_default_limits_lock_an_account_after_five_failures_and_an_address_after_ten():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


def test_signing_in_starts_a_new_session():
    user = UserFactory()
    client = Client()
    session = client.session
    session["iets"] = "voor de aanmelding"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_changing_the_password_ends_every_other_session():
    user = UserFactory()
    here, elsewhere = Client(), Client()
    assert sign_in(here, user.email).status_code == 302
    assert sign_in(elsewhere, user.email).status_code == 302
    assert elsewhere.get(reverse("accounts:mine")).status_code == 200

    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "een-ander-lang-wachtwoord-7",
            "password2": "een-ander-lang-wachtwoord-7",
        },
    )

    assert response.status_code == 302
    # The browser that changed it stays signed in; the other one is signed out.
    assert here.get(reverse("accounts:mine")).status_code == 200
    response = elsewhere.get(reverse("accounts:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_coordinator_with_two_factor_authentication_is_asked_for_the_code(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    Authenticator.objects.create(
        user=personas.coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client = Client()

    response = sign_in(client, personas.coordinator.email)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None


@pytest.mark.parametrize("path", ["/beheer/", "/api/v1/municipalities/", "/privacy/", "/mijn/"])
def test_a_coordinator_without_it_reaches_nothing_but_the_set_up(personas, settings, path):
    settings.REQUIRE_MFA_FOR_STAFF = True

    response = client_for(personas.coordinator).get(path)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    "next_url",
    [EVIL, "//evil.example/", "/\\evil.example", "https:evil.example", "javascript:alert(1)"],
)
def test_signing_in_never_redirects_off_the_site(next_url):
    user = UserFactory()
    client = Client()

    response = client.post(f"{LOGIN}?next={next_url}", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize("next_url", [EVIL, "//evil.example/"])
def test_signing_out_and_switching_language_never_redirect_off_the_site(personas, next_url):
    client = client_for(personas.submitter)

    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert "evil.example" not in response.url

    response = client.post(reverse("account_logout"), {"next": next_url})
    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_the_admin_sign_in_goes_through_the_sign_in_with_its_second_factor(personas, settings):
    """The Django admin's own sign-in form would take a password alone."""
    settings.REQUIRE_MFA_FOR_STAFF = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()

    response = client.post(
        "/beheer/login/?next=/beheer/", {"username": admin.email, "password": PASSWORD}
    )

    assert signed_in_as(client) is None
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    # Through the sign-in, the second factor is asked.
    response = client.post(f"{LOGIN}?next=/beheer/", {"login": admin.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
