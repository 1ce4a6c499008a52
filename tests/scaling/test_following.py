"""A member follows a service and is told, the way they chose for the kind `follow`, when it
becomes available or is retired; a retired service cannot be followed."""

import pytest
from django.urls import reverse

from proeftuin.core import follows
from proeftuin.core.models import Follow, Notification
from proeftuin.scaling import services
from proeftuin.scaling.models import Service

from ..conftest import client_for
from .conftest import ServiceFactory

pytestmark = pytest.mark.django_db


def test_it_follows_a_service_from_its_page(personas):
    service = ServiceFactory(name="Zalen online reserveren")
    client = client_for(personas.other_member)

    page = client.get(reverse("scaling:service", args=[service.slug]))
    assert "Volgen" in page.content.decode()
    client.post(reverse("core:follow", args=["scaling.service", service.pk]))

    assert Follow.objects.filter(user=personas.other_member).count() == 1


def test_it_tells_followers_when_the_service_becomes_available(personas):
    service = ServiceFactory(name="Zalen online reserveren", state=Service.State.IN_DEVELOPMENT)
    follows.follow(obj=service, by=personas.other_member)

    services.set_service_state(
        service=service, state=Service.State.AVAILABLE, by=personas.coordinator
    )

    notification = Notification.objects.get(kind="follow")
    assert notification.user == personas.other_member
    assert notification.title == "De dienst 'Zalen online reserveren' is nu beschikbaar"


def test_it_does_not_let_anyone_follow_a_retired_service(personas):
    service = ServiceFactory(state=Service.State.RETIRED)

    response = client_for(personas.other_member).post(
        reverse("core:follow", args=["scaling.service", service.pk])
    )

    assert response.status_code == 404
    assert not Follow.objects.exists()
