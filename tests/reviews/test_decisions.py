"""Coordinators prepare decisions (select, decline, backlog) with a motivation, within the
call's maximum number of projects, and publish them together; only then do the needs change
status, the submitters hear of it and a selected need becomes a project."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls.models import Call, Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, OutboxMessage
from proeftuin.projects.models import Membership, Project
from proeftuin.reviews import services
from proeftuin.reviews.models import Decision

from ..conftest import client_for
from ..factories import UserFactory
from .conftest import CallFactory, DecisionFactory, NeedFactory, ReviewFactory, score_all

pytestmark = pytest.mark.django_db

Status = Need.Status
MOTIVATION = "Deze nood leeft in veel gemeenten en is snel te testen."


@pytest.fixture
def challenge(personas, call, jury):
    """Ines's retained need, published as a challenge, scored by two reviewers."""
    need = NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Zalen reserveren zonder telefoon",
        challenge=True,
    )
    for reviewer, values in zip(jury[:2], ([5, 4, 4], [4, 4, 3]), strict=True):
        score_all(ReviewFactory(need=need, reviewer=reviewer), values)
    return need


def prepare(need, outcome="selected", by=None, motivation=MOTIVATION):
    return services.prepare_decision(
        need=need, outcome=outcome, motivation=motivation, by=by or coordinator_of(need)
    )


def coordinator_of(need):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.coordinators().first()


def status_mails(user):
    return OutboxMessage.objects.filter(kind="calls.need_status", recipient=user.email)


# Who may ---------------------------------------------------------------------------------


PAGES = [
    ("get", "reviews:assign", "slug"),
    ("get", "reviews:ranking", "slug"),
    ("post", "reviews:publish", "slug"),
    ("post", "reviews:max_projects", "slug"),
    ("post", "reviews:assign_one", "slug+need"),
    ("get", "reviews:decide", "need"),
    ("post", "reviews:decide", "need"),
]


@pytest.mark.parametrize(("method", "name", "args"), PAGES)
@pytest.mark.parametrize(
    "who", ["outsider", "submitter", "org_admin", "team_member", "reviewer", "expert"]
)
def test_it_answers_404_to_everyone_but_coordinators_on_jury_ranking_and_decisions(
    personas, challenge, method, name, args, who
):
    DecisionFactory(need=challenge)
    values = {
        "slug": [challenge.call.slug],
        "need": [challenge.pk],
        "slug+need": [challenge.call.slug, challenge.pk],
    }[args]
    client = client_for(getattr(personas, who))
    data = {"outcome": "selected", "motivation": "Ik beslis zelf", "max_projects": "9"}

    response = getattr(client, method)(reverse(name, args=values), data)

    assert response.status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == Status.RETAINED
    assert Decision.objects.get().motivation != "Ik beslis zelf"
    assert Call.objects.get(pk=challenge.call_id).max_projects == 3


def test_it_sends_anonymous_visitors_of_coordinator_pages_nowhere(client, challenge):
    for name in ("reviews:assign", "reviews:ranking"):
        assert client.get(reverse(name, args=[challenge.call.slug])).status_code == 404


def test_it_refuses_decisions_from_anyone_but_a_coordinator(personas, challenge):
    for who in ("submitter", "reviewer", "org_admin"):
        with pytest.raises(DomainError, match="coördinatoren"):
            prepare(challenge, by=getattr(personas, who))
    DecisionFactory(need=challenge)
    with pytest.raises(DomainError, match="coördinatoren"):
        services.publish_decisions(call=challenge.call, by=personas.reviewer)
    assert not Decision.objects.filter(published_at__isnull=False).exists()


# Prepared, then published ------------------------------------------------------------------


