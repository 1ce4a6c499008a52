"""The end report shows what the project cost against its budget and what each validated
hypothesis cost (the experiments that tested it) — in the team's report and its PDF, never in
the public one."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from proeftuin.core.money import format_euro
from proeftuin.projects import budgets, services
from proeftuin.projects.models import Experiment, Hypothesis, Project
from proeftuin.reports import pdf

from ..conftest import client_for, skip_or_fail
from ..reports.conftest import media, project, reported, selected  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def costed(personas, reported):  # noqa: F811
    services.set_phase_budget(
        project=reported,
        phase=Project.Phase.EXPLORE,
        internal_hours=30,
        external_cents=400_000,
        local_investment_cents=100_000,
        by=personas.coordinator,
    )
    services.record_spending(
        project=reported,
        phase=Project.Phase.EXPLORE,
        spent_on=reported.created_at.date(),
        amount_cents=123_456,
        kind="external_expertise",
        description="Workshop",
        by=personas.team_member,
    )
    Experiment.objects.filter(project=reported, title="Landingspagina aan de balie").update(
        cost_eur=Decimal("250.75")
    )
    return reported


def test_it_shows_the_cost_and_each_validated_hypothesis_cost(personas, costed):
    response = client_for(personas.submitter).get(reverse("reports:project", args=[costed.pk]))

    text = response.text.replace("\xa0", " ")
    assert "Kosten" in text
    validated = Hypothesis.objects.get(project=costed, status="validated")
    total = budgets.project_money(costed).total
    assert total.recorded_cents == 123_456
    assert format_euro(total.spent_cents).replace("\xa0", " ") in text
    assert "€ 5.000,00" in text
    row = text.split(validated.statement)[-1]
    assert "€ 250,75" in row.split("</tr>")[0]


def test_it_keeps_costs_out_of_the_public_report(personas, costed):
    Project.objects.filter(pk=costed.pk).update(
        public_sections=list(Project.Section.values),
        published_at=costed.created_at,
    )

    response = client_for(personas.outsider).get(reverse("reports:public", args=[costed.pk]))

    assert response.status_code == 200
    assert "report-costs" not in response.text
    # A test card shows its own cost (the experiments section); the budget and the
    # recorded spending stay inside.
    assert "1.234,56" not in response.text
    assert "5.000,00" not in response.text


def test_it_prints_the_costs_in_the_pdf(personas, costed):
    if not pdf.pdf_available():
        skip_or_fail("WeasyPrint or its system libraries (Pango, HarfBuzz) are missing")
    response = client_for(personas.team_member).get(
        reverse("reports:project_pdf", args=[costed.pk])
    )
    if not shutil.which("pdftotext"):
        skip_or_fail("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Kosten" in text
    assert "250,75" in text
