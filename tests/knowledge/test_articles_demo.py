"""The demo: the knowledge base holds a published article of each kind, in Flemish Dutch,
linked to the demo's projects where it tells their story; loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from proeftuin.knowledge.models import Article

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_an_article_of_each_kind_once(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    articles = Article.objects.published()
    assert sorted(articles.values_list("kind", flat=True)) == sorted(Article.Kind.values)
    case = articles.get(kind=Article.Kind.CASE_STUDY)
    assert case.projects.filter(need__title="Zalen van de gemeente online reserveren").exists()
    assert case.themes.exists()

    page = Client().get(reverse("knowledge:article", args=[case.slug])).content.decode()
    assert "Dilbeek verhuurt zijn zalen voortaan online" in page
    lessons = Client().get(reverse("knowledge:lessons")).content.decode()
    assert "Waarom we stopten met een eigen reservatieplatform" in lessons
    assert Client().get(reverse("core:home")).status_code == 200
