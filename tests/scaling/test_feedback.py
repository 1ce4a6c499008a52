"""Feedback from the municipalities that use a service, and what coordinators see of it."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.scaling import feedback as figures
from proeftuin.scaling.mine import export_feedback
from proeftuin.scaling.models import Adoption, Feedback, ServiceRequest
from proeftuin.scaling.services_feedback import give_feedback

from ..conftest import client_for
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from .conftest import AdoptionFactory, ServiceFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def adoption(personas):
    """Gent (the submitter's municipality) uses the service."""
    return AdoptionFactory(municipality=personas.organisation.municipalities.get())


def post_feedback(client, adoption, **data):
    return client.post(
        reverse("scaling:give_feedback", args=[adoption.pk]),
        {"satisfaction": 4, "new_request_kind": "request", **data},
    )


def test_it_takes_feedback_from_a_member_of_the_adopting_municipality(personas, adoption):
    response = post_feedback(
        client_for(personas.submitter),
        adoption,
        organisation=personas.organisation.pk,
        works="Inwoners reserveren 's avonds.",
        fails="De sleutelafspraken.",
        new_request="Een koppeling met het kassasysteem",
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.satisfaction == 4
    assert feedback.organisation == personas.organisation
    assert feedback.given_by == personas.submitter
    assert [r.text for r in feedback.requests.all()] == ["Een koppeling met het kassasysteem"]


def test_it_gives_another_municipality_a_404(personas, adoption):
    response = post_feedback(
        client_for(personas.other_member), adoption, organisation=personas.other_organisation.pk
    )
    assert response.status_code == 404
    assert (
        client_for(personas.other_member)
        .get(reverse("scaling:give_feedback", args=[adoption.pk]))
        .status_code
        == 404
    )
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "expert", "coordinator"])
def test_it_gives_anyone_outside_the_municipality_a_404(personas, adoption, who):
    url = reverse("scaling:give_feedback", args=[adoption.pk])
    assert client_for(getattr(personas, who)).get(url).status_code == 404


def test_it_gives_an_ended_adoption_a_404(personas, adoption):
    Adoption.objects.filter(pk=adoption.pk).update(state=Adoption.State.ENDED)
    url = reverse("scaling:give_feedback", args=[adoption.pk])
    assert client_for(personas.submitter).get(url).status_code == 404


def test_it_refuses_to_speak_for_an_organisation_elsewhere(personas, adoption):
    with pytest.raises(DomainError):
        give_feedback(
            adoption=adoption,
            organisation=personas.other_organisation,
            satisfaction=3,
            by=personas.submitter,
        )


def test_it_keeps_the_input_on_an_invalid_form(personas, adoption):
    response = client_for(personas.submitter).post(
        reverse("scaling:give_feedback", args=[adoption.pk]),
        {"organisation": personas.organisation.pk, "works": "Het reserveren", "satisfaction": 9},
    )
    assert response.status_code == 400
    assert "Het reserveren" in response.content.decode()


def test_it_counts_a_request_by_the_municipalities_that_share_it(personas, adoption):
    first = give_feedback(
        adoption=adoption,
        organisation=personas.organisation,
        satisfaction=4,
        new_request="Betalen met een QR-code",
        by=personas.submitter,
    )
    request = first.requests.get()
    herentals = personas.other_organisation.municipalities.get()
    other = AdoptionFactory(service=adoption.service, municipality=herentals)
    give_feedback(
        adoption=other,
        organisation=personas.other_organisation,
        satisfaction=2,
        backed=[request],
        by=personas.other_member,
    )
    # A second word from Gent does not count Gent twice.
    give_feedback(
        adoption=adoption,
        organisation=personas.organisation,
        satisfaction=5,
        backed=[request],
        by=personas.org_admin,
    )
    give_feedback(
        adoption=adoption,
        organisation=personas.organisation,
        satisfaction=5,
        new_request="Een Engelse versie",
        by=personas.org_admin,
    )

    top = list(figures.top_requests(adoption.service_id))
    assert [(r.text, r.municipality_count) for r in top] == [
        ("Betalen met een QR-code", 2),
        ("Een Engelse versie", 1),
    ]


