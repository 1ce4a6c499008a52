""" "Proeftuin in cijfers": the aggregate figures for everyone, nothing unpublished named."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import build_programme

pytestmark = pytest.mark.django_db
URL = reverse("knowledge:figures")


def test_it_shows_the_figures_to_anyone(client: Any) -> None:
    build_programme()
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Proeftuin in cijfers</h1>" in page
    for key in ["funnel", "learning", "reach"]:
        assert f'id="{key}"' in page
    assert '<th scope="row">Noden ingediend</th><td>6</td>' in page
    assert '<th scope="row">Gemeenten met een actieve dienst</th><td>2</td>' in page
    assert '<th scope="row">Kost per afgerond experiment</th><td>€ 75,00</td>' in page
    assert 'role="img"' in page


def test_it_names_nothing_of_the_programme(client: Any) -> None:
    programme = build_programme()
    page = client.get(URL).content.decode()
    for need in programme.needs:
        assert need.title not in page
        assert need.submitted_by.name not in page
        assert need.submitted_by.email not in page
    for project in programme.projects:
        assert project.title not in page
    for organisation in programme.organisations.values():
        assert organisation.name not in page
    assert "contact@example.be" not in page
    # The coordinators' downloads are not offered.
    assert reverse("insights:dashboard") not in page


def test_it_is_linked_from_the_home_page_the_footer_and_the_sitemap(client: Any) -> None:
    home = client.get(reverse("core:home")).content.decode()
    assert home.count(f'href="{URL}"') == 2
    assert URL in client.get("/sitemap.xml").content.decode()


def test_it_runs_a_fixed_number_of_queries(client: Any) -> None:
    build_programme()
    client.get(URL)  # warm the content-type cache
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    build_programme(copies=3)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)
