"""A member submits a need to an open call for their organisation."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.models import Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, OutboxMessage

from ..conftest import client_for
from ..factories import ThemeFactory
from .conftest import CallFactory, NeedFactory, frozen

pytestmark = pytest.mark.django_db

Status = Need.Status
MEMBERS = ["submitter", "org_admin", "team_member"]
OTHERS = ["other_member", "reviewer", "expert", "outsider", "coordinator"]


def call_in(state):
    return CallFactory(**({} if state == "open" else {state: True}))


@pytest.mark.parametrize("state", ["upcoming", "open", "closed"])
@pytest.mark.parametrize("who", MEMBERS + OTHERS)
def test_it_lets_members_submit_for_their_organisation_only_while_the_call_is_open(
    personas, who, state
):
    need = NeedFactory(
        call=call_in(state), organisation=personas.organisation, submitted_by=personas.submitter
    )
    user = getattr(personas, who)

    if who in MEMBERS and state == "open":
        services.submit_need(need=need, by=user)
        need.refresh_from_db()
        assert need.status == Status.SUBMITTED
        assert need.submitted_at is not None
    else:
        with pytest.raises(DomainError):
            services.submit_need(need=need, by=user)
        need.refresh_from_db()
        assert need.status == Status.DRAFT


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("upcoming", "De oproep is nog niet open"),
        ("closed", "De oproep is gesloten; je ontwerp blijft bewaard"),
    ],
)
def test_it_says_why_a_call_does_not_take_needs(personas, state, message):
    need = NeedFactory(
        call=call_in(state), organisation=personas.organisation, submitted_by=personas.submitter
    )

    with pytest.raises(DomainError, match=message):
        services.submit_need(need=need, by=personas.submitter)


def test_it_refuses_a_submission_one_second_after_the_closing_moment(personas):
    closes_at = timezone.now() + timedelta(hours=1)
    call = CallFactory(closes_at=closes_at)
    late = NeedFactory(
        call=call, organisation=personas.organisation, submitted_by=personas.submitter
    )
    in_time = NeedFactory(
        call=call, organisation=personas.organisation, submitted_by=personas.submitter
    )

    with pytest.raises(DomainError) as refused:
        services.submit_need(need=late, by=personas.submitter, now=closes_at + timedelta(seconds=1))
    services.submit_need(need=in_time, by=personas.submitter, now=closes_at - timedelta(seconds=1))

    assert "De oproep is gesloten" in str(refused.value.message)
    late.refresh_from_db()
    in_time.refresh_from_db()
    assert (late.status, late.submitted_at) == (Status.DRAFT, None)
    assert late.problem.startswith("Inwoners moeten langskomen")
    assert in_time.status == Status.SUBMITTED


def form_data(**overrides):
    data = {
        "title": "Nieuwkomers vinden de weg niet naar onze bib",
        "problem": "Onze folders en website zijn enkel in het Nederlands.",
        "target_groups": "Anderstalige nieuwkomers, leerkrachten NT2",
        "current_handling": "Eén rondleiding per jaar voor een NT2-klas",
        "citizen_value": "Nieuwkomers vinden sneller boeken en hulp",
    }
    data.update(overrides)
    return data


def test_it_keeps_every_typed_field_when_the_view_refuses_a_late_submission(personas, draft):
    theme = ThemeFactory(slug="participatie", name="Participatie en inclusie")
    typed = form_data(
        title="Nieuwkomers vinden de weg niet (laatste versie)",
        problem="Net voor middernacht nog aangevuld.",
        themes=[theme.pk],
    )
    client = client_for(personas.submitter)

    with frozen(draft.call.closes_at + timedelta(seconds=1)):
        response = client.post(reverse("calls:need_submit", args=[draft.pk]), typed)

    assert response.status_code == 400
    assert "De oproep is gesloten; je ontwerp blijft bewaard" in response.text
    assert "Net voor middernacht nog aangevuld." in response.text  # still on the page
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    for field in ["title", "problem", "target_groups", "current_handling", "citizen_value"]:
        assert getattr(draft, field) == typed[field], field
    assert list(draft.themes.all()) == [theme]


def test_it_submits_through_the_form_and_confirms_by_email(
    personas, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.submitter).post(
            reverse("calls:need_submit", args=[draft.pk]), form_data()
        )

    assert response.status_code == 302
    assert response.url == reverse("calls:need", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[personas.submitter.email]]
    assert "Nieuwkomers vinden de weg niet naar onze bib" in mail.outbox[0].subject
    assert "ingediend" in mail.outbox[0].subject
    entry = ActivityLog.objects.get(action="need.submitted")
    assert entry.changes == {"status": ["draft", "submitted"]}


def test_it_writes_the_confirmation_in_the_submitters_language(
    personas, draft, django_capture_on_commit_callbacks
):
    personas.submitter.language = "en"
    personas.submitter.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_need(need=draft, by=personas.submitter)

    assert OutboxMessage.objects.get().language == "en"
    assert len(mail.outbox) == 1
    # The English catalogue is still to come; until then the title is what we can check.
    assert draft.title in mail.outbox[0].subject


@pytest.mark.parametrize("missing", ["title", "problem"])
def test_it_requires_a_title_and_the_problem(personas, draft, missing):
    response = client_for(personas.submitter).post(
        reverse("calls:need_submit", args=[draft.pk]), form_data(**{missing: "  "})
    )

    assert response.status_code == 400
    assert "Geef minstens een titel en het probleem of de kans." in response.text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_submits_once_when_the_button_is_clicked_twice(
    personas, draft, django_capture_on_commit_callbacks
):
    client = client_for(personas.submitter)
    url = reverse("calls:need_submit", args=[draft.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, form_data())
        second = client.post(url, form_data())

    assert first.status_code == second.status_code == 302
    assert second.url == reverse("calls:need", args=[draft.pk])
    assert Need.objects.count() == 1
    assert ActivityLog.objects.filter(action="need.submitted").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_it_creates_one_need_from_two_concurrent_submits(personas):
    draft = NeedFactory(
        call=CallFactory(), organisation=personas.organisation, submitted_by=personas.submitter
    )
    url = reverse("calls:need_submit", args=[draft.pk])
    clients = [client_for(personas.submitter), client_for(personas.submitter)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def submit(client):
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, form_data()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [302, 302]
    assert Need.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert ActivityLog.objects.filter(action="need.submitted").count() == 1
    assert OutboxMessage.objects.filter(kind="calls.need_status").count() == 1


def test_it_refuses_a_new_draft_for_someone_elses_organisation(personas, open_call):
    with pytest.raises(DomainError, match="eigen organisatie"):
        services.save_need_draft(
            organisation=personas.other_organisation,
            call=open_call,
            fields={"title": "Niet van mij"},
            by=personas.submitter,
        )
    assert not Need.objects.exists()


@pytest.mark.parametrize("who", ["other_member", "outsider"])
def test_it_answers_404_when_someone_else_submits_a_draft(personas, draft, who):
    response = client_for(getattr(personas, who)).post(
        reverse("calls:need_submit", args=[draft.pk]), form_data(title="Overgenomen")
    )

    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (
        Status.DRAFT,
        "Nieuwkomers vinden de weg niet naar onze bib",
    )


def test_it_asks_anonymous_visitors_to_sign_in_before_submitting(client, draft):
    for url in [reverse("calls:need_new"), reverse("calls:need_edit", args=[draft.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("calls:need_submit", args=[draft.pk]), form_data())
    assert response.url.startswith(reverse("account_login"))


def test_it_offers_the_form_for_an_open_call(personas, open_call):
    response = client_for(personas.submitter).get(
        reverse("calls:need_new") + f"?oproep={open_call.slug}"
    )

    assert response.status_code == 200
    assert "Voor de oproep 'Proeftuin winter'" in response.text
    assert 'name="client_token"' in response.text


def test_it_sends_a_person_without_organisation_to_join_one_first(personas, open_call):
    response = client_for(personas.outsider).get(reverse("calls:need_new"), follow=True)

    assert "Word eerst lid van een organisatie" in response.text


# The ideeënbus ---------------------------------------------------------------------------


def test_it_keeps_an_idea_outside_any_call_and_attaches_it_once_a_call_opens(personas):
    idea = services.save_need_draft(
        organisation=personas.organisation,
        fields={"title": "Uitleen van materiaal", "problem": "Verenigingen bellen ons."},
        by=personas.submitter,
    )
    with pytest.raises(DomainError, match="Koppel de nood eerst aan een open oproep"):
        services.submit_need(need=idea, by=personas.submitter)

    with pytest.raises(DomainError, match="staat niet open"):
        services.attach_to_call(need=idea, call=CallFactory(upcoming=True), by=personas.submitter)
    call = CallFactory()
    response = client_for(personas.submitter).post(
        reverse("calls:need_move", args=[idea.pk, "koppelen"]), {"call": call.slug}
    )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.call == call
    services.submit_need(need=idea, by=personas.submitter)
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


# Mijn noden ------------------------------------------------------------------------------


def test_it_shows_mijn_noden_with_every_status_and_decision_motivation(personas, open_call):
    NeedFactory(
        call=open_call,
        organisation=personas.organisation,
        submitted_by=personas.team_member,
        title="Ticketing voor de zomerbar",
        status=Status.DECLINED,
        decision_motivation="Vraagt eerder een aankoop dan een experiment.",
    )
    NeedFactory(
        call=None, organisation=personas.organisation, submitted_by=personas.submitter, title="Idee"
    )
    NeedFactory(call=open_call, organisation=personas.other_organisation, title="Van Herentals")

    response = client_for(personas.submitter).get(reverse("calls:my_needs"))

    assert response.status_code == 200
    assert "Ticketing voor de zomerbar" in response.text  # a colleague's need
    assert "niet weerhouden" in response.text
    assert "Vraagt eerder een aankoop dan een experiment." in response.text
    assert "ideeënbus" in response.text
    assert "Van Herentals" not in response.text
    assert f"Nood indienen voor '{open_call.title}'" in response.text


def test_it_keeps_mijn_noden_to_a_fixed_number_of_queries(
    personas, open_call, django_assert_max_num_queries
):
    for _ in range(25):
        NeedFactory(
            call=open_call, organisation=personas.organisation, submitted_by=personas.submitter
        )
    client = client_for(personas.submitter)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("calls:my_needs"))

    assert response.text.count("Zaalverhuur loopt via papieren formulieren") == 25


@pytest.mark.parametrize("who", ["outsider", "other_member", "reviewer", "expert"])
def test_it_answers_404_to_someone_else_on_a_draft(personas, draft, who):
    client = client_for(getattr(personas, who))

    for url in [
        reverse("calls:need", args=[draft.pk]),
        reverse("calls:need_edit", args=[draft.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_it_answers_404_to_anonymous_visitors_on_a_draft_page(client, draft):
    assert client.get(reverse("calls:need", args=[draft.pk])).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in_for_mijn_noden(client):
    response = client.get(reverse("calls:my_needs"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_shows_the_draft_to_a_colleague_and_a_coordinator(personas, draft):
    for user in (personas.team_member, personas.org_admin, personas.coordinator):
        assert client_for(user).get(reverse("calls:need", args=[draft.pk])).status_code == 200
    assert (
        client_for(personas.team_member)
        .get(reverse("calls:need_edit", args=[draft.pk]))
        .status_code
        == 200
    )
