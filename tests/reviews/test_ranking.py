"""The ranking of a call (of a round, for a rolling call): per reviewer the weighted mean of
their scores; per need the mean of those and their spread (the population standard
deviation), the number of reviews and the sector support; sortable and exportable."""

import csv
import io
import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from proeftuin.calls.matching import demand_for
from proeftuin.calls.models import Criterion, Need
from proeftuin.reviews.ranking import mean_and_spread, ranking, reviewer_means, weighted_mean

from ..calls.conftest import SupportFactory
from ..conftest import client_for
from ..factories import MunicipalityFactory, OrganisationFactory, UserFactory
from .conftest import CallFactory, DecisionFactory, NeedFactory, ReviewFactory, score_all

pytestmark = pytest.mark.django_db


# By hand ---------------------------------------------------------------------------------


def test_it_computes_the_weighted_mean_by_hand():
    # Weights 3, 2, 1 and scores 5, 3, 1: (15 + 6 + 1) / 6.
    assert weighted_mean([(3, 5), (2, 3), (1, 1)]) == pytest.approx(22 / 6)
    assert weighted_mean([(Decimal("1.5"), 4), (Decimal("0.5"), 2)]) == pytest.approx(3.5)
    assert weighted_mean([(1, 4)]) == 4
    assert weighted_mean([]) is None
    assert weighted_mean([(0, 5)]) is None


def test_it_computes_the_mean_and_the_population_standard_deviation_by_hand():
    # Two reviewers, 22/6 and 4: mean 23/6, population deviation |22/6 - 4| / 2 = 1/6.
    mean, spread = mean_and_spread([22 / 6, 4])
    assert mean == pytest.approx(23 / 6)
    assert spread == pytest.approx(1 / 6)
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population deviation 2 (the sample one would be 2.14).
    assert mean_and_spread([2, 4, 4, 4, 5, 5, 7, 9]) == (5, 2)
    assert mean_and_spread([3.0]) == (3.0, 0.0)
    assert mean_and_spread([]) == (None, None)


def test_it_ranks_a_need_with_two_reviewers_as_computed_by_hand(personas, need, jury):
    rik = score_all(ReviewFactory(need=need, reviewer=personas.reviewer), [5, 3, 1])
    score_all(ReviewFactory(need=need, reviewer=personas.expert), [4, 4, 4])
    # Neither an open scorecard nor one freed by a declared conflict counts.
    score_all(ReviewFactory(need=need, reviewer=jury[2]), [1, 1, 1], submitted=False)
    conflicted = score_all(
        ReviewFactory(need=need, reviewer=UserFactory(), conflict_declared_at=timezone.now()),
        [1, 1, 1],
    )

    assert sorted(reviewer_means([need.pk])[need.pk]) == pytest.approx([22 / 6, 4])
    (row,) = ranking(need.call)
    assert row.mean == pytest.approx(23 / 6)
    assert row.spread == pytest.approx(1 / 6)
    assert (row.reviews, row.open_reviews) == (2, 1)
    assert rik.pk and conflicted.is_submitted


def test_it_uses_decimal_weights(personas, jury):
    call = CallFactory(
        closed=True,
        criteria=[
            {"name": "Relevantie", "weight": "2.50"},
            {"name": "Haalbaarheid", "weight": "0.50"},
        ],
    )
    need = NeedFactory(call=call, organisation=personas.organisation, retained=True)
    score_all(ReviewFactory(need=need, reviewer=personas.reviewer), [4, 1])

    (row,) = ranking(call)
    assert row.mean == pytest.approx((2.5 * 4 + 0.5 * 1) / 3)
    assert row.spread == 0


# Properties ------------------------------------------------------------------------------

scores = st.integers(1, 5)
weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
means = st.floats(min_value=1, max_value=5, allow_nan=False)


@given(st.lists(st.tuples(weights, scores), min_size=1, max_size=8))
def test_its_weighted_mean_lies_between_the_lowest_and_highest_score(pairs):
    values = [s for _, s in pairs]
    assert min(values) - 1e-9 <= weighted_mean(pairs) <= max(values) + 1e-9


@given(st.lists(weights, min_size=1, max_size=8), scores)
def test_its_weighted_mean_is_the_score_when_every_score_is_the_same(ws, score):
    assert weighted_mean([(w, score) for w in ws]) == pytest.approx(score)


