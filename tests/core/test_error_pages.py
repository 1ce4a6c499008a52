"""Visitors who hit an error get the site's own page, in Dutch, not Django's bare one."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.core.urls"


def test_it_shows_the_styled_dutch_page_for_an_unknown_address(client):
    response = client.get("/dit-adres-bestaat-niet/")

    assert response.status_code == 404
    assert response["Content-Language"] == "nl-be"
    assert "404.html" in [template.name for template in response.templates]
    assert "<h1>Pagina niet gevonden</h1>" in response.text
    assert '<html lang="nl-BE">' in response.text
    assert "css/proeftuin.css" in response.text


@pytest.mark.usefixtures("failing_urls")
@pytest.mark.parametrize(
    ("status", "heading"),
    [(400, "Ongeldige aanvraag"), (403, "Geen toegang"), (500, "Er ging iets mis")],
)
def test_it_shows_the_styled_dutch_page_when_a_request_fails(status, heading):
    client = Client(raise_request_exception=False)

    response = client.get(f"/test-fouten/{status}/")

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.text
    assert '<html lang="nl-BE">' in response.text
    assert "css/proeftuin.css" in response.text


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("400.html", "Ongeldige aanvraag"),
        ("403.html", "Geen toegang"),
        ("404.html", "Pagina niet gevonden"),
        ("500.html", "Er ging iets mis"),
    ],
)
def test_it_renders_every_error_template(name, heading):
    # Django renders 500.html without a request or any context: the failure may lie there.
    request = None if name == "500.html" else RequestFactory().get("/")

    html = render_to_string(name, request=request)

    assert f"<h1>{heading}</h1>" in html
    assert "Naar de startpagina" in html
