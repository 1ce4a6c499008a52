"""Full-text search across everything the programme published, in Dutch.

Each app registers, from its `AppConfig.ready()`, how its *published* objects become search
documents; `core` never imports the apps, and no app imports another to be found::

    from proeftuin.core.search import Doc, register_search

    def _document(need: Need) -> Doc | None:
        if not need.is_challenge:            # unpublished: not in the index
            return None
        return Doc(
            key=str(need.pk),                # always str(obj.pk): see `index_object`
            title=need.title,
            body=need.description,           # plain text only, nothing personal
            url=reverse("calls:challenge", args=[need.pk]),
            themes=[theme.slug for theme in need.themes.all()],
            published_at=need.published_at,
        )

    register_search(
        "challenge",
        gettext_lazy("Uitdagingen"),
        documents=lambda: (_document(n) for n in Need.objects.challenges()),
        document_for=_document,
    )

When an object is published, changed or taken down, its service calls
`schedule_index("challenge", need)` inside its transaction: after the commit a task runs
`document_for` again and stores or removes the document. `rebuild_index()` (the management
command `rebuild_search_index`) rebuilds everything from `documents()`.

`search(query, kinds=..., themes=..., page=...)` ranks, filters and pages the documents and
highlights the query's words in a snippet (safe HTML: the text is escaped, then the words are
wrapped in <mark>).

The only database-specific code of the project lives here: on SQLite an FTS5 table holds the
text stemmed by the Dutch Porter stemmer (SQLite has none of its own) and the query is stemmed
the same way, ranked by bm25; on PostgreSQL a generated `tsvector` column (`dutch`, the same
Snowball algorithm) with a GIN index answers `websearch_to_tsquery('dutch', …)`, ranked by
ts_rank. So "gemeenten" finds "gemeente" and "bibliotheken" finds "bibliotheek" on both.
"""

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db import connection, transaction
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchDocument

PER_PAGE = 20
# A query longer than this is cut: nobody types more, and the index need not answer it.
MAX_TERMS = 12
SNIPPET_WORDS = 30
WORD = re.compile(r"[^\W_]+", re.UNICODE)

_stemmer = snowballstemmer.stemmer("dutch_porter")
# PostgreSQL's `dutch` stop words (Snowball's list): never searched for, on either database,
# so a query like "een bibliotheek in Gent" finds the same on both.
_STOP_WORDS = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
    maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit
    der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat
    iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles
    onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds
    wil kon niets uw iemand geweest andere
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Doc:
    """What the index stores about one published object (plain text, nothing personal)."""

    key: str
    title: str
    body: str
    url: str
    themes: Sequence[str] = ()
    published_at: datetime | None = None


@dataclass(frozen=True)
class SearchKind:
    kind: str
    label: str | Promise
    documents: Callable[[], Iterable[Doc | None]]
    document_for: Callable[[Any], Doc | None]


_kinds: dict[str, SearchKind] = {}


def register_search(
    kind: str,
    label: str | Promise,
    documents: Callable[[], Iterable[Doc | None]],
    document_for: Callable[[Any], Doc | None],
) -> None:
    """Make a kind of object searchable. `documents()` yields every published object's
    document (None items are skipped); `document_for(obj)` returns one object's document,
    or None when it is not (or no longer) public."""
    _kinds[kind] = SearchKind(kind, label, documents, document_for)


def kinds() -> dict[str, SearchKind]:
    """The registered kinds, in registration order (INSTALLED_APPS order)."""
    return dict(_kinds)


# Text ------------------------------------------------------------------------------------


