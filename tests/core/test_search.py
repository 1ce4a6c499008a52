"""The full-text search layer: Dutch stemming, ranking, filters, safe highlights, and the
index kept in step with what is published. Runs on the database of DATABASE_URL, so the same
tests check SQLite's FTS5 and PostgreSQL's `dutch` text search."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proeftuin.core import search
from proeftuin.core.models import SearchDocument
from proeftuin.core.search import Doc

pytestmark = pytest.mark.django_db


@dataclass
class Item:
    """A stand-in for a published object of some app."""

    pk: int
    title: str
    body: str = ""
    themes: list[str] = field(default_factory=list)
    published: bool = True


ITEMS: dict[int, Item] = {}


def _document(item: Item) -> Doc | None:
    if not item.published:
        return None
    return Doc(
        key=str(item.pk),
        title=item.title,
        body=item.body,
        url=f"/items/{item.pk}/",
        themes=item.themes,
    )


@pytest.fixture
def items() -> Iterator[dict[int, Item]]:
    before = search.kinds()
    search.register_search(
        "item", "Items", lambda: (_document(i) for i in ITEMS.values()), _document
    )
    ITEMS.clear()
    yield ITEMS
    ITEMS.clear()
    search._kinds.clear()
    search._kinds.update(before)


def add(items: dict[int, Item], title: str, body: str = "", **kwargs: Any) -> Item:
    item = Item(pk=len(items) + 1, title=title, body=body, **kwargs)
    items[item.pk] = item
    search.index_object("item", item)
    return item


def titles(query: str, **kwargs: Any) -> list[str]:
    return [result.title for result in search.search(query, **kwargs).results]


def test_it_finds_inflected_dutch_forms(items: dict[int, Item]) -> None:
    add(items, "Samenwerking", "Een gemeente deelt haar collectie.")
    add(items, "Uitlenen", "De bibliotheek leent laptops uit.")
    assert titles("gemeenten") == ["Samenwerking"]
    assert titles("bibliotheken") == ["Uitlenen"]
    assert titles("Bibliotheken laptops") == ["Uitlenen"]


def test_stop_words_are_not_searched_for(items: dict[int, Item]) -> None:
    add(items, "Uitlenen", "De bibliotheek leent laptops uit.")
    assert titles("een bibliotheek in Gent") == []  # Gent is a word that must be there
    assert titles("een bibliotheek met laptops") == ["Uitlenen"]
    assert titles("de het een") == []


def test_it_ignores_diacritics_and_case(items: dict[int, Item]) -> None:
    add(items, "Café", "Een CAFÉ in het cultuurcentrum.")
    assert titles("cafe") == ["Café"]


def test_a_title_match_ranks_above_a_body_match(items: dict[int, Item]) -> None:
    add(items, "Nieuws", "Iets over erfgoed, in het voorbijgaan.")
    add(items, "Erfgoed digitaal", "Een project.")
    assert titles("erfgoed") == ["Erfgoed digitaal", "Nieuws"]


def test_it_needs_every_word(items: dict[int, Item]) -> None:
    add(items, "Lezen", "Voorlezen in de bibliotheek.")
    add(items, "Spelen", "Spelen in de bibliotheek.")
    assert titles("bibliotheek spelen") == ["Spelen"]


def test_it_filters_by_kind_and_theme(items: dict[int, Item]) -> None:
    add(items, "Eerste museum", themes=["erfgoed"])
    add(items, "Tweede museum", themes=["lezen", "jeugd"])
    assert titles("museum", themes=["jeugd"]) == ["Tweede museum"]
    assert titles("museum", themes=["erfgoed", "jeugd"]) != []
    assert len(titles("museum", themes=["erfgoed", "jeugd"])) == 2
    assert titles("museum", kinds=["andere"]) == []
    # A theme code is matched whole, not as part of another.
    assert titles("museum", themes=["erf"]) == []


def test_the_snippet_is_escaped_and_marks_the_matches(items: dict[int, Item]) -> None:
    add(items, "Scripts", "<script>alert(1)</script> De gemeenten & hun <b>bibliotheken</b>.")
    [result] = search.search("gemeente bibliotheek").results
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet
    assert "<mark>gemeenten</mark>" in result.snippet
    assert "<mark>bibliotheken</mark>" in result.snippet
    assert "&amp;" in result.snippet


def test_a_long_body_gives_a_window_around_the_match(items: dict[int, Item]) -> None:
    body = " ".join(["woord"] * 100 + ["makerspace"] + ["woord"] * 100)
    add(items, "Lang", body)
    [result] = search.search("makerspace").results
    assert "<mark>makerspace</mark>" in result.snippet
    assert result.snippet.startswith("… ") and result.snippet.endswith(" …")


def test_unpublishing_removes_the_document(items: dict[int, Item]) -> None:
    item = add(items, "Geheimmarker")
    assert titles("geheimmarker") == ["Geheimmarker"]
    item.published = False
    assert search.index_object("item", item) is False
    assert titles("geheimmarker") == []
    assert not SearchDocument.objects.filter(kind="item").exists()


def test_an_unpublished_object_is_never_indexed(items: dict[int, Item]) -> None:
    add(items, "Zichtbaar")
    add(items, "Geheimmarker", published=False)
    search.rebuild_index()
    assert titles("geheimmarker") == []
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Zichtbaar"]


def test_a_change_replaces_the_old_text(items: dict[int, Item]) -> None:
    item = add(items, "Oud", "vroeger stond hier theater")
    item.body = "nu staat hier dans"
    search.index_object("item", item)
    assert titles("theater") == []
    assert titles("dans") == ["Oud"]


def test_rebuild_drops_documents_of_objects_gone(items: dict[int, Item]) -> None:
    add(items, "Blijft")
    gone = add(items, "Verdwijnt")
    del items[gone.pk]
    assert search.rebuild_index() == 1
    assert titles("verdwijnt") == []
    assert titles("blijft") == ["Blijft"]


def test_the_command_rebuilds(items: dict[int, Item]) -> None:
    items[1] = Item(pk=1, title="Podium")
    call_command("rebuild_search_index")
    assert titles("podium") == ["Podium"]


def test_it_pages_and_a_page_past_the_end_gives_the_last(items: dict[int, Item]) -> None:
    for n in range(5):
        add(items, f"Theater {n}")
    first = search.search("theater", per_page=2)
    assert (first.total, first.pages, len(first.results)) == (5, 3, 2)
    assert first.has_next and not first.has_previous
    last = search.search("theater", page=99, per_page=2)
    assert last.page == 3 and len(last.results) == 1


def test_a_search_runs_two_queries_whatever_the_data(items: dict[int, Item]) -> None:
    for n in range(30):
        add(items, f"Theater {n}", "In de gemeente.", themes=["podium"])
    with CaptureQueriesContext(connection) as queries:
        search.search("theater gemeenten", themes=["podium"], kinds=["item"])
    assert len(queries) == 2


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "NEAR(", "*", "title:x", "a' OR 1=1 --", "\x00", "(((", "-"]
)
def test_query_syntax_never_breaks_the_search(items: dict[int, Item], query: str) -> None:
    add(items, "Theater")
    search.search(query)


def test_the_database_index_holds_dutch_stems(items: dict[int, Item]) -> None:
    """The one database-specific piece, looked at directly on whichever database runs."""
    add(items, "Bibliotheken", "De gemeenten lenen uit.")
    document = SearchDocument.objects.get()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT search_vector::text FROM core_searchdocument WHERE id = %s", [document.pk]
            )
            stored = cursor.fetchone()[0]
            assert "'bibliothek':1A" in stored and "'gemeent':3B" in stored
        else:
            cursor.execute(
                "SELECT title, body FROM core_search_fts WHERE rowid = %s", [document.pk]
            )
            assert cursor.fetchone() == ("bibliothek", "de gemeent len uit")
