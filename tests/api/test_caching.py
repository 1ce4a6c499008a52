"""The API caches by ETag only: no endpoint claims a Last-Modified date that some of its
content does not carry (see proeftuin/api/middleware.py), so If-Modified-Since never
yields a stale 304."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from proeftuin.projects.models import Project

from ..knowledge.articles import ArticleFactory
from ..projects.conftest import CallFactory, NeedFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_it_sends_no_last_modified_and_ignores_if_modified_since():
    CallFactory(slug="winter")
    challenge = NeedFactory(challenge=True)
    project = ProjectFactory(public_sections=[Project.Section.SUMMARY], published_at=timezone.now())
    ArticleFactory(published=True, slug="les").projects.add(project)
    tomorrow = http_date((timezone.now() + timedelta(days=1)).timestamp())

    for url in [
        "/api/v1/calls/winter",
        f"/api/v1/challenges/{challenge.pk}",
        f"/api/v1/projects/{project.pk}",
        "/api/v1/articles/les",
        "/api/v1/articles/",
    ]:
        response = Client().get(url, headers={"If-Modified-Since": tomorrow})
        assert response.status_code == 200, url
        assert "Last-Modified" not in response, url
        assert response["ETag"], url


def test_it_serves_an_article_whose_project_was_withdrawn_anew():
    """The article's own timestamp does not move when its project stops being public."""
    project = ProjectFactory(public_sections=[Project.Section.SUMMARY], published_at=timezone.now())
    ArticleFactory(published=True, slug="les").projects.add(project)
    first = Client().get("/api/v1/articles/les")
    assert first.json()["projects"] == [project.pk]
    Project.objects.filter(pk=project.pk).update(public_sections=[], published_at=None)

    again = Client().get("/api/v1/articles/les", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again.json()["projects"] == []
