"""Notifications reach each person the way they chose: at once, in a daily summary, or not."""

import pytest
from django.core import mail

from proeftuin.core.models import Notification
from proeftuin.core.notifications import notify, send_daily_summaries, set_preferences
from proeftuin.core.tasks import send_daily_summaries as send_daily_summaries_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "need.decided"


def person(channel: str, **fields):
    user = UserFactory(**fields)
    set_preferences(user=user, choices={KIND: channel})
    return user


def test_it_mails_an_immediate_notification_once(django_capture_on_commit_callbacks):
    user = person("immediate", name="Ines Indiener")

    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=KIND, title="Je nood werd geselecteerd", url="/noden/1/")

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert sent.subject == "[Proeftuin] Je nood werd geselecteerd"
    assert "Dag Ines Indiener," in sent.body
    assert "/noden/1/" in sent.body
    assert sent.alternatives == []  # plain text only
    assert Notification.objects.get(user=user).channel == "immediate"


def test_it_mails_a_daily_notification_only_in_the_summary_once_per_person(
    django_capture_on_commit_callbacks,
):
    ines = person("daily", name="Ines Indiener")
    tom = person("daily", name="Tom Teamlid")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=ines, kind=KIND, title="Je nood werd geselecteerd")
        notify(user=ines, kind=KIND, title="Je nood kreeg steun uit Herentals")
        notify(user=tom, kind=KIND, title="Een nieuwe testkaart")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_summaries_task.enqueue().return_value == 2

    by_recipient = {sent.to[0]: sent for sent in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_recipient) == {ines.email, tom.email}
    assert by_recipient[ines.email].subject == "[Proeftuin] 2 nieuwe meldingen"
    assert "Je nood werd geselecteerd" in by_recipient[ines.email].body
    assert "Je nood kreeg steun uit Herentals" in by_recipient[ines.email].body
    assert "Een nieuwe testkaart" not in by_recipient[ines.email].body
    assert by_recipient[tom.email].subject == "[Proeftuin] 1 nieuwe melding"

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_summaries() == 0
    assert len(mail.outbox) == 2


def test_it_puts_only_new_notifications_in_the_next_summary(django_capture_on_commit_callbacks):
    ines = person("daily")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=ines, kind=KIND, title="Gisteren")
        send_daily_summaries()
        notify(user=ines, kind=KIND, title="Vandaag")
        send_daily_summaries()

    assert [sent.to for sent in mail.outbox] == [[ines.email], [ines.email]]
    assert "Gisteren" not in mail.outbox[1].body
    assert "Vandaag" in mail.outbox[1].body


def test_it_mails_nothing_for_a_kind_that_is_switched_off(django_capture_on_commit_callbacks):
    user = person("off")

    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=KIND, title="Je nood werd geselecteerd")
        assert send_daily_summaries() == 0

    assert mail.outbox == []
    # It is still in the person's history on "Mijn Proeftuin".
    assert Notification.objects.filter(user=user).count() == 1


def test_it_follows_each_persons_own_choice_for_the_same_kind(django_capture_on_commit_callbacks):
    at_once, daily, off = person("immediate"), person("daily"), person("off")

    with django_capture_on_commit_callbacks(execute=True):
        for user in (at_once, daily, off):
            notify(user=user, kind=KIND, title="Oproep 2026 is open")
    assert [sent.to for sent in mail.outbox] == [[at_once.email]]

    with django_capture_on_commit_callbacks(execute=True):
        send_daily_summaries()
    assert [sent.to for sent in mail.outbox] == [[at_once.email], [daily.email]]


def test_it_mails_nobody_whose_account_is_deactivated(django_capture_on_commit_callbacks):
    gone_now = person("immediate", is_active=False)
    gone_daily = person("daily", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(user=gone_now, kind=KIND, title="Oproep 2026 is open")
        notify(user=gone_daily, kind=KIND, title="Oproep 2026 is open")
        send_daily_summaries()

    assert mail.outbox == []
