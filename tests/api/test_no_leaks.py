"""Nothing unpublished and no personal data reaches anything public: secret markers sit in
every kind of unpublished item and in the sections a coordinator did not approve, every
member has an e-mail address; then every public page, feed, API endpoint and CSV is
fetched and searched for them. Only functional mailboxes may show, by design: the
programme's contact address (privacy statement, contact page) and a public service's."""

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from proeftuin.calls.models import Need
from proeftuin.core import search as fulltext
from proeftuin.knowledge.models import Article
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Hypothesis, Membership, Project
from proeftuin.reports import pdf, places
from proeftuin.scaling.models import Adoption, Service

from ..conftest import skip_or_fail
from ..knowledge.articles import ArticleFactory
from ..projects.conftest import (
    CallFactory,
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    MemberFactory,
    NeedFactory,
    ProjectFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

MARKER = "GEHEIM7F3A"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
SERVICE_MAILBOX = "diensten@proeftuin.example"
ALLOWED_EMAILS = {SERVICE_MAILBOX, settings.PROEFTUIN_CONTACT_EMAIL}
Section = Project.Section
# Words of the secret items (the marker itself would be echoed as the query).
SEARCH_WORDS = [
    "verborgen",
    "nood",
    "inzicht",
    "hypothese",
    "experiment",
    "ontwerp",
    "dienst",
    "zaal",
]


@pytest.fixture
def world(personas):
    """Public things next to secret ones."""
    call = CallFactory(slug="winter", title="Oproep winter")
    CallFactory(slug="geheim", title=f"Oproep {MARKER}", unpublished=True)
    challenge = NeedFactory(
        call=call, organisation=personas.organisation, challenge=True, title="Zalen reserveren"
    )
    SupportFactory(need=challenge, organisation=personas.other_organisation)
    for status in [Need.Status.DRAFT, Need.Status.SUBMITTED, Need.Status.WITHDRAWN]:
        NeedFactory(
            call=call,
            organisation=personas.organisation,
            status=status,
            title=f"Nood {MARKER}",
            problem=f"Probleem {MARKER}",
            submitted_by=personas.submitter,
        )
    # A retained need that was never published as a challenge.
    NeedFactory(call=call, retained=True, title=f"Weerhouden {MARKER}")

    # Shared: the summary and the learnings, not the experiments nor the team.
    shared = ProjectFactory(
        need=NeedFactory(call=call, challenge=True, status=Need.Status.SELECTED),
        title="Online zaalreservatie",
        summary="Een proef met online reserveren.",
        next_steps=f"Volgende stappen {MARKER}",
        public_sections=[Section.SUMMARY, Section.LEARNINGS],
        published_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    hypothesis = HypothesisFactory(
        project=shared, statement=f"Hypothese {MARKER}", status=Hypothesis.Status.INVALIDATED
    )
    ExperimentFactory(
        project=shared, hypothesis=hypothesis, title=f"Experiment {MARKER}", completed=True
    )
    LearningFactory(project=shared, insight="niemand wilde online betalen", decision="stop")
    MemberFactory(project=shared, user=personas.team_member, role=Membership.Role.PROJECT_LEADER)
    MemberFactory(project=shared, user=personas.expert, name_public=True)
    Membership.objects.create(
        project=shared, email="uitgenodigd@example.be", role=Membership.Role.EXTERNAL_EXPERT
    )

    # Published with its summary only: its learning cards stay inside.
    summary_only = ProjectFactory(
        title="Enkel de samenvatting",
        public_sections=[Section.SUMMARY],
        published_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    LearningFactory(project=summary_only, insight=f"Inzicht {MARKER}", decision="stop")
    # Asked for, not approved.
    ProjectFactory(
        title=f"Project {MARKER}",
        requested_sections=[Section.SUMMARY],
        publication_requested_at=timezone.now(),
        outcome=Project.Outcome.STOPPED,
    )
    hidden = ProjectFactory(title=f"Verborgen {MARKER}", summary=f"Samenvatting {MARKER}")
    LearningFactory(project=hidden, insight=f"Les {MARKER}", decision="stop")

    ArticleFactory(published=True, slug="gepubliceerd", title="Een gedeelde les")
    ArticleFactory(slug="ontwerp", title=f"Ontwerp {MARKER}", author=personas.coordinator)
    ArticleFactory(
        slug="nalezing", title=f"Nalezing {MARKER}", status=Article.Status.IN_REVIEW
    ).projects.add(hidden)

    service = Service.objects.create(
        name="Zaalreservatie als dienst",
        slug="zaalreservatie",
        summary="Reserveren voor elke gemeente.",
        offer="De module",
        conditions="Gratis",
        how_to_start="Vraag het aan",
        contact_email=SERVICE_MAILBOX,
        state=Service.State.AVAILABLE,
    )
    service.projects.add(shared)
    Adoption.objects.create(
        service=service,
        municipality=Municipality.objects.order_by("pk").first(),
        state=Adoption.State.ACTIVE,
        contact_name=f"Contact {MARKER}",
        contact_email="contactpersoon@gemeente.example",
        activated_at=timezone.now() - timedelta(days=1),
    )
    Service.objects.create(
        name=f"Dienst {MARKER}",
        slug="gestopt",
        summary=MARKER,
        offer=MARKER,
        conditions=MARKER,
        how_to_start=MARKER,
        contact_email="stopgezet@proeftuin.example",
        state=Service.State.RETIRED,
    )
    # The search index as the nightly rebuild leaves it.
    fulltext.rebuild_index()
    return {"call": call, "challenge": challenge, "shared": shared, "service": service}


def _optional(name, *args):
    try:
        return [reverse(name, args=args)]
    except NoReverseMatch:
        return []


def public_urls(world):
    pages = [
        reverse("core:home"),
        reverse("core:privacy"),
        reverse("core:accessibility"),
        reverse("core:contact"),
        reverse("calls:list"),
        reverse("calls:detail", args=["winter"]),
        reverse("calls:challenges"),
        reverse("calls:challenge", args=[world["challenge"].pk]),
        reverse("organisations:list"),
        reverse("organisations:detail", args=[world["challenge"].organisation.slug]),
        reverse("knowledge:projects"),
        reverse("knowledge:project", args=[world["shared"].pk]),
        reverse("reports:public", args=[world["shared"].pk]),
        reverse("open_data"),
        "/sitemap.xml",
        "/robots.txt",
    ]
    pages += [reverse("knowledge:municipalities")]
    pages += [reverse("knowledge:municipality", args=[code]) for code in taking_part()]
    pages += [
        reverse("knowledge:province", args=[place.province_slug]) for place in places.provinces()
    ]
    pages += _optional("knowledge:lessons")
    pages += _optional("knowledge:articles")
    pages += _optional("knowledge:article", "gepubliceerd")
    pages += _optional("scaling:catalogue")
    pages += _optional("scaling:coverage")
    pages += _optional("scaling:service", "zaalreservatie")
    pages += [f"{url}?q={q}" for url in _optional("knowledge:search") for q in SEARCH_WORDS]
    for feed in ["calls", "challenges", "projects", "lessons", "articles", "services"]:
        pages += _optional(f"knowledge:feed_{feed}")
    api = "/api/v1"
    pages += [
        f"{api}/openapi.json",
        f"{api}/municipalities/?limit=100",
        f"{api}/calls/",
        f"{api}/calls/winter",
        f"{api}/challenges/",
        f"{api}/challenges/{world['challenge'].pk}",
        f"{api}/projects/",
        f"{api}/projects/{world['shared'].pk}",
        f"{api}/learnings/",
        f"{api}/articles/",
        f"{api}/articles/gepubliceerd",
        f"{api}/services/",
        f"{api}/services/zaalreservatie",
        f"{api}/services/zaalreservatie/adoptions",
        f"{api}/coverage",
        f"{api}/figures",
        f"{api}/coverage?service=zaalreservatie",
        *(f"{api}/search?q={word}" for word in SEARCH_WORDS),
    ]
    pages += [
        reverse("open_data_csv", args=[name])
        for name in [
            "gemeenten",
            "oproepen",
            "uitdagingen",
            "proefprojecten",
            "leerkaarten",
            "artikels",
            "diensten",
            "afnames",
        ]
    ]
    return pages


def taking_part():
    """The NIS codes of every municipality with an organisation or an adoption."""
    return (
        Municipality.objects.filter(Q(organisations__isnull=False) | Q(adoptions__isnull=False))
        .values_list("nis_code", flat=True)
        .distinct()
    )


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_no_public_page_feed_api_or_csv_shows_anything_unpublished_or_personal(world, personas):
    client = Client()
    checked = 0
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = body_of(response)
        assert MARKER not in body, url
        assert set(EMAIL.findall(body)) <= ALLOWED_EMAILS, url
        checked += 1
    assert checked >= 30
    # The one mailbox allowed is public by design, on the service's page.
    service_page = _optional("scaling:service", "zaalreservatie")
    if service_page:
        assert SERVICE_MAILBOX in body_of(client.get(service_page[0]))


def test_unpublished_objects_are_not_found_in_the_api(world):
    hidden = Project.objects.get(title__startswith="Verborgen")
    draft = Need.objects.filter(status=Need.Status.DRAFT).first()
    client = Client()

    for url in [
        f"/api/v1/projects/{hidden.pk}",
        f"/api/v1/challenges/{draft.pk}",
        "/api/v1/calls/geheim",
        "/api/v1/articles/ontwerp",
        "/api/v1/articles/nalezing",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert MARKER not in response.content.decode()


def test_no_municipality_summary_pdf_shows_anything_unpublished_or_personal(world):
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    client = Client()
    codes = list(taking_part())
    assert len(codes) >= 3
    for code in codes:
        url = reverse("reports:municipality_pdf", args=[code])
        response = client.get(url)
        assert response.status_code == 200, url
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert MARKER not in text, url
        assert EMAIL.findall(text) == [], url
