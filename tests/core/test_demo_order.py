"""Demo loaders run by stage, then in registration (INSTALLED_APPS) order, so an app can
build on the demo data of an app above it without importing it."""

from typing import Any

import pytest

from proeftuin.core import registry as registry_module
from proeftuin.core.registry import Registry, demo_loaders, register_demo
from proeftuin.projects import demo as projects_demo
from proeftuin.reviews import demo as reviews_demo


@pytest.fixture
def empty_registry(monkeypatch: Any) -> Registry:
    fresh = Registry()
    monkeypatch.setattr(registry_module, "registry", fresh)
    return fresh


def test_it_runs_later_stages_after_every_earlier_one_keeping_registration_order(
    empty_registry: Registry,
):
    ran: list[str] = []
    register_demo(lambda: ran.append("projects"), stage=1)
    register_demo(lambda: ran.append("organisations"))
    register_demo(lambda: ran.append("calls"))
    register_demo(lambda: ran.append("reviews"))

    for loader in demo_loaders():
        loader()

    assert ran == ["organisations", "calls", "reviews", "projects"]


def test_it_runs_the_projects_demo_after_the_reviews_demo():
    loaders = demo_loaders()

    assert loaders.index(projects_demo.load) > loaders.index(reviews_demo.load)
