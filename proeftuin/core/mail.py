"""The outbox: every e-mail is a row first, sent by a task.

Rendering happens when the row is written, in the recipient's language, so the sending task
only moves bytes and can be retried safely.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A claim older than this is taken to belong to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=15)
MAX_ATTEMPTS = 5


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    user: Any = None,
    kind: str = "",
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Render `<template>_subject.txt`, `_message.txt` and (if present) `_message.html`
    in the recipient's language, store them as one outbox row and send it after commit."""
    language = language or getattr(user, "language", "") or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject: str = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text: str = render_to_string(f"{template}_message.txt", context)
        try:
            body_html: str = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            body_html = ""
    return queue_rendered_mail(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        user=user,
        kind=kind,
        headers=headers,
    )


def queue_rendered_mail(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str,
    user: Any = None,
    kind: str = "",
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    from .tasks import send_outbox_message

    message = OutboxMessage.objects.create(
        recipient=to,
        user=user if getattr(user, "pk", None) else None,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        kind=kind,
        headers=headers or {},
    )
    transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))
    return message


def claim(message_id: int) -> OutboxMessage | None:
    """Mark a pending (or long-abandoned) row as being sent; None if someone else has it."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING)
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_CLAIM),
        pk=message_id,
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def deliver(message_id: int) -> bool:
    """Send one outbox row if nobody has sent or is sending it. True if it was sent now."""
    message = claim(message_id)
    if message is None:
        return False
    email = mail.EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers=message.headers or None,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except Exception as error:
        status = (
            OutboxMessage.Status.FAILED
            if message.attempts >= MAX_ATTEMPTS
            else OutboxMessage.Status.PENDING
        )
        OutboxMessage.objects.filter(pk=message.pk).update(status=status, error=str(error))
        logger.exception("Sending outbox message %s failed", message.pk)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def pending_ids(limit: int = 500) -> list[int]:
    """Rows still waiting: never sent, or whose sender died (for the periodic retry)."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(
            Q(status=OutboxMessage.Status.PENDING, created_at__lt=now - timedelta(minutes=1))
            | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
