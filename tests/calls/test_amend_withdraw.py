"""A submitted need can be amended or withdrawn until the call closes; the amendments stay in
the history. The need's transitions are exactly those of DESIGN.md."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from proeftuin.calls import services
from proeftuin.calls.models import Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog

from ..conftest import client_for
from .conftest import CallFactory, NeedFactory, frozen

pytestmark = pytest.mark.django_db

Status = Need.Status


def test_it_takes_a_submitted_need_back_to_draft_and_keeps_the_amendments_in_the_history(
    personas, submitted
):
    client = client_for(personas.submitter)

    response = client.post(reverse("calls:need_move", args=[submitted.pk, "aanpassen"]))
    assert response.status_code == 302
    assert response.url == reverse("calls:need_edit", args=[submitted.pk])
    client.post(
        "/noden/opslaan/",
        {"client_token": str(submitted.client_token), "title": submitted.title, "problem": "Beter"},
        HTTP_HX_REQUEST="true",
    )
    services.submit_need(need=submitted, by=personas.submitter)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.problem) == (Status.SUBMITTED, "Beter")
    history = ActivityLog.objects.filter(object_id=str(submitted.pk)).order_by("pk")
    assert [e.action for e in history] == ["need.amended", "need.edited", "need.submitted"]
    assert history[1].changes["problem"] == [
        "Inwoners moeten langskomen om een zaal te huren; wij typen alles over in Excel.",
        "Beter",
    ]


def test_it_keeps_the_first_submission_date_when_a_need_is_resubmitted(personas, submitted):
    first = submitted.submitted_at

    services.amend_need(need=submitted, by=personas.submitter)
    services.submit_need(need=submitted, by=personas.submitter)

    submitted.refresh_from_db()
    assert submitted.submitted_at == first


def test_it_withdraws_a_need_and_tells_the_submitter(
    personas, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.org_admin).post(
            reverse("calls:need_move", args=[submitted.pk, "intrekken"])
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[personas.submitter.email]]
    assert submitted.title in mail.outbox[0].subject
    assert "ingetrokken" in mail.outbox[0].subject


@pytest.mark.parametrize("service", [services.amend_need, services.withdraw_need])
def test_it_refuses_to_amend_or_withdraw_once_the_call_closed(personas, submitted, service):
    after = submitted.call.closes_at + timedelta(seconds=1)

    with pytest.raises(DomainError, match="De oproep is gesloten"):
        service(need=submitted, by=personas.submitter, now=after)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_it_says_so_when_the_view_refuses_to_amend_after_closing(personas, submitted):
    with frozen(submitted.call.closes_at + timedelta(seconds=1)):
        response = client_for(personas.submitter).post(
            reverse("calls:need_move", args=[submitted.pk, "aanpassen"]), follow=True
        )

    assert "De oproep is gesloten" in response.text
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["other_member", "outsider", "expert"])
@pytest.mark.parametrize("action", ["aanpassen", "intrekken", "koppelen", "onzin"])
def test_it_answers_404_when_someone_else_moves_a_need(personas, submitted, who, action):
    response = client_for(getattr(personas, who)).post(
        reverse("calls:need_move", args=[submitted.pk, action])
    )

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_it_answers_404_to_an_unknown_action(personas, submitted):
    response = client_for(personas.submitter).post(
        reverse("calls:need_move", args=[submitted.pk, "onzin"])
    )

    assert response.status_code == 404


# The transitions of DESIGN.md, and only these ---------------------------------------------

# Copied from DESIGN.md ("The lifecycles": Need), independent of the code's own map.
DESIGN = {
    (Status.DRAFT, Status.SUBMITTED): "submitter",
    (Status.SUBMITTED, Status.DRAFT): "submitter",
    (Status.SUBMITTED, Status.WITHDRAWN): "submitter",
    (Status.SUBMITTED, Status.RETAINED): "coordinator",
    (Status.SUBMITTED, Status.DECLINED): "coordinator",
    (Status.SUBMITTED, Status.MERGED): "coordinator",
    (Status.SUBMITTED, Status.BACKLOG): "coordinator",
    (Status.RETAINED, Status.SELECTED): "coordinator",
    (Status.RETAINED, Status.DECLINED): "coordinator",
    (Status.RETAINED, Status.BACKLOG): "coordinator",
    (Status.RETAINED, Status.MERGED): "coordinator",
    (Status.BACKLOG, Status.RETAINED): "coordinator",
}


def test_it_declares_exactly_the_transitions_of_the_design():
    declared = {
        (source, target): role
        for source, targets in Need.TRANSITIONS.items()
        for target, role in targets.items()
    }

    assert declared == DESIGN


def attempt(need, to, by, later_call):
    """Take `need` to `to` through the one service that does that."""
    if to == Status.SUBMITTED:
        return services.submit_need(need=need, by=by)
    if to == Status.DRAFT:
        return services.amend_need(need=need, by=by)
    if to == Status.WITHDRAWN:
        return services.withdraw_need(need=need, by=by)
    if to == Status.MERGED:
        into = NeedFactory(call=need.call, submitted=True)
        return services.merge_need(need=need, into=into, motivation="Dezelfde nood.", by=by)
    if to == Status.RETAINED and need.status == Status.BACKLOG:
        return services.carry_backlog(need=need, call=later_call, motivation="Nu wel.", by=by)
    return services.decide_intake(need=need, to=to, motivation="Zo beslist.", by=by)


# `selected` is reached from the reviews (a project is created from it); the calls app has no
# service for it, so its only transition is checked in the map above.
PAIRS = [
    (source, target)
    for source, target in itertools.product(Status.values, Status.values)
    if source != target and target != Status.SELECTED
]


@pytest.mark.parametrize("role", ["submitter", "coordinator"])
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_it_allows_only_the_designed_transitions_to_the_right_role(
    personas, open_call, source, target, role
):
    need = NeedFactory(
        call=open_call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        status=source,
        submitted_at=None if source == Status.DRAFT else open_call.opens_at,
    )
    later_call = CallFactory()

    if DESIGN.get((source, target)) == role:
        attempt(need, target, getattr(personas, role), later_call)
        need.refresh_from_db()
        assert need.status == target
    else:
        with pytest.raises(DomainError):
            attempt(need, target, getattr(personas, role), later_call)
        need.refresh_from_db()
        assert need.status == source


def test_it_treats_a_second_submit_as_the_same_submission(personas, submitted):
    services.submit_need(need=submitted, by=personas.submitter)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not ActivityLog.objects.filter(action="need.submitted").exists()
