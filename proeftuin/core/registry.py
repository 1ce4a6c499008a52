"""Registries through which every app takes part in shared features.

`core` and `accounts` sit at the bottom of the dependency flow and never import the apps
above them. An app that has "Mijn Proeftuin" items, personal data, notification kinds,
open work to hand over or demo data registers a callable here from its `AppConfig.ready()`.

Demo loaders run in stages (`register_demo(loader, stage=...)`, see `demo_loaders`): first
every loader of stage 0 in registration order — which is INSTALLED_APPS order, the
dependency flow, so an app's demo finds the demo data of the apps below it — then stage 1,
and so on. A later stage is for a loader that builds on demo data an app *above* it makes:
the projects' demo fills in the projects the reviews' demo creates when it selects needs,
and `projects` may not import `reviews` to ask for them, so it runs at stage 1.
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


@dataclass(frozen=True)
class DemoLoader:
    load: Callable[[], None]
    stage: int = 0


@dataclass
class Registry:
    mine: list[Callable[[Any], list[MineItem]]] = field(default_factory=list)
    personal_data: dict[str, PersonalData] = field(default_factory=dict)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    # Called with (organisation, leaving_user, successor, by) when a member leaves.
    handover: list[Callable[..., int]] = field(default_factory=list)
    # Demo-data loaders, run by `load_demo` in `demo_loaders()` order; each is idempotent.
    demo: list[DemoLoader] = field(default_factory=list)
    # The portal's home page (`core:home`): it gathers from every app, so the app at the top
    # (knowledge) provides it and core only routes to it.
    home: Callable[..., Any] | None = None


registry = Registry()


def register_mine(provider: Callable[[Any], list[MineItem]]) -> None:
    registry.mine.append(provider)


def register_personal_data(entry: PersonalData) -> None:
    registry.personal_data[entry.key] = entry


def register_notification_kind(kind: NotificationKind) -> None:
    registry.notification_kinds[kind.key] = kind


def register_handover(handler: Callable[..., int]) -> None:
    registry.handover.append(handler)


def register_home(view: Callable[..., Any]) -> None:
    registry.home = view


def register_demo(loader: Callable[[], None], *, stage: int = 0) -> None:
    """Register an app's idempotent demo loader; `stage` > 0 runs it after every loader of
    the earlier stages (see the module's docstring)."""
    registry.demo.append(DemoLoader(load=loader, stage=stage))


def demo_loaders() -> list[Callable[[], None]]:
    """The demo loaders by stage, then in registration order (a stable sort)."""
    return [entry.load for entry in sorted(registry.demo, key=lambda entry: entry.stage)]
