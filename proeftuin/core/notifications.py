"""Telling people that something happened, the way each of them chose.

Every notification is a row (the person's history on "Mijn Proeftuin"); per kind a person
chooses: e-mail at once, in a daily summary, or not at all.
"""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .mail import queue_mail
from .models import Notification, NotificationPreference
from .registry import registry

Channel = NotificationPreference.Channel


def channel_for(user: Any, kind: str) -> str:
    preference = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    if preference:
        return preference
    registered = registry.notification_kinds.get(kind)
    return registered.default if registered else Channel.IMMEDIATE


def preferences_for(user: Any) -> dict[str, str]:
    """Every registered kind with the person's chosen channel (or the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {key: chosen.get(key, kind.default) for key, kind in registry.notification_kinds.items()}


def set_preferences(*, user: Any, choices: dict[str, str]) -> None:
    with transaction.atomic():
        for kind, channel in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": channel}
            )


def notify(
    *,
    user: Any,
    kind: str,
    title: str | Promise,
    params: dict[str, Any] | None = None,
    body: str = "",
    url: str = "",
) -> Notification:
    """Record a notification and send it as the person chose. A lazy `title` (with `params`)
    is translated into the recipient's language, not the language of whoever acted."""
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        title = str(title) % params if params else str(title)
    channel = channel_for(user, kind)
    notification = Notification.objects.create(
        user=user, kind=kind, channel=channel, title=title, body=body, url=url
    )
    if channel == Channel.IMMEDIATE and user.is_active:
        queue_mail(
            to=user.email,
            user=user,
            kind=kind,
            template="core/email/notification",
            context={"notification": notification, "user": user},
        )
    return notification


def send_daily_summaries() -> int:
    """One e-mail per person with the daily notifications that have not been summarised."""
    pending = list(
        Notification.objects.filter(channel=Channel.DAILY, summarised_at__isnull=True)
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    users = {n.user_id: n.user for n in pending}
    sent = 0
    for user_id, notifications in by_user.items():
        user = users[user_id]
        with transaction.atomic():
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in notifications], summarised_at__isnull=True
            ).update(summarised_at=timezone.now())
            if claimed and user.is_active:
                queue_mail(
                    to=user.email,
                    user=user,
                    kind="daily_summary",
                    template="core/email/daily_summary",
                    context={"notifications": notifications, "user": user},
                )
                sent += 1
    return sent
