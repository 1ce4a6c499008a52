"""Every kind of response carries the security headers, and no template needs an exception
to the content security policy (no inline script, style attribute or event handler)."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from proeftuin.calls import services as call_services
from proeftuin.core.middleware import PERMISSIONS_POLICY
from proeftuin.reports import pdf

from ..calls.conftest import draft, media, open_call
from ..conftest import client_for
from ..factories import PASSWORD
from ..projects.conftest import PDF
from ..reports.conftest import project, reported, selected

__all__ = ["draft", "media", "open_call", "project", "reported", "selected"]

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def assert_secure_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.fixture
def https(settings) -> None:
    """What production sends: HSTS and secure cookies need DEBUG off and https."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_an_html_page_a_404_and_a_redirect_carry_the_headers(client, https):
    for path, status in (
        (reverse("core:privacy"), 200),
        ("/bestaat-niet/", 404),
        (reverse("accounts:mine"), 302),
    ):
        response = client.get(path, secure=True)
        assert response.status_code == status, path
        assert_secure_headers(response)
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )


def test_plain_http_is_sent_to_https_with_the_headers(client, https):
    response = client.get(reverse("core:privacy"))
    assert response.status_code == 301
    assert response.url.startswith("https://")
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_api_json_and_an_open_data_csv_carry_the_headers(client):
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_secure_headers(response)

    response = client.get(reverse("open_data_csv", args=["gemeenten"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert_secure_headers(response)


def test_a_pdf_carries_the_headers_as_an_attachment(personas, reported):
    if not pdf.pdf_available():
        pytest.skip("WeasyPrint is not available")
    response = client_for(personas.team_member).get(
        reverse("reports:project_pdf", args=[reported.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert_secure_headers(response)


def test_an_uploaded_file_is_served_as_an_attachment_with_nosniff(personas, draft, media):
    attachment = call_services.add_attachment(
        need=draft, upload=io.BytesIO(PDF), name="nota.html", size=len(PDF), by=personas.submitter
    )
    response = client_for(personas.submitter).get(
        reverse("calls:attachment", args=[draft.pk, attachment.pk])
    )
    assert response.status_code == 200
    # The type found in the content, never the one the name suggests.
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert_secure_headers(response)


def test_every_download_view_serves_files_as_attachments():
    """FileResponse without `as_attachment` lets a browser show (and run) what was uploaded.
    The one inline exception is an article's image: it is shown in the article, its type was
    found in its bytes (PNG or JPEG only) and it carries nosniff."""
    inline_allowed = {"proeftuin/knowledge/articles/views.py"}
    for path in sorted((BASE_DIR / "proeftuin").rglob("*.py")):
        source = path.read_text()
        relative = str(path.relative_to(BASE_DIR))
        for call_text in re.findall(r"FileResponse\((?:[^()]|\([^()]*\))*\)", source):
            if relative in inline_allowed:
                assert "image.content_type" in call_text, relative
            else:
                assert "as_attachment=True" in call_text, f"{relative}: {call_text}"


def test_a_too_large_request_is_refused_before_it_is_read(personas, settings):
    settings.MAX_REQUEST_BYTES = 1024
    client = client_for(personas.submitter)
    response = client.post(
        reverse("core:contact"), {"file": io.BytesIO(b"x" * 4096)}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 413
    assert "te groot" in response.content.decode()
    assert_secure_headers(response)


def test_the_session_cookie_is_secure_and_http_only(personas, https):
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": personas.submitter.email, "password": PASSWORD},
        secure=True,
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # The CSRF cookie is secure but readable: static/js/proeftuin.js sends its token with
    # htmx requests (a readable CSRF token gives an attacker nothing a form doesn't).
    csrf = Client().get(reverse("account_login"), secure=True).cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]


def test_the_language_cookie_is_secure_and_http_only(personas, https, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    client = client_for(personas.submitter)

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    saved = client.post(
        reverse("accounts:profile"), {"name": "Ines Indiener", "language": "en"}, secure=True
    )

    for response in (switched, saved):
        assert response.status_code == 302
        cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert cookie.value == "en"
        assert cookie["secure"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"


TEMPLATE_DIRS = [BASE_DIR / "templates", *sorted((BASE_DIR / "proeftuin").glob("*/templates"))]
TEMPLATE_DIRS += sorted((BASE_DIR / "proeftuin").glob("*/*/templates"))


def templates() -> list[Path]:
    return [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html"))]


def test_no_template_has_an_inline_script_style_attribute_or_event_handler():
    assert len(templates()) > 50
    problems = []
    for path in templates():
        text = path.read_text()
        # E-mails are not web pages: the CSP does not apply to them.
        if "/email/" in str(path) or path.name.endswith(("_email.html", "email.html")):
            continue
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                problems.append(f"{path}: inline <script> {match.group(0)}")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{path}: style attribute")
        if re.search(r"<style\b", text) and "pdf" not in path.name and "/pdf/" not in str(path):
            problems.append(f"{path}: <style> element")
        for match in re.finditer(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text):
            problems.append(f"{path}: event handler {match.group(0)[:80]}")
    assert not problems, "\n".join(problems)
