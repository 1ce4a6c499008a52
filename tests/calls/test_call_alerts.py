"""Members ask to be told when a new call opens; each opened call is announced once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.models import CallAlert
from proeftuin.core.models import OutboxMessage

from ..conftest import client_for
from .conftest import CallFactory

pytestmark = pytest.mark.django_db


def test_it_lets_a_member_ask_for_and_cancel_a_call_alert(personas):
    client = client_for(personas.submitter)

    client.post(reverse("calls:alert"), {"wanted": "1"})
    assert CallAlert.objects.filter(user=personas.submitter).exists()
    page = client.get(reverse("calls:list"))
    assert "Je krijgt een e-mail zodra een nieuwe oproep opent." in page.text

    client.post(reverse("calls:alert"), {"wanted": "0"})
    assert not CallAlert.objects.exists()


def test_it_asks_anonymous_visitors_to_sign_in_for_a_call_alert(client):
    response = client.post(reverse("calls:alert"), {"wanted": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not CallAlert.objects.exists()


def test_it_announces_an_opened_call_once_even_when_the_job_runs_twice(
    personas, django_capture_on_commit_callbacks
):
    for person in (personas.submitter, personas.other_member):
        services.set_call_alert(user=person, wanted=True)
    call = CallFactory(title="Proeftuin lente")

    with django_capture_on_commit_callbacks(execute=True):
        first = services.announce_opened_calls()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.announce_opened_calls()

    assert (first, second) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.submitter.email, personas.other_member.email]
    )
    assert all("Proeftuin lente" in m.subject for m in mail.outbox)
    assert reverse("calls:detail", args=[call.slug]) in mail.outbox[0].body
    assert OutboxMessage.objects.filter(kind="calls.opened").count() == 2


def test_it_waits_for_the_opening_moment_before_announcing(
    personas, django_capture_on_commit_callbacks
):
    services.set_call_alert(user=personas.submitter, wanted=True)
    call = CallFactory(upcoming=True)
    CallFactory(unpublished=True)

    with django_capture_on_commit_callbacks(execute=True):
        before = services.announce_opened_calls()
        after = services.announce_opened_calls(now=call.opens_at + timedelta(minutes=1))

    assert (before, after) == (0, 1)
    assert len(mail.outbox) == 1


def test_it_announces_nothing_to_people_who_left(personas, django_capture_on_commit_callbacks):
    services.set_call_alert(user=personas.submitter, wanted=True)
    personas.submitter.is_active = False
    personas.submitter.save(update_fields=["is_active"])
    CallFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.announce_opened_calls()

    assert mail.outbox == []


def test_it_runs_the_announcement_as_a_periodic_job(personas, django_capture_on_commit_callbacks):
    from proeftuin.core.scheduler import jobs, run_due_jobs

    services.set_call_alert(user=personas.submitter, wanted=True)
    CallFactory()

    with django_capture_on_commit_callbacks(execute=True):
        started = run_due_jobs(timezone.now())

    assert "calls.announce_opened_calls" in started
    assert jobs["calls.announce_opened_calls"].every_seconds <= 15 * 60
    assert len([m for m in mail.outbox if m.to == [personas.submitter.email]]) == 1