def test_it_keeps_prepared_decisions_invisible_to_submitters(
    personas, client, challenge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        prepare(challenge, "selected")

    challenge.refresh_from_db()
    assert challenge.status == Status.RETAINED
    assert challenge.decision_motivation == "Een herkenbare nood."
    assert not status_mails(personas.submitter).exists()
    assert not [m for m in mail.outbox if personas.submitter.email in m.to]
    public = client.get(reverse("calls:challenge", args=[challenge.pk])).content.decode()
    own = client_for(personas.submitter).get(reverse("calls:need", args=[challenge.pk]))
    for page in (public, own.content.decode()):
        assert MOTIVATION not in page
        assert "geselecteerd" not in page
    assert not Project.objects.exists()


def test_it_publishes_the_decisions_together_and_tells_the_submitters(
    personas, client, call, challenge, jury, django_capture_on_commit_callbacks
):
    personas.submitter.language = "en"
    personas.submitter.save()
    other = NeedFactory(
        call=call, organisation=personas.other_organisation, retained=True, title="Tweede nood"
    )
    third = NeedFactory(call=call, organisation=personas.organisation, retained=True)
    prepare(challenge, "selected")
    prepare(other, "declined", motivation="Te weinig onderbouwd.")
    prepare(third, "backlog", motivation="Volgend jaar opnieuw.")

    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_decisions(call=call, by=personas.coordinator)

    assert published == 3
    assert [Need.objects.get(pk=n.pk).status for n in (challenge, other, third)] == [
        Status.SELECTED,
        Status.DECLINED,
        Status.BACKLOG,
    ]
    challenge.refresh_from_db()
    assert challenge.decision_motivation == MOTIVATION
    assert not Decision.objects.prepared().exists()
    # The submitter hears it in her own language (English), with the motivation.
    (message,) = status_mails(personas.submitter)
    assert message.language == "en"
    assert "The status of your need 'Zalen reserveren zonder telefoon' is now: selected." in (
        message.body_text
    )
    assert MOTIVATION in message.body_text
    sent = [m for m in mail.outbox if personas.submitter.email in m.to]
    assert any(MOTIVATION in m.body for m in sent)
    assert status_mails(other.submitted_by).get().body_text.count("Te weinig onderbouwd.") == 1
    # The public challenge page and the submitter's own page show the outcome now.
    own = client_for(personas.submitter).get(reverse("calls:need", args=[challenge.pk]))
    assert MOTIVATION in own.content.decode()
    # A project is born from the selected need only, its submitter as lokale indiener.
    project = Project.objects.get()
    assert project.need == challenge
    assert project.phase == Project.Phase.EXPLORE
    assert list(project.team.values_list("user", "role")) == [
        (personas.submitter.pk, Membership.Role.LOCAL_SUBMITTER)
    ]
    assert ActivityLog.objects.filter(action="decisions.published").count() == 1


def test_it_makes_the_submitters_of_merged_needs_lokale_indieners_too(personas, challenge):
    colleague = UserFactory(name="Mo Mede-indiener")
    NeedFactory(
        call=challenge.call,
        organisation=personas.other_organisation,
        submitted_by=colleague,
        status=Status.MERGED,
        merged_into=challenge,
    )
    prepare(challenge, "selected")

    services.publish_decisions(call=challenge.call, by=personas.coordinator)

    project = Project.objects.get(need=challenge)
    assert set(project.team.values_list("user", "role")) == {
        (personas.submitter.pk, Membership.Role.LOCAL_SUBMITTER),
        (colleague.pk, Membership.Role.LOCAL_SUBMITTER),
    }
    assert [n.pk for n in project.needs] == [
        challenge.pk,
        *challenge.merged_needs.values_list("pk", flat=True),
    ]


def test_it_publishes_nothing_twice(personas, challenge):
    prepare(challenge, "selected")
    services.publish_decisions(call=challenge.call, by=personas.coordinator)

    assert services.publish_decisions(call=challenge.call, by=personas.coordinator) == 0
    assert Project.objects.count() == 1
    assert status_mails(personas.submitter).count() == 1
    with pytest.raises(DomainError):
        prepare(challenge, "declined")
    decision = Decision.objects.get()
    with pytest.raises(DomainError, match="al gepubliceerd"):
        services.withdraw_decision(decision=decision, by=personas.coordinator)


def test_it_prepares_publishes_and_shows_the_outcome_from_the_pages(personas, challenge):
    client = client_for(personas.coordinator)
    decide = reverse("reviews:decide", args=[challenge.pk])

    page = client.get(decide).content.decode()
    assert "Rik Reviewer" in page and "Eva Expert" in page
    response = client.post(decide, {"outcome": "selected", "motivation": MOTIVATION})
    assert response.status_code == 302
    ranking = client.get(reverse("reviews:ranking", args=[challenge.call.slug])).content.decode()
    assert "voorbereid" in ranking
    response = client.post(reverse("reviews:publish", args=[challenge.call.slug]), follow=True)

    assert "1 beslissingen gepubliceerd" in response.content.decode()
    assert Need.objects.get(pk=challenge.pk).status == Status.SELECTED
    assert Project.objects.filter(need=challenge).exists()
    assert "Beslissen over" not in response.content.decode().split("<table", 1)[1]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"outcome": "selected", "motivation": ""},
        {"outcome": "promoted", "motivation": MOTIVATION},
        {"outcome": ["selected", "declined"], "motivation": MOTIVATION * 200},
    ],
)
def test_it_answers_a_bad_decision_form_with_400(personas, challenge, data):
    response = client_for(personas.coordinator).post(
        reverse("reviews:decide", args=[challenge.pk]), data
    )

    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_it_withdraws_a_prepared_decision(personas, challenge):
    prepare(challenge, "selected")

    response = client_for(personas.coordinator).post(
        reverse("reviews:decide", args=[challenge.pk]), {"intrekken": ""}
    )

    assert response.status_code == 302
    assert not Decision.objects.exists()


