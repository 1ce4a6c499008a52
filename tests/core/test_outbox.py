"""The e-mail outbox: one row per recipient and message, sent once, retried when it fails."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from proeftuin.core.mail import MAX_ATTEMPTS, STALE_CLAIM, deliver, queue_mail
from proeftuin.core.models import OutboxMessage
from proeftuin.core.tasks import retry_outbox, send_outbox_message
from tests.factories import UserFactory

Status = OutboxMessage.Status
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
BROKEN = {"default": {"BACKEND": "tests.core.mailers.BrokenSmtpBackend"}}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_templates")]


def queue_greeting(user):
    return queue_mail(
        to=user.email,
        user=user,
        template="core_tests/email/greeting",
        context={"when": date(2026, 1, 5)},
    )


def make_old(message, *, minutes: float) -> None:
    """As if the row had been written `minutes` ago."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


@pytest.mark.parametrize(
    ("language", "subject", "date_text"),
    [
        ("nl-be", "[Proeftuin] 5 januari", "maandag 5 januari 2026"),
        ("en", "[Proeftuin] 5 January", "Monday 5 January 2026"),
    ],
)
def test_it_sends_a_queued_mail_once_in_the_recipients_language_with_a_plain_text_part(
    django_capture_on_commit_callbacks, language, subject, date_text
):
    user = UserFactory(language=language)

    with django_capture_on_commit_callbacks(execute=True):
        message = queue_greeting(user)

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert sent.subject == subject
    assert f"taal={language}" in sent.body
    assert date_text in sent.body
    parts = [part.get_content_type() for part in sent.message().walk()]
    assert parts == ["multipart/alternative", "text/plain", "text/html"]
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert f'<p lang="{language}">{date_text}</p>' in html
    message.refresh_from_db()
    assert (message.status, message.language) == (Status.SENT, language)
    assert message.sent_at is not None


def test_it_sends_nothing_twice_when_the_sending_task_runs_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_greeting(UserFactory())
    assert len(mail.outbox) == 1

    assert send_outbox_message.enqueue(message.pk).return_value is False
    assert deliver(message.pk) is False

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)


def test_it_keeps_a_failed_mail_pending_with_the_error_and_the_periodic_retry_sends_it(
    settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_greeting(UserFactory())

    message.refresh_from_db()
    assert mail.outbox == []
    assert message.status == Status.PENDING
    assert "weigert de verbinding" in message.error
    assert message.attempts == 1

    settings.MAILERS = LOCMEM
    # A row younger than a minute is left to its own task, which may still be on its way.
    assert retry_outbox.enqueue().return_value == 0
    make_old(message, minutes=2)
    assert retry_outbox.enqueue().return_value == 1

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.error, message.attempts) == (Status.SENT, "", 2)
    assert retry_outbox.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_it_stops_retrying_a_mail_after_the_last_allowed_attempt(settings):
    settings.MAILERS = BROKEN
    message = queue_greeting(UserFactory())
    for _ in range(MAX_ATTEMPTS):
        assert deliver(message.pk) is False

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    settings.MAILERS = LOCMEM
    make_old(message, minutes=60)
    assert retry_outbox.enqueue().return_value == 0
    assert mail.outbox == []


def test_it_resends_a_mail_whose_worker_died_while_sending_it():
    message = queue_greeting(UserFactory())
    long_ago = timezone.now() - STALE_CLAIM - timedelta(minutes=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, claimed_at=long_ago, created_at=long_ago, attempts=1
    )

    assert retry_outbox.enqueue().return_value == 1

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


def test_it_leaves_a_mail_alone_while_another_worker_is_sending_it():
    message = queue_greeting(UserFactory())
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claimed_at=timezone.now() - timedelta(minutes=1),
        created_at=timezone.now() - timedelta(minutes=30),
    )

    assert retry_outbox.enqueue().return_value == 0
    assert deliver(message.pk) is False

    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Status.SENDING
