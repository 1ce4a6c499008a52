"""Published challenges and sector support: "wij hebben deze nood ook"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.models import CoSubmitter, Need, Support
from proeftuin.calls.views import SHOWN_SUPPORTS
from proeftuin.core.errors import DomainError

from ..conftest import client_for
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from .conftest import NeedFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(personas, open_call):
    """Bibliotheek Gent's need, retained and published."""
    return NeedFactory(
        call=open_call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Anderstalige nieuwkomers vinden de weg niet",
        challenge=True,
    )


def member_of_new_organisation(name, municipalities):
    organisation = OrganisationFactory(name=name, municipalities=municipalities)
    return MembershipFactory(organisation=organisation).user, organisation


def test_it_lets_a_member_of_another_municipality_support_a_challenge(personas, challenge):
    response = client_for(personas.other_member).post(
        reverse("calls:support", args=[challenge.pk]),
        {"organisation": personas.other_organisation.pk, "comment": "Bij ons net hetzelfde."},
    )

    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.need, support.organisation, support.user) == (
        challenge,
        personas.other_organisation,
        personas.other_member,
    )
    assert support.comment == "Bij ons net hetzelfde."


def test_it_takes_support_once_per_organisation(personas, challenge):
    services.support_need(
        need=challenge, organisation=personas.other_organisation, by=personas.other_member
    )

    with pytest.raises(DomainError, match="steunt deze uitdaging al"):
        services.support_need(
            need=challenge, organisation=personas.other_organisation, by=personas.reviewer
        )
    assert Support.objects.count() == 1


def test_it_holds_one_active_support_per_organisation_in_the_database(personas, challenge):
    SupportFactory(need=challenge, organisation=personas.other_organisation)

    with pytest.raises(IntegrityError):
        SupportFactory(need=challenge, organisation=personas.other_organisation)


def test_it_refuses_support_from_the_needs_own_municipality(personas, challenge):
    gent = personas.organisation.municipalities.get()
    neighbour, cultuurcentrum = member_of_new_organisation("Cultuurcentrum Gent", [gent])

    with pytest.raises(DomainError, match="eigen gemeente"):
        services.support_need(need=challenge, organisation=cultuurcentrum, by=neighbour)
    with pytest.raises(DomainError):
        services.support_need(
            need=challenge, organisation=personas.organisation, by=personas.submitter
        )


def test_it_refuses_support_from_an_intermunicipal_partnership_that_includes_the_municipality(
    personas, challenge
):
    gent = personas.organisation.municipalities.get()
    merelbeke = MunicipalityFactory(nis_code="44043", name="Merelbeke", province="Oost-Vlaanderen")
    member, partnership = member_of_new_organisation("Cultuurregio Gent", [merelbeke, gent])

    with pytest.raises(DomainError):
        services.support_need(need=challenge, organisation=partnership, by=member)

    page = client_for(member).get(reverse("calls:challenge", args=[challenge.pk]))
    assert "Deze uitdaging steunen" not in page.text


def test_it_refuses_support_from_a_co_submitter_of_the_joint_need(personas, challenge):
    CoSubmitter.objects.create(
        need=challenge,
        organisation=personas.other_organisation,
        confirmed_by=personas.other_member,
        confirmed_at=timezone.now(),
    )

    with pytest.raises(DomainError):
        services.support_need(
            need=challenge, organisation=personas.other_organisation, by=personas.other_member
        )
    page = client_for(personas.other_member).get(reverse("calls:challenge", args=[challenge.pk]))
    assert "Deze uitdaging steunen" not in page.text


def test_it_refuses_support_on_behalf_of_an_organisation_one_is_not_a_member_of(
    personas, challenge
):
    with pytest.raises(DomainError):
        services.support_need(
            need=challenge, organisation=personas.other_organisation, by=personas.outsider
        )

    response = client_for(personas.outsider).post(
        reverse("calls:support", args=[challenge.pk]),
        {"organisation": personas.other_organisation.pk},
        follow=True,
    )
    assert "kan deze uitdaging niet (nog eens) steunen" in response.text
    assert not Support.objects.exists()


