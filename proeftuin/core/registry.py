"""Registries through which every app takes part in shared features.

`core` and `accounts` sit at the bottom of the dependency flow and never import the apps
above them. An app that has "Mijn Proeftuin" items, personal data, notification kinds or
open work to hand over registers a callable here from its `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class MineItem:
    """One thing that awaits a person on their "Mijn Proeftuin" page."""

    title: str
    url: str
    kind: str | Promise
    due: datetime | None = None


@dataclass(frozen=True)
class PersonalData:
    """How an app exports and erases what it holds about a person.

    `export` returns JSON-serialisable data. `erase` removes or anonymises personal data but
    keeps contributions (they stay attributed to "verwijderde gebruiker").
    """

    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise
    default: str = "immediate"


@dataclass
class Registry:
    mine: list[Callable[[Any], list[MineItem]]] = field(default_factory=list)
    personal_data: dict[str, PersonalData] = field(default_factory=dict)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    # Called with (organisation, leaving_user, successor, by) when a member leaves.
    handover: list[Callable[..., int]] = field(default_factory=list)
    # Demo-data loaders, run in app order by `load_demo`; each must be idempotent.
    demo: list[Callable[[], None]] = field(default_factory=list)


registry = Registry()


def register_mine(provider: Callable[[Any], list[MineItem]]) -> None:
    registry.mine.append(provider)


def register_personal_data(entry: PersonalData) -> None:
    registry.personal_data[entry.key] = entry


def register_notification_kind(kind: NotificationKind) -> None:
    registry.notification_kinds[kind.key] = kind


def register_handover(handler: Callable[..., int]) -> None:
    registry.handover.append(handler)


def register_demo(loader: Callable[[], None]) -> None:
    registry.demo.append(loader)
