"""Fixtures for the browser journeys: a Dutch-speaking browser, signed-in contexts and
screenshots to look at."""

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

# Screenshots are for people to look at after a run; CI keeps them as artefacts.
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "shots")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A visitor from Flanders, with a desktop-sized window."""
    return {
        **browser_context_args,
        "locale": "nl-BE",
        "timezone_id": "Europe/Brussels",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture
def shoot() -> Callable[[Any, str], Path]:
    """`shoot(page, "home")` writes a full-page screenshot to SHOTS/home.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Any, Any], None]:
    """Put a session for `user` into a browser context: for pages a journey does not
    need to reach through the sign-in form."""

    def add_session(context: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return add_session


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The personas' passwords are hashed once per test; the real hasher takes ~0.4 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_csp_violations(page: Any) -> Iterator[None]:
    """Every script and style is a static file (CSP); a violation is a bug."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if re.search(r"Content Security Policy", message.text)
            else None
        ),
    )
    yield
    assert not violations, "CSP violations:\n" + "\n".join(violations)
