"""Mijn Proeftuin: what awaits a person, and how they want to be told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.models import NotificationPreference
from proeftuin.core.notifications import channel_for, notify
from proeftuin.core.registry import registry
from proeftuin.organisations.services import request_to_join

from ..conftest import client_for
from ..factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("accounts:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_shows_an_organisation_admin_the_join_requests_to_approve(personas):
    request_to_join(organisation=personas.organisation, by=personas.outsider)

    response = client_for(personas.org_admin).get(reverse("accounts:mine"))

    assert response.status_code == 200
    assert "Otto Buitenstaander wil lid worden van Bibliotheek Gent" in response.text
    assert reverse("organisations:members", args=["bibliotheek-gent"]) in response.text
    # The notification that came with the request is listed too.
    assert "Otto Buitenstaander vraagt om lid te worden" in response.text


def test_it_shows_a_coordinator_every_join_request(personas):
    request_to_join(organisation=personas.organisation, by=personas.outsider)
    request_to_join(organisation=personas.other_organisation, by=personas.expert)

    response = client_for(personas.coordinator).get(reverse("accounts:mine"))

    assert "Otto Buitenstaander wil lid worden van Bibliotheek Gent" in response.text
    assert "Eva Expert wil lid worden van Cultuurcentrum Herentals" in response.text


def test_it_shows_the_applicant_their_waiting_request(personas):
    request_to_join(organisation=personas.organisation, by=personas.outsider)

    response = client_for(personas.outsider).get(reverse("accounts:mine"))

    assert "Je aanvraag bij Bibliotheek Gent wacht op goedkeuring" in response.text


def test_it_does_not_show_other_organisations_requests(personas):
    request_to_join(organisation=personas.organisation, by=personas.outsider)

    for user in (personas.submitter, personas.other_member, personas.expert):
        response = client_for(user).get(reverse("accounts:mine"))
        assert response.status_code == 200
        assert "Otto Buitenstaander" not in response.text


def every_kind(**choices: str) -> dict[str, str]:
    """A channel for every registered kind (other apps add theirs), `choices` overriding."""
    return {key: kind.default for key, kind in registry.notification_kinds.items()} | choices


def test_it_saves_notification_preferences(personas):
    member = personas.submitter
    ours = {
        "organisations.join_request": "off",
        "organisations.join_decided": "daily",
        "organisations.handover": "immediate",
    }
    response = client_for(member).post(reverse("accounts:mine"), every_kind(**ours))
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=member).values_list("kind", "channel"))
    assert saved == every_kind(**ours)
    assert channel_for(member, "organisations.join_request") == "off"


def test_it_offers_a_choice_for_every_kind_of_notification(personas):
    response = client_for(personas.submitter).get(reverse("accounts:mine"))
    assert set(response.context["form"].fields) == set(registry.notification_kinds)
    assert "Je neemt het werk van een collega over" in response.text


def test_it_refuses_an_unknown_channel(personas):
    response = client_for(personas.submitter).post(
        reverse("accounts:mine"), every_kind(**{"organisations.join_request": "carrier-pigeon"})
    )
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=personas.submitter).exists()


def test_it_refuses_other_methods(personas):
    assert client_for(personas.submitter).delete(reverse("accounts:mine")).status_code == 405


def queries_for_mine(user, requests: int) -> int:
    """Add `requests` join requests to organisations `user` administers (each with a
    notification), then count the queries of Mijn Proeftuin."""
    for _ in range(requests):
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation, user=user, role="admin")
        applicant = UserFactory()
        request_to_join(organisation=organisation, by=applicant)
        request_to_join(organisation=OrganisationFactory(), by=user)
        notify(user=user, kind="organisations.handover", title="Overdracht")
    client = client_for(user)
    client.get(reverse("accounts:mine"))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:mine"))
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_requests(personas):
    admin = personas.org_admin
    few = queries_for_mine(admin, 3)
    many = queries_for_mine(admin, 6)  # 3 more: 9 in all, three times as many
    assert few == many


def test_its_query_count_does_not_grow_for_a_coordinator(personas):
    coordinator = personas.coordinator
    few = queries_for_mine(coordinator, 3)
    many = queries_for_mine(coordinator, 6)
    assert few == many
