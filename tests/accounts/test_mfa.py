"""Coordinators and admins set up two-factor authentication before anything else."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_sends_a_coordinator_without_totp_to_the_set_up(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    response = client_for(personas.coordinator).get(reverse("accounts:mine"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_it_sends_technical_staff_without_totp_to_the_set_up(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    personas.expert.is_staff = True
    personas.expert.save(update_fields=["is_staff"])
    response = client_for(personas.expert).get(reverse("organisations:list"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_it_lets_a_coordinator_reach_the_set_up_and_sign_out(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    client = client_for(personas.coordinator)
    # The set-up page itself is not redirected to itself (it may ask to re-authenticate).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url != reverse("mfa_activate_totp")
    assert client.get(reverse("account_logout")).status_code == 200


def test_it_lets_a_coordinator_with_totp_in(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    Authenticator.objects.create(
        user=personas.coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client_for(personas.coordinator).get(reverse("accounts:mine")).status_code == 200


def test_it_does_not_ask_a_member(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = True
    assert client_for(personas.org_admin).get(reverse("accounts:mine")).status_code == 200


def test_it_asks_nobody_when_switched_off(personas, settings):
    settings.REQUIRE_MFA_FOR_STAFF = False
    assert client_for(personas.coordinator).get(reverse("accounts:mine")).status_code == 200
    assert client_for(personas.submitter).get(reverse("accounts:mine")).status_code == 200
