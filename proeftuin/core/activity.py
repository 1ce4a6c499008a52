from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ActivityLog


def log_action(
    *, actor: Any, action: str, target: models.Model, changes: dict[str, Any] | None = None
) -> ActivityLog:
    """Write one activity-log row; `changes` maps a field to `[old, new]`."""
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        changes=changes or {},
    )


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """The `[old, new]` pairs of the keys whose value changed."""
    return {key: [old.get(key), value] for key, value in new.items() if old.get(key) != value}
