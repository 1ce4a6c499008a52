"""A service's public changelog, and the release e-mails: once per release and adoption
however often the task runs, and never to a contact who turned them off."""

from datetime import date

import pytest
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import OutboxMessage
from proeftuin.scaling import tokens
from proeftuin.scaling.models import Adoption, Release, ReleaseMail, Service
from proeftuin.scaling.services_feedback import (
    mail_release,
    publish_release,
    send_release_mails,
)

from ..conftest import client_for
from .conftest import AdoptionFactory, ServiceFactory

NOTES = "- Betalen kan nu **online**.\n- De sleutelafspraken staan in de bevestiging."


def publish(service, by, title="Versie 2: online betalen"):
    return publish_release(
        service=service, title=title, notes=NOTES, released_on=date(2026, 10, 1), by=by
    )


def release_mails():
    return OutboxMessage.objects.filter(kind="scaling.release")


def test_it_mails_the_active_adoptions_once_per_release_under_retries(
    personas, django_capture_on_commit_callbacks
):
    service = ServiceFactory()
    active = AdoptionFactory.create_batch(3, service=service)
    AdoptionFactory(service=service, state=Adoption.State.REQUESTED, activated_at=None)
    AdoptionFactory(service=service, state=Adoption.State.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        release = publish(service, personas.coordinator)

    assert sorted(release_mails().values_list("recipient", flat=True)) == sorted(
        a.contact_email for a in active
    )
    # The task retried, or run again: nothing more.
    assert send_release_mails(release.pk) == 0
    assert mail_release(release, active[0]) is False
    assert release_mails().count() == 3
    assert ReleaseMail.objects.filter(release=release).count() == 3


def test_it_respects_the_opt_out(personas, client, django_capture_on_commit_callbacks):
    service = ServiceFactory()
    keeps, leaves = AdoptionFactory.create_batch(2, service=service)
    url = reverse("scaling:release_mails_off", args=[tokens.release_opt_out(leaves.pk)])
    # A link checker's GET changes nothing.
    assert client.get(url).status_code == 200
    leaves.refresh_from_db()
    assert leaves.release_mails
    # The one click (RFC 8058: a POST without a CSRF token).
    csrf_client = client_for(personas.outsider)
    csrf_client.handler.enforce_csrf_checks = True
    assert csrf_client.post(url).status_code == 200
    leaves.refresh_from_db()
    assert not leaves.release_mails

    with django_capture_on_commit_callbacks(execute=True):
        publish(service, personas.coordinator)
    assert list(release_mails().values_list("recipient", flat=True)) == [keeps.contact_email]


def test_the_mail_carries_the_opt_out_link_and_header(personas, django_capture_on_commit_callbacks):
    adoption = AdoptionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish(adoption.service, personas.coordinator)
    message = release_mails().get()
    opt_out = reverse("scaling:release_mails_off", args=[tokens.release_opt_out(adoption.pk)])
    assert opt_out in message.body_text
    assert opt_out in message.headers["List-Unsubscribe"]
    assert "Versie 2: online betalen" in message.subject


def test_an_altered_opt_out_link_is_refused(db, client):
    adoption = AdoptionFactory()
    token = tokens.release_opt_out(adoption.pk)
    response = client.post(reverse("scaling:release_mails_off", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    adoption.refresh_from_db()
    assert adoption.release_mails


def test_the_changelog_is_public_with_markdown_and_a_feed(personas, client):
    service = ServiceFactory()
    publish(service, personas.coordinator)
    page = client.get(reverse("scaling:service", args=[service.slug])).content.decode()
    assert "Versie 2: online betalen" in page
    assert "<strong>online</strong>" in page
    feed = client.get(reverse("knowledge:feed_service_releases", args=[service.slug]))
    assert feed.status_code == 200
    assert "Versie 2: online betalen" in feed.content.decode()


def test_a_retired_service_has_no_feed_and_no_new_release(personas, client):
    service = ServiceFactory(state=Service.State.RETIRED)
    feed = client.get(reverse("knowledge:feed_service_releases", args=[service.slug]))
    assert feed.status_code == 404
    with pytest.raises(DomainError):
        publish(service, personas.coordinator)


def test_only_coordinators_publish(personas):
    service = ServiceFactory()
    url = reverse("scaling:release", args=[service.slug])
    for who in ("outsider", "submitter"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404
    with pytest.raises(DomainError):
        publish(service, personas.submitter)
    response = client_for(personas.coordinator).post(
        url, {"title": "Versie 3", "released_on": "2026-11-01", "notes": ""}
    )
    assert response.status_code == 400
    assert "Versie 3" in response.content.decode()
    response = client_for(personas.coordinator).post(
        url, {"title": "Versie 3", "released_on": "2026-11-01", "notes": "Sneller."}
    )
    assert response.status_code == 302
    assert Release.objects.get().title == "Versie 3"