@given(means, st.integers(1, 10))
def test_its_spread_is_zero_when_all_reviewers_agree(value, reviewers):
    mean, spread = mean_and_spread([value] * reviewers)
    assert mean == pytest.approx(value)
    assert spread == pytest.approx(0, abs=1e-9)


@given(st.lists(means, min_size=1, max_size=10))
def test_its_mean_lies_between_min_and_max_and_its_spread_within_half_the_range(values):
    mean, spread = mean_and_spread(values)
    assert min(values) - 1e-9 <= mean <= max(values) + 1e-9
    assert 0 <= spread <= (max(values) - min(values)) / 2 + 1e-9
    assert spread == pytest.approx(
        math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)), abs=1e-9
    )


# The ranking page ------------------------------------------------------------------------


@pytest.fixture
def ranked(personas, call, jury):
    """Three retained needs: a strong one, a weak one where the reviewers disagree, and one
    without reviews yet; and a need declined at intake, which is never ranked."""
    strong = NeedFactory(
        call=call, organisation=personas.organisation, retained=True, title="Sterk"
    )
    torn = NeedFactory(
        call=call, organisation=personas.organisation, retained=True, title="Verdeeld"
    )
    fresh = NeedFactory(call=call, organisation=personas.organisation, retained=True, title="Nieuw")
    NeedFactory(
        call=call, organisation=personas.organisation, status=Need.Status.DECLINED, title="Weg"
    )
    for reviewer in jury[:2]:
        score_all(ReviewFactory(need=strong, reviewer=reviewer), [5, 4, 4])
    score_all(ReviewFactory(need=torn, reviewer=jury[0]), [5, 5, 5])
    score_all(ReviewFactory(need=torn, reviewer=jury[1]), [1, 1, 1])
    ReviewFactory(need=fresh, reviewer=jury[2])
    # Two organisations in Herentals and Brugge support "Verdeeld", one of them twice over
    # (a withdrawn support does not count), an intermunicipal one "Nieuw".
    brugge = MunicipalityFactory(nis_code="31005")
    herentals = personas.other_organisation.municipalities.get()
    for org in (personas.other_organisation, OrganisationFactory(municipalities=[brugge])):
        SupportFactory(need=torn, organisation=org)
    SupportFactory(
        need=torn,
        organisation=OrganisationFactory(municipalities=[herentals]),
        withdrawn_at=timezone.now(),
    )
    SupportFactory(
        need=fresh,
        organisation=OrganisationFactory(
            municipalities=[herentals, brugge, MunicipalityFactory(nis_code="11002")]
        ),
    )
    return {"strong": strong, "torn": torn, "fresh": fresh}


def titles(rows):
    return [row.need.title for row in rows]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("score", ["Sterk", "Verdeeld", "Nieuw"]),
        ("spread", ["Verdeeld", "Sterk", "Nieuw"]),
        ("support", ["Nieuw", "Verdeeld", "Sterk"]),
        ("reviews", ["Sterk", "Verdeeld", "Nieuw"]),
        ("title", ["Nieuw", "Sterk", "Verdeeld"]),
        ("onzin", ["Sterk", "Verdeeld", "Nieuw"]),
    ],
)
def test_it_sorts_the_ranking(call, ranked, sort, order):
    assert titles(ranking(call, sort=sort)) == order


def test_it_shows_score_spread_reviews_and_support_per_need(call, ranked):
    rows = {row.need.title: row for row in ranking(call)}

    assert rows["Sterk"].mean == pytest.approx(4.5) and rows["Sterk"].spread == 0
    assert rows["Verdeeld"].mean == pytest.approx(3) and rows["Verdeeld"].spread == pytest.approx(2)
    assert rows["Nieuw"].mean is None and rows["Nieuw"].spread is None
    assert [rows[t].reviews for t in ("Sterk", "Verdeeld", "Nieuw")] == [2, 2, 0]
    assert rows["Nieuw"].open_reviews == 1
    assert [rows[t].supporting_municipalities for t in ("Sterk", "Verdeeld", "Nieuw")] == [0, 2, 3]


