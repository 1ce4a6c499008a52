"""Shared-need matching, without the database: Dutch text, the thesaurus, similarity,
clustering with judgements, and the evaluation's metrics on tiny sets with known answers."""

import json
from pathlib import Path

import pytest

from proeftuin.calls.matching import scoring
from proeftuin.calls.matching.clustering import cluster
from proeftuin.calls.matching.evaluation import (
    Item,
    cluster_f1,
    evaluate,
    matcher_scores,
    ranking_metrics,
)
from proeftuin.calls.matching.index import CLUSTER_THRESHOLD, NEIGHBOURS
from proeftuin.calls.matching.text import compound_parts, key, lemma, tokens
from proeftuin.calls.matching.thesaurus import Concept, Thesaurus, format_concepts, load_file, parse

ROOT = Path(__file__).resolve().parents[2]
THESAURUS = ROOT / "data" / "sector-thesaurus.txt"


@pytest.fixture(scope="module")
def concepts() -> list[Concept]:
    return load_file(THESAURUS)


# Dutch text ---------------------------------------------------------------------------


def test_it_folds_inflection_and_diminutives() -> None:
    assert lemma("gemeenten") == lemma("gemeente")
    assert lemma("zalen") == lemma("zaal")
    assert lemma("kaartjes") == "kaart"
    assert key("inschrijving") == key("inschrijven")


def test_it_splits_compounds_into_known_words() -> None:
    assert compound_parts("bibliotheekcollectie") == ("bibliotheek", "collectie")
    assert compound_parts("kaartverkoop") == ("kaart", "verkoop")
    assert compound_parts("onderhoudshistoriek") == ("onderhoud", "historiek")
    # A common word is not an accidental compound.
    assert compound_parts("gemeentelijke") == ("gemeentelijke",)


def test_it_reads_apostrophes_and_hyphens() -> None:
    assert tokens("Foto's en QR-codes, 12 stuks") == ["foto", "en", "qr", "codes", "stuks"]


# The thesaurus ------------------------------------------------------------------------


def test_the_thesaurus_file_round_trips() -> None:
    concepts = parse("# note\nTICKETING: tickets, inkom\nPAPER (0.5): papier, formulier\n")
    assert [(c.key, c.weight) for c in concepts] == [("TICKETING", 1.0), ("PAPER", 0.5)]
    assert parse(format_concepts(concepts)) == concepts


def test_it_maps_the_sectors_synonyms_onto_one_concept(concepts: list[Concept]) -> None:
    thesaurus = Thesaurus.build(concepts)

    def named(word: str) -> set[str]:
        return {c for c, _share in thesaurus.concepts_of_word(word)}

    assert "TICKETING" in named("kaartverkoop") & named("tickets") & named("inkom")
    assert "LIBRARY_GENERAL" in named("bib") & named("bibliotheek") & named("bibliotheekcollectie")
    assert "VOLUNTEERS" in named("vrijwilligers") & named("vrijwilligerswerking")
    assert "LENDING_EVENT_MATERIALS" in named("uitleendienst") & named("materiaaluitleen")


def test_the_shipped_thesaurus_covers_the_whole_field(concepts: list[Concept]) -> None:
    keys = {c.key for c in concepts}
    for field in ["LIBRARY_GENERAL", "HERITAGE_GENERAL", "ART_ACADEMY", "YOUTH_WORK"]:
        assert field in keys
    assert len(concepts) >= 200
    assert sum(len(c.terms) for c in concepts) >= 3500


# Similarity ---------------------------------------------------------------------------

BACKGROUND = [
    ("Oude foto's laten beschrijven", "Inwoners helpen namen zetten bij foto's in het archief."),
    ("Vrijwilligers inplannen", "Shiften voor onze vrijwilligers op het zomerfestival."),
    ("Boeken aan huis", "Senioren die niet meer naar de bib komen, krijgen boeken thuis."),
    ("Inschrijven voor kampen", "Ouders schrijven hun kinderen in voor de zomerkampen."),
]


def _similarities(texts: list[tuple[str, str]], concepts: list[Concept]) -> list[list[float]]:
    items = [Item(id=str(i), group=str(i), title=t, text=x) for i, (t, x) in enumerate(texts)]
    return matcher_scores(items, concepts)


def test_it_ranks_a_paraphrase_above_a_same_words_decoy(concepts: list[Concept]) -> None:
    query = (
        "Kaartverkoop voor onze voorstellingen",
        "Mensen moeten nu bellen om kaarten te reserveren voor een voorstelling.",
    )
    # The same need in other words: tickets, inkom, aan de ingang betalen.
    paraphrase = (
        "Inkom op voorhand betalen",
        "Bezoekers staan aan te schuiven aan de kassa; we willen dat ze hun tickets "
        "vooraf met hun gsm kopen.",
    )
    # Shares "reserveren" and "bellen", but it is a room, not a ticket.
    decoy = (
        "Zalen reserveren zonder te bellen",
        "Verenigingen bellen om een zaal te reserveren voor een vergadering of repetitie.",
    )
    scores = _similarities([query, paraphrase, decoy, *BACKGROUND], concepts)
    assert scores[0][1] > scores[0][2]


