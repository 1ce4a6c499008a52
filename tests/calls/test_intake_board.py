"""The coordinator's intake board: filter, sort, decide in bulk, merge, publish, export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.calls import services
from proeftuin.calls.models import CoSubmitter, Need, Support
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification, Theme

from ..conftest import client_for
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, ThemeFactory
from .conftest import CallFactory, NeedFactory, SupportFactory

pytestmark = pytest.mark.django_db

Status = Need.Status


@pytest.fixture
def board(personas, open_call):
    """Three submitted needs from Gent, Herentals and Brugge, and a draft nobody sees yet."""
    brugge = MunicipalityFactory(nis_code="31005", name="Brugge", province="West-Vlaanderen")
    erfgoedcel = OrganisationFactory(name="Erfgoedcel Brugge", municipalities=[brugge])
    brugse = MembershipFactory(organisation=erfgoedcel, user__name="Bram Brugge").user
    theme = ThemeFactory(slug="erfgoed", name="Erfgoed en collecties")
    day = timezone.now() - timedelta(days=5)
    return {
        "gent": NeedFactory(
            call=open_call,
            organisation=personas.organisation,
            submitted_by=personas.submitter,
            title="Anderstalige nieuwkomers",
            status=Status.SUBMITTED,
            submitted_at=day,
        ),
        "herentals": NeedFactory(
            call=open_call,
            organisation=personas.other_organisation,
            submitted_by=personas.other_member,
            title="Zaalverhuur online",
            status=Status.SUBMITTED,
            submitted_at=day + timedelta(days=1),
        ),
        "brugge": NeedFactory(
            call=open_call,
            organisation=erfgoedcel,
            submitted_by=brugse,
            title="Beeldbank met vrijwilligers",
            status=Status.SUBMITTED,
            submitted_at=day + timedelta(days=2),
            themes=[theme],
        ),
        "draft": NeedFactory(
            call=open_call,
            organisation=personas.organisation,
            submitted_by=personas.submitter,
            title="Nog een ontwerp",
        ),
    }


def intake_url(call, **query):
    url = reverse("calls:intake", args=[call.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_shows_every_submitted_need_with_its_organisation_place_and_status(
    personas, open_call, board
):
    response = client_for(personas.coordinator).get(intake_url(open_call))

    assert response.status_code == 200
    html = response.text
    for title in ["Anderstalige nieuwkomers", "Zaalverhuur online", "Beeldbank met vrijwilligers"]:
        assert title in html
    assert "Nog een ontwerp" not in html
    assert "Erfgoedcel Brugge" in html
    assert "West-Vlaanderen" in html
    assert "Erfgoed en collecties" in html
    assert "3 noden" in html
    # Newest first by default.
    assert html.index("Beeldbank") < html.index("Zaalverhuur") < html.index("Anderstalige")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"province": "West-Vlaanderen"}, ["Beeldbank"], ["Zaalverhuur", "Anderstalige"]),
        ({"q": "zaal"}, ["Zaalverhuur"], ["Beeldbank", "Anderstalige"]),
        ({"q": "Herentals"}, ["Zaalverhuur"], ["Beeldbank", "Anderstalige"]),
        ({"status": "retained"}, [], ["Zaalverhuur", "Beeldbank", "Anderstalige"]),
        ({"status": "submitted"}, ["Zaalverhuur", "Beeldbank", "Anderstalige"], []),
    ],
)
def test_it_filters_the_board(personas, open_call, board, query, shown, hidden):
    response = client_for(personas.coordinator).get(intake_url(open_call, **query))

    assert response.status_code == 200
    for title in shown:
        assert title in response.text
    for title in hidden:
        assert title not in response.text


def test_it_filters_on_a_theme_and_sorts_by_title(personas, open_call, board):
    theme = Theme.objects.get(slug="erfgoed")
    coordinator = client_for(personas.coordinator)

    by_theme = coordinator.get(intake_url(open_call, theme=theme.pk))
    by_title = coordinator.get(intake_url(open_call, sort="title"))

    assert "Beeldbank" in by_theme.text
    assert "Zaalverhuur" not in by_theme.text
    html = by_title.text
    assert html.index("Anderstalige") < html.index("Beeldbank") < html.index("Zaalverhuur")


def test_it_answers_htmx_with_the_board_only(personas, open_call, board):
    response = client_for(personas.coordinator).get(
        intake_url(open_call, q="zaal"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'id="board"' in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"pagina": "abc"},
        {"pagina": "999999"},
        {"pagina": "-1"},
        {"sort": "evil"},
        {"sort": "submitted_by__password"},
        {"theme": "abc"},
        {"province": "Nergens"},
        {"q": "x" * 500},
        {"q": "%00'\"<script>"},
    ],
)
def test_it_answers_a_bad_query_string_with_400_or_a_normal_page(personas, open_call, board, query):
    response = client_for(personas.coordinator).get(intake_url(open_call, **query))

    assert response.status_code in (200, 400)
    assert "<script>" not in response.text
    csv_response = client_for(personas.coordinator).get(
        reverse("calls:intake_csv", args=[open_call.slug]), query
    )
    assert csv_response.status_code in (200, 400)


def bulk(coordinator, call, needs, action, motivation="Een herkenbare nood voor de sector."):
    return coordinator.post(
        intake_url(call),
        {"needs": [n.pk for n in needs], "action": action, "motivation": motivation},
    )


@pytest.mark.parametrize("action", ["retained", "declined", "backlog"])
def test_it_decides_in_bulk_with_a_motivation_and_tells_each_submitter(
    personas, open_call, board, action, django_capture_on_commit_callbacks
):
    chosen = [board["gent"], board["herentals"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client_for(personas.coordinator), open_call, chosen, action)

    assert response.status_code == 302
    for need in chosen:
        need.refresh_from_db()
        assert need.status == action
        assert need.decision_motivation == "Een herkenbare nood voor de sector."
        assert need.decided_at is not None
    board["brugge"].refresh_from_db()
    assert board["brugge"].status == Status.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.submitter.email, personas.other_member.email]
    )
    assert any("Anderstalige nieuwkomers" in m.subject for m in mail.outbox)


def test_it_requires_a_motivation_for_a_bulk_decision(personas, open_call, board):
    response = bulk(
        client_for(personas.coordinator), open_call, [board["gent"]], "declined", motivation=""
    )

    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.text
    board["gent"].refresh_from_db()
    assert board["gent"].status == Status.SUBMITTED


def test_it_requires_a_motivation_in_the_service_too(personas, board):
    with pytest.raises(DomainError, match="Geef een motivering"):
        services.decide_intake(
            need=board["gent"], to=Status.RETAINED, motivation="   ", by=personas.coordinator
        )


def test_it_reports_the_needs_a_bulk_decision_could_not_take(personas, open_call, board):
    services.withdraw_need(need=board["gent"], by=personas.submitter)

    coordinator = client_for(personas.coordinator)

    response = bulk(coordinator, open_call, [board["gent"], board["herentals"]], "retained")
    page = coordinator.get(response.url)

    board["herentals"].refresh_from_db()
    assert board["herentals"].status == Status.RETAINED
    board["gent"].refresh_from_db()
    assert board["gent"].status == Status.WITHDRAWN
    assert "Anderstalige nieuwkomers: Een nood met status" in page.text


def test_it_refuses_a_bulk_decision_on_another_calls_need(personas, open_call, board):
    elsewhere = NeedFactory(submitted=True)

    response = bulk(client_for(personas.coordinator), open_call, [elsewhere], "retained")

    assert response.status_code == 400
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.SUBMITTED


def test_it_merges_a_need_into_another_and_tells_both_submitters(
    personas, board, django_capture_on_commit_callbacks
):
    gent, herentals = board["gent"], board["herentals"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.coordinator).post(
            reverse("calls:need_decide", args=[gent.pk, "merge"]),
            {"into": herentals.pk, "motivation": "Beschrijft dezelfde nood."},
        )

    assert response.status_code == 302
    gent.refresh_from_db()
    assert (gent.status, gent.merged_into) == (Status.MERGED, herentals)
    # Both submitters stay linked: Bibliotheek Gent is now a confirmed co-submitter.
    link = CoSubmitter.objects.get(need=herentals)
    assert link.organisation == personas.organisation
    assert link.confirmed_at is not None
    assert (
        client_for(personas.submitter).get(reverse("calls:need", args=[herentals.pk])).status_code
        == 200
    )
    # … and both are told.
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {personas.submitter.email, personas.other_member.email}
    notification = Notification.objects.get(user=personas.other_member)
    assert "Anderstalige nieuwkomers" in notification.title


def test_it_merges_two_needs_of_one_organisation_without_inviting_itself(personas, board):
    again = NeedFactory(
        call=board["gent"].call,
        organisation=personas.organisation,
        submitted_by=personas.team_member,
        submitted=True,
    )

    services.merge_need(
        need=again, into=board["gent"], motivation="Dezelfde nood.", by=personas.coordinator
    )

    assert not CoSubmitter.objects.exists()


def test_it_refuses_to_merge_a_need_into_itself_or_into_a_declined_need(personas, board):
    with pytest.raises(DomainError):
        services.merge_need(
            need=board["gent"], into=board["gent"], motivation="x", by=personas.coordinator
        )
    services.decide_intake(
        need=board["herentals"], to=Status.DECLINED, motivation="Nee.", by=personas.coordinator
    )
    with pytest.raises(DomainError):
        services.merge_need(
            need=board["gent"], into=board["herentals"], motivation="x", by=personas.coordinator
        )


def test_it_offers_to_merge_with_needs_of_the_same_call_only(personas, board):
    NeedFactory(submitted=True, title="Uit een andere oproep")

    response = client_for(personas.coordinator).get(reverse("calls:need", args=[board["gent"].pk]))

    assert "Zaalverhuur online" in response.text
    assert "Uit een andere oproep" not in response.text


def test_it_publishes_only_a_retained_need_as_a_challenge(personas, board, client):
    gent = board["gent"]
    coordinator = client_for(personas.coordinator)

    refused = coordinator.post(reverse("calls:need_decide", args=[gent.pk, "publish"]), follow=True)
    assert "Alleen een weerhouden nood wordt een uitdaging." in refused.text
    assert client.get(reverse("calls:challenge", args=[gent.pk])).status_code == 404

    services.decide_intake(need=gent, to=Status.RETAINED, motivation="Ja.", by=personas.coordinator)
    coordinator.post(reverse("calls:need_decide", args=[gent.pk, "publish"]))
    assert client.get(reverse("calls:challenge", args=[gent.pk])).status_code == 200

    coordinator.post(reverse("calls:need_decide", args=[gent.pk, "unpublish"]))
    assert client.get(reverse("calls:challenge", args=[gent.pk])).status_code == 404


def test_it_takes_a_published_challenge_down_when_the_need_is_declined(personas, board, client):
    gent = board["gent"]
    services.decide_intake(need=gent, to=Status.RETAINED, motivation="Ja.", by=personas.coordinator)
    services.publish_challenge(need=gent, by=personas.coordinator)

    services.decide_intake(
        need=gent, to=Status.DECLINED, motivation="Toch niet.", by=personas.coordinator
    )

    assert client.get(reverse("calls:challenge", args=[gent.pk])).status_code == 404


def test_it_carries_a_backlog_need_into_a_later_call(personas, django_capture_on_commit_callbacks):
    parked = NeedFactory(
        call=CallFactory(closed=True),
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        status=Status.BACKLOG,
        submitted_at=timezone.now() - timedelta(days=60),
    )
    later = CallFactory(title="Proeftuin lente")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.coordinator).post(
            reverse("calls:need_decide", args=[parked.pk, "carry"]),
            {"call": later.slug, "motivation": "Past nu in het thema."},
        )

    assert response.status_code == 302
    parked.refresh_from_db()
    assert (parked.call, parked.status) == (later, Status.RETAINED)
    assert parked.decision_motivation == "Past nu in het thema."
    assert [m.to for m in mail.outbox] == [[personas.submitter.email]]


def test_it_requires_a_motivation_to_carry_a_backlog_need(personas):
    parked = NeedFactory(call=CallFactory(closed=True), status=Status.BACKLOG)

    with pytest.raises(DomainError, match="Geef een motivering"):
        services.carry_backlog(
            need=parked, call=CallFactory(), motivation="", by=personas.coordinator
        )

    parked.refresh_from_db()
    assert parked.status == Status.BACKLOG


def test_it_offers_the_open_calls_to_carry_a_backlog_need_into(personas):
    parked = NeedFactory(call=CallFactory(closed=True), status=Status.BACKLOG)
    CallFactory(title="Proeftuin lente")

    response = client_for(personas.coordinator).get(reverse("calls:need", args=[parked.pk]))

    assert "Meenemen naar oproep" in response.text
    assert "Proeftuin lente" in response.text


def test_it_exports_the_board_as_csv(personas, open_call, board):
    services.decide_intake(
        need=board["brugge"], to=Status.RETAINED, motivation="Ja.", by=personas.coordinator
    )
    SupportFactory(need=board["brugge"], organisation=personas.other_organisation)

    response = client_for(personas.coordinator).get(
        reverse("calls:intake_csv", args=[open_call.slug]) + "?sort=title"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="noden-{open_call.slug}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "nummer",
        "titel",
        "organisatie",
        "gemeenten",
        "provincies",
        "thema's",
        "status",
        "ingediend op",
        "steunbetuigingen",
    ]
    assert [row[1] for row in rows[1:]] == [
        "Anderstalige nieuwkomers",
        "Beeldbank met vrijwilligers",
        "Zaalverhuur online",
    ]
    brugge = rows[2]
    assert brugge[0] == str(board["brugge"].pk)
    assert brugge[2:7] == [
        "Erfgoedcel Brugge",
        "Brugge",
        "West-Vlaanderen",
        "Erfgoed en collecties",
        "weerhouden",
    ]
    assert brugge[8] == "1"
    assert Support.objects.count() == 1


def test_it_exports_only_what_the_filters_show(personas, open_call, board):
    response = client_for(personas.coordinator).get(
        reverse("calls:intake_csv", args=[open_call.slug]) + "?province=Antwerpen"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["Zaalverhuur online"]


# Query counts ----------------------------------------------------------------------------


def fill(call, count, organisations, themes):
    """`count` submitted needs spread over the organisations, each with a theme and support."""
    now = timezone.now()
    needs = Need.objects.bulk_create(
        Need(
            call=call,
            organisation=organisations[i % len(organisations)],
            submitted_by_id=organisations[i % len(organisations)].first_user_id,
            title=f"Nood {i}",
            problem="Een probleem",
            status=Status.RETAINED if i % 2 else Status.SUBMITTED,
            submitted_at=now - timedelta(minutes=i),
            published_at=now if i % 2 else None,
        )
        for i in range(count)
    )
    Need.themes.through.objects.bulk_create(
        Need.themes.through(need_id=need.pk, theme_id=themes[i % len(themes)].pk)
        for i, need in enumerate(needs)
    )
    Support.objects.bulk_create(
        Support(
            need=need,
            organisation=organisations[(i + 1) % len(organisations)],
            user_id=organisations[(i + 1) % len(organisations)].first_user_id,
        )
        for i, need in enumerate(needs)
        if i % 2
    )
    return needs


@pytest.fixture
def places(db):
    organisations = []
    for i in range(4):
        municipality = MunicipalityFactory(province=["Antwerpen", "Limburg"][i % 2])
        organisation = OrganisationFactory(municipalities=[municipality])
        organisation.first_user_id = MembershipFactory(organisation=organisation).user_id
        organisations.append(organisation)
    themes = [ThemeFactory(), ThemeFactory()]
    return organisations, themes


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_keeps_the_intake_boards_query_count_the_same_for_10_and_1000_needs(personas, places):
    organisations, themes = places
    small, large = CallFactory(), CallFactory()
    fill(small, 10, organisations, themes)
    fill(large, 1000, organisations, themes)
    coordinator = client_for(personas.coordinator)
    count_queries(coordinator, intake_url(small))  # warm up (session, content types)

    few = count_queries(coordinator, intake_url(small))
    many = count_queries(coordinator, intake_url(large))
    many_filtered = count_queries(coordinator, intake_url(large, province="Limburg", sort="title"))
    last_page = count_queries(coordinator, intake_url(large, pagina=20))

    assert few == many == many_filtered == last_page
    assert few <= 12


def test_it_keeps_the_challenge_lists_query_count_the_same_for_10_and_300_challenges(
    client, places
):
    organisations, themes = places
    fill(CallFactory(), 20, organisations, themes)
    client.get(reverse("calls:challenges"))

    few = count_queries(client, reverse("calls:challenges"))
    fill(CallFactory(), 600, organisations, themes)
    many = count_queries(client, reverse("calls:challenges"))

    assert few == many
    assert few <= 8


def test_it_keeps_the_csv_exports_query_count_low_for_1000_needs(personas, places):
    organisations, themes = places
    call = CallFactory()
    fill(call, 1000, organisations, themes)
    coordinator = client_for(personas.coordinator)

    queries = count_queries(coordinator, reverse("calls:intake_csv", args=[call.slug]))

    assert queries <= 20
