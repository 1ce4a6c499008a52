"""The autosave in a real browser: a sign-in that expires half-way loses nothing."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from proeftuin.calls.models import Need

from ..factories import PASSWORD
from .conftest import NeedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, user: Any) -> None:
    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/mijn/.*"))


def test_it_saves_what_was_typed_after_the_person_signs_in_again_in_another_tab(
    page: Any, live_server: Any, personas: Any, open_call: Any
) -> None:
    draft = NeedFactory(
        call=open_call, organisation=personas.organisation, submitted_by=personas.submitter
    )
    sign_in(page, live_server.url, personas.submitter)
    page.goto(live_server.url + reverse("calls:need_edit", args=[draft.pk]))
    status = page.locator("#save-status")

    page.fill("#id_problem", "Eerste versie")
    status.get_by_text("Bewaard om").wait_for()
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the sign-in expired
    page.fill("#id_problem", "Getypt nadat de aanmelding verliep")
    status.get_by_text("Je bent afgemeld.").wait_for()
    other_tab = page.context.new_page()
    sign_in(other_tab, live_server.url, personas.submitter)
    other_tab.close()
    # proeftuin.js tries again every ten seconds.
    status.get_by_text("Bewaard om").wait_for(timeout=15_000)

    assert page.input_value("#id_problem") == "Getypt nadat de aanmelding verliep"
    draft.refresh_from_db()
    assert draft.problem == "Getypt nadat de aanmelding verliep"
    assert Need.objects.count() == 1
