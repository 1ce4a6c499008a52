"""Fixtures for the core's tests."""

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def shared_cache(transactional_db: None) -> Any:
    """The database cache; emptied afterwards, because a transactional test commits its
    entries and the test database's flush does not touch the cache table."""
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def mail_templates(settings: Any) -> None:
    """Makes the e-mail templates of tests/core/templates available to `queue_mail`."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]