def _fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A word as the index keeps it: lower-cased, without diacritics, stemmed."""
    return _stemmer.stemWord(_fold(word))


def stemmed_text(text: str) -> str:
    return " ".join(stem(word) for word in WORD.findall(text))


def query_terms(query: str) -> list[str]:
    """The query's words that mean something (no stop words), at most MAX_TERMS; the
    operators of a web search are left to PostgreSQL, SQLite needs every word."""
    return [word for word in WORD.findall(query) if word.lower() not in STOP_WORDS][:MAX_TERMS]


def highlight(text: str, stems: set[str], words: int = SNIPPET_WORDS) -> SafeString:
    """A window of `text` around the first word that matches one of `stems`, escaped, with
    every matching word in <mark>. Safe HTML: only escaped text and our own tags."""
    tokens = list(WORD.finditer(text))
    hits = [i for i, match in enumerate(tokens) if stem(match.group(0)) in stems]
    start = max(0, (hits[0] if hits else 0) - words // 3)
    end = min(len(tokens), start + words)
    if not tokens:
        return SafeString("")
    # The whole text when the window holds every word; else cut at the window's words.
    begin = tokens[start].start() if start else 0
    finish = tokens[end - 1].end() if end < len(tokens) else len(text)
    parts = ["… " if start else ""]
    position = begin
    for i in range(start, end):
        match = tokens[i]
        parts.append(escape(text[position : match.start()]))
        if i in hits:
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
        else:
            parts.append(escape(match.group(0)))
        position = match.end()
    parts.append(escape(text[position:finish]))
    parts.append(" …" if end < len(tokens) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


# Index -----------------------------------------------------------------------------------


def _store(kind: str, doc: Doc) -> None:
    themes = " ".join(doc.themes)
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind,
        key=doc.key,
        defaults={
            "title": doc.title[:300],
            "body": doc.body,
            "url": doc.url,
            "themes": f" {themes} " if themes else "",
            "published_at": doc.published_at,
        },
    )
    if connection.vendor == "sqlite":
        # PostgreSQL's generated column follows by itself; FTS5 needs the stemmed text.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_search_fts WHERE rowid = %s", [document.pk])
            cursor.execute(
                "INSERT INTO core_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [document.pk, stemmed_text(doc.title), stemmed_text(doc.body)],
            )


def remove_object(kind: str, key: str) -> None:
    ids = list(SearchDocument.objects.filter(kind=kind, key=key).values_list("pk", flat=True))
    if not ids:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM core_search_fts WHERE rowid = %s", [[i] for i in ids])
    SearchDocument.objects.filter(pk__in=ids).delete()


def index_object(kind: str, obj: Any) -> bool:
    """Store the object's document, or remove it when `document_for` says it is not public.
    Returns whether the object is in the index now."""
    doc = _kinds[kind].document_for(obj)
    with transaction.atomic():
        if doc is None:
            remove_object(kind, str(obj.pk))
            return False
        _store(kind, doc)
    return True


def schedule_index(kind: str, obj: Any) -> None:
    """Re-index the object once the current transaction commits (a task)."""
    from .tasks import reindex_search_object

    label = obj._meta.label
    pk = obj.pk
    transaction.on_commit(lambda: reindex_search_object.enqueue(kind, label, pk))


def reindex_by_label(kind: str, model_label: str, pk: Any) -> bool:
    """The task's work: index the object again, or remove it if it is gone."""
    from django.apps import apps

    obj = apps.get_model(model_label)._default_manager.filter(pk=pk).first()
    if obj is None:
        remove_object(kind, str(pk))
        return False
    return index_object(kind, obj)


def rebuild_index(only: Iterable[str] | None = None) -> int:
    """Index every published object of the registered kinds again and drop the documents of
    objects no longer published. Returns the number of documents."""
    count = 0
    for kind in only or list(_kinds):
        with transaction.atomic():
            keys = set()
            for doc in _kinds[kind].documents():
                if doc is not None:
                    _store(kind, doc)
                    keys.add(doc.key)
            for stale in SearchDocument.objects.filter(kind=kind).exclude(key__in=keys):
                remove_object(kind, stale.key)
            count += len(keys)
    with transaction.atomic():
        for stale_kind in (
            SearchDocument.objects.exclude(kind__in=list(_kinds))
            .values_list("kind", "key")
            .distinct()
        ):
            remove_object(*stale_kind)
    return count


# Search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str | Promise
    title: str
    url: str
    snippet: SafeString
    published_at: datetime | None