def test_it_refuses_support_for_a_need_that_is_no_published_challenge(personas, submitted):
    with pytest.raises(DomainError):
        services.support_need(
            need=submitted, organisation=personas.other_organisation, by=personas.other_member
        )

    response = client_for(personas.other_member).post(
        reverse("calls:support", args=[submitted.pk]),
        {"organisation": personas.other_organisation.pk},
    )
    assert response.status_code == 404


def test_it_lets_a_member_withdraw_their_organisations_support_and_give_it_again(
    personas, challenge
):
    support = services.support_need(
        need=challenge, organisation=personas.other_organisation, by=personas.other_member
    )

    # A colleague of the same organisation may withdraw it.
    response = client_for(personas.reviewer).post(
        reverse("calls:withdraw_support", args=[support.pk])
    )

    assert response.status_code == 302
    support.refresh_from_db()
    assert support.withdrawn_at is not None
    again = services.support_need(
        need=challenge, organisation=personas.other_organisation, by=personas.other_member
    )
    assert again.pk != support.pk
    assert Support.objects.active().count() == 1


@pytest.mark.parametrize("who", ["submitter", "outsider"])
def test_it_answers_404_when_someone_else_withdraws_the_support(personas, challenge, who):
    support = services.support_need(
        need=challenge, organisation=personas.other_organisation, by=personas.other_member
    )

    response = client_for(getattr(personas, who)).post(
        reverse("calls:withdraw_support", args=[support.pk])
    )

    assert response.status_code == 404
    support.refresh_from_db()
    assert support.withdrawn_at is None