def test_it_refuses_a_decision_without_motivation_or_on_a_need_not_retained(personas, call):
    retained = NeedFactory(call=call, organisation=personas.organisation, retained=True)
    with pytest.raises(DomainError, match="motivering"):
        prepare(retained, motivation="   ")
    with pytest.raises(DomainError, match="Onbekende beslissing"):
        prepare(retained, outcome="merged")
    submitted = NeedFactory(call=call, organisation=personas.organisation, submitted=True)
    with pytest.raises(DomainError, match="weerhouden nood"):
        prepare(submitted)
    assert not Decision.objects.exists()


# The call's maximum ------------------------------------------------------------------------


@pytest.fixture
def full_call(personas, jury):
    """A call that starts at most one project, with two retained needs."""
    call = CallFactory(closed=True, max_projects=1)
    return call, [
        NeedFactory(call=call, organisation=personas.organisation, retained=True, title=t)
        for t in ("Eerste", "Tweede")
    ]


def test_it_refuses_to_select_beyond_the_maximum_until_it_is_raised(personas, full_call):
    call, (first, second) = full_call
    prepare(first, "selected")

    with pytest.raises(DomainError, match="hoogstens 1 proefprojecten"):
        prepare(second, "selected")
    # Declining or parking stays possible, and so does rewording the selection.
    prepare(second, "backlog")
    prepare(first, "selected", motivation="Nog beter gemotiveerd.")

    services.set_max_projects(call=call, max_projects=2, by=personas.coordinator)
    prepare(second, "selected")
    assert Decision.objects.filter(outcome="selected").count() == 2


def test_it_counts_published_selections_against_the_maximum(personas, full_call):
    call, (first, second) = full_call
    prepare(first, "selected")
    services.publish_decisions(call=call, by=personas.coordinator)

    with pytest.raises(DomainError, match="hoogstens"):
        prepare(second, "selected")


