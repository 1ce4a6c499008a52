"""The coordinators' dashboard: who sees it, its filters, its CSV downloads and its cache."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from proeftuin.core.activity import log_action
from proeftuin.insights import cache as insights_cache
from proeftuin.insights.filters import Filters
from proeftuin.insights.sections import SECTIONS

from ..calls.conftest import CallFactory, NeedFactory
from ..conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("insights:dashboard")


def test_it_shows_every_section_to_a_coordinator(personas: Any) -> None:
    response = client_for(personas.coordinator).get(URL)
    assert response.status_code == 200
    for section in SECTIONS:
        assert f'id="{section.key}"' in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "submitter", "org_admin", "team_member"])
def test_it_is_a_404_for_everyone_else(personas: Any, who: str) -> None:
    assert client_for(getattr(personas, who)).get(URL).status_code == 404


def test_it_is_a_404_for_an_anonymous_visitor(client: Any) -> None:
    assert client.get(URL).status_code == 404


def test_it_links_the_dashboard_for_coordinators_only(personas: Any) -> None:
    assert URL in client_for(personas.coordinator).get(reverse("core:home")).content.decode()
    assert URL not in client_for(personas.submitter).get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    "query", ["jaar=abc", "jaar=1999", "oproep=bestaat-niet", "soort=bakker", "provincie=Utopia"]
)
def test_it_answers_a_bad_filter_with_400_and_the_form(personas: Any, query: str) -> None:
    response = client_for(personas.coordinator).get(f"{URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'name="jaar"' in page


def test_it_filters_by_call_and_keeps_the_choice(personas: Any) -> None:
    call = CallFactory(slug="lente-2026")
    NeedFactory(call=call, submitted=True)
    NeedFactory(submitted=True)
    response = client_for(personas.coordinator).get(f"{URL}?oproep=lente-2026")
    assert response.status_code == 200
    assert response.context["sections"][0][1].stages[0].count == 1
    assert 'value="lente-2026" selected' in response.content.decode()


def test_it_downloads_a_table_as_csv(personas: Any) -> None:
    NeedFactory(submitted=True)
    response = client_for(personas.coordinator).get(reverse("insights:csv", args=["trechter"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="trechter.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffStap,Aantal,Aandeel van de vorige stap"
    assert lines[1] == "Noden ingediend,1,"


def test_it_downloads_with_the_same_filters(personas: Any) -> None:
    call = CallFactory(slug="najaar")
    NeedFactory(call=call, submitted=True)
    NeedFactory(submitted=True)
    NeedFactory(submitted=True)
    url = reverse("insights:csv", args=["trechter"])
    lines = client_for(personas.coordinator).get(f"{url}?oproep=najaar").content.decode()
    assert "Noden ingediend,1," in lines


def test_it_refuses_a_csv_with_a_bad_filter_or_an_unknown_table(personas: Any) -> None:
    coordinator = client_for(personas.coordinator)
    assert (
        coordinator.get(reverse("insights:csv", args=["trechter"]) + "?jaar=x").status_code == 400
    )
    assert coordinator.get(reverse("insights:csv", args=["bestaat-niet"])).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "submitter"])
def test_it_hides_the_csv_from_everyone_else(personas: Any, who: str) -> None:
    url = reverse("insights:csv", args=["trechter"])
    assert client_for(getattr(personas, who)).get(url).status_code == 404


def test_it_serves_the_cache_until_an_action_is_logged(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    NeedFactory(submitted=True)
    assert insights_cache.dashboard(Filters())["funnel"].stages[0].count == 1
    NeedFactory(submitted=True)  # written around the services: not seen yet
    assert insights_cache.dashboard(Filters())["funnel"].stages[0].count == 1
    with django_capture_on_commit_callbacks(execute=True):
        log_action(
            actor=personas.coordinator, action="need.submitted", target=personas.organisation
        )
    assert insights_cache.dashboard(Filters())["funnel"].stages[0].count == 2


def test_it_starts_a_fresh_generation_when_the_cache_lost_it() -> None:
    first = insights_cache.generation()
    cache.delete(insights_cache.GENERATION_KEY)
    insights_cache.bump()
    assert insights_cache.generation() > first


def test_it_offers_each_year_with_needs_once_newest_first(personas: Any) -> None:
    brussels = ZoneInfo("Europe/Brussels")
    for moment in [datetime(2025, 3, 1), datetime(2025, 9, 1), datetime(2025, 1, 1, 0, 30)]:
        NeedFactory(submitted=True, submitted_at=moment.replace(tzinfo=brussels))
    NeedFactory(submitted=True, submitted_at=datetime(2024, 12, 31, 23, 30, tzinfo=brussels))
    form = client_for(personas.coordinator).get(URL).context["form"]
    assert [value for value, _ in form.fields["jaar"].choices] == ["", 2025, 2024]


def test_it_serves_the_rendered_page_from_the_cache_until_an_action_is_logged(
    personas: Any, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    coordinator = client_for(personas.coordinator)

    def sections() -> str:
        page = coordinator.get(URL).content.decode()
        return page[page.index('class="plain-list insights-toc"') :]

    NeedFactory(submitted=True)
    first = sections()
    NeedFactory(submitted=True)  # written around the services: not seen yet
    with django_assert_max_num_queries(8):  # the session, the user and the filter form's lists
        again = sections()
    assert again == first
    assert "<svg" in again
    with django_capture_on_commit_callbacks(execute=True):
        log_action(
            actor=personas.coordinator, action="need.submitted", target=personas.organisation
        )
    assert sections() != first
