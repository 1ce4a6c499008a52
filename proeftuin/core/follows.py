"""Following: a member follows a public object and is told when it moves.

An app makes a model followable by registering, from its `AppConfig.ready()`, the queryset
of its objects the public may see (`register_followable(Need, Need.objects.challenges)`):
only those can be followed, and the follow button and views look objects up through it, so
nothing unpublished can be followed or confirmed to exist. When a followed object moves,
its app calls `notify_followers(obj, title=gettext_lazy(...), params=..., url=...)`; each
follower is notified the way they chose for the kind `follow`.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .activity import log_action
from .models import Follow
from .notifications import notify
from .registry import (
    NotificationKind,
    PersonalData,
    register_notification_kind,
    register_personal_data,
)

KIND = "follow"

# model label ("calls.need") → the public objects of that model
_followable: dict[str, Callable[[], models.QuerySet[Any]]] = {}


def register_followable(
    model: type[models.Model], public: Callable[[], models.QuerySet[Any]]
) -> None:
    _followable[model._meta.label_lower] = public


def register() -> None:
    register_notification_kind(
        NotificationKind(key=KIND, label=_("Nieuws over wat je volgt"), default="daily")
    )
    register_personal_data(PersonalData(key="follows", export=export_follows, erase=erase_follows))


def followable_label(obj: models.Model) -> str | None:
    label = obj._meta.label_lower
    return label if label in _followable else None


def get_followable_or_none(label: str, object_id: str) -> models.Model | None:
    """The public object behind a label and id; None for anything else (unregistered models,
    unpublished objects, ids that name nothing)."""
    public = _followable.get(label)
    if public is None:
        return None
    try:
        return public().filter(pk=object_id).first()
    except (ValueError, TypeError):
        return None


def _rows(obj: models.Model) -> "models.QuerySet[Follow]":
    return Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def is_following(user: Any, obj: models.Model) -> bool:
    return bool(user.is_authenticated) and _rows(obj).filter(user=user).exists()


def follow(*, obj: models.Model, by: Any) -> None:
    """Follow `obj`; following twice changes nothing."""
    try:
        with transaction.atomic():
            Follow.objects.create(
                user=by,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
            )
            log_action(actor=by, action="follow.started", target=obj)
    except IntegrityError:
        return


def unfollow(*, obj: models.Model, by: Any) -> None:
    with transaction.atomic():
        if _rows(obj).filter(user=by).delete()[0]:
            log_action(actor=by, action="follow.stopped", target=obj)


def notify_followers(
    obj: models.Model,
    *,
    title: str | Promise,
    params: dict[str, Any] | None = None,
    url: str = "",
    exclude: Any = None,
) -> int:
    """Tell everyone who follows `obj` (but `exclude`, usually whoever moved it) that it
    moved, each by their own preference for the kind `follow`. Returns how many were told."""
    follows = _rows(obj).select_related("user").filter(user__is_active=True)
    if exclude is not None:
        follows = follows.exclude(user=exclude)
    told = 0
    for row in follows:
        notify(user=row.user, kind=KIND, title=title, params=params, url=url)
        told += 1
    return told


def export_follows(user: Any) -> list[dict[str, str]]:
    return [
        {
            "object": f"{row.content_type.app_label}.{row.content_type.model}:{row.object_id}",
            "since": row.created_at.isoformat(),
        }
        for row in Follow.objects.filter(user=user).select_related("content_type")
    ]


def erase_follows(user: Any) -> None:
    Follow.objects.filter(user=user).delete()
