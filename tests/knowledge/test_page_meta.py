"""Every public page type has a title, a description and OpenGraph data, so a link shared
on social media or found by a search engine says what it leads to."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Adoption, Service

from ..projects.conftest import CallFactory, LearningFactory, NeedFactory, ProjectFactory
from .articles import ArticleFactory

pytestmark = pytest.mark.django_db

SITE_DESCRIPTION = (
    "Proeftuin: digitale innovatie van onderuit voor de lokale cultuursector in Vlaanderen"
    " en Brussel."
)


class HeadMeta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = values.get("name") or values.get("property")
            if key:
                self.meta[key] = values.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.fixture
def portal(personas):
    call = CallFactory(slug="winter", title="Oproep winter")
    NeedFactory(call=call, organisation=personas.organisation, challenge=True)
    project = ProjectFactory(
        title="Online zaalreservatie",
        summary="Een proef met online reserveren.",
        public_sections=[Project.Section.SUMMARY, Project.Section.LEARNINGS],
        published_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    LearningFactory(project=project, insight="niemand wilde online betalen", decision="stop")
    ArticleFactory(
        published=True, slug="gedeelde-les", summary="Wat een bibliotheek leerde over reserveren."
    )
    service = Service.objects.create(
        name="Zaalreservatie als dienst",
        slug="zaalreservatie",
        summary="Reserveren voor elke gemeente.",
        offer="De module",
        conditions="Gratis",
        how_to_start="Vraag het aan",
        contact_email="diensten@proeftuin.example",
        state=Service.State.AVAILABLE,
    )
    service.projects.add(project)
    Adoption.objects.create(
        service=service,
        municipality=Municipality.objects.order_by("pk").first(),
        state=Adoption.State.ACTIVE,
        activated_at=timezone.now(),
    )
    return {"project": project, "organisation": personas.organisation}


def public_pages(portal) -> list[str]:
    return [
        reverse("core:home"),
        reverse("knowledge:lessons"),
        reverse("knowledge:projects"),
        reverse("knowledge:project", args=[portal["project"].pk]),
        reverse("knowledge:articles"),
        reverse("knowledge:article", args=["gedeelde-les"]),
        reverse("knowledge:search") + "?q=reserveren",
        reverse("knowledge:digest_subscribe"),
        reverse("calls:list"),
        reverse("calls:detail", args=["winter"]),
        reverse("calls:challenges"),
        reverse("scaling:catalogue"),
        reverse("scaling:service", args=["zaalreservatie"]),
        reverse("scaling:coverage"),
        reverse("scaling:service_coverage", args=["zaalreservatie"]),
        reverse("open_data"),
        reverse("organisations:list"),
        reverse("organisations:detail", args=[portal["organisation"].slug]),
        reverse("organisations:about_data"),
        reverse("core:privacy"),
        reverse("core:accessibility"),
        reverse("core:contact"),
    ]


def test_it_gives_every_public_page_a_title_description_and_opengraph(portal):
    client = Client()
    for url in public_pages(portal):
        response = client.get(url)
        assert response.status_code == 200, url
        head = HeadMeta()
        head.feed(response.content.decode())
        assert head.title.replace("· Proeftuin", "").strip(), url
        for key in ["description", "og:title", "og:description", "og:url"]:
            assert head.meta.get(key, "").strip(), (url, key)
        assert head.meta["og:url"].endswith(url.split("?")[0]), url
        # The page's own words, not the site-wide fallback of the base layout.
        assert head.meta["description"] != SITE_DESCRIPTION, url
        assert head.meta["og:title"] != "Proeftuin", url


def test_it_describes_an_article_by_its_summary(portal):
    response = Client().get(reverse("knowledge:article", args=["gedeelde-les"]))
    head = HeadMeta()
    head.feed(response.content.decode())
    assert head.meta["description"] == "Wat een bibliotheek leerde over reserveren."
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:type"] == "article"


def test_it_describes_a_service_by_its_summary(portal):
    response = Client().get(reverse("scaling:service", args=["zaalreservatie"]))
    head = HeadMeta()
    head.feed(response.content.decode())
    assert head.meta["description"] == "Reserveren voor elke gemeente."
    assert head.meta["og:title"] == "Zaalreservatie als dienst"
