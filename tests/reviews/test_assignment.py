"""A coordinator assigns reviewers to retained needs, by hand or spread by the platform:
N per need, balanced load, never a reviewer of the need's own organisation or municipality,
never one who declared a conflict of interest."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeftuin.calls.models import CoSubmitter, Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.organisations.models import Membership
from proeftuin.reviews import services
from proeftuin.reviews.assignment import NeedInfo, ReviewerInfo, plan_assignments
from proeftuin.reviews.models import Review, ReviewerRole
from proeftuin.reviews.permissions import conflict_reason

from ..conftest import client_for
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from .conftest import CallFactory, NeedFactory, ReviewerRoleFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def in_a_week():
    return timezone.now() + timedelta(days=7)


# The pure planner -----------------------------------------------------------------------


@st.composite
def random_calls(draw):
    """Organisations spread over a few municipalities (some over two), needs of one or two
    organisations (a joint need), reviewers in zero to two organisations (an expert in none),
    existing assignments of which some were freed by a declared conflict."""
    places = draw(st.integers(1, 5))
    organisations = [
        draw(st.frozensets(st.integers(0, places - 1), min_size=1, max_size=2))
        for _ in range(draw(st.integers(1, 6)))
    ]
    orgs = st.integers(0, len(organisations) - 1)

    def where(of):
        return frozenset().union(*(organisations[o] for o in of))

    needs = []
    for pk in range(1, draw(st.integers(0, 8)) + 1):
        of = draw(st.frozensets(orgs, min_size=1, max_size=2))
        needs.append(NeedInfo(pk=pk, organisations=of, municipalities=where(of)))
    reviewers = []
    for pk in range(101, 101 + draw(st.integers(0, 8))):
        of = draw(st.frozensets(orgs, max_size=2))
        reviewers.append(ReviewerInfo(pk=pk, organisations=of, municipalities=where(of)))
    existing = {}
    if needs and reviewers:
        pairs = st.tuples(
            st.sampled_from([n.pk for n in needs]), st.sampled_from([r.pk for r in reviewers])
        )
        existing = draw(st.dictionaries(pairs, st.sampled_from(["active", "conflict"])))
    return needs, reviewers, existing, draw(st.integers(1, 4))


def allowed(need, reviewer, blocked):
    """The rule, written out independently of the code under test."""
    return (
        (need.pk, reviewer.pk) not in blocked
        and not set(need.organisations) & set(reviewer.organisations)
        and not set(need.municipalities) & set(reviewer.municipalities)
    )


@given(random_calls())
def test_it_never_plans_a_conflicted_or_same_organisation_or_same_municipality_reviewer(call):
    needs, reviewers, existing, per_need = call
    blocked = set(existing)
    taken = Counter(need for (need, _), state in existing.items() if state == "active")

    plan = plan_assignments(needs, reviewers, per_need=per_need, taken=taken, blocked=blocked)

    by_pk = {r.pk: r for r in reviewers}
    needs_by_pk = {n.pk: n for n in needs}
    assert len(plan.pairs) == len(set(plan.pairs)), "a pair planned twice"
    for need_pk, reviewer_pk in plan.pairs:
        assert allowed(needs_by_pk[need_pk], by_pk[reviewer_pk], blocked)
    got = Counter(need for need, _ in plan.pairs)
    for need in needs:
        wanted = max(per_need - taken[need.pk], 0)
        eligible = sum(allowed(need, r, blocked) for r in reviewers)
        assert got[need.pk] == min(wanted, eligible)
        assert plan.short.get(need.pk, 0) == max(wanted - eligible, 0)


@given(
    needs=st.integers(0, 30),
    reviewers=st.integers(1, 12),
    per_need=st.integers(1, 5),
)
def test_it_balances_the_load_when_every_reviewer_is_eligible(needs, reviewers, per_need):
    plan = plan_assignments(
        [NeedInfo(pk, frozenset({1}), frozenset({1})) for pk in range(1, needs + 1)],
        [ReviewerInfo(pk, frozenset(), frozenset()) for pk in range(101, 101 + reviewers)],
        per_need=per_need,
        taken={},
        blocked=set(),
    )

    load = Counter(dict.fromkeys(range(101, 101 + reviewers), 0))
    load.update(reviewer for _, reviewer in plan.pairs)
    assert max(load.values()) - min(load.values()) <= 1
    assert len(plan.pairs) == needs * min(per_need, reviewers)


def test_it_gives_the_new_work_to_those_with_the_least_open_work():
    plan = plan_assignments(
        [NeedInfo(pk, frozenset({1}), frozenset({1})) for pk in (1, 2, 3)],
        [ReviewerInfo(pk, frozenset(), frozenset()) for pk in (101, 102, 103)],
        per_need=1,
        taken={},
        blocked=set(),
        load=Counter({101: 4, 102: 0, 103: 1}),
    )

    assert Counter(reviewer for _, reviewer in plan.pairs) == {102: 2, 103: 1}


# Through the service, on a real database -------------------------------------------------


@pytest.fixture
def coordinator(db):
    return UserFactory(name="Chris Coördinator", is_coordinator=True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_it_never_auto_assigns_a_conflicted_or_same_municipality_reviewer(coordinator, data):
    with transaction.atomic():
        places = [MunicipalityFactory() for _ in range(data.draw(st.integers(1, 3)))]
        orgs = [
            OrganisationFactory(
                municipalities=data.draw(
                    st.lists(st.sampled_from(places), min_size=1, max_size=2, unique=True)
                )
            )
            for _ in range(data.draw(st.integers(2, 5)))
        ]
        call = CallFactory(closed=True)
        reviewers = []
        active: dict[int, set[int]] = {}
        for _ in range(data.draw(st.integers(0, 5))):
            user = UserFactory()
            active[user.pk] = set()
            for org in data.draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True)):
                # A reviewer who left an organisation no longer counts as one of it.
                status = data.draw(st.sampled_from([Membership.Status.ACTIVE, "left"]))
                MembershipFactory(user=user, organisation=org, status=status)
                if status == Membership.Status.ACTIVE:
                    active[user.pk].add(org.pk)
            ReviewerRoleFactory(call=call, user=user)
            reviewers.append(user)
        needs = []
        submitting: dict[int, set[int]] = {}
        for _ in range(data.draw(st.integers(1, 6))):
            org = data.draw(st.sampled_from(orgs))
            need = NeedFactory(call=call, organisation=org, retained=True)
            submitting[need.pk] = {org.pk}
            co = data.draw(st.sampled_from(orgs))
            if co != org:
                confirmed = data.draw(st.booleans())
                CoSubmitter.objects.create(
                    need=need, organisation=co, confirmed_at=timezone.now() if confirmed else None
                )
                if confirmed:
                    submitting[need.pk].add(co.pk)
            needs.append(need)
        declared = set()
        if reviewers:
            for need, reviewer in data.draw(
                st.lists(st.tuples(st.sampled_from(needs), st.sampled_from(reviewers)), max_size=4)
            ):
                if (need.pk, reviewer.pk) not in declared:
                    ReviewFactory(need=need, reviewer=reviewer, conflict_declared_at=timezone.now())
                    declared.add((need.pk, reviewer.pk))
        per_need = data.draw(st.integers(1, 3))

        services.auto_assign(call=call, per_need=per_need, deadline=in_a_week(), by=coordinator)

        place_of = {o.pk: {m.pk for m in o.municipalities.all()} for o in orgs}

        def eligible(need, user):
            need_places = set().union(*(place_of[o] for o in submitting[need.pk]))
            user_places = set().union(*(place_of[o] for o in active[user.pk]))
            return (
                (need.pk, user.pk) not in declared
                and not submitting[need.pk] & active[user.pk]
                and not need_places & user_places
            )

        for need in needs:
            assigned = list(Review.objects.active().filter(need=need).select_related("reviewer"))
            for review in assigned:
                assert eligible(need, review.reviewer)
                assert conflict_reason(review.reviewer, need) is None
            possible = sum(eligible(need, user) for user in reviewers)
            assert len(assigned) == min(per_need, possible)
        transaction.set_rollback(True)


def test_it_gives_every_need_n_reviewers_when_enough_are_eligible(personas, call, jury):
    gent = [
        NeedFactory(call=call, organisation=personas.organisation, retained=True) for _ in range(4)
    ]
    NeedFactory(call=call, organisation=personas.organisation, submitted=True)  # not retained

    count, short = services.auto_assign(
        call=call, per_need=2, deadline=in_a_week(), by=personas.coordinator
    )

    assert (count, short) == (8, {})
    for need in gent:
        assert need.reviews.count() == 2
    load = Counter(Review.objects.values_list("reviewer", flat=True))
    assert sorted(load.values()) == [2, 3, 3]
    assert Notification.objects.filter(kind="reviews.assigned").count() == 8
    assert ActivityLog.objects.filter(action="review.auto_assigned").count() == 1


def test_it_reports_needs_short_of_eligible_reviewers(personas, call):
    need = NeedFactory(call=call, organisation=personas.organisation, retained=True)
    ReviewerRoleFactory(call=call, user=personas.reviewer)
    ReviewerRoleFactory(call=call, user=personas.submitter)  # her own organisation

    count, short = services.auto_assign(
        call=call, per_need=3, deadline=in_a_week(), by=personas.coordinator
    )

    assert count == 1
    assert short == {need.pk: 2}
    assert list(need.reviews.values_list("reviewer", flat=True)) == [personas.reviewer.pk]


def test_it_does_not_assign_twice_when_run_again(personas, need, jury):
    services.auto_assign(call=need.call, per_need=2, deadline=in_a_week(), by=personas.coordinator)
    again, _ = services.auto_assign(
        call=need.call, per_need=2, deadline=in_a_week(), by=personas.coordinator
    )

    assert again == 0
    assert need.reviews.count() == 2


def test_it_lets_an_expert_without_organisation_review(personas, need, jury):
    services.assign_reviewer(
        need=need, reviewer=personas.expert, deadline=in_a_week(), by=personas.coordinator
    )

    assert need.reviews.get().reviewer == personas.expert


def test_it_frees_the_need_when_a_reviewer_declares_a_conflict(personas, need, jury):
    services.auto_assign(call=need.call, per_need=1, deadline=in_a_week(), by=personas.coordinator)
    first = need.reviews.get()

    response = client_for(first.reviewer).post(
        reverse("reviews:conflict", args=[first.pk]), {"reason": "Mijn zus werkt daar."}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_conflicted
    assert first.conflict_reason == "Mijn zus werkt daar."
    assert Notification.objects.filter(user=personas.coordinator, kind="reviews.conflict").exists()

    count, _ = services.auto_assign(
        call=need.call, per_need=1, deadline=in_a_week(), by=personas.coordinator
    )
    assert count == 1
    active = Review.objects.active().get(need=need)
    assert active.reviewer != first.reviewer
    # Never the conflicted reviewer again, by hand either.
    with pytest.raises(DomainError, match="belangenconflict"):
        services.assign_reviewer(
            need=need, reviewer=first.reviewer, deadline=in_a_week(), by=personas.coordinator
        )
    assert Review.objects.filter(need=need, reviewer=first.reviewer).count() == 1


def test_it_refuses_a_conflict_without_reason_or_from_someone_else(personas, review):
    with pytest.raises(DomainError, match="reden"):
        services.declare_conflict(review=review, reason="  ", by=personas.reviewer)
    with pytest.raises(DomainError, match="jurylid zelf"):
        services.declare_conflict(review=review, reason="Ik ken hen", by=personas.expert)
    response = client_for(personas.expert).post(
        reverse("reviews:conflict", args=[review.pk]), {"reason": "Ik ken hen"}
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert not review.is_conflicted


def test_it_refuses_a_conflict_on_a_submitted_scorecard(personas, review):
    review.submitted_at = timezone.now()
    review.save()

    with pytest.raises(DomainError, match="al ingediend"):
        services.declare_conflict(review=review, reason="Te laat bedacht", by=personas.reviewer)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("submitter", "organisatie die de nood indiende"),
        ("gent_colleague", "dezelfde gemeente"),
        ("co_submitter", "organisatie die de nood indiende"),
        ("co_submitter_town", "dezelfde gemeente"),
    ],
)
def test_it_refuses_to_assign_by_hand_a_reviewer_of_the_needs_organisation_or_municipality(
    personas, need, who, message
):
    gent = personas.organisation.municipalities.get()
    aalst = MunicipalityFactory(nis_code="41002", name="Aalst")
    co = OrganisationFactory(name="Bib Aalst", municipalities=[aalst])
    CoSubmitter.objects.create(need=need, organisation=co, confirmed_at=timezone.now())
    people = {
        "submitter": personas.submitter,
        "gent_colleague": MembershipFactory(
            organisation=OrganisationFactory(name="Erfgoedcel Gent", municipalities=[gent])
        ).user,
        "co_submitter": MembershipFactory(organisation=co).user,
        "co_submitter_town": MembershipFactory(
            organisation=OrganisationFactory(name="CC Aalst", municipalities=[aalst])
        ).user,
    }
    person = people[who]
    ReviewerRoleFactory(call=need.call, user=person)

    with pytest.raises(DomainError, match=message):
        services.assign_reviewer(
            need=need, reviewer=person, deadline=in_a_week(), by=personas.coordinator
        )
    services.auto_assign(call=need.call, per_need=3, deadline=in_a_week(), by=personas.coordinator)
    assert not need.reviews.exists()


def test_it_assigns_only_the_calls_reviewers_to_retained_needs_and_only_for_coordinators(
    personas, need, jury
):
    with pytest.raises(DomainError, match="geen jurylid"):
        services.assign_reviewer(
            need=need, reviewer=personas.other_member, deadline=in_a_week(), by=personas.coordinator
        )
    with pytest.raises(DomainError, match="coördinatoren"):
        services.assign_reviewer(
            need=need, reviewer=personas.reviewer, deadline=in_a_week(), by=personas.org_admin
        )
    with pytest.raises(DomainError, match="coördinatoren"):
        services.auto_assign(call=need.call, per_need=1, deadline=in_a_week(), by=personas.expert)
    draft = NeedFactory(call=need.call, organisation=personas.organisation)
    with pytest.raises(DomainError, match="weerhouden"):
        services.assign_reviewer(
            need=draft, reviewer=personas.reviewer, deadline=in_a_week(), by=personas.coordinator
        )
    assert not Review.objects.exists()


def test_it_adds_reviewers_and_spreads_them_from_the_jury_page(personas, need):
    client = client_for(personas.coordinator)
    url = reverse("reviews:assign", args=[need.call.slug])

    for person in (personas.reviewer, personas.expert):
        response = client.post(url, {"jurylid-email": person.email.upper()})
        assert response.status_code == 302
    unknown = client.post(url, {"jurylid-email": "niemand@example.be"})
    assert unknown.status_code == 400
    assert "Er is geen account met dit e-mailadres." in unknown.content.decode()
    response = client.post(
        url, {"auto-per_need": "2", "auto-deadline": "2031-06-21T17:00"}, follow=True
    )

    assert response.status_code == 200
    assert "2 toewijzingen gemaakt." in response.content.decode()
    assert set(ReviewerRole.objects.values_list("user", flat=True)) == {
        personas.reviewer.pk,
        personas.expert.pk,
    }
    assert need.reviews.count() == 2
    page = client.get(url).content.decode()
    assert "Rik Reviewer" in page and "Eva Expert" in page


def test_it_assigns_one_reviewer_by_hand_from_the_jury_page(personas, need, jury):
    client = client_for(personas.coordinator)
    url = reverse("reviews:assign_one", args=[need.call.slug, need.pk])

    response = client.post(url, {"reviewer": personas.expert.pk, "deadline": "2031-06-21T17:00"})
    assert response.status_code == 302
    assert need.reviews.get().reviewer == personas.expert
    # Someone who is not a reviewer of the call is not in the choice.
    client.post(url, {"reviewer": personas.outsider.pk, "deadline": "2031-06-21T17:00"})
    assert need.reviews.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"auto-per_need": "0", "auto-deadline": "2031-06-21T17:00"},
        {"auto-per_need": "twee", "auto-deadline": "morgen"},
        {"remove": "abc"},
        {"jurylid-email": "geen-adres"},
    ],
)
def test_it_answers_bad_jury_forms_without_a_500(personas, need, jury, data):
    response = client_for(personas.coordinator).post(
        reverse("reviews:assign", args=[need.call.slug]), data
    )

    assert response.status_code in (400, 404)
    assert not Review.objects.exists()


def test_it_keeps_a_reviewer_with_open_assignments(personas, review):
    role = ReviewerRole.objects.get(call=review.need.call, user=personas.reviewer)

    response = client_for(personas.coordinator).post(
        reverse("reviews:assign", args=[review.need.call.slug]), {"remove": role.pk}, follow=True
    )

    assert "nog toewijzingen" in response.content.decode()
    assert ReviewerRole.objects.filter(pk=role.pk).exists()


def test_it_assigns_only_the_needs_of_the_chosen_round_of_a_rolling_call(personas, jury):
    now = timezone.now()
    call = CallFactory(
        rolling=True, review_dates=[now - timedelta(days=1), now + timedelta(days=60)]
    )
    first, second = call.review_dates.all()
    for person in jury:
        ReviewerRoleFactory(call=call, user=person)
    early = NeedFactory(
        call=call, organisation=personas.organisation, retained=True, review_round=first
    )
    late = NeedFactory(
        call=call, organisation=personas.organisation, retained=True, review_round=second
    )

    services.auto_assign(
        call=call, per_need=2, deadline=in_a_week(), review_round=first, by=personas.coordinator
    )

    assert early.reviews.count() == 2
    assert not late.reviews.exists()
    assert Need.objects.get(pk=late.pk).status == Need.Status.RETAINED
