"""Production settings: start-up stops on what is missing, and `check --deploy` is clean.

Each case starts Django in a fresh process with only the environment given. A `.env` beside
manage.py is still read, but variables from the environment win over it, so every value
that matters here is set explicitly.
"""

import os
import secrets
import subprocess
import sys

import pytest

from .processes import BASE_DIR

# A production environment: the required settings, and production values for what a
# local `.env` may switch off.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "proeftuin.example.be",
    "SITE_URL": "https://proeftuin.example.be",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "REQUIRE_MFA_FOR_STAFF": "true",
    "EMAIL_URL": "smtp+tls://proeftuin:geheim@smtp.example.be:587",
}


def start_django(args: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **PRODUCTION,
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setup_django(**environment: str) -> subprocess.CompletedProcess[str]:
    return start_django(["-c", "import django; django.setup()"], **environment)


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_it_refuses_to_start_without_debug_when_a_required_setting_is_missing(
    database_url, missing
):
    started = setup_django(DATABASE_URL=database_url, **{missing: ""})

    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert f"{missing} is not set" in started.stderr.strip().splitlines()[-1]


def test_it_starts_without_debug_when_the_required_settings_are_there(database_url):
    started = setup_django(DATABASE_URL=database_url)

    assert started.returncode == 0, started.stderr


def test_it_passes_the_deployment_checks_with_production_settings(database_url):
    checked = start_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL=database_url,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout


def test_it_fails_the_deployment_checks_when_mail_would_only_go_to_the_console(database_url):
    checked = start_django(
        ["manage.py", "check", "--deploy"],
        DATABASE_URL=database_url,
        EMAIL_URL="",
    )

    assert checked.returncode != 0
    assert "mail.E001" in checked.stderr