def test_it_draws_the_satisfaction_trend_per_month_and_quarter(personas, adoption):
    for moment, score in [
        (datetime(2026, 1, 5, 10, tzinfo=BRUSSELS), 2),
        (datetime(2026, 1, 25, 10, tzinfo=BRUSSELS), 3),
        # Brussels time decides the month: 23:30 on 31 March is March.
        (datetime(2026, 3, 31, 23, 30, tzinfo=BRUSSELS), 4),
        (datetime(2026, 4, 2, 10, tzinfo=BRUSSELS), 5),
    ]:
        feedback = give_feedback(
            adoption=adoption,
            organisation=personas.organisation,
            satisfaction=score,
            by=personas.submitter,
        )
        Feedback.objects.filter(pk=feedback.pk).update(given_at=moment)

    months = figures.satisfaction_trend(adoption.service_id)
    assert [(p.start.month, p.mean, p.answers) for p in months] == [
        (1, Decimal("2.5"), 2),
        (3, Decimal("4.0"), 1),
        (4, Decimal("5.0"), 1),
    ]
    quarters = figures.satisfaction_trend(adoption.service_id, figures.QUARTER)
    assert [(p.start.month, p.mean, p.answers) for p in quarters] == [
        (1, Decimal("3.0"), 3),
        (4, Decimal("5.0"), 1),
    ]


def _feedback_from(service, count):
    for _ in range(count):
        place = MunicipalityFactory()
        organisation = OrganisationFactory(municipalities=[place])
        member = MembershipFactory(organisation=organisation).user
        adoption = AdoptionFactory(service=service, municipality=place)
        give_feedback(
            adoption=adoption,
            organisation=organisation,
            satisfaction=3,
            works="Goed",
            new_request=f"Verzoek van {place.name}",
            by=member,
        )


def _overview_queries(client, service):
    url = reverse("scaling:feedback", args=[service.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_overview_runs_a_fixed_number_of_queries(personas):
    small, large = ServiceFactory(), ServiceFactory()
    _feedback_from(small, 2)
    _feedback_from(large, 12)
    client = client_for(personas.coordinator)
    _overview_queries(client, small)  # warm the session and content-type caches

    assert _overview_queries(client, small) == _overview_queries(client, large)


def test_the_overview_is_for_coordinators_only(personas, adoption):
    url = reverse("scaling:feedback", args=[adoption.service.slug])
    for who in ("outsider", "submitter", "org_admin"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404
    assert client_for(personas.coordinator).get(url).status_code == 200
    assert client_for(personas.coordinator).get(url + "?per=kwartaal").status_code == 200
    # An unknown period is ignored, not an error.
    assert client_for(personas.coordinator).get(url + "?per=eeuw").status_code == 200


def test_the_service_page_offers_feedback_to_its_users_only(personas, adoption):
    url = reverse("scaling:service", args=[adoption.service.slug])
    feedback_url = reverse("scaling:give_feedback", args=[adoption.pk])
    assert feedback_url in client_for(personas.submitter).get(url).content.decode()
    assert feedback_url not in client_for(personas.other_member).get(url).content.decode()


def test_a_request_is_kept_short(personas, adoption):
    feedback = give_feedback(
        adoption=adoption,
        organisation=personas.organisation,
        satisfaction=3,
        new_request="x" * 400,
        new_request_kind=ServiceRequest.Kind.PROBLEM,
        by=personas.submitter,
    )
    assert len(feedback.requests.get().text) == 300


def test_a_persons_feedback_is_in_their_data_export(personas, adoption):
    give_feedback(
        adoption=adoption,
        organisation=personas.organisation,
        satisfaction=5,
        works="Alles",
        new_request="Sneller",
        by=personas.submitter,
    )
    [row] = export_feedback(personas.submitter)
    assert (row["municipality"], row["satisfaction"], row["requests"]) == ("Gent", 5, ["Sneller"])
    assert export_feedback(personas.org_admin) == []


def test_the_trend_chart_labels_at_most_eight_periods():
    points = [
        figures.TrendPoint(start=date(2025 + m // 12, m % 12 + 1, 1), mean=Decimal("4"), answers=1)
        for m in range(24)
    ]
    columns = figures.trend_columns(points)
    assert len(columns) == 24
    assert [c.label for c in columns if c.label][:2] == ["01/2025", "04/2025"]
    assert len([c for c in columns if c.label]) == 8
    assert all(c.height == 120 for c in columns)  # 4 of 5 on a 150 pixel scale
