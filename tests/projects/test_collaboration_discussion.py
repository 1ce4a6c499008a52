"""The team talks in its project's discussion and under each experiment; an @mention tells
the team member named, and only them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification
from proeftuin.projects import services
from proeftuin.projects.models import Comment, Project

from ..conftest import client_for
from ..factories import UserFactory
from .conftest import ExperimentFactory, MemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(project):
    return reverse("projects:discussion", args=[project.pk])


def mentions(user):
    return Notification.objects.filter(user=user, kind="projects.mention")


def test_it_shows_the_messages_in_order_with_author_date_and_anchor(personas, project):
    first = services.post_comment(project=project, body="Wie belt de bib?", by=personas.submitter)
    second = services.post_comment(project=project, body="Ik doe het.", by=personas.team_member)

    page = client_for(personas.submitter).get(url(project)).content.decode()

    assert page.index(f'id="bericht-{first.pk}"') < page.index(f'id="bericht-{second.pk}"')
    assert "Ines Indiener" in page and "Tom Teamlid" in page
    assert page.count("<time datetime=") == 2
    # The team's handles are shown beside the form.
    assert "@tom-teamlid" in page and "@ines-indiener" in page


def test_it_notifies_exactly_the_mentioned_team_members(personas, project):
    expert = MemberFactory(project=project, user=personas.expert).user
    body = (
        "@Tom-Teamlid en @eva-expert: kijken jullie even? @otto-buitenstaander ook, "
        "en ik (@ines-indiener) zelf. Mail: info@tom-teamlid.be"
    )

    comment = services.post_comment(project=project, body=body, by=personas.submitter)

    assert set(comment.mentioned.all()) == {personas.team_member, expert}
    assert mentions(personas.team_member).count() == 1
    assert mentions(expert).count() == 1
    assert not mentions(personas.submitter).exists()
    assert not mentions(personas.outsider).exists()
    notification = mentions(personas.team_member).get()
    assert notification.url == f"{url(project)}#bericht-{comment.pk}"
    assert "Ines Indiener" in notification.title and project.title in notification.title


def test_it_gives_namesakes_each_their_own_handle(personas, project):
    one = MemberFactory(project=project, user=UserFactory(name="An Peeters")).user
    two = MemberFactory(project=project, user=UserFactory(name="An Peeters")).user

    handles = services.mentionable(project)
    assert handles[f"an-peeters-{one.pk}"] == one and handles[f"an-peeters-{two.pk}"] == two

    services.post_comment(
        project=project, body=f"@an-peeters-{two.pk} dank!", by=personas.submitter
    )
    assert not mentions(one).exists() and mentions(two).count() == 1


def test_it_shows_a_message_as_text_and_marks_only_team_mentions(personas, project):
    services.post_comment(
        project=project,
        body='<script>alert("x")</script> <b>vet</b> @tom-teamlid @otto-buitenstaander',
        by=personas.submitter,
    )

    page = client_for(personas.team_member).get(url(project)).content.decode()

    assert "<script>alert" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;vet&lt;/b&gt;" in page
    assert '<strong class="mention">@tom-teamlid</strong>' in page
    assert '<strong class="mention">@otto-buitenstaander</strong>' not in page


def test_it_posts_in_place_with_htmx(personas, project):
    client = client_for(personas.submitter)

    response = client.post(url(project), {"body": "Hallo @tom-teamlid"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="gesprek"')
    comment = Comment.objects.get()
    assert f'id="bericht-{comment.pk}"' in html
    # A fresh, empty form comes back with the list.
    assert "Hallo @tom-teamlid</textarea>" not in html
    assert mentions(personas.team_member).count() == 1


def test_it_posts_without_javascript_and_lands_on_the_message(personas, project):
    response = client_for(personas.submitter).post(url(project), {"body": "Zonder script"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{url(project)}#bericht-{comment.pk}"


@pytest.mark.parametrize("htmx", [False, True])
def test_it_refuses_an_empty_message_and_keeps_the_page(personas, project, htmx):
    response = client_for(personas.submitter).post(
        url(project), {"body": "   "}, **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    assert ("<html" in response.content.decode()) is not htmx
    assert not Comment.objects.exists()


def test_it_keeps_a_long_message_typed_when_it_is_refused(personas, project):
    body = "x" * 5001
    response = client_for(personas.submitter).post(url(project), {"body": body})

    assert response.status_code == 400
    assert body in response.content.decode()


def test_it_lets_coordinators_talk_but_not_outsiders(personas, project):
    services.post_comment(project=project, body="Hoe loopt het?", by=personas.coordinator)
    with pytest.raises(DomainError):
        services.post_comment(project=project, body="Hallo", by=personas.outsider)

    response = client_for(personas.outsider).post(url(project), {"body": "Hallo"})
    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_it_keeps_the_discussion_open_after_the_project_stopped(personas, project):
    Project.objects.filter(pk=project.pk).update(outcome=Project.Outcome.STOPPED)
    project.refresh_from_db()

    response = client_for(personas.team_member).post(url(project), {"body": "Wat leerden we?"})

    assert response.status_code == 302


def test_it_discusses_an_experiment_on_its_own(personas, project):
    experiment = ExperimentFactory(project=project)
    post_url = reverse("projects:experiment_comment", args=[project.pk, experiment.pk])
    client = client_for(personas.submitter)

    response = client.post(post_url, {"body": "Loopt de test al? @tom-teamlid"})

    comment = Comment.objects.get()
    assert comment.experiment == experiment
    experiment_url = reverse("projects:experiment", args=[project.pk, experiment.pk])
    assert response.url == f"{experiment_url}#bericht-{comment.pk}"
    assert mentions(personas.team_member).get().url == f"{experiment_url}#bericht-{comment.pk}"
    # It stays out of the project's own discussion.
    assert f"bericht-{comment.pk}" not in client.get(url(project)).content.decode()

    partial = client.post(post_url, {"body": "Nog eentje"}, **HTMX).content.decode()
    assert partial.lstrip().startswith(f'<div id="gesprek-experiment-{experiment.pk}"')
    assert "Loopt de test al?" in partial

    refused = client.post(post_url, {"body": ""})
    assert refused.status_code == 400
    assert "Gesprek over" in refused.content.decode()


def test_it_refuses_an_experiment_of_another_project(personas, project):
    other = ExperimentFactory()
    response = client_for(personas.submitter).post(
        reverse("projects:experiment_comment", args=[project.pk, other.pk]), {"body": "Hallo"}
    )
    assert response.status_code == 404


def test_it_shows_the_newest_messages_and_pages_back(personas, project):
    Comment.objects.bulk_create(
        Comment(project=project, author=personas.submitter, body=f"bericht nummer {n:03d}")
        for n in range(60)
    )
    client = client_for(personas.submitter)

    newest = client.get(url(project)).content.decode()
    older = client.get(url(project), {"berichten": 2}).content.decode()

    assert "bericht nummer 059" in newest and "bericht nummer 009" not in newest
    assert newest.index("bericht nummer 010") < newest.index("bericht nummer 059")
    assert "bericht nummer 009" in older and "bericht nummer 010" not in older
    assert "?berichten=2" in newest


def test_it_runs_the_same_number_of_queries_whatever_the_number_of_messages(personas, project):
    client = client_for(personas.submitter)
    services.post_comment(project=project, body="één", by=personas.submitter)
    with CaptureQueriesContext(connection) as few:
        client.get(url(project))

    extra = [MemberFactory(project=project).user for _ in range(4)]
    Comment.objects.bulk_create(
        Comment(project=project, author=extra[n % 4], body=f"@tom-teamlid {n}") for n in range(40)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(project))

    assert response.status_code == 200
    assert len(many) == len(few)