@dataclass
class Results:
    query: str
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def start(self) -> int:
        """The number of the page's first result (an ordered list's `start`)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filters(kinds: Sequence[str] | None, themes: Sequence[str] | None) -> tuple[str, list[Any]]:
    """SQL conditions made of placeholders only; the values travel as parameters."""
    sql, params = "", []
    if kinds:
        sql += " AND d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    if themes:
        sql += " AND (" + " OR ".join(["d.themes LIKE %s"] * len(themes)) + ")"
        params += [f"% {theme} %" for theme in themes]
    return sql, params


def _matches_sqlite(
    terms: list[str], where: str, params: list[Any], limit: int, offset: int
) -> list[tuple[int, int]]:
    # Each stem is quoted, so no word of the query is read as FTS5 syntax; all must match.
    match = " ".join('"' + stem(term).replace('"', "") + '"' for term in terms)
    # bm25() is computed in a subquery: FTS5 refuses it beside a window function.
    sql = (
        "SELECT d.id, COUNT(*) OVER () FROM ("  # noqa: S608 - placeholders only
        "SELECT rowid, bm25(core_search_fts, 5.0, 1.0) AS rank FROM core_search_fts "
        "WHERE core_search_fts MATCH %s) f "
        f"JOIN core_searchdocument d ON d.id = f.rowid WHERE 1 = 1{where} "
        "ORDER BY f.rank, d.published_at DESC, d.id DESC "
        "LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit, offset])
        return list(cursor.fetchall())


def _matches_postgresql(
    query: str, where: str, params: list[Any], limit: int, offset: int
) -> list[tuple[int, int]]:
    sql = (
        "SELECT d.id, COUNT(*) OVER () FROM core_searchdocument d, "  # noqa: S608 - as above
        "websearch_to_tsquery('dutch', %s) q "
        f"WHERE d.search_vector @@ q{where} "
        "ORDER BY ts_rank(d.search_vector, q) DESC, d.published_at DESC NULLS LAST, d.id DESC "
        "LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, limit, offset])
        return list(cursor.fetchall())


def search(
    query: str,
    kinds: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """Published documents that contain every word of the query (in any inflection), best
    first, one page of them. Two queries whatever the data; a query without words finds
    nothing. A page past the end gives the last page."""
    terms = query_terms(query)
    found = Results(query=query, per_page=per_page)
    if not terms:
        return found
    where, params = _filters(kinds, themes)
    page = max(1, page)
    rows = _matches(terms, query, where, params, per_page, (page - 1) * per_page)
    if not rows and page > 1:
        # Past the end: the last page instead (two more queries, only in that case).
        last = _matches(terms, query, where, params, 1, 0)
        page = math.ceil(last[0][1] / per_page) if last else 1
        if last:
            rows = _matches(terms, query, where, params, per_page, (page - 1) * per_page)
    found.page = page
    if not rows:
        return found
    found.total = rows[0][1]
    documents = SearchDocument.objects.in_bulk([pk for pk, _total in rows])
    stems = {stem(term) for term in terms}
    for pk, _total in rows:
        document = documents.get(pk)
        if document is None:  # removed between the two queries
            continue
        registered = _kinds.get(document.kind)
        found.results.append(
            Result(
                kind=document.kind,
                kind_label=registered.label if registered else document.kind,
                title=document.title,
                url=document.url,
                snippet=highlight(document.body or document.title, stems),
                published_at=document.published_at,
            )
        )
    return found


def _matches(
    terms: list[str], query: str, where: str, params: list[Any], limit: int, offset: int
) -> list[tuple[int, int]]:
    if connection.vendor == "postgresql":
        # PostgreSQL reads the query as a web search ("…", or, -); a NUL byte it refuses.
        text = " ".join(query.replace("\x00", " ").split())[:500]
        return _matches_postgresql(text, where, params, limit, offset)
    return _matches_sqlite(terms, where, params, limit, offset)


def load_demo() -> None:
    """The demo's index: every demo object is in place by now (the last stage)."""
    rebuild_index()
