"""The need form saves as the person types (htmx); nothing typed is ever lost."""

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from proeftuin.calls.models import Need
from proeftuin.core.models import ActivityLog

from ..conftest import client_for
from ..factories import PASSWORD, ThemeFactory
from .conftest import frozen

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
AUTOSAVE = "/noden/opslaan/"


def new_draft_data(personas, call, token, **overrides):
    data = {
        "client_token": str(token),
        "call": call.slug,
        "organisation": str(personas.organisation.pk),
        "title": "Zaalverhuur",
        "problem": "Verenigingen moeten langskomen",
        "target_groups": "",
        "current_handling": "",
        "citizen_value": "",
    }
    data.update(overrides)
    return data


def typed(need, **overrides):
    data = {
        "client_token": str(need.client_token),
        "title": need.title,
        "problem": need.problem,
        "target_groups": need.target_groups,
        "current_handling": need.current_handling,
        "citizen_value": need.citizen_value,
    }
    data.update(overrides)
    return data


def test_it_uses_the_autosave_address():
    assert reverse("calls:need_autosave") == AUTOSAVE


def test_it_saves_a_new_draft_and_answers_the_status_partial(personas, open_call):
    token = uuid.uuid4()

    response = client_for(personas.submitter).post(
        AUTOSAVE, new_draft_data(personas, open_call, token), **HTMX
    )

    assert response.status_code == 200
    assert 'id="save-status"' in response.text
    assert "Bewaard om" in response.text
    assert "<html" not in response.text  # only the partial
    need = Need.objects.get()
    assert (need.client_token, need.call, need.organisation, need.submitted_by) == (
        token,
        open_call,
        personas.organisation,
        personas.submitter,
    )
    assert (need.status, need.title) == (Need.Status.DRAFT, "Zaalverhuur")
    assert reverse("calls:need_edit", args=[need.pk]) in response.text


