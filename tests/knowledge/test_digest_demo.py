"""The demo: an edition of the digest waits for a coordinator's preview, with what the
other demos published; loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from proeftuin.accounts.models import User
from proeftuin.knowledge.models import Edition

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder
from ..conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_edition_ready_to_preview(media):  # noqa: F811
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    edition = Edition.objects.get()
    assert edition.status == Edition.Status.PREPARED
    coordinator = User.objects.get(email="coordinator@demo.proeftuin.be")
    response = client_for(coordinator).get(reverse("knowledge:digest_preview", args=[edition.pk]))
    assert response.status_code == 200
    assert "<h3>" in response.content.decode()  # at least one kind of news
