"""The dashboard's services section: adoption over time, retention, satisfaction and NPS
per service, on hand-made cases, in a fixed number of queries."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import services as section
from proeftuin.participation.models import Question
from proeftuin.participation.services import generate_codes, submit_response
from proeftuin.scaling import surveys
from proeftuin.scaling.models import Adoption, Feedback

from ..conftest import client_for
from ..factories import MunicipalityFactory, OrganisationFactory
from ..scaling.conftest import AdoptionFactory, ServiceFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


def feedback(adoption: Adoption, score: int) -> Feedback:
    place = adoption.municipality
    organisation = OrganisationFactory(municipalities=[place])
    return Feedback.objects.create(adoption=adoption, organisation=organisation, satisfaction=score)


def nps_answers(service: Any, scores: list[int]) -> None:
    form = surveys.survey_for(service, surveys.period_of(timezone.now())).form
    question = form.questions.get(kind=Question.Kind.NPS)
    for score in scores:
        (code,) = generate_codes(form=form, count=1, by=None)
        submit_response(form=form, answers={question.pk: score}, invitation=code.code)


def test_it_counts_active_adoptions_per_month() -> None:
    service = ServiceFactory()
    # Active from 10 January 2025 on.
    AdoptionFactory(service=service, activated_at=at(2025, 1, 10, 12))
    # Active from 31 March 2025 23:30 Brussels time (still March) to 15 May 2025.
    AdoptionFactory(
        service=service,
        activated_at=at(2025, 3, 31, 23, 30),
        state=Adoption.State.ENDED,
        ended_at=at(2025, 5, 15, 12),
    )
    # Requested, never active.
    AdoptionFactory(service=service, activated_at=None, state=Adoption.State.REQUESTED)

    firsts = [date(2025, month, 1) for month in range(1, 13)]
    months = section.adoption_over_time(Adoption.objects.filter(service=service), firsts)
    assert [(m.start.month, m.active, m.started) for m in months[:6]] == [
        (1, 1, 1),
        (2, 1, 0),
        (3, 2, 1),
        (4, 2, 0),
        (5, 1, 0),
        (6, 1, 0),
    ]
    assert len(months) == 12


def test_it_shows_the_last_24_months_without_a_year() -> None:
    months = section.compute(Filters()).months
    assert len(months) == 24
    assert months[-1].start == timezone.localdate().replace(day=1)


def test_it_gives_retention_satisfaction_and_nps_per_service() -> None:
    now = timezone.now()
    rooms, tickets = ServiceFactory(name="Zalen"), ServiceFactory(name="Tickets")
    kept = AdoptionFactory(service=rooms, activated_at=now - timedelta(days=400))
    AdoptionFactory(
        service=rooms,
        activated_at=now - timedelta(days=400),
        state=Adoption.State.ENDED,
        ended_at=now - timedelta(days=300),
    )
    for score in (4, 5, 3):
        feedback(kept, score)
    nps_answers(rooms, [10, 9, 7, 2])  # 50 % - 25 %
    AdoptionFactory(service=tickets, activated_at=now - timedelta(days=30))

    result = section.compute(Filters())
    by_name = {row.name: row for row in result.rows}
    rooms_row = by_name["Zalen"]
    assert rooms_row.active == 1
    assert (rooms_row.retention.after_6.kept, rooms_row.retention.after_6.eligible) == (1, 2)
    assert (rooms_row.retention.after_12.kept, rooms_row.retention.after_12.eligible) == (1, 2)
    assert rooms_row.satisfaction == Decimal("4.0")
    assert rooms_row.feedback == 3
    assert (rooms_row.nps.value, rooms_row.nps.answers) == (Decimal("25.0"), 4)
    tickets_row = by_name["Tickets"]
    assert tickets_row.retention.after_6.eligible == 0
    assert tickets_row.satisfaction is None
    assert tickets_row.nps.value is None
    table = {t.key: t for t in result.tables}["diensten"]
    assert table.rows[1][:5] == ["Zalen", "beschikbaar", 1, "50,0 % (1/2)", "50,0 % (1/2)"]
    assert table.rows[0][3] == "—"


def _programme(size: int) -> None:
    for _i in range(size):
        service = ServiceFactory()
        for _j in range(3):
            adoption = AdoptionFactory(service=service, municipality=MunicipalityFactory())
            feedback(adoption, 4)
        nps_answers(service, [9, 5])


def _queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        section.compute(Filters())
    return len(captured)


def test_it_runs_a_fixed_number_of_queries() -> None:
    _programme(1)
    small = _queries()
    _programme(4)
    assert _queries() == small


def test_the_dashboard_shows_the_section_and_its_csv(personas: Any) -> None:
    AdoptionFactory(service=ServiceFactory(name="Zalen online"))
    client = client_for(personas.coordinator)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert 'id="services"' in page
    assert "Zalen online" in page
    csv = client.get(reverse("insights:csv", args=["diensten"]))
    assert csv.status_code == 200
    assert "Zalen online" in csv.content.decode("utf-8")
