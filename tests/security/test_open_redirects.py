"""`next=` never sends anyone off-site: sign-in, sign-out, the language switch and following
all redirect only within the site, and a `next` that is no URL at all is no 500."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from ..conftest import client_for
from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example.com/",
    "//evil.example.com/",
    "///evil.example.com/",
    "/\\evil.example.com/",
    "\\\\evil.example.com",
    "https:evil.example.com",
    "javascript:alert(1)",
    "http://testserver@evil.example.com/",
    " https://evil.example.com",
    "\thttps://evil.example.com",
    "-1",
    "",
]


def stays_on_site(response: object) -> bool:
    location = response["Location"]  # type: ignore[index]
    target = urlsplit(location)
    return (
        (not target.netloc or target.netloc == "testserver")
        and target.scheme in ("", "http", "https")
        and not location.startswith(("//", "/\\"))
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_it_signs_in_and_stays_on_site(personas, target):
    response = Client().post(
        "/accounts/login/",
        {"login": personas.submitter.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert stays_on_site(response), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_it_signs_out_and_stays_on_site(personas, target):
    response = client_for(personas.submitter).post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert stays_on_site(response), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_it_switches_language_and_stays_on_site(target):
    response = Client().post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert stays_on_site(response), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_it_follows_and_stays_on_site(personas, target):
    from ..calls.conftest import NeedFactory

    challenge = NeedFactory(challenge=True)
    response = client_for(personas.submitter).post(
        f"/volgen/calls.need/{challenge.pk}/", {"action": "follow", "next": target}
    )
    assert response.status_code == 302
    assert stays_on_site(response), response["Location"]
