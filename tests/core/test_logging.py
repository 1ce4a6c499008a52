"""Log lines carry the request id (also sent as X-Request-ID), production logs are JSON, and
errors go to Sentry only when SENTRY_DSN is set, without personal data."""

import io
import json
import logging
import re

import pytest

from proeftuin.core.logging import JsonFormatter, RequestIdFilter

from .test_settings import database_url, start_django

__all__ = ["database_url"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """What the console handler writes in production, for Django's request logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_it_logs_a_json_line_with_the_request_id_it_returns(client, json_log):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    line = json.loads(json_log.getvalue().splitlines()[-1])
    assert line["request_id"] == request_id
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["status_code"] == 404
    assert "/bestaat-niet/" in line["message"]
    assert "request" not in line


def test_it_keeps_a_load_balancers_request_id(client, json_log):
    response = client.get("/bestaat-niet/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")

    assert response["X-Request-ID"] == "lb-0123456789abcdef"
    assert json.loads(json_log.getvalue().splitlines()[-1])["request_id"] == ("lb-0123456789abcdef")


def test_it_replaces_a_request_id_that_could_forge_log_lines(client):
    response = client.get("/bestaat-niet/", HTTP_X_REQUEST_ID='x" \n{"level": "ERROR"}')

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_outside_a_request_the_request_id_is_a_dash():
    record = logging.LogRecord("proeftuin", logging.ERROR, __file__, 1, "mislukt", None, None)
    RequestIdFilter().filter(record)

    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


def test_it_logs_exceptions_in_the_json_line():
    try:
        raise ValueError("kapot")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "proeftuin", logging.ERROR, __file__, 1, "mislukt", None, sys.exc_info()
        )

    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: kapot" in line["exception"]


SENTRY_OPTIONS = """
import django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
options = client.options
print(client.is_active(), options["send_default_pii"], options["max_request_body_size"], options["dsn"])
"""


def test_it_reports_to_sentry_only_when_a_dsn_is_set(database_url):
    dsn = "https://public@sentry.example.invalid/1"
    started = start_django(["-c", SENTRY_OPTIONS], DATABASE_URL=database_url, SENTRY_DSN=dsn)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["True", "False", "never", dsn]

    started = start_django(["-c", SENTRY_OPTIONS], DATABASE_URL=database_url)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[0] == "False"
