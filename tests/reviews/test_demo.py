"""The demo's decided spring call has completed reviews, a ranking, published decisions and
selected projects with their teams and test sites; the open call has scorecards waiting."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from proeftuin.calls.models import Call, Need
from proeftuin.projects.models import Membership, Project
from proeftuin.projects.models import TestSite as Site  # not "Test…": pytest would collect it
from proeftuin.reviews.models import Decision, Review, ReviewerRole, Score
from proeftuin.reviews.permissions import conflict_reason
from proeftuin.reviews.ranking import ranking

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder
from ..conftest import client_for

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ReviewerRole, Review, Score, Decision, Project, Membership, Site)
    }


def test_it_loads_the_demo_reviews_and_projects_once_however_often_it_runs(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert all(first.values()), first


def test_it_shows_a_decided_spring_call_with_reviews_ranking_decisions_and_projects(
    media,  # noqa: F811
):
    call_command("load_demo", verbosity=0)
    spring = next(c for c in Call.objects.all() if c.status == Call.Status.DECIDED)

    decided = Need.objects.filter(
        call=spring, status__in=[Need.Status.SELECTED, Need.Status.DECLINED, Need.Status.BACKLOG]
    )
    assert decided.filter(status=Need.Status.SELECTED).exists()
    for need in decided:
        reviews = Review.objects.filter(need=need)
        assert reviews.count() >= 2, need.title
        assert all(r.is_submitted for r in reviews)
        assert all(conflict_reason(r.reviewer, need) is None for r in reviews)
        assert all(r.scores.count() == spring.criteria.count() for r in reviews)
        decision = Decision.objects.get(need=need)
        assert decision.published_at is not None
        assert decision.outcome == need.status
        assert decision.motivation
    rows = ranking(spring)
    assert {row.need.pk for row in rows} >= set(decided.values_list("pk", flat=True))
    assert all(row.mean is not None for row in rows if row.need.status != Need.Status.RETAINED)
    # Reviewers do not all agree everywhere: the spread means something.
    assert any(row.spread for row in rows)
    # Every selected need became a project with its team and a test site with a PDF.
    for need in decided.filter(status=Need.Status.SELECTED):
        project = Project.objects.get(need=need)
        roles = set(project.team.values_list("role", flat=True))
        assert Membership.Role.LOCAL_SUBMITTER in roles
        assert Membership.Role.PROJECT_LEADER in roles
        assert project.team.filter(user=need.submitted_by).exists()
        site = project.test_sites.get()
        with site.agreement.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_it_gives_the_demo_expert_open_scorecards_in_the_open_call(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    winter = Call.objects.open().get()
    expert = Review.objects.filter(need__call=winter).first().reviewer

    page = client_for(expert).get(reverse("reviews:mine")).content.decode()

    open_reviews = Review.objects.open().filter(reviewer=expert, need__call=winter)
    assert open_reviews.exists()
    for review in open_reviews:
        assert review.need.title in page
        assert conflict_reason(expert, review.need) is None


def test_it_lets_the_demo_coordinator_open_the_spring_ranking(media):  # noqa: F811
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0)
    spring = next(c for c in Call.objects.all() if c.status == Call.Status.DECIDED)
    coordinator = get_user_model().objects.coordinators().first()
    client = client_for(coordinator)

    assert client.get(reverse("reviews:ranking", args=[spring.slug])).status_code == 200
    project = Project.objects.filter(need__call=spring).first()
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
