"""Rules that follow from rounds and the backlog (DESIGN.md: "while the call (round) is
open"; backlog → retained "in a later call or round")."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.forms import CallForm
from proeftuin.calls.models import Call, CoSubmitter, Need
from proeftuin.core.errors import DomainError

from ..conftest import client_for
from ..factories import OrganisationFactory
from .conftest import CallFactory, NeedFactory

Status = Need.Status


def test_it_refuses_to_amend_a_need_whose_round_is_under_review(personas):
    cutoff = timezone.now() - timedelta(days=1)
    call = CallFactory(rolling=True, review_dates=[cutoff, timezone.now() + timedelta(days=60)])
    need = NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        submitted=True,
        review_round=call.review_dates.get(cutoff_at=cutoff),
    )

    with pytest.raises(DomainError, match="ronde"):
        services.amend_need(need=need, by=personas.submitter)
    with pytest.raises(DomainError, match="ronde"):
        services.withdraw_need(need=need, by=personas.submitter)
    need.refresh_from_db()
    assert need.status == Status.SUBMITTED


def test_it_lets_a_submitter_amend_while_the_round_is_open(personas):
    call = CallFactory(rolling=True, review_dates=[timezone.now() + timedelta(days=30)])
    need = NeedFactory(
        call=call, organisation=personas.organisation, submitted_by=personas.submitter
    )
    services.submit_need(need=need, by=personas.submitter)

    services.amend_need(need=need, by=personas.submitter)

    need.refresh_from_db()
    assert need.status == Status.DRAFT


def test_it_takes_a_backlog_need_only_into_a_later_call(personas):
    earlier = CallFactory(closed=True)
    later = CallFactory()
    need = NeedFactory(
        call=earlier,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        status=Status.BACKLOG,
    )

    with pytest.raises(DomainError):
        services.decide_intake(
            need=need, to=Status.RETAINED, motivation="Toch.", by=personas.coordinator
        )
    with pytest.raises(DomainError):
        services.carry_backlog(need=need, call=earlier, motivation="Toch.", by=personas.coordinator)

    services.carry_backlog(need=need, call=later, motivation="Nu wel.", by=personas.coordinator)

    need.refresh_from_db()
    assert (need.status, need.call) == (Status.RETAINED, later)


def test_it_gives_the_merged_needs_co_submitters_to_the_need_it_merges_into(personas):
    call = CallFactory()
    partner = OrganisationFactory()
    merged = NeedFactory(call=call, organisation=personas.other_organisation, submitted=True)
    CoSubmitter.objects.create(need=merged, organisation=partner, confirmed_at=timezone.now())
    into = NeedFactory(call=call, organisation=personas.organisation, submitted=True)

    services.merge_need(
        need=merged, into=into, motivation="Dezelfde nood.", by=personas.coordinator
    )

    joint = set(
        into.co_submitters.filter(confirmed_at__isnull=False).values_list("organisation", flat=True)
    )
    assert joint == {personas.other_organisation.pk, partner.pk}


def test_it_lets_an_invited_co_submitter_read_the_attachments(personas, media):
    need = NeedFactory(
        call=CallFactory(), organisation=personas.organisation, submitted_by=personas.submitter
    )
    with open(media / "probe.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with open(media / "probe.pdf", "rb") as handle:
        attachment = services.add_attachment(
            need=need, upload=handle, name="plan.pdf", size=40, by=personas.submitter
        )
    services.invite_co_submitter(
        need=need, organisation=personas.other_organisation, by=personas.submitter
    )
    url = reverse("calls:attachment", args=[need.pk, attachment.pk])

    assert client_for(personas.other_member).get(url).status_code == 200
    assert client_for(personas.outsider).get(url).status_code == 404


def test_it_offers_every_attachment_kind_on_a_new_call():
    assert CallForm().initial["allowed_attachments"] == list(Call.Attachment.values)
