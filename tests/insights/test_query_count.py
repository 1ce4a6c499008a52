"""The dashboard runs the same number of queries however large the programme."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..conftest import client_for
from .conftest import build_programme

pytestmark = pytest.mark.django_db


def queries_for(client: Any, url: str) -> int:
    cache.clear()  # computed afresh, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", "?provincie=Antwerpen&soort=bibliotheek"])
def test_it_runs_a_fixed_number_of_queries(personas: Any, query: str) -> None:
    client = client_for(personas.coordinator)
    url = reverse("insights:dashboard") + query
    build_programme()
    queries_for(client, url)  # warm the session and content-type caches
    small = queries_for(client, url)
    build_programme(copies=3)
    assert queries_for(client, url) == small


def test_it_reads_a_cached_dashboard_in_a_few_queries(personas: Any) -> None:
    client = client_for(personas.coordinator)
    url = reverse("insights:dashboard")
    build_programme()
    cold = queries_for(client, url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured) < cold / 2
