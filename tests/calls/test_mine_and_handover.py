"""What awaits a submitter on "Mijn Proeftuin", and what happens to their needs when they leave."""

import pytest
from django.urls import reverse

from proeftuin.accounts.services import export_personal_data
from proeftuin.calls.models import Need
from proeftuin.core.models import ActivityLog
from proeftuin.organisations.models import Membership
from proeftuin.organisations.services import remove_member

from ..conftest import client_for
from ..factories import MembershipFactory
from .conftest import CallFactory, NeedFactory

pytestmark = pytest.mark.django_db

Status = Need.Status


def test_it_lists_a_draft_in_an_open_call_on_mijn_proeftuin(personas, draft):
    NeedFactory(
        call=CallFactory(closed=True),
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Te laat voor deze oproep",
    )

    response = client_for(personas.submitter).get(reverse("accounts:mine"))

    assert f"Dien &#x27;{draft.title}&#x27; in" in response.text
    assert reverse("calls:need_edit", args=[draft.pk]) in response.text
    assert "Te laat voor deze oproep" not in response.text


def test_it_lists_nothing_of_someone_elses_drafts(personas, draft):
    response = client_for(personas.other_member).get(reverse("accounts:mine"))

    assert draft.title not in response.text


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def test_it_hands_a_leaving_members_open_needs_to_the_successor(personas, open_call):
    def need(status, **kwargs):
        fields = {"call": open_call, "title": f"Nood {status}", **kwargs}
        return NeedFactory(
            organisation=personas.organisation,
            submitted_by=personas.submitter,
            status=status,
            **fields,
        )

    open_needs = [
        need(s) for s in (Status.DRAFT, Status.SUBMITTED, Status.RETAINED, Status.BACKLOG)
    ]
    closed_needs = [need(s) for s in (Status.DECLINED, Status.WITHDRAWN, Status.MERGED)]
    idea = need(Status.DRAFT, call=None)
    # Her needs for another organisation stay hers.
    MembershipFactory(user=personas.submitter, organisation=personas.other_organisation)
    elsewhere = NeedFactory(
        call=open_call, organisation=personas.other_organisation, submitted_by=personas.submitter
    )

    handed_over = remove_member(
        membership=membership(personas.submitter, personas.organisation),
        successor=membership(personas.team_member, personas.organisation),
        by=personas.org_admin,
    )

    assert handed_over == 5
    for item in [*open_needs, idea]:
        item.refresh_from_db()
        assert item.submitted_by == personas.team_member, item.title
    for item in [*closed_needs, elsewhere]:
        item.refresh_from_db()
        assert item.submitted_by == personas.submitter, item.title
    entries = ActivityLog.objects.filter(action="need.handed_over")
    assert entries.count() == 5
    assert {e.actor for e in entries} == {personas.org_admin}
    # The successor now finds the drafts on Mijn Proeftuin.
    page = client_for(personas.team_member).get(reverse("accounts:mine"))
    assert "Dien &#x27;Nood draft&#x27; in" in page.text


def test_it_exports_a_persons_needs_with_their_personal_data(personas, draft):
    data = export_personal_data(user=personas.submitter)

    assert data["needs"] == [
        {
            "title": draft.title,
            "organisation": "Bibliotheek Gent",
            "status": "draft",
            "created_at": draft.created_at.isoformat(),
        }
    ]
