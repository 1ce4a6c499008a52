"""A municipality's one-page summary (PDF) for the college of mayor and aldermen: the facts
of its public page, short, dated, on one A4 page, with nothing unpublished and no person."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from proeftuin.reports import pdf

from ..conftest import skip_or_fail
from ..knowledge.test_municipalities import PEOPLE, SECRET, add_gent_data

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
URL = reverse("reports:municipality_pdf", args=["44021"])


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def page_count(content: bytes) -> int:
    if not shutil.which("pdfinfo"):
        skip_or_fail("pdfinfo (poppler-utils) is missing: the page count is not checked")
    info = subprocess.run(
        ["pdfinfo", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.fixture
def weasyprint():
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")


def test_it_renders_the_summary_as_one_page(personas, client, weasyprint):
    add_gent_data(personas)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="proeftuin-gent.pdf"'
    assert page_count(response.content) == 1
    text = pdf_text(response.content)
    for words in ["Gent in Proeftuin", "Bibliotheek Gent", "Zalen reserveren 0", "Steun hier 0"]:
        assert words in text, words
    assert "toestand op" in text
    assert "/gedeeld/gemeenten/44021/" in text
    assert SECRET not in text
    for name in PEOPLE:
        assert name not in text
    assert EMAIL.findall(text) == []


def test_much_data_still_fits_on_one_page(personas, client, weasyprint):
    add_gent_data(personas, n=12)

    response = client.get(URL)

    assert page_count(response.content) == 1
    text = pdf_text(response.content)
    assert "en nog 9 uitdagingen" in text
    assert SECRET not in text


def test_it_says_the_pdf_is_unavailable_without_weasyprint(personas, client, monkeypatch):
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: None)

    response = client.get(URL)
    assert response.status_code == 503
    assert "geen PDF maken" in response.content.decode()

    html = client.get(reverse("knowledge:municipality", args=["44021"])).content.decode()
    assert "niet beschikbaar" in html
    assert URL not in html
