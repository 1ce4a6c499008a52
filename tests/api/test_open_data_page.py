"""The open-data page, the CSV downloads, sitemap.xml, robots.txt and the OpenGraph data
of the public pages."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proeftuin.api.downloads import DOWNLOADS
from proeftuin.calls.models import Need
from proeftuin.projects.models import Project

from ..projects.conftest import (
    CallFactory,
    LearningFactory,
    NeedFactory,
    ProjectFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

Section = Project.Section
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def download(name):
    response = Client().get(reverse("open_data_csv", args=[name]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_page_names_the_licence_the_api_the_csvs_the_feeds_and_the_attribution():
    response = Client().get(reverse("open_data"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "CC BY 4.0" in html
    assert reverse("organisations:about_data") in html
    assert reverse("api:openapi-json") in html and reverse("api:openapi-view") in html
    for name in DOWNLOADS:
        assert reverse("open_data_csv", args=[name]) in html
    assert reverse("knowledge:feed_challenges") in html


def test_the_challenges_csv_holds_the_published_challenges_with_their_support():
    challenge = NeedFactory(challenge=True, title="Zaal reserveren")
    SupportFactory(need=challenge)
    NeedFactory(title="Een ontwerp", status=Need.Status.DRAFT)

    rows = download("uitdagingen")

    assert [(r["id"], r["title"], r["support_count"]) for r in rows] == [
        (str(challenge.pk), "Zaal reserveren", "1")
    ]


def test_the_projects_csv_leaves_out_sections_that_are_not_approved():
    ProjectFactory(
        title="Gedeeld",
        summary="Geheime samenvatting",
        public_sections=[Section.LEARNINGS],
        published_at=timezone.now(),
    )
    ProjectFactory(title="Niet gedeeld")

    rows = download("proefprojecten")

    assert [r["title"] for r in rows] == ["Gedeeld"]
    assert rows[0]["summary"] == ""


def test_the_learnings_and_calls_csvs_hold_only_public_rows():
    shared = ProjectFactory(public_sections=[Section.LEARNINGS], published_at=timezone.now())
    LearningFactory(project=shared, insight="publiek inzicht")
    LearningFactory(project=ProjectFactory(), insight="intern inzicht")
    CallFactory(title="Open oproep")
    CallFactory(title="Ontwerp", unpublished=True)

    assert [r["insight"] for r in download("leerkaarten")] == ["publiek inzicht"]
    calls = [r["title"] for r in download("oproepen")]
    assert "Open oproep" in calls and "Ontwerp" not in calls
    assert len(download("gemeenten")) > 0


def test_an_unknown_csv_is_a_404():
    assert Client().get("/open-data/csv/gebruikers.csv").status_code == 404


def test_the_sitemap_lists_published_pages_only():
    call = CallFactory(slug="winter")
    CallFactory(slug="geheim", unpublished=True)
    challenge = NeedFactory(challenge=True)
    draft = NeedFactory(status=Need.Status.DRAFT)
    shared = ProjectFactory(public_sections=[Section.SUMMARY], published_at=timezone.now())
    hidden = ProjectFactory()

    response = Client().get("/sitemap.xml")

    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 (our own response)
    paths = {loc.text.removeprefix("http://testserver") for loc in tree.iter(f"{SITEMAP}loc")}
    assert reverse("calls:detail", args=[call.slug]) in paths
    assert reverse("calls:challenge", args=[challenge.pk]) in paths
    assert reverse("knowledge:project", args=[shared.pk]) in paths
    assert reverse("open_data") in paths
    assert reverse("calls:detail", args=["geheim"]) not in paths
    assert reverse("calls:challenge", args=[draft.pk]) not in paths
    assert reverse("knowledge:project", args=[hidden.pk]) not in paths


def test_robots_points_to_the_sitemap_and_keeps_crawlers_off_personal_pages():
    body = Client().get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /mijn/" in body


def test_a_challenge_and_a_project_carry_their_own_opengraph_data():
    challenge = NeedFactory(challenge=True, title="Zaal reserveren", problem="Bellen is lastig.")
    project = ProjectFactory(
        title="Online zaalreservatie",
        summary="Niet goedgekeurde samenvatting",
        public_sections=[Section.LEARNINGS],
        published_at=timezone.now(),
    )

    challenge_html = Client().get(reverse("calls:challenge", args=[challenge.pk])).content.decode()
    project_html = Client().get(reverse("knowledge:project", args=[project.pk])).content.decode()

    assert '<meta property="og:title" content="Zaal reserveren">' in challenge_html
    assert '<meta name="description" content="Bellen is lastig.">' in challenge_html
    assert '<meta property="og:type" content="article">' in challenge_html
    assert (
        f'<meta property="og:url" content="{settings.SITE_URL}{reverse("calls:challenge", args=[challenge.pk])}">'
        in challenge_html
    )
    assert '<meta property="og:title" content="Online zaalreservatie">' in project_html
    # The summary's section was not approved: not in the description either.
    assert "Niet goedgekeurde samenvatting" not in project_html
