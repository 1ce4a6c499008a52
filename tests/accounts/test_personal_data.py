"""A person downloads everything the platform holds about them, or erases their account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from proeftuin.accounts import services
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification, NotificationPreference
from proeftuin.core.notifications import notify
from proeftuin.organisations.models import Membership
from proeftuin.organisations.services import request_to_join

from ..conftest import client_for
from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_exports_account_memberships_and_notifications(personas):
    member = personas.submitter
    notify(user=member, kind="organisations.join_decided", title="Je bent nu lid")
    NotificationPreference.objects.create(
        user=member, kind="organisations.handover", channel="daily"
    )
    request_to_join(organisation=personas.other_organisation, motivation="Ik help", by=member)

    response = client_for(member).get(reverse("accounts:export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["name"] == "Ines Indiener"
    assert data["account"]["email_addresses"][0]["verified"] is True
    memberships = {m["organisation"]: m for m in data["memberships"]}
    assert memberships["Bibliotheek Gent"]["status"] == "active"
    assert memberships["Cultuurcentrum Herentals"]["status"] == "pending"
    assert memberships["Cultuurcentrum Herentals"]["motivation"] == "Ik help"
    assert data["notifications"]["preferences"] == {"organisations.handover": "daily"}
    assert [n["title"] for n in data["notifications"]["notifications"]] == ["Je bent nu lid"]


def test_it_exports_nothing_of_other_people(personas):
    notify(user=personas.org_admin, kind="organisations.join_request", title="Geheim")
    data = json.loads(client_for(personas.outsider).get(reverse("accounts:export")).content)
    assert data["memberships"] == []
    assert data["notifications"]["notifications"] == []
    assert personas.org_admin.email not in json.dumps(data)


def test_it_sends_anonymous_visitors_to_sign_in_for_the_export(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_deletes_an_account_and_keeps_contributions_anonymously(personas):
    member = personas.submitter
    email = member.email
    notify(user=member, kind="organisations.join_decided", title="Je bent nu lid")
    entry = log_action(actor=member, action="need.submitted", target=personas.organisation)
    client = client_for(member)
    other_device = client_for(member)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email != email
    assert member.name == ""
    assert not member.is_active
    assert not member.has_usable_password()
    assert str(member) == "verwijderde gebruiker"
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not Notification.objects.filter(user=member).exists()
    # Memberships end; the organisation no longer counts them.
    membership = Membership.objects.get(user=member)
    assert membership.status == Membership.Status.LEFT
    # Their contribution stays, attributed to "verwijderde gebruiker".
    entry.refresh_from_db()
    assert entry.actor == member
    assert ActivityLog.objects.filter(action="user.deleted", object_id=str(member.pk)).exists()
    # Signed out, and cannot sign in again.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:mine")).status_code == 302
    assert other_device.get(reverse("accounts:mine")).status_code == 302
    fresh = Client()
    fresh.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session


def test_it_shows_verwijderde_gebruiker_in_the_activity_log(personas):
    member = personas.submitter
    log_action(actor=member, action="need.submitted", target=personas.organisation)
    services.delete_account(user=member, by=member)

    content_type = ContentType.objects.get_for_model(personas.organisation)
    response = client_for(personas.coordinator).get(
        reverse("core:activity", args=[content_type.pk, personas.organisation.pk])
    )

    assert response.status_code == 200
    assert "verwijderde gebruiker" in response.text
    assert "Ines Indiener" not in response.text


def test_it_keeps_the_account_when_the_password_is_wrong(personas):
    member = personas.submitter
    response = client_for(member).post(reverse("accounts:delete"), {"password": "fout-123456"})

    assert response.status_code == 400
    assert "Dit wachtwoord klopt niet." in response.text
    member.refresh_from_db()
    assert member.is_active
    assert member.name == "Ines Indiener"
    assert member.check_password(PASSWORD)


def test_it_shows_the_delete_page_and_asks_anonymous_visitors_to_sign_in(personas, client):
    assert client_for(personas.submitter).get(reverse("accounts:delete")).status_code == 200
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lets_only_the_person_or_an_admin_delete_an_account(personas):
    with pytest.raises(DomainError):
        services.delete_account(user=personas.submitter, by=personas.coordinator)
    personas.submitter.refresh_from_db()
    assert personas.submitter.is_active

    admin = get_user_model().objects.create_superuser("root@example.be", PASSWORD, name="Root")
    services.delete_account(user=personas.submitter, by=admin)
    personas.submitter.refresh_from_db()
    assert not personas.submitter.is_active


def test_it_hands_the_admin_role_and_open_work_to_a_colleague_when_an_admin_deletes_their_account(
    personas,
):
    leaver = personas.org_admin
    services.delete_account(user=leaver, by=leaver)

    admins = Membership.objects.admins().filter(organisation=personas.organisation)
    assert admins.count() == 1
    assert admins.get().user in (personas.submitter, personas.team_member)
    assert not Membership.objects.active().filter(user=leaver).exists()
    assert ActivityLog.objects.filter(action="membership.left", actor=leaver).exists()


def test_it_declines_pending_requests_when_the_person_deletes_their_account(personas):
    request_to_join(organisation=personas.other_organisation, by=personas.outsider)

    services.delete_account(user=personas.outsider, by=personas.outsider)

    assert not Membership.objects.pending().filter(user=personas.outsider).exists()
