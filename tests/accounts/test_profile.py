"""A person keeps their name and language up to date."""

import pytest
from django.urls import reverse

from proeftuin.accounts import services
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_updates_the_name_and_language_and_logs_the_change(personas):
    member = personas.submitter
    response = client_for(member).post(
        reverse("accounts:profile"), {"name": "Ines Nieuwenaam", "language": "en"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    member.refresh_from_db()
    assert (member.name, member.language) == ("Ines Nieuwenaam", "en")
    entry = ActivityLog.objects.get(action="user.profile_updated")
    assert entry.changes == {
        "name": ["Ines Indiener", "Ines Nieuwenaam"],
        "language": ["nl-be", "en"],
    }


def test_it_refuses_an_empty_name_or_an_unknown_language(personas):
    response = client_for(personas.submitter).post(
        reverse("accounts:profile"), {"name": "", "language": "klingon"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "language"}
    personas.submitter.refresh_from_db()
    assert personas.submitter.name == "Ines Indiener"


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lets_nobody_edit_someone_elses_profile(personas):
    with pytest.raises(DomainError):
        services.update_profile(
            user=personas.submitter, name="Gekaapt", language="nl-be", by=personas.outsider
        )
