"""A citizen answers a form through its link: validation per question kind with the other
answers kept, honeypot, rate limit, invitation code, closed form, receipt and erasure."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proeftuin.participation import ratelimit, services
from proeftuin.participation.models import ParticipationForm, Response

from .conftest import Kind, form_fields, question


@pytest.fixture
def opened(survey: ParticipationForm, personas: Any) -> ParticipationForm:
    return services.open_form(form=survey, by=personas.team_member)


def url(form: ParticipationForm, name: str = "answer") -> str:
    return reverse(f"participation:{name}", args=[form.token])


def good(form: ParticipationForm, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        Kind.SINGLE: "Website",
        Kind.MULTIPLE: ["Website", "Balie"],
        Kind.SCALE: "4",
        Kind.NPS: "9",
        Kind.YES_NO: "yes",
        Kind.NUMBER: "12,5",
        Kind.SHORT_TEXT: "",
        Kind.LONG_TEXT: "Graag ook 's avonds.",
    }
    values.update(changes)
    return {f"q{question(form, kind).pk}": value for kind, value in values.items()}


def test_it_keeps_the_answers_and_shows_the_receipt_once(
    client: Client, opened: ParticipationForm
) -> None:
    page = client.get(url(opened))
    assert page.status_code == 200
    assert b"<legend>" in page.content and b"Wat we met je antwoorden doen" in page.content
    response = client.post(url(opened), good(opened))
    assert response.status_code == 302
    assert Response.objects.count() == 1
    thanks = client.get(response["Location"])
    receipt = thanks.context["receipt"]
    assert receipt and receipt in thanks.content.decode()
    assert client.get(response["Location"]).context["receipt"] is None

    erase = client.post(url(opened, "erase"), {"receipt": receipt})
    assert erase.status_code == 200 and erase.context["erased"]
    assert not Response.objects.exists()
    again = client.post(url(opened, "erase"), {"receipt": receipt})
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (Kind.SINGLE, "", "Kies een antwoord."),
        (Kind.SINGLE, "Fax", "Kies een antwoord."),
        (Kind.MULTIPLE, [], "Kies minstens één antwoord."),
        (Kind.SCALE, "6", "Kies een antwoord."),
        (Kind.NPS, "", "Kies een antwoord."),
        (Kind.YES_NO, "misschien", "Kies een antwoord."),
        (Kind.NUMBER, "twaalf", "Geef een getal, zoals 12 of 12,5."),
        (Kind.NUMBER, "101", "Geef een getal van 0 tot 100."),
        (Kind.NUMBER, "1,234", "Geef hoogstens twee cijfers na de komma."),
        (Kind.SHORT_TEXT, "x" * 301, "300"),
    ],
)
def test_it_says_what_is_wrong_and_keeps_the_other_answers(
    client: Client, opened: ParticipationForm, kind: str, value: Any, message: str
) -> None:
    page = client.post(url(opened), good(opened, **{kind: value}))
    assert page.status_code == 400
    assert not Response.objects.exists()
    html = page.content.decode()
    assert message in html
    field = f"id_q{question(opened, kind).pk}"
    # The error is tied to its question, and listed at the top with a link to it.
    assert f'{field}_error"' in html and 'aria-describedby="' in html
    assert 'class="error-summary" role="alert"' in html and f'href="#{field}' in html
    # The other answers stay.
    assert "Graag ook &#x27;s avonds." in html
    if kind != Kind.SCALE:
        scale = f"id_q{question(opened, Kind.SCALE).pk}_3"
        assert re.search(rf"<input[^>]*id=\"{scale}\"[^>]*checked", html), html[
            html.find(scale) - 200 :
        ][:400]


def test_a_bot_filling_the_honeypot_keeps_nothing(
    client: Client, opened: ParticipationForm
) -> None:
    page = client.post(url(opened), {**good(opened), "website": "http://spam.example"})
    assert page.status_code == 400
    assert not Response.objects.exists()


def test_it_limits_answers_per_address(
    client: Client, opened: ParticipationForm, monkeypatch: Any
) -> None:
    monkeypatch.setattr(ratelimit, "LIMIT", 2)
    assert client.post(url(opened), good(opened)).status_code == 302
    assert client.post(url(opened), good(opened)).status_code == 302
    page = client.post(url(opened), good(opened))
    assert page.status_code == 429 and "te veel antwoorden" in page.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.post(url(opened), good(opened)).status_code == 302
    assert Response.objects.count() == 3


def test_a_closed_form_says_so_and_keeps_nothing(
    client: Client, opened: ParticipationForm, personas: Any
) -> None:
    services.close_form(form=opened, by=personas.team_member)
    assert "gesloten" in client.get(url(opened)).content.decode()
    assert client.post(url(opened), good(opened)).status_code == 409
    ParticipationForm.objects.filter(pk=opened.pk).update(
        status="open", closes_at=timezone.now() - timedelta(hours=1)
    )
    assert client.post(url(opened), good(opened)).status_code == 409
    assert not Response.objects.exists()


def test_a_draft_is_not_public(client: Client, survey: ParticipationForm) -> None:
    assert client.get(url(survey)).status_code == 404
    assert client.get(reverse("participation:answer", args=["nope"])).status_code == 404


def test_it_asks_the_invitation_code(
    client: Client, survey: ParticipationForm, personas: Any
) -> None:
    services.update_form(
        form=survey, fields=form_fields(requires_invitation=True), by=personas.team_member
    )
    services.open_form(form=survey, by=personas.team_member)
    (code,) = services.generate_codes(form=survey, count=1, by=personas.team_member)
    page = client.post(url(survey), {**good(survey), "invitation": "ABCD-EFGH"})
    assert page.status_code == 400 and "uitnodigingscode klopt niet" in page.content.decode()
    assert client.post(url(survey), {**good(survey), "invitation": code.code}).status_code == 302


def test_it_keeps_an_email_only_with_the_consent_box(
    client: Client, survey: ParticipationForm, personas: Any
) -> None:
    services.update_form(
        form=survey,
        fields=form_fields(asks_email=True, email_purpose="Je uitnodigen voor een gebruikstest."),
        by=personas.team_member,
    )
    services.open_form(form=survey, by=personas.team_member)
    page = client.post(url(survey), {**good(survey), "email": "an@example.be"})
    assert page.status_code == 400 and "Vink de toestemming aan" in page.content.decode()
    sent = client.post(
        url(survey), {**good(survey), "email": "an@example.be", "email_consent": "on"}
    )
    assert sent.status_code == 302
    assert Response.objects.get().email == "an@example.be"
    assert client.post(url(survey), good(survey)).status_code == 302
    assert Response.objects.filter(email="").count() == 1