def test_it_asks_anonymous_visitors_to_sign_in_before_supporting(client, challenge):
    response = client.post(reverse("calls:support", args=[challenge.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    page = client.get(reverse("calls:challenge", args=[challenge.pk]))
    assert "Meld je aan om deze uitdaging te steunen." in page.text


def test_it_shows_distinct_municipality_and_province_counts_and_no_personal_data(
    client, personas, challenge
):
    herentals = personas.other_organisation.municipalities.get()
    geel = MunicipalityFactory(nis_code="13008", name="Geel", province="Antwerpen")
    brugge = MunicipalityFactory(nis_code="31005", name="Brugge", province="West-Vlaanderen")
    kempen_member, kempen = member_of_new_organisation("Cultuurregio Kempen", [herentals, geel])
    brugs_member, erfgoedcel = member_of_new_organisation("Erfgoedcel Brugge", [brugge])
    services.support_need(
        need=challenge,
        organisation=personas.other_organisation,
        comment="Ook bij ons!",
        by=personas.other_member,
    )
    services.support_need(need=challenge, organisation=kempen, by=kempen_member)
    services.support_need(need=challenge, organisation=erfgoedcel, by=brugs_member)
    withdrawn = SupportFactory(need=challenge, withdrawn_at=timezone.now())

    response = client.get(reverse("calls:challenge", args=[challenge.pk]))

    assert response.status_code == 200
    html = response.text
    # Herentals counts once although two supporters lie in it: Herentals, Geel, Brugge.
    assert "<strong>3</strong> steunende gemeenten" in html
    assert "<strong>2</strong> betrokken provincies" in html
    assert "Cultuurregio Kempen" in html
    assert "Ook bij ons!" in html
    assert withdrawn.organisation.name not in html
    for person in [personas.submitter, personas.other_member, kempen_member, brugs_member]:
        assert person.name not in html
        assert person.email not in html
    assert "Bibliotheek Gent" in html  # organisation and municipality only
    assert "Gent</a> (Oost-Vlaanderen)" in html


def test_it_shows_a_published_challenge_to_anyone_and_nothing_else(client, personas, challenge):
    NeedFactory(call=challenge.call, retained=True, title="Weerhouden maar niet gepubliceerd")
    NeedFactory(call=challenge.call, submitted=True, title="Enkel ingediend")

    listing = client.get(reverse("calls:challenges"))

    assert listing.status_code == 200
    assert challenge.title in listing.text
    assert "Weerhouden maar niet gepubliceerd" not in listing.text
    assert "Enkel ingediend" not in listing.text
    assert personas.submitter.name not in listing.text


def test_it_sends_someone_who_is_not_involved_from_the_need_page_to_the_challenge(
    personas, challenge
):
    response = client_for(personas.other_member).get(reverse("calls:need", args=[challenge.pk]))

    assert response.status_code == 302
    assert response.url == reverse("calls:challenge", args=[challenge.pk])


def test_it_shows_the_support_count_in_the_challenge_list(client, personas, challenge):
    SupportFactory(need=challenge)
    SupportFactory(need=challenge)
    SupportFactory(need=challenge, withdrawn_at=timezone.now())

    response = client.get(reverse("calls:challenges"))

    assert "2 steunbetuigingen" in response.text


# The daily summary ------------------------------------------------------------------------


def test_it_summarises_new_support_in_one_mail_per_submitter_and_never_resends(
    personas, challenge, django_capture_on_commit_callbacks
):
    second = NeedFactory(
        call=challenge.call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Leesclubs voor jongeren",
        challenge=True,
    )
    other = NeedFactory(call=challenge.call, challenge=True, title="Van iemand anders")
    SupportFactory(need=challenge, organisation=personas.other_organisation)
    SupportFactory(need=second)
    SupportFactory(need=other)
    SupportFactory(need=second, withdrawn_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        first_run = services.send_support_summaries()
    with django_capture_on_commit_callbacks(execute=True):
        second_run = services.send_support_summaries()

    assert (first_run, second_run) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.submitter.email, other.submitted_by.email]
    )
    to_ines = next(m for m in mail.outbox if m.to == [personas.submitter.email])
    assert "2 nieuwe steunbetuigingen" in to_ines.subject
    assert "Cultuurcentrum Herentals → Anderstalige nieuwkomers vinden de weg niet" in to_ines.body
    assert "Leesclubs voor jongeren" in to_ines.body


def test_it_summarises_only_the_support_that_came_after_the_last_summary(
    personas, challenge, django_capture_on_commit_callbacks
):
    SupportFactory(
        need=challenge,
        organisation=personas.other_organisation,
        notified_at=timezone.now() - timedelta(days=1),
    )
    SupportFactory(need=challenge, organisation=OrganisationFactory(name="Academie Hasselt"))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_support_summaries()

    assert len(mail.outbox) == 1
    assert "1 nieuwe steunbetuiging voor je noden" in mail.outbox[0].subject
    assert "Academie Hasselt" in mail.outbox[0].body
    assert "Cultuurcentrum Herentals" not in mail.outbox[0].body


def test_it_runs_the_support_summary_as_a_daily_job():
    from proeftuin.core.scheduler import jobs

    assert jobs["calls.support_summaries"].every_seconds == 24 * 60 * 60


def test_it_counts_a_need_as_supported_only_while_the_support_stands(personas, challenge):
    support = SupportFactory(need=challenge)

    assert Need.objects.with_support_counts().get(pk=challenge.pk).support_count == 1
    services.withdraw_support(support=support, by=personas.coordinator)
    assert Need.objects.with_support_counts().get(pk=challenge.pk).support_count == 0


def test_it_names_the_newest_supporters_and_counts_the_rest_in_a_fixed_number_of_queries(
    client, challenge, django_assert_num_queries
):
    url = reverse("calls:challenge", args=[challenge.pk])
    SupportFactory.create_batch(3, need=challenge)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    supports = SupportFactory.create_batch(SHOWN_SUPPORTS, need=challenge)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)

    html = response.text
    assert supports[-1].organisation.name in html
    assert "En nog 3 organisaties steunen deze uitdaging." in html