def test_it_frees_a_place_when_a_prepared_selection_is_withdrawn(personas, full_call):
    _call, (first, second) = full_call
    services.withdraw_decision(decision=prepare(first, "selected"), by=personas.coordinator)

    prepare(second, "selected")


def test_it_raises_the_maximum_from_the_ranking_page(personas, full_call):
    call, (first, second) = full_call
    prepare(first, "selected")
    client = client_for(personas.coordinator)

    refused = client.post(
        reverse("reviews:decide", args=[second.pk]), {"outcome": "selected", "motivation": "Ook"}
    )
    assert refused.status_code == 400
    assert "Verhoog het maximum" in refused.content.decode()
    for bad in ("0", "veel", ""):
        client.post(reverse("reviews:max_projects", args=[call.slug]), {"max_projects": bad})
        call.refresh_from_db()
        assert call.max_projects == 1
    client.post(reverse("reviews:max_projects", args=[call.slug]), {"max_projects": "2"})
    accepted = client.post(
        reverse("reviews:decide", args=[second.pk]), {"outcome": "selected", "motivation": "Ook"}
    )

    assert accepted.status_code == 302
    call.refresh_from_db()
    assert call.max_projects == 2
    assert ActivityLog.objects.filter(action="call.max_projects_changed").exists()


def test_it_applies_the_maximum_per_round_of_a_rolling_call(personas, jury):
    now = timezone.now()
    call = CallFactory(
        rolling=True,
        max_projects=1,
        review_dates=[now - timedelta(days=1), now + timedelta(days=90)],
    )
    june, december = call.review_dates.all()
    a, b = (
        NeedFactory(call=call, organisation=personas.organisation, retained=True, review_round=june)
        for _ in range(2)
    )
    c = NeedFactory(
        call=call, organisation=personas.organisation, retained=True, review_round=december
    )
    prepare(a, "selected")

    with pytest.raises(DomainError, match="hoogstens"):
        prepare(b, "selected")
    prepare(c, "selected")  # another round, another place

    # Publishing one round leaves the other round's decisions prepared.
    assert services.publish_decisions(call=call, review_round=june, by=personas.coordinator) == 1
    assert Need.objects.get(pk=a.pk).status == Status.SELECTED
    assert Need.objects.get(pk=c.pk).status == Status.RETAINED
    assert Decision.objects.prepared().get().need == c


@pytest.mark.django_db(transaction=True)
def test_it_holds_the_maximum_when_two_coordinators_select_at_once(personas, jury):
    """Two coordinators select the last place at the same moment; the second one counts the
    first one's selection. On PostgreSQL this tests prepare_decision's row lock on the call
    (without it, this test fails about every other run); on SQLite, IMMEDIATE transactions
    take the write lock at BEGIN, so the two run one after the other and the test shows
    that the check reads what the other committed."""
    call = CallFactory(closed=True, max_projects=1)
    needs = [
        NeedFactory(call=call, organisation=personas.organisation, retained=True) for _ in range(2)
    ]
    second = UserFactory(is_coordinator=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def select(need, coordinator):
        try:
            barrier.wait(timeout=10)
            services.prepare_decision(
                need=need, outcome="selected", motivation=MOTIVATION, by=coordinator
            )
            outcomes.append("selected")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=select, args=(need, who))
        for need, who in zip(needs, (personas.coordinator, second), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "selected"]
    assert Decision.objects.filter(outcome="selected").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_publishes_once_when_two_coordinators_publish_at_once(personas, jury):
    call = CallFactory(closed=True)
    need = NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        retained=True,
    )
    services.prepare_decision(
        need=need, outcome="selected", motivation=MOTIVATION, by=personas.coordinator
    )
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def publish():
        try:
            barrier.wait(timeout=10)
            counts.append(services.publish_decisions(call=call, by=personas.coordinator))
        except DomainError:
            counts.append(-1)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(counts) in ([0, 1], [-1, 1])
    assert Project.objects.count() == 1
    assert status_mails(personas.submitter).count() == 1
