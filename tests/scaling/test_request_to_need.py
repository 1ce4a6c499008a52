"""A request raised in feedback becomes a draft need of the raising organisation in an open
call; the links to the service and the municipalities stay on the scaling side."""

import pytest
from django.urls import reverse

from proeftuin.calls.models import Need
from proeftuin.calls.services import submit_need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification
from proeftuin.scaling.models import ServiceNeed
from proeftuin.scaling.services_feedback import give_feedback, turn_request_into_need

from ..calls.conftest import CallFactory
from ..conftest import client_for
from .conftest import AdoptionFactory, ServiceFactory


@pytest.fixture
def raised(personas):
    """Gent raises a request; Herentals backs it."""
    service = ServiceFactory()
    gent = AdoptionFactory(service=service, municipality=personas.organisation.municipalities.get())
    feedback = give_feedback(
        adoption=gent,
        organisation=personas.organisation,
        satisfaction=3,
        new_request="Een overzicht van de bezetting per zaal",
        by=personas.submitter,
    )
    request = feedback.requests.get()
    herentals = AdoptionFactory(
        service=service, municipality=personas.other_organisation.municipalities.get()
    )
    give_feedback(
        adoption=herentals,
        organisation=personas.other_organisation,
        satisfaction=4,
        backed=[request],
        by=personas.other_member,
    )
    return request


def turn(request, personas, call, organisation=None):
    return turn_request_into_need(
        request=request,
        call=call,
        organisation=organisation or personas.organisation,
        title="Bezetting van de zalen in één oogopslag",
        problem="Gemeenten zien niet welke zalen onderbenut zijn.",
        by=personas.coordinator,
    )


def test_a_need_created_from_feedback_keeps_its_links(personas, raised):
    call = CallFactory()
    link = turn(raised, personas, call)

    need = link.need
    assert (need.status, need.call, need.organisation) == (
        Need.Status.DRAFT,
        call,
        personas.organisation,
    )
    assert need.submitted_by == personas.submitter
    assert link.service == raised.service
    assert link.request == raised
    assert sorted(m.name for m in link.municipalities.all()) == ["Gent", "Herentals"]
    assert need.service_origin == link
    # The one who raised it is told where to confirm it.
    notification = Notification.objects.get(user=personas.submitter, kind="scaling.feedback")
    assert notification.url == reverse("calls:need_edit", args=[need.pk])


def test_the_organisation_confirms_and_it_reaches_the_intake_board(personas, raised):
    call = CallFactory()
    need = turn(raised, personas, call).need
    # Any member of the organisation may submit it.
    submit_need(need=need, by=personas.org_admin)
    need.refresh_from_db()
    assert need.status == Need.Status.SUBMITTED
    board = client_for(personas.coordinator).get(reverse("calls:intake", args=[call.slug]))
    assert "Bezetting van de zalen in één oogopslag" in board.content.decode()
    assert ServiceNeed.objects.get().need == need


def test_it_is_drafted_for_any_organisation_that_raised_it(personas, raised):
    link = turn(raised, personas, CallFactory(), personas.other_organisation)
    assert link.need.organisation == personas.other_organisation
    assert link.need.submitted_by == personas.other_member


def test_it_refuses_an_organisation_that_did_not_raise_it(personas, raised):
    from ..factories import OrganisationFactory

    with pytest.raises(DomainError):
        turn(raised, personas, CallFactory(), OrganisationFactory())


def test_it_refuses_a_closed_call_and_a_non_coordinator(personas, raised):
    with pytest.raises(DomainError):
        turn(raised, personas, CallFactory(closed=True))
    with pytest.raises(DomainError):
        turn_request_into_need(
            request=raised,
            call=CallFactory(),
            organisation=personas.organisation,
            title="x",
            problem="y",
            by=personas.submitter,
        )
    assert not Need.objects.exists()


def test_the_page_is_for_coordinators(personas, raised):
    call = CallFactory()
    url = reverse("scaling:request_to_need", args=[raised.pk])
    for who in ("outsider", "submitter"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404
    coordinator = client_for(personas.coordinator)
    page = coordinator.get(url)
    assert "Gent, Herentals" in page.content.decode()
    response = coordinator.post(
        url,
        {"call": call.pk, "organisation": personas.organisation.pk, "title": "", "problem": "p"},
    )
    assert response.status_code == 400
    response = coordinator.post(
        url,
        {
            "call": call.pk,
            "organisation": personas.organisation.pk,
            "title": "Bezetting per zaal",
            "problem": "Welke zalen staan leeg?",
        },
    )
    assert response.status_code == 302
    assert Need.objects.get().title == "Bezetting per zaal"
    # Once a need, the overview says so rather than offering it again.
    overview = coordinator.get(reverse("scaling:feedback", args=[raised.service.slug]))
    assert url not in overview.content.decode()


def test_a_request_becomes_one_need_only(personas, raised):
    call = CallFactory()
    turn(raised, personas, call)
    with pytest.raises(DomainError, match="al een nood"):
        turn(raised, personas, call, personas.other_organisation)
    assert Need.objects.count() == 1