def test_it_saves_what_was_typed_into_an_existing_draft(personas, draft):
    theme = ThemeFactory(slug="participatie", name="Participatie")

    response = client_for(personas.submitter).post(
        AUTOSAVE,
        typed(draft, problem="Nieuwkomers kennen onze bib niet.", themes=[theme.pk]),
        **HTMX,
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.problem == "Nieuwkomers kennen onze bib niet."
    assert list(draft.themes.all()) == [theme]
    entry = ActivityLog.objects.get(action="need.edited")
    assert entry.changes["problem"][1] == "Nieuwkomers kennen onze bib niet."


def test_it_lets_a_colleague_of_the_same_organisation_save_the_draft(personas, draft):
    response = client_for(personas.team_member).post(
        AUTOSAVE, typed(draft, title="Samen geschreven"), **HTMX
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Samen geschreven"


def test_it_saves_a_draft_whose_title_is_still_empty(personas, draft):
    response = client_for(personas.submitter).post(
        AUTOSAVE, typed(draft, title="", problem="Eerst het probleem"), **HTMX
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.title, draft.problem) == ("", "Eerst het probleem")


def test_it_creates_one_draft_for_repeated_posts_with_the_same_token(personas, open_call):
    client = client_for(personas.submitter)
    token = uuid.uuid4()

    for problem in ["Verenigingen", "Verenigingen moeten", "Verenigingen moeten langskomen"]:
        response = client.post(
            AUTOSAVE, new_draft_data(personas, open_call, token, problem=problem), **HTMX
        )
        assert response.status_code == 200

    need = Need.objects.get()
    assert need.problem == "Verenigingen moeten langskomen"
    assert ActivityLog.objects.filter(action="need.created").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_creates_one_draft_for_two_concurrent_posts_with_the_same_token(personas):
    from .conftest import CallFactory

    call = CallFactory()
    token = uuid.uuid4()
    clients = [client_for(personas.submitter), client_for(personas.submitter)]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def save(client, problem):
        try:
            barrier.wait(timeout=10)
            data = new_draft_data(personas, call, token, problem=problem)
            statuses.append(client.post(AUTOSAVE, data, **HTMX).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(client, f"Versie {i}"))
        for i, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [200, 200]
    need = Need.objects.get()
    assert need.client_token == token
    assert need.problem in ("Versie 0", "Versie 1")
    assert ActivityLog.objects.filter(action="need.created").count() == 1


def test_it_answers_401_and_keeps_everything_when_the_person_was_signed_out(client, draft):
    response = client.post(AUTOSAVE, typed(draft, problem="Getypt na het afmelden"), **HTMX)

    assert response.status_code == 401
    assert "Je bent afgemeld." in response.text
    assert "Meld je opnieuw aan in een nieuw tabblad" in response.text
    assert "data-signed-out" in response.text  # proeftuin.js retries until it saves
    assert "Location" not in response.headers
    assert "<html" not in response.text
    draft.refresh_from_db()
    assert draft.problem.startswith("Inwoners moeten langskomen")


def sign_in(client, user):
    """Sign in through the real form, as a person would in another tab."""
    page = client.get(reverse("account_login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.text[:500]


def test_it_saves_the_kept_text_once_the_person_has_signed_in_again(personas, draft):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, personas.submitter)
    page = client.get(reverse("calls:need_edit", args=[draft.pk]))
    page_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    # The autosave leaves the page's token out and sends the cookie's (proeftuin.js).
    assert 'hx-params="not csrfmiddlewaretoken"' in page.text
    data = typed(draft, problem="Getypt terwijl de aanmelding verliep")

    del client.cookies[settings.SESSION_COOKIE_NAME]  # the sign-in expired
    signed_out = client.post(
        AUTOSAVE, data, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value, **HTMX
    )
    sign_in(client, personas.submitter)  # in another tab; this rotates the CSRF token
    stale = client.post(AUTOSAVE, {**data, "csrfmiddlewaretoken": page_token}, **HTMX)
    saved = client.post(AUTOSAVE, data, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value, **HTMX)

    assert signed_out.status_code == 401
    assert stale.status_code == 403  # why the page's own token must stay out of the autosave
    assert saved.status_code == 200
    draft.refresh_from_db()
    assert draft.problem == "Getypt terwijl de aanmelding verliep"


@pytest.mark.parametrize(
    "overrides",
    [
        {"organisation": "abc"},
        {"organisation": "999999"},
        {"client_token": "geen-uuid"},
        {"themes": ["abc"]},
        {"title": "x" * 201},
        {"call": "bestaat-niet", "organisation": ""},
    ],
)
def test_it_answers_400_to_invalid_input_for_a_new_draft(personas, open_call, overrides):
    data = {**new_draft_data(personas, open_call, uuid.uuid4()), **overrides}

    response = client_for(personas.submitter).post(AUTOSAVE, data, **HTMX)

    assert response.status_code == 400
    assert 'id="save-status"' in response.text
    assert not Need.objects.exists()


def test_it_answers_400_when_saving_into_another_organisations_name(personas, open_call):
    data = new_draft_data(
        personas, open_call, uuid.uuid4(), organisation=str(personas.other_organisation.pk)
    )

    response = client_for(personas.submitter).post(AUTOSAVE, data, **HTMX)

    assert response.status_code == 400
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    "overrides", [{"themes": ["999999"]}, {"title": "x" * 201}, {"themes": ["<script>"]}]
)
def test_it_answers_400_to_invalid_input_for_an_existing_draft(personas, draft, overrides):
    response = client_for(personas.submitter).post(AUTOSAVE, typed(draft, **overrides), **HTMX)

    assert response.status_code == 400
    assert "<script>" not in response.text
    draft.refresh_from_db()
    assert draft.title == "Nieuwkomers vinden de weg niet naar onze bib"


def test_it_answers_400_to_an_empty_post(personas):
    response = client_for(personas.submitter).post(AUTOSAVE, {}, **HTMX)

    assert response.status_code == 400


def test_it_shows_the_whole_form_again_without_javascript(personas, draft):
    response = client_for(personas.submitter).post(AUTOSAVE, typed(draft, title="x" * 201))

    assert response.status_code == 400
    assert 'id="need-form"' in response.text
    assert "x" * 201 in response.text  # what was typed stays on the page


def test_it_saves_and_shows_the_draft_without_javascript(personas, draft):
    response = client_for(personas.submitter).post(AUTOSAVE, typed(draft, title="Zonder htmx"))

    assert response.status_code == 302
    assert response.url == reverse("calls:need_edit", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.title == "Zonder htmx"


@pytest.mark.parametrize("who", ["other_member", "outsider"])
def test_it_answers_404_when_someone_else_saves_into_a_draft(personas, draft, who):
    response = client_for(getattr(personas, who)).post(
        AUTOSAVE, typed(draft, title="Overgenomen"), **HTMX
    )

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Nieuwkomers vinden de weg niet naar onze bib"


def test_it_keeps_saving_a_draft_after_the_call_closed(personas, draft):
    with frozen(draft.call.closes_at + timedelta(days=1)):
        response = client_for(personas.submitter).post(
            AUTOSAVE, typed(draft, problem="Voor de volgende oproep"), **HTMX
        )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.problem == "Voor de volgende oproep"


def test_it_refuses_a_new_draft_in_a_closed_call_with_a_message(personas):
    from .conftest import CallFactory

    closed = CallFactory(closed=True)

    response = client_for(personas.submitter).post(
        AUTOSAVE, new_draft_data(personas, closed, uuid.uuid4()), **HTMX
    )

    assert response.status_code == 409
    assert "Deze oproep staat niet open." in response.text
    assert not Need.objects.exists()


def test_it_refuses_to_autosave_into_a_submitted_need(personas, submitted):
    response = client_for(personas.submitter).post(
        AUTOSAVE, typed(submitted, title="Stiekem aangepast"), **HTMX
    )

    assert response.status_code == 409
    assert "Aanpassen" in response.text
    submitted.refresh_from_db()
    assert submitted.title == "Leesclubs voor jongeren online opvolgen"


def test_it_saves_in_a_fixed_number_of_queries(personas, draft, django_assert_max_num_queries):
    client = client_for(personas.submitter)

    with django_assert_max_num_queries(25):
        response = client.post(AUTOSAVE, typed(draft, problem="Snel bewaard"), **HTMX)

    assert response.status_code == 200
