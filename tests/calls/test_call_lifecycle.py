"""A call: created by a coordinator, open and closed by its dates, decided; rolling rounds."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.models import Call, Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog

from ..conftest import client_for
from ..factories import ThemeFactory
from .conftest import CRITERIA, CallFactory, NeedFactory, frozen

pytestmark = pytest.mark.django_db

CallStatus = Call.Status


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({"unpublished": True}, CallStatus.DRAFT),
        ({"upcoming": True}, CallStatus.UPCOMING),
        ({}, CallStatus.OPEN),
        ({"closed": True}, CallStatus.CLOSED),
        ({"decided": True}, CallStatus.DECIDED),
        ({"rolling": True}, CallStatus.OPEN),
    ],
)
def test_it_computes_the_status_from_the_dates(traits, expected):
    call = CallFactory(**traits)

    assert call.status == expected
    assert (call in Call.objects.open()) == (expected == CallStatus.OPEN)


def test_it_closes_a_call_at_once_when_its_closing_moment_passes(personas):
    closes_at = datetime(2027, 1, 31, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Brussels
    call = CallFactory(opens_at=closes_at - timedelta(days=60), closes_at=closes_at)

    with frozen(closes_at - timedelta(seconds=1)):
        assert call.status == CallStatus.OPEN
        assert list(Call.objects.open()) == [call]
    # No job has to run: the very next second it is closed, on every page and in every query.
    with frozen(closes_at):
        assert call.status == CallStatus.CLOSED
        assert not Call.objects.open().exists()
        assert list(Call.objects.closed()) == [call]
        page = client_for(personas.submitter).get(reverse("calls:detail", args=[call.slug]))
        assert "gesloten" in page.text
        assert "Een nood indienen" not in page.text


def test_it_lists_open_upcoming_and_past_calls_publicly(client):
    CallFactory(title="Open oproep")
    CallFactory(title="Komende oproep", upcoming=True)
    CallFactory(title="Gesloten oproep", closed=True)
    CallFactory(title="Geheime oproep", unpublished=True)

    response = client.get(reverse("calls:list"))

    assert response.status_code == 200
    html = response.text
    assert html.index("Open oproep") < html.index("Komende oproep") < html.index("Gesloten oproep")
    assert "Geheime oproep" not in html


def test_it_shows_a_call_with_its_criteria_timeline_and_how_to_take_part(client, open_call):
    response = client.get(reverse("calls:detail", args=[open_call.slug]))

    assert response.status_code == 200
    assert "Relevantie voor de burger" in response.text
    assert "Grote meerwaarde voor veel inwoners" in response.text
    assert "Tijdlijn" in response.text
    assert "Zo neem je deel" in response.text
    assert "<strong>digitale nood</strong>" in response.text  # Markdown, rendered
    assert "Meld je aan om een nood in te dienen" in response.text


def test_it_sanitises_the_introduction(client):
    call = CallFactory(introduction="Hallo <script>alert('x')</script> [klik](javascript:alert(1))")

    response = client.get(reverse("calls:detail", args=[call.slug]))

    assert "<script>alert" not in response.text
    assert "javascript:alert" not in response.text


@pytest.mark.parametrize("who", ["anonymous", "submitter", "other_member", "outsider"])
def test_it_hides_an_unpublished_call_from_everyone_but_coordinators(client, personas, who):
    call = CallFactory(unpublished=True)
    url = reverse("calls:detail", args=[call.slug])
    visitor = client if who == "anonymous" else client_for(getattr(personas, who))

    assert visitor.get(url).status_code == 404
    assert client_for(personas.coordinator).get(url).status_code == 200


def call_form_data(**overrides):
    data = {
        "title": "Proeftuin lente 2027",
        "introduction": "Welke digitale nood houdt je bezig?",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-30T23:59",
        "max_projects": "3",
        "allowed_attachments": ["pdf", "image"],
        "review_dates": "",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-name": "Relevantie voor de burger",
        "criteria-0-description": "Hoeveel inwoners hebben er baat bij?",
        "criteria-0-weight": "3",
        "criteria-0-meaning_1": "Weinig",
        "criteria-0-meaning_3": "Een doelgroep",
        "criteria-0-meaning_5": "Veel inwoners",
        "criteria-1-name": "",
        "criteria-1-weight": "1",  # the default a browser sends for an untouched row
    }
    data.update(overrides)
    return data


def test_it_lets_a_coordinator_create_a_call_with_criteria(personas):
    theme = ThemeFactory(slug="ticketing", name="Ticketing")

    response = client_for(personas.coordinator).post(
        reverse("calls:create"), call_form_data(themes=[theme.pk])
    )

    call = Call.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("calls:detail", args=[call.slug])
    assert call.slug == "proeftuin-lente-2027"
    assert call.status == CallStatus.DRAFT  # not published yet
    # Entered in Brussels time: 09:00 in March is 08:00 UTC.
    assert call.opens_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert call.allowed_attachments == ["pdf", "image"]
    assert list(call.themes.all()) == [theme]
    criterion = call.criteria.get()
    assert (criterion.name, criterion.weight, criterion.meaning_5) == (
        "Relevantie voor de burger",
        3,
        "Veel inwoners",
    )
    assert ActivityLog.objects.filter(action="call.created").count() == 1


def test_it_lets_a_coordinator_create_a_rolling_call_with_review_dates(personas):
    response = client_for(personas.coordinator).post(
        reverse("calls:create"),
        call_form_data(is_rolling="on", closes_at="", review_dates="2027-06-21\n2027-12-21\n"),
    )

    assert response.status_code == 302
    call = Call.objects.get()
    assert call.is_rolling
    assert call.closes_at is None
    cutoffs = [timezone.localtime(d.cutoff_at) for d in call.review_dates.all()]
    assert [(c.month, c.day, c.hour, c.minute) for c in cutoffs] == [
        (6, 21, 23, 59),
        (12, 21, 23, 59),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2027-02-01T09:00"}, "De oproep moet sluiten na het openen."),
        ({"is_rolling": "on", "closes_at": ""}, "minstens één beoordelingsdatum"),
        ({"is_rolling": "on", "review_dates": "21 juni"}, "is geen datum"),
        ({"criteria-0-weight": "0"}, "Een gewicht is groter dan nul."),
        ({"criteria-0-name": ""}, "Dit veld is verplicht."),
    ],
)
def test_it_refuses_an_inconsistent_call(personas, overrides, message):
    response = client_for(personas.coordinator).post(
        reverse("calls:create"), call_form_data(**overrides)
    )

    assert response.status_code == 400
    assert message in response.text
    assert not Call.objects.exists()


def test_it_records_what_changed_when_a_call_is_edited(personas):
    call = CallFactory(title="Proeftuin lente", slug="proeftuin-lente", criteria=CRITERIA[:1])

    response = client_for(personas.coordinator).post(
        reverse("calls:edit", args=[call.slug]),
        call_form_data(title="Proeftuin lente 2027", max_projects="5"),
    )

    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title, call.max_projects, call.slug) == (
        "Proeftuin lente 2027",
        5,
        "proeftuin-lente",
    )
    entry = ActivityLog.objects.get(action="call.updated")
    assert entry.changes["title"] == ["Proeftuin lente", "Proeftuin lente 2027"]
    assert entry.changes["max_projects"] == ["3", "5"]


def test_it_publishes_a_draft_call_and_decides_it_once_closed(personas):
    call = CallFactory(unpublished=True, closed=True)
    coordinator = client_for(personas.coordinator)

    coordinator.post(reverse("calls:call_action", args=[call.slug, "publiceren"]))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED

    coordinator.post(reverse("calls:call_action", args=[call.slug, "beslissen"]))
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    assert list(
        ActivityLog.objects.filter(object_id=str(call.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["call.published", "call.decided"]


def test_it_refuses_to_decide_a_call_that_is_still_open(personas, open_call):
    with pytest.raises(DomainError, match="Alleen een gesloten oproep"):
        services.decide_call(call=open_call, by=personas.coordinator)

    response = client_for(personas.coordinator).post(
        reverse("calls:call_action", args=[open_call.slug, "beslissen"]), follow=True
    )
    assert "Alleen een gesloten oproep kan beslist worden." in response.text
    open_call.refresh_from_db()
    assert open_call.decided_at is None


def test_it_lets_only_coordinators_save_calls(personas):
    with pytest.raises(DomainError):
        services.save_call(
            fields={"title": "x", "opens_at": timezone.now(), "closes_at": None},
            themes=[],
            criteria=[{"name": "x"}],
            review_dates=[],
            by=personas.submitter,
        )


def coordinator_pages(call, need):
    return [
        ("get", reverse("calls:manage")),
        ("get", reverse("calls:create")),
        ("post", reverse("calls:create")),
        ("get", reverse("calls:edit", args=[call.slug])),
        ("get", reverse("calls:intake", args=[call.slug])),
        ("post", reverse("calls:intake", args=[call.slug])),
        ("get", reverse("calls:intake_csv", args=[call.slug])),
        ("post", reverse("calls:call_action", args=[call.slug, "beslissen"])),
        ("post", reverse("calls:need_decide", args=[need.pk, "retained"])),
        ("post", reverse("calls:need_decide", args=[need.pk, "publish"])),
        ("post", reverse("calls:need_decide", args=[need.pk, "merge"])),
    ]


@pytest.mark.parametrize(
    "who",
    ["submitter", "org_admin", "reviewer", "team_member", "expert", "other_member", "outsider"],
)
def test_it_answers_404_on_coordinator_pages_to_everyone_else(personas, submitted, who):
    visitor = client_for(getattr(personas, who))

    for method, url in coordinator_pages(submitted.call, submitted):
        response = getattr(visitor, method)(url, {"motivation": "Waarom niet"})
        assert response.status_code == 404, (method, url)
    submitted.refresh_from_db()
    assert submitted.status == Need.Status.SUBMITTED


def test_it_answers_404_on_coordinator_pages_to_anonymous_visitors(client, submitted):
    for method, url in coordinator_pages(submitted.call, submitted):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_it_shows_coordinators_their_pages(personas, submitted):
    coordinator = client_for(personas.coordinator)

    for url in [
        reverse("calls:manage"),
        reverse("calls:create"),
        reverse("calls:edit", args=[submitted.call.slug]),
        reverse("calls:intake", args=[submitted.call.slug]),
        reverse("calls:intake_csv", args=[submitted.call.slug]),
    ]:
        assert coordinator.get(url).status_code == 200, url


# Rolling calls ---------------------------------------------------------------------------


def test_it_puts_a_need_in_the_round_of_the_next_review_date(personas):
    june = datetime(2027, 6, 21, 21, 59, 59, tzinfo=UTC)
    december = datetime(2027, 12, 21, 22, 59, 59, tzinfo=UTC)
    call = CallFactory(
        rolling=True, opens_at=datetime(2027, 1, 1, tzinfo=UTC), review_dates=[june, december]
    )
    first, second, late = (
        NeedFactory(call=call, organisation=personas.organisation, submitted_by=personas.submitter)
        for _ in range(3)
    )

    services.submit_need(need=first, by=personas.submitter, now=june - timedelta(seconds=1))
    services.submit_need(need=second, by=personas.submitter, now=june + timedelta(seconds=1))
    services.submit_need(need=late, by=personas.submitter, now=december + timedelta(days=1))

    for need in (first, second, late):
        need.refresh_from_db()
    assert first.review_round.cutoff_at == june
    assert second.review_round.cutoff_at == december
    assert late.review_round is None  # after the last review date: no round yet
    assert call.status_at(december + timedelta(days=400)) == CallStatus.OPEN  # stays open


def test_it_keeps_a_need_of_a_fixed_call_out_of_any_round(personas, draft):
    services.submit_need(need=draft, by=personas.submitter)

    draft.refresh_from_db()
    assert draft.review_round is None