def test_booking_rooms_materials_and_tickets_stay_apart(concepts: list[Concept]) -> None:
    texts = [
        ("Zaal online reserveren", "Een vergaderzaal of fuifzaal boeken via de website."),
        ("Ruimtes huren", "Huurders zien de bezettingskalender van onze lokalen."),
        (
            "Materiaal ontlenen",
            "Tenten, podiumelementen en nadarhekken lenen bij de uitleendienst.",
        ),
        ("Uitleendienst online", "Verenigingen boeken feestmateriaal en klapstoelen online."),
        ("Tickets online", "Kaartjes voor onze concerten online verkopen met QR-code."),
        ("Inkom via gsm", "Toegangsbewijzen voor voorstellingen vooraf betalen."),
    ]
    scores = _similarities(texts, concepts)
    for i, mate in [(0, 1), (2, 3), (4, 5)]:
        others = [scores[i][j] for j in range(len(texts)) if j not in (i, mate)]
        assert scores[i][mate] > max(others), texts[i][0]


def test_similarity_is_symmetric_and_bounded(concepts: list[Concept]) -> None:
    scores = _similarities(BACKGROUND, concepts)
    for i in range(len(BACKGROUND)):
        assert scores[i][i] == pytest.approx(1.0)
        for j in range(len(BACKGROUND)):
            assert scores[i][j] == pytest.approx(scores[j][i])
            assert 0.0 <= scores[i][j] <= 1.0 + 1e-9


def test_an_empty_text_matches_nothing(concepts: list[Concept]) -> None:
    thesaurus = Thesaurus.build(concepts)
    raw = scoring.features("", "", thesaurus)
    assert raw == {}


# Clustering ----------------------------------------------------------------------------


def test_average_linkage_does_not_chain() -> None:
    # a ~ b and b ~ c, but a and c are unrelated: single linkage would join all three.
    edges = {("a", "b"): 0.5, ("b", "c"): 0.5}
    assert cluster("abc", edges, threshold=0.3) == [["a", "b"]]


def test_a_confirmation_keeps_needs_together_and_a_split_keeps_them_apart() -> None:
    edges = {("a", "b"): 0.9, ("b", "c"): 0.8, ("a", "c"): 0.8}
    assert cluster("abc", edges, threshold=0.3) == [["a", "b", "c"]]
    split = cluster("abc", edges, threshold=0.3, cannot_link=[("c", "a"), ("c", "b")])
    assert split == [["a", "b"]]
    confirmed = cluster("abcd", {}, threshold=0.3, must_link=[["a", "d"]])
    assert confirmed == [["a", "d"]]


def test_clusters_do_not_depend_on_the_order_of_edges() -> None:
    edges = {("a", "b"): 0.5, ("c", "d"): 0.5, ("b", "c"): 0.5}
    reversed_edges = dict(reversed(list(edges.items())))
    assert cluster("dcba", reversed_edges, threshold=0.4) == cluster("abcd", edges, threshold=0.4)


# Metrics on tiny sets with known answers ------------------------------------------------


def _items(groups: str) -> list[Item]:
    return [Item(id=str(i), group=g, title=f"t{i}", text=f"x{i}") for i, g in enumerate(groups)]


def test_perfect_scores_give_perfect_metrics() -> None:
    items = _items("aabb")

    def score(i: int, j: int) -> float:
        return 1.0 if items[i].group == items[j].group else 0.1

    assert ranking_metrics(items, score) == {
        "map": 1.0,
        "p_at_1": 1.0,
        "recall_at_5": 1.0,
        "queries": 4,
    }
    assert cluster_f1(items, score, 0.5)["cluster_f1"] == 1.0


def test_average_precision_counts_the_rank_of_every_mate() -> None:
    # Need 0 has mates 1 and 2; ranked 1 first, then the decoy 3, then 2: AP = (1 + 2/3) / 2.
    items = _items("aaab")
    table = {(0, 1): 0.9, (0, 3): 0.8, (0, 2): 0.7}

    def score(i: int, j: int) -> float:
        return (
            table.get((i, j), 0.0) if i == 0 else (1.0 if items[i].group == items[j].group else 0.0)
        )

    result = ranking_metrics(items, score)
    ap_first = (1 + 2 / 3) / 2
    assert result["queries"] == 3
    assert result["map"] == pytest.approx((ap_first + 1 + 1) / 3)


def test_solo_needs_are_only_distractors_and_ties_count_against() -> None:
    items = _items(["a", "a", "solo-x"])  # type: ignore[arg-type]
    # Every score equal: the solo need is ranked above the mate (pessimistic).
    result = ranking_metrics(items, lambda i, j: 0.5)
    assert result["queries"] == 2
    assert result["p_at_1"] == 0.0
    assert result["map"] == pytest.approx(0.5)


def test_cluster_f1_counts_pairs() -> None:
    items = _items("aab")
    # Everything in one cluster: 3 pairs found, 1 correct → precision 1/3, recall 1.
    result = cluster_f1(items, lambda i, j: 1.0, 0.5)
    assert result["cluster_precision"] == pytest.approx(1 / 3)
    assert result["cluster_recall"] == 1.0
    assert result["cluster_f1"] == pytest.approx(0.5)


def test_the_evaluation_does_not_depend_on_order_or_ids(concepts: list[Concept]) -> None:
    lines = (ROOT / "data" / "needs-heldout.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines[:24]]

    def run(rows: list[dict[str, str]]) -> dict[str, float]:
        items = [Item(id=r["id"], group=r["group"], title=r["title"], text=r["text"]) for r in rows]
        return evaluate(
            items,
            matcher_scores(items, concepts),
            threshold=CLUSTER_THRESHOLD,
            neighbours=NEIGHBOURS,
        )

    shuffled = [{**r, "id": f"other-{i}"} for i, r in enumerate(reversed(rows))]
    assert run(rows) == run(shuffled)
