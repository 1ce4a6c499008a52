"""Sign-in rate limits hold across processes: they are counted in the shared cache."""

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

from .processes import finish, run_on_test_database

# Another web process: it fails to sign in ATTEMPTS times and prints each answer.
FAILED_SIGN_INS = """
import sys

import django

django.setup()
from django.conf import settings
from django.test import Client

# The same fast hasher as the test process (tests/core/conftest.py).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

email, attempts = sys.argv[1], int(sys.argv[2])
client = Client()
for _ in range(attempts):
    response = client.post("/accounts/login/", {"login": email, "password": "fout"})
    print(response.status_code, "_auth_user_id" in client.session, flush=True)
"""


def attempts_per_address() -> int:
    """The per-address limit of allauth's `login_failed` rate, e.g. 5 in "5/5m/key"."""
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    return next(int(rate.split("/")[0]) for rate in rates if rate.endswith("/key"))


def sign_in(email: str) -> tuple[Client, object]:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return client, response


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_sign_in_after_failed_attempts_made_in_another_process(shared_cache):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    target = UserFactory()
    bystander = UserFactory()
    attempts = attempts_per_address()

    answers = finish(run_on_test_database(FAILED_SIGN_INS, target.email, str(attempts)))

    # Each failure was answered with the form again, not yet with the rate limit.
    assert answers.splitlines() == ["200 False"] * attempts
    # Even the right password is refused now, in this process.
    client, response = sign_in(target.email)
    assert "_auth_user_id" not in client.session
    with translation.override("nl-be"):
        refusal = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert refusal in response.context["form"].non_field_errors()
    # The limit is per address: someone else signs in as usual.
    client, response = sign_in(bystander.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bystander.pk)
