"""A joint need: other organisations are invited as co-submitters; a member of each confirms."""

import pytest
from django.urls import reverse

from proeftuin.calls import services
from proeftuin.calls.models import CoSubmitter, Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def invite(personas, need):
    return client_for(personas.submitter).post(
        reverse("calls:co_submitter_invite", args=[need.pk]),
        {"organisation": personas.other_organisation.pk},
    )


def test_it_invites_another_organisation_and_tells_its_members(personas, draft):
    response = invite(personas, draft)

    assert response.status_code == 302
    link = CoSubmitter.objects.get()
    assert (link.need, link.organisation, link.invited_by, link.confirmed_at) == (
        draft,
        personas.other_organisation,
        personas.submitter,
        None,
    )
    told = set(
        Notification.objects.filter(kind="calls.co_submission").values_list("user", flat=True)
    )
    assert told == {personas.other_member.pk, personas.reviewer.pk}


def test_it_shows_the_invitation_on_mijn_proeftuin_until_it_is_confirmed(personas, draft):
    invite(personas, draft)
    herentals = client_for(personas.other_member)

    before = herentals.get(reverse("accounts:mine"))
    assert "Bevestig Cultuurcentrum Herentals als mede-indiener" in before.text
    assert draft.title in before.text

    need_page = herentals.get(reverse("calls:need", args=[draft.pk]))
    assert need_page.status_code == 200
    assert "Bevestigen als mede-indiener" in need_page.text
    assert "Verder schrijven" not in need_page.text  # not theirs to edit yet

    link = CoSubmitter.objects.get()
    herentals.post(reverse("calls:co_submitter_confirm", args=[link.pk]))
    after = herentals.get(reverse("accounts:mine"))
    assert "Bevestig Cultuurcentrum Herentals" not in after.text


def test_it_lets_the_confirmed_co_submitter_act_for_the_need(personas, draft):
    invite(personas, draft)
    link = CoSubmitter.objects.get()

    services.confirm_co_submission(invite=link, by=personas.other_member)

    link.refresh_from_db()
    assert (link.confirmed_by, link.confirmed_at is not None) == (personas.other_member, True)
    herentals = client_for(personas.reviewer)  # a colleague in Herentals
    assert herentals.get(reverse("calls:need_edit", args=[draft.pk])).status_code == 200
    assert draft.title in herentals.get(reverse("calls:my_needs")).text
    assert draft in Need.objects.visible_to(personas.reviewer)


@pytest.mark.parametrize("who", ["submitter", "outsider", "expert"])
def test_it_lets_only_a_member_of_the_invited_organisation_confirm(personas, draft, who):
    invite(personas, draft)
    link = CoSubmitter.objects.get()
    user = getattr(personas, who)

    with pytest.raises(DomainError, match="Alleen een lid van de uitgenodigde organisatie"):
        services.confirm_co_submission(invite=link, by=user)
    response = client_for(user).post(reverse("calls:co_submitter_confirm", args=[link.pk]))

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.confirmed_at is None


def test_it_keeps_an_unconfirmed_invitation_from_giving_access(personas, draft):
    invite(personas, draft)
    herentals = client_for(personas.other_member)

    assert herentals.get(reverse("calls:need_edit", args=[draft.pk])).status_code == 404
    assert draft.title not in herentals.get(reverse("calls:my_needs")).text
    assert draft not in Need.objects.visible_to(personas.other_member)


def test_it_refuses_to_invite_the_submitting_organisation_itself(personas, draft):
    with pytest.raises(DomainError, match="dient de nood al in"):
        services.invite_co_submitter(
            need=draft, organisation=personas.organisation, by=personas.submitter
        )


def test_it_refuses_an_invitation_once_the_need_is_decided(personas, draft):
    Need.objects.filter(pk=draft.pk).update(status=Need.Status.RETAINED)
    draft.refresh_from_db()

    with pytest.raises(DomainError):
        services.invite_co_submitter(
            need=draft, organisation=personas.other_organisation, by=personas.submitter
        )


@pytest.mark.parametrize("who", ["other_member", "outsider"])
def test_it_answers_404_when_someone_else_invites(personas, draft, who):
    response = client_for(getattr(personas, who)).post(
        reverse("calls:co_submitter_invite", args=[draft.pk]),
        {"organisation": personas.other_organisation.pk},
    )

    assert response.status_code == 404
    assert not CoSubmitter.objects.exists()


def test_it_invites_an_organisation_once(personas, draft):
    invite(personas, draft)
    invite(personas, draft)

    assert CoSubmitter.objects.count() == 1
    assert Notification.objects.filter(kind="calls.co_submission").count() == 2  # two members