def test_it_renders_the_ranking_page_with_disagreement_standing_out(personas, call, ranked):
    response = client_for(personas.coordinator).get(reverse("reviews:ranking", args=[call.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Sterk") < page.index("Verdeeld") < page.index("Nieuw")
    assert "Weg" not in page
    assert "4,50" in page or "4.50" in page
    assert 'title="De juryleden zijn het oneens"' in page


@pytest.mark.parametrize("query", ["?sorteer=<script>", "?pagina=abc", "?pagina=999", "?ronde=x"])
def test_it_answers_odd_query_strings_with_a_normal_page(personas, call, ranked, query):
    response = client_for(personas.coordinator).get(
        reverse("reviews:ranking", args=[call.slug]) + query
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_it_exports_the_ranking_as_csv(personas, call, ranked):
    DecisionFactory(need=ranked["strong"], outcome="selected")

    response = client_for(personas.coordinator).get(
        reverse("reviews:ranking", args=[call.slug]) + "?sorteer=spread&formaat=csv"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="rangschikking-{call.slug}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "rang",
        "nummer",
        "titel",
        "organisatie",
        "gemiddelde score",
        "spreiding",
        "beoordelingen",
        "steunende gemeenten",
        "vraag (gemeenten)",
        "gelijkaardige noden",
        "beslissing",
        "gepubliceerd",
    ]
    assert [r[2] for r in rows[1:]] == ["Verdeeld", "Sterk", "Nieuw"]
    torn, strong, fresh = rows[1:]
    demand = demand_for([ranked["torn"].pk])[ranked["torn"].pk]
    assert torn == [
        "1",
        str(ranked["torn"].pk),
        "Verdeeld",
        "Bibliotheek Gent",
        "3.00",
        "2.00",
        "2",
        "2",
        str(demand.municipalities),
        str(len(demand.need_ids) - 1),
        "",
        "",
    ]
    assert strong[4:8] == ["4.50", "0.00", "2", "0"]
    assert strong[10:] == ["selecteren", ""]
    assert fresh[4:7] == ["", "", "0"]


def make_needs(personas, call, jury, count):
    for i in range(count):
        need = NeedFactory(call=call, organisation=personas.organisation, retained=True)
        for reviewer in jury[:2]:
            score_all(ReviewFactory(need=need, reviewer=reviewer), [1 + i % 5, 3, 4])
        ReviewFactory(need=need, reviewer=jury[2])
        SupportFactory(need=need, organisation=personas.other_organisation)
        if i % 3 == 0:
            DecisionFactory(need=need, outcome="backlog")


@pytest.mark.parametrize("fmt", ["", "&formaat=csv"])
def test_it_keeps_the_rankings_query_count_the_same_for_5_and_50_needs(personas, call, jury, fmt):
    client = client_for(personas.coordinator)
    url = reverse("reviews:ranking", args=[call.slug]) + "?sorteer=score" + fmt

    def count():
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_needs(personas, call, jury, 5)
    few = count()
    make_needs(personas, call, jury, 45)
    assert count() == few


def test_it_ranks_one_round_of_a_rolling_call_at_a_time(personas, jury):
    now = timezone.now()
    call = CallFactory(
        rolling=True, review_dates=[now - timedelta(days=1), now + timedelta(days=90)]
    )
    june, december = call.review_dates.all()
    early = NeedFactory(
        call=call,
        organisation=personas.organisation,
        retained=True,
        review_round=june,
        title="Juni",
    )
    late = NeedFactory(
        call=call,
        organisation=personas.organisation,
        retained=True,
        review_round=december,
        title="December",
    )
    score_all(ReviewFactory(need=early, reviewer=jury[0]), [4, 4])
    score_all(ReviewFactory(need=late, reviewer=jury[0]), [2, 2])
    client = client_for(personas.coordinator)
    url = reverse("reviews:ranking", args=[call.slug])

    assert titles(ranking(call, review_round=june)) == ["Juni"]
    assert titles(ranking(call, review_round=december)) == ["December"]
    first = client.get(url).content.decode()  # the first round unless another is chosen
    second = client.get(url + f"?ronde={december.pk}").content.decode()
    assert "Juni" in first and "December" not in first
    assert "December" in second and "Juni" not in second.split("<table", 1)[1]
    csv_text = client.get(url + f"?ronde={december.pk}&formaat=csv").content.decode()
    assert "December" in csv_text and "Juni" not in csv_text


def test_it_counts_a_criterion_added_after_scoring_only_where_scored(personas, need, jury):
    """A reviewer's weighted mean is over the criteria they scored."""
    review = score_all(ReviewFactory(need=need, reviewer=jury[0]), [5, 5, 5])
    Criterion.objects.create(call=need.call, name="Nieuw criterium", weight=10, position=9)

    assert reviewer_means([need.pk])[need.pk] == [5]
    assert review.scores.count() == 3
