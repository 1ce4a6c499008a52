"""Bad input never breaks a page: every form the personas can reach, posted with nasty and
random values, and every page they can open, asked with nasty query strings, answers below
500.

The pages come from the permission matrix (every route a persona may open); their forms and
query parameters are read from the HTML they serve, so a new form is fuzzed without being
listed here. Each request is rolled back (tests/security/routes.py).
"""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import World
from .forms import COMMON_PARAMETERS, NASTY, Form, forms_on
from .routes import Route, all_routes, ask
from .test_permission_matrix import expectation, url_for

pytestmark = pytest.mark.django_db

# Who reaches which forms: the public ones, a member's and a team's (Tom is Bibliotheek
# Gent's member, the projectleider and an article's author) and the coordinators'.
FUZZERS = ["anonymous", "team_member", "coordinator"]


def _client(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.people[persona] is not None:
        client.force_login(world.people[persona])
    return client


def _pages(world: World, persona: str) -> list[tuple[Route, str]]:
    """The routes the persona may open with a GET (200 in the matrix), with their URLs.
    The sign-out page is left out: a fuzzed form there would end the session."""
    pages = []
    for route in all_routes():
        expect = expectation(route.key)
        if (
            expect
            and expect.method == "GET"
            and expect.status[persona] == 200
            and not route.key.startswith(("account_logout", "admin:", "beheer/"))
        ):
            pages.append((route, url_for(route, world)))
    return pages


def _forms(client: Client, pages: list[tuple[Route, str]]) -> list[Form]:
    """The forms on these pages (each action and set of fields once: the language switch
    is on every page)."""
    found: dict[tuple[str, str, str], Form] = {}
    for _route, url in pages:
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for form in forms_on(url, response.content.decode()):
                if "/accounts/logout/" not in form.action:
                    key = (form.method, form.action, ",".join(sorted(form.fields)))
                    found.setdefault(key, form)
    return list(found.values())


def _rows(form: Form, count: int) -> list[dict[str, Any]]:
    """`count` rows of nasty values, shifted per field so that each row mixes kinds; in every
    other row a choice field takes one of its real options, so the form gets further."""
    rows: list[dict[str, Any]] = [{} for _ in range(count)]
    for shift, (name, options) in enumerate(form.fields.items()):
        for i, row in enumerate(rows):
            if options and i % 2:
                row[name] = options[(shift + i) % len(options)]
            else:
                row[name] = NASTY[(shift * 7 + i * 5) % len(NASTY)]
    return rows


@pytest.mark.parametrize("persona", FUZZERS)
def test_it_survives_nasty_values_in_every_form_and_query_string(
    persona: str, world: World
) -> None:
    client = _client(world, persona)
    pages = _pages(world, persona)
    forms = _forms(client, pages)
    assert any(form.method == "POST" for form in forms), "the fuzzing reached no form"
    errors = []
    # Every page's query string, with the parameters its filter forms name and the common
    # ones; first, as a form below may remove a file that a page shows.
    filters = {form.action: set(form.fields) for form in forms if form.method == "GET"}
    for _route, url in pages:
        names = sorted(set(COMMON_PARAMETERS) | filters.get(url, set()))
        for shift in (0, 7):
            query = urlencode(
                {name: NASTY[(shift + i) % len(NASTY)] for i, name in enumerate(names)}
            )
            status, _ = ask(client, "GET", f"{url}?{query}")
            if status >= 500:
                errors.append(f"GET {url}?{query[:300]} answered {status}")
                break
    # Every form, with two rows of nasty values.
    for form in forms:
        if form.method == "POST":
            for row in _rows(form, 2):
                status, _ = ask(client, "POST", form.action, row)
                if status >= 500:
                    errors.append(f"POST {form.action} {sorted(row)} answered {status}")
                    break
    assert not errors, "\n".join(errors)


# Random values on top of the nasty ones: text of any Unicode, integers of any size, dates.
VALUES = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.dates().map(str),
    st.sampled_from(NASTY),
)


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_it_survives_random_values_in_forms_and_query_strings(world: World, data: Any) -> None:
    persona = data.draw(st.sampled_from(FUZZERS))
    client = _client(world, persona)
    pages = _pages(world, persona)
    _route, url = data.draw(st.sampled_from(pages))
    forms = [f for f in _forms(client, [(_route, url)]) if f.method == "POST" and f.fields]
    if forms:
        form = data.draw(st.sampled_from(forms))
        row = {name: data.draw(VALUES) for name in form.fields}
        status, _ = ask(client, "POST", form.action, row)
        assert status < 500, f"POST {form.action} {row!r} answered {status}"
    query = data.draw(st.dictionaries(st.sampled_from(COMMON_PARAMETERS), VALUES, max_size=4))
    status, _ = ask(client, "GET", f"{url}?{urlencode(query)}")
    assert status < 500, f"GET {url}?{urlencode(query)} answered {status}"
