"""Following: a member follows a published challenge or project and is told, the way they
chose for the kind `follow`, when it moves; nothing unpublished can be followed."""

import pytest
from django.test import Client
from django.urls import reverse

from proeftuin.calls import services as calls_services
from proeftuin.calls.models import Need
from proeftuin.core import follows
from proeftuin.core.models import Follow, Notification, NotificationPreference
from proeftuin.projects import services
from proeftuin.projects.models import Project

from ..conftest import client_for
from ..projects.conftest import NeedFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def follow_url(label, obj):
    return reverse("core:follow", args=[label, obj.pk])


def publish(project, personas):
    services.request_publication(
        project=project, sections=[Project.Section.SUMMARY], by=personas.coordinator
    )
    return services.approve_publication(project=project, by=personas.coordinator)


def test_it_follows_and_unfollows_a_published_challenge(personas):
    challenge = NeedFactory(challenge=True)
    client = client_for(personas.other_member)

    page = client.get(reverse("calls:challenge", args=[challenge.pk]))
    assert "Volgen" in page.content.decode()
    response = client.post(
        follow_url("calls.need", challenge), {"next": f"/uitdagingen/{challenge.pk}/"}
    )
    assert response.status_code == 302
    assert response.url == f"/uitdagingen/{challenge.pk}/"
    assert follows.is_following(personas.other_member, challenge)
    # Following twice changes nothing.
    client.post(follow_url("calls.need", challenge))
    assert Follow.objects.count() == 1
    assert (
        "niet meer volgen"
        in client.get(reverse("calls:challenge", args=[challenge.pk])).content.decode()
    )

    client.post(follow_url("calls.need", challenge), {"action": "unfollow"})
    assert not follows.is_following(personas.other_member, challenge)


def test_it_answers_htmx_with_the_button(personas):
    challenge = NeedFactory(challenge=True)
    response = client_for(personas.other_member).post(
        follow_url("calls.need", challenge), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "niet meer volgen" in response.content.decode()


def test_it_sends_elsewhere_never_to_another_site(personas):
    challenge = NeedFactory(challenge=True)
    response = client_for(personas.other_member).post(
        follow_url("calls.need", challenge), {"next": "https://elders.example/"}
    )
    assert response.url == "/"


def test_it_gives_404_for_anything_unpublished_or_unknown(personas):
    draft = NeedFactory(submitted=True)
    unpublished = ProjectFactory()
    client = client_for(personas.other_member)

    assert client.post(follow_url("calls.need", draft)).status_code == 404
    assert client.post(follow_url("projects.project", unpublished)).status_code == 404
    assert client.post(follow_url("accounts.user", personas.outsider)).status_code == 404
    assert client.post(reverse("core:follow", args=["calls.need", "abc"])).status_code == 404
    assert not Follow.objects.exists()


def test_it_asks_a_visitor_to_sign_in(personas):
    challenge = NeedFactory(challenge=True)
    response = Client().post(follow_url("calls.need", challenge))
    assert response.status_code == 302
    assert "/accounts/" in response.url
    page = Client().get(reverse("calls:challenge", args=[challenge.pk])).content.decode()
    assert "Meld je aan" in page


def test_it_tells_followers_of_a_challenge_about_its_decision(personas):
    challenge = NeedFactory(challenge=True, title="Zalen reserveren")
    follows.follow(obj=challenge, by=personas.other_member)
    follows.follow(obj=challenge, by=personas.reviewer)
    NotificationPreference.objects.create(user=personas.reviewer, kind="follow", channel="off")

    calls_services.decide_after_review(
        need=challenge, to=Need.Status.SELECTED, motivation="Sterk", by=personas.coordinator
    )

    told = Notification.objects.filter(kind="follow")
    assert {n.user for n in told} == {personas.other_member, personas.reviewer}
    mine = told.get(user=personas.other_member)
    assert mine.title == "Er is beslist over de uitdaging 'Zalen reserveren': geselecteerd"
    assert mine.channel == "daily"
    assert mine.url == f"/uitdagingen/{challenge.pk}/"
    assert told.get(user=personas.reviewer).channel == "off"


def test_it_tells_followers_when_a_project_publishes_more(personas):
    project = publish(ProjectFactory(title="Zaalverhuur online"), personas)
    follows.follow(obj=project, by=personas.other_member)
    page = client_for(personas.other_member).get(reverse("knowledge:project", args=[project.pk]))
    assert "niet meer volgen" in page.content.decode()

    services.request_publication(
        project=project,
        sections=[Project.Section.SUMMARY, Project.Section.LEARNINGS],
        by=personas.coordinator,
    )
    services.approve_publication(project=project, by=personas.coordinator)

    notification = Notification.objects.get(kind="follow")
    assert notification.user == personas.other_member
    assert notification.title == "Nieuw op de publieke pagina van 'Zaalverhuur online'"


def test_it_exports_and_erases_a_members_follows(personas):
    challenge = NeedFactory(challenge=True)
    follows.follow(obj=challenge, by=personas.other_member)

    exported = follows.export_follows(personas.other_member)
    assert exported[0]["object"] == f"calls.need:{challenge.pk}"
    follows.erase_follows(personas.other_member)
    assert not Follow.objects.exists()
