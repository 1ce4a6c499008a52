"""What a form needs to know about its owner, registered by the module that owns forms of
that kind (`binding.py` for experiments). The form code asks here and never imports the
owner's app."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class OwnerKind:
    # May this person build, open, close and read the forms of this owner?
    may_manage: Callable[[Any, Any], bool]
    # The object the activity log files the form's changes under (an experiment's project).
    log_target: Callable[[Any], models.Model]
    # Called (in a task) after the responses of one of the owner's forms changed.
    responses_changed: Callable[[Any], None]


kinds: dict[type[models.Model], OwnerKind] = {}


def register_owner(model: type[models.Model], kind: OwnerKind) -> None:
    kinds[model] = kind


def kind_of(owner: Any) -> OwnerKind:
    return kinds[type(owner)]
