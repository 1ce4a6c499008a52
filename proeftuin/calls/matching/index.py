"""The matcher's index, kept in the database so that every web process and task worker,
on every machine, sees the same (issue 8: no per-process state).

- `MatchDocument`: a need's term weights ({"c": {feature id: weight}, "w": {…}}): what
  does not depend on the other needs; the IDF is applied when needs are compared, with the
  frequencies of that moment, so an early need is never left with outdated weights.
- `MatchFeature`: every feature with its document frequency, for the IDF.
- `MatchPosting`: each need under its strongest features, with their weight (its impact).
- `NeedSimilarity`: each need's most similar needs, computed when it is indexed.
- `NeedCluster` and `MatchDocument.cluster`: the clusters (see `clustering.py`).

Finding similar needs is two steps (Turtle & Flood 1995, "Query evaluation: strategies
and optimizations"): the query's strongest features fetch their highest-impact postings,
which score candidates on those features alone; the best candidates are then scored
exactly on their stored vectors. Up to a few hundred needs per feature this is exact; on
the 100,000-need bench it is an approximation.

The postings' impacts use the frequencies of the moment a need was indexed (they only
choose candidates); a rebuild (when the thesaurus changes) brings them up to date.
"""

import heapq
import json
import logging
import math
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import (
    ClusterJudgement,
    MatchDocument,
    MatchFeature,
    MatchPosting,
    MatchState,
    Need,
    NeedCluster,
    NeedSimilarity,
    ThesaurusConcept,
)
from . import scoring
from .clustering import cluster
from .thesaurus import Concept, Thesaurus

logger = logging.getLogger(__name__)

# Needs that are not (or no longer) a need of the programme are not matched.
NOT_INDEXED = (Need.Status.DRAFT, Need.Status.WITHDRAWN)
CHALLENGE_EXCLUDED = (Need.Status.DRAFT, Need.Status.WITHDRAWN, Need.Status.SUBMITTED)

POSTINGS_PER_NEED = 16
QUERY_FEATURES = 10
POSTINGS_PER_FEATURE = 100
CANDIDATES = 40
NEIGHBOURS = 10
MIN_SCORE = 0.05
# Two clusters merge while their average similarity is at least this (chosen on
# needs-dev.jsonl, checked on data/needs-heldout.jsonl; see bench/README.md).
CLUSTER_THRESHOLD = 0.25

Stored = dict[str, dict[str, float]]  # {"c": {feature id: weight}, "w": {…}}


@dataclass(frozen=True)
class Analyser:
    version: int
    thesaurus: Thesaurus
    concept_weights: dict[str, float]

    def features(self, title: str, text: str) -> dict[str, float]:
        return scoring.features(title, text, self.thesaurus)


# Built from the database and kept per thesaurus version: every process asks the database
# for the current version first, so none ever matches with an outdated thesaurus.
_analysers: dict[int, Analyser] = {}


def state() -> MatchState:
    return MatchState.objects.get_or_create(pk=1)[0]


def analyser(version: int | None = None) -> Analyser:
    if version is None:
        version = state().thesaurus_version
    found = _analysers.get(version)
    if found is None:
        concepts = [
            Concept(key=c.key, terms=tuple(c.term_list), weight=c.weight)
            for c in ThesaurusConcept.objects.all()
        ]
        found = Analyser(
            version=version,
            thesaurus=Thesaurus.build(concepts),
            concept_weights={c.key: c.weight for c in concepts},
        )
        _analysers.clear()
        _analysers[version] = found
    return found


def need_text(need: Need) -> tuple[str, str]:
    body = "\n".join(
        part
        for part in (need.problem, need.current_handling, need.citizen_value, need.target_groups)
        if part
    )
    return need.title, body


def is_public(need: Need) -> bool:
    """A published challenge (`Need.objects.challenges()`)."""
    return need.published_at is not None and need.status not in CHALLENGE_EXCLUDED


# --- vectors --------------------------------------------------------------------------


def _share(part: str) -> float:
    return scoring.CONCEPT_SHARE if part == "c" else 1 - scoring.CONCEPT_SHARE


def _stored(vector: scoring.Vector, ids: dict[str, int]) -> Stored:
    stored: Stored = {"c": {}, "w": {}}
    for feature, weight in vector.items():
        if feature in ids:
            stored[feature[0]][str(ids[feature])] = round(weight, 4)
    return stored


def _weighted(terms: Stored, frequencies: dict[int, int], documents: int) -> Stored:
    """Term weights times the IDF of now, each part of unit length."""
    weighted: Stored = {}
    for part in ("c", "w"):
        values = {
            f: w * max(scoring.idf(documents, frequencies.get(int(f), 0)), 0.0)
            for f, w in terms.get(part, {}).items()
        }
        norm = math.sqrt(sum(v * v for v in values.values()))
        weighted[part] = {f: v / norm for f, v in values.items() if v > 0} if norm else {}
    return weighted


def _frequencies(ids: Iterable[int]) -> dict[int, int]:
    ids = list(ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        found.update(
            MatchFeature.objects.filter(pk__in=ids[start : start + 900]).values_list(
                "id", "documents"
            )
        )
    return found


def similarity(a: Stored, b: Stored) -> float:
    total = 0.0
    for part in ("c", "w"):
        mine, theirs = a.get(part, {}), b.get(part, {})
        # The shared features, found by a set intersection (in C), not a loop over all.
        shared = mine.keys() & theirs.keys()
        if shared:
            total += _share(part) * sum([mine[f] * theirs[f] for f in shared])
    return total


def _strongest(vector: Stored, count: int) -> list[tuple[int, float]]:
    """The features that weigh most in the similarity (weight times its part's share)."""
    weighted = [
        (int(f), w * _share(part)) for part in ("c", "w") for f, w in vector.get(part, {}).items()
    ]
    return heapq.nlargest(count, weighted, key=lambda item: (item[1], -item[0]))


def _feature_rows(keys: Iterable[str], *, create: bool) -> dict[str, tuple[int, int]]:
    """key → (id, document frequency) of features, created first when asked."""
    keys = list(keys)
    if create:
        MatchFeature.objects.bulk_create(
            [MatchFeature(key=k) for k in keys], ignore_conflicts=True, batch_size=500
        )
    rows: dict[str, tuple[int, int]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for key, pk, df in MatchFeature.objects.filter(key__in=chunk).values_list(
            "key", "id", "documents"
        ):
            rows[key] = (pk, df)
    return rows


def query_vector(title: str, text: str, found: Analyser | None = None) -> Stored:
    """The weighted vector of a text that is not indexed (a draft being written)."""
    found = found or analyser()
    terms = scoring.term_weights(found.features(title, text), found.concept_weights)
    rows = _feature_rows(terms, create=False)
    stored = _stored(terms, {k: pk for k, (pk, _df) in rows.items()})
    return _weighted(stored, dict(rows.values()), max(state().documents, 1))


# --- searching ------------------------------------------------------------------------


def search(
    query: Stored,
    *,
    limit: int = NEIGHBOURS,
    public_only: bool = False,
    exclude: Sequence[int] = (),
) -> list[tuple[int, float]]:
    """The most similar indexed needs: (need id, similarity), best first."""
    partial: dict[int, float] = defaultdict(float)
    for feature_id, weight in _strongest(query, QUERY_FEATURES):
        postings = MatchPosting.objects.filter(feature_id=feature_id)
        if public_only:
            postings = postings.filter(public=True)
        for need_id, impact in postings.order_by("-impact").values_list("need_id", "impact")[
            :POSTINGS_PER_FEATURE
        ]:
            partial[need_id] += weight * impact / _share_of(query, feature_id)
    for need_id in exclude:
        partial.pop(need_id, None)
    if not partial:
        return []
    candidates = heapq.nlargest(CANDIDATES, partial.items(), key=lambda item: (item[1], -item[0]))
    documents = MatchDocument.objects.filter(need_id__in=[pk for pk, _s in candidates])
    if public_only:
        documents = documents.filter(public=True)
    found = [
        (need_id, _load(terms)) for need_id, terms in documents.values_list("need_id", "vector")
    ]
    ids = {int(f) for _pk, terms in found for part in terms.values() for f in part}
    frequencies = _frequencies(ids)
    total = max(state().documents, 1)
    scored = [
        (need_id, round(similarity(query, _weighted(terms, frequencies, total)), 4))
        for need_id, terms in found
    ]
    scored = [(pk, score) for pk, score in scored if score >= MIN_SCORE]
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:limit]


def _share_of(query: Stored, feature_id: int) -> float:
    # Postings carry the part's share already; the query weight then must not.
    return _share("c") if str(feature_id) in query.get("c", {}) else _share("w")


def _load(vector: Any) -> Stored:
    return json.loads(vector) if isinstance(vector, str) else vector


def similar_to_text(
    title: str, text: str, *, exclude: Sequence[int] = (), limit: int = 5
) -> list[tuple[int, float]]:
    """Published challenges like a text being written (the need form's suggestions)."""
    if len(f"{title} {text}".split()) < 3:
        return []
    return search(query_vector(title, text), limit=limit, public_only=True, exclude=exclude)


# --- indexing one need ----------------------------------------------------------------


def index_need(need_id: int) -> bool:
    """(Re-)index one need, its similar needs and its cluster; remove it from the index
    when it is gone, a draft or withdrawn. True when it is indexed."""
    found = analyser()
    with transaction.atomic():
        need = Need.objects.select_for_update().filter(pk=need_id).first()
        if need is None or need.status in NOT_INDEXED:
            _remove(need_id)
            return False
        terms = scoring.term_weights(found.features(*need_text(need)), found.concept_weights)
        old = MatchDocument.objects.filter(need_id=need_id).first()
        old_ids = {int(f) for part in _load(old.vector).values() for f in part} if old else set()
        rows = _feature_rows(terms, create=True)
        new_ids = {pk for pk, _df in rows.values()}
        added, dropped = new_ids - old_ids, old_ids - new_ids
        MatchFeature.objects.filter(pk__in=added).update(documents=F("documents") + 1)
        MatchFeature.objects.filter(pk__in=dropped).update(documents=F("documents") - 1)
        if old is None:
            MatchState.objects.filter(pk=1).update(documents=F("documents") + 1)
        stored = _stored(terms, {k: pk for k, (pk, _df) in rows.items()})
        vector = _weighted(
            stored,
            {pk: df + (1 if pk in added else 0) for pk, df in rows.values()},
            max(state().documents, 1),
        )
        public = is_public(need)
        MatchDocument.objects.update_or_create(
            need_id=need_id,
            defaults={
                "vector": stored,
                "public": public,
                "version": found.version,
                "indexed_at": timezone.now(),
            },
        )
        MatchPosting.objects.filter(need_id=need_id).delete()
        MatchPosting.objects.bulk_create(_postings(need_id, vector, public))
        neighbours = search(vector, exclude=[need_id])
        _store_neighbours(need_id, neighbours)
        recluster_around([need_id])
    return True


def _postings(need_id: int, vector: Stored, public: bool) -> list[MatchPosting]:
    return [
        MatchPosting(feature_id=feature_id, need_id=need_id, impact=impact, public=public)
        for feature_id, impact in _strongest(vector, POSTINGS_PER_NEED)
    ]


def _store_neighbours(need_id: int, neighbours: list[tuple[int, float]]) -> None:
    """A need's similar needs, and the need among theirs (each keeps its best NEIGHBOURS)."""
    NeedSimilarity.objects.filter(Q(need_id=need_id) | Q(other_id=need_id)).delete()
    rows = [NeedSimilarity(need_id=need_id, other_id=o, score=s) for o, s in neighbours]
    rows += [NeedSimilarity(need_id=o, other_id=need_id, score=s) for o, s in neighbours]
    NeedSimilarity.objects.bulk_create(rows)
    for other, _score in neighbours:
        keep = NeedSimilarity.objects.filter(need_id=other).order_by("-score", "other_id")
        extra = list(keep.values_list("pk", flat=True)[NEIGHBOURS:])
        if extra:
            NeedSimilarity.objects.filter(pk__in=extra).delete()


def _remove(need_id: int) -> None:
    document = MatchDocument.objects.filter(need_id=need_id).first()
    if document is None:
        return
    ids = [int(f) for part in _load(document.vector).values() for f in part]
    MatchFeature.objects.filter(pk__in=ids).update(documents=F("documents") - 1)
    MatchState.objects.filter(pk=1).update(documents=F("documents") - 1)
    neighbours = list(
        NeedSimilarity.objects.filter(Q(need_id=need_id) | Q(other_id=need_id)).values_list(
            "need_id", "other_id"
        )
    )
    NeedSimilarity.objects.filter(Q(need_id=need_id) | Q(other_id=need_id)).delete()
    MatchPosting.objects.filter(need_id=need_id).delete()
    document.delete()
    recluster_around({pk for pair in neighbours for pk in pair} - {need_id})


# --- clusters -------------------------------------------------------------------------


def _judgements() -> tuple[list[list[int]], list[tuple[int, int]]]:
    must: list[list[int]] = []
    apart: list[tuple[int, int]] = []
    for kind, groups in ClusterJudgement.objects.order_by("created_at", "pk").values_list(
        "kind", "groups"
    ):
        if kind == ClusterJudgement.Kind.CONFIRM:
            must += [list(g) for g in groups]
        elif len(groups) == 2:
            apart += [(a, b) for a in groups[0] for b in groups[1]]
    return must, apart


def recluster_around(need_ids: Iterable[int]) -> None:
    """Cluster again the needs near these: their clusters, and their similar needs (above
    the threshold) with theirs. A full `recluster_all` runs daily."""
    seeds = set(need_ids)
    if not seeds:
        return
    near = NeedSimilarity.objects.filter(score__gte=CLUSTER_THRESHOLD).filter(
        Q(need_id__in=seeds) | Q(other_id__in=seeds)
    )
    for a, b in near.values_list("need_id", "other_id"):
        seeds.update((a, b))
    clusters = set(
        MatchDocument.objects.filter(need_id__in=seeds, cluster__isnull=False).values_list(
            "cluster_id", flat=True
        )
    )
    nodes = set(
        MatchDocument.objects.filter(Q(need_id__in=seeds) | Q(cluster_id__in=clusters)).values_list(
            "need_id", flat=True
        )
    )
    edges = {
        (a, b): s
        for a, b, s in NeedSimilarity.objects.filter(
            need_id__in=nodes, other_id__in=nodes
        ).values_list("need_id", "other_id", "score")
    }
    must, apart = _judgements()
    groups = cluster(nodes, edges, threshold=CLUSTER_THRESHOLD, must_link=must, cannot_link=apart)
    MatchDocument.objects.filter(need_id__in=nodes).update(cluster=None)
    NeedCluster.objects.filter(pk__in=clusters).delete()
    _write_clusters(groups)


def _write_clusters(groups: list[list[int]]) -> None:
    created = NeedCluster.objects.bulk_create([NeedCluster(size=len(g)) for g in groups])
    for group, row in zip(groups, created, strict=True):
        MatchDocument.objects.filter(need_id__in=group).update(cluster=row)


def recluster_all() -> int:
    """Cluster every indexed need again; returns the number of clusters."""
    nodes = list(MatchDocument.objects.values_list("need_id", flat=True))
    edges = {
        (a, b): s
        for a, b, s in NeedSimilarity.objects.values_list("need_id", "other_id", "score").iterator(
            chunk_size=20_000
        )
    }
    must, apart = _judgements()
    groups = cluster(nodes, edges, threshold=CLUSTER_THRESHOLD, must_link=must, cannot_link=apart)
    with transaction.atomic():
        MatchDocument.objects.update(cluster=None)
        NeedCluster.objects.all().delete()
        _write_clusters(groups)
        MatchState.objects.filter(pk=1).update(clustered_at=timezone.now())
    return len(groups)


# --- rebuilding everything --------------------------------------------------------------


def rebuild(*, version: int | None = None, batch: int = 2000) -> int:
    """Index every need from scratch (after a thesaurus change; daily). Returns the number
    of needs indexed. The vectors, postings and neighbours are computed in memory and
    written in one transaction, so readers see either the old index or the new one."""
    found = analyser(version)
    needs = (
        Need.objects.exclude(status__in=NOT_INDEXED)
        .only(
            "pk",
            "title",
            "problem",
            "current_handling",
            "citizen_value",
            "target_groups",
            "status",
            "published_at",
        )
        .order_by("pk")
    )
    clock = _Clock()
    raws: dict[int, dict[str, float]] = {}
    public: dict[int, bool] = {}
    texts: list[tuple[int, str, str]] = []
    for need in needs.iterator(chunk_size=batch):
        texts.append((need.pk, *need_text(need)))
        public[need.pk] = is_public(need)
    _SHARED["analyser"] = found
    for part in _parallel(
        _features_chunk, [texts[i : i + 2000] for i in range(0, len(texts), 2000)]
    ):
        raws.update(part)
    del texts
    clock.lap("features")
    stats = scoring.Stats.of(raws.values())
    keys = sorted(stats.frequencies)
    ids = {k: i for i, k in enumerate(keys, start=1)}
    frequencies = {ids[k]: df for k, df in stats.frequencies.items()}
    terms = {
        pk: _stored(scoring.term_weights(raw, found.concept_weights), ids)
        for pk, raw in raws.items()
    }
    del raws
    vectors = {pk: _weighted(t, frequencies, max(len(terms), 1)) for pk, t in terms.items()}
    clock.lap("weights")
    postings: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for pk, vector in vectors.items():
        for feature_id, impact in _strongest(vector, POSTINGS_PER_NEED):
            postings[feature_id].append((impact, pk))
    top = {
        f: heapq.nlargest(POSTINGS_PER_FEATURE, rows, key=lambda r: (r[0], -r[1]))
        for f, rows in postings.items()
    }
    clock.lap("postings")
    _SHARED.update(vectors=vectors, top=top)
    pks = list(vectors)
    neighbours: dict[int, list[tuple[int, float]]] = {}
    for found_part in _parallel(
        _neighbours_chunk, [pks[i : i + 2000] for i in range(0, len(pks), 2000)]
    ):
        neighbours.update(found_part)
    _SHARED.clear()
    clock.lap("neighbours")
    with transaction.atomic():
        NeedSimilarity.objects.all().delete()
        MatchPosting.objects.all().delete()
        MatchDocument.objects.all().delete()
        NeedCluster.objects.all().delete()
        MatchFeature.objects.all().delete()
        _bulk(
            MatchFeature,
            (MatchFeature(pk=ids[k], key=k, documents=stats.frequencies[k]) for k in keys),
            batch,
        )
        _bulk(
            MatchDocument,
            (
                MatchDocument(need_id=pk, vector=t, public=public[pk], version=found.version)
                for pk, t in terms.items()
            ),
            batch,
        )
        _insert(
            MatchPosting,
            ["feature_id", "need_id", "impact", "public"],
            ((f, pk, impact, public[pk]) for f, rows in postings.items() for impact, pk in rows),
            batch,
        )
        _insert(
            NeedSimilarity,
            ["need_id", "other_id", "score"],
            ((pk, o, score) for pk, found in neighbours.items() for o, score in found),
            batch,
        )
        MatchState.objects.filter(pk=1).update(
            documents=len(vectors),
            indexed_version=found.version,
            rebuilt_at=timezone.now(),
        )
        _reset_sequence(MatchFeature)
    clock.lap("writing")
    recluster_all()
    clock.lap("clustering")
    logger.info("matching index rebuilt: %s", clock)
    return len(vectors)


class _Clock:
    """Seconds per phase of a rebuild, for the log (bench/README.md quotes them)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 2)
        self.last = now

    def __str__(self) -> str:
        return ", ".join(f"{k} {v} s" for k, v in self.laps.items())


# What the worker processes of a rebuild read: set before they are forked, so they share it
# with the parent instead of receiving a copy. Only during a rebuild.
_SHARED: dict[str, Any] = {}


def _features_chunk(texts: list[tuple[int, str, str]]) -> dict[int, dict[str, float]]:
    found: Analyser = _SHARED["analyser"]
    return {pk: found.features(title, text) for pk, title, text in texts}


def _neighbours_chunk(pks: list[int]) -> dict[int, list[tuple[int, float]]]:
    vectors, top = _SHARED["vectors"], _SHARED["top"]
    return {pk: _neighbours_in_memory(pk, vectors[pk], top, vectors) for pk in pks}


def _parallel(function: Any, chunks: list[Any]) -> Iterable[Any]:
    """`map` over the CPUs for a large rebuild (forked workers: pure computation, no
    database), in this process for a small one or where fork is not available."""
    workers = min(os.cpu_count() or 1, 8)
    if len(chunks) < 3 or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, chunks)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(function, chunks)


def _neighbours_in_memory(
    pk: int,
    vector: Stored,
    top: dict[int, list[tuple[float, int]]],
    vectors: dict[int, Stored],
) -> list[tuple[int, float]]:
    """`search`, on the in-memory postings of a rebuild."""
    partial: dict[int, float] = defaultdict(float)
    for feature_id, weight in _strongest(vector, QUERY_FEATURES):
        share = _share_of(vector, feature_id)
        for impact, other in top.get(feature_id, ()):
            partial[other] += weight * impact / share
    partial.pop(pk, None)
    candidates = heapq.nlargest(CANDIDATES, partial.items(), key=lambda item: (item[1], -item[0]))
    scored = [(other, round(similarity(vector, vectors[other]), 4)) for other, _p in candidates]
    scored = [(o, s) for o, s in scored if s >= MIN_SCORE]
    return sorted(scored, key=lambda item: (-item[1], item[0]))[:NEIGHBOURS]


def _bulk(model: Any, rows: Iterable[Any], batch: int) -> None:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            model.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk)


def _insert(model: Any, columns: list[str], rows: Iterable[tuple[Any, ...]], batch: int) -> None:
    """Plain INSERTs in batches, for the millions of rows of a rebuild: model instances
    cost more time than the database does."""
    from django.db import connection

    name = connection.ops.quote_name
    sql = (
        # Table and column names come from the model, quoted; the values are parameters.
        f"INSERT INTO {name(model._meta.db_table)} ({', '.join(name(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _reset_sequence(model: Any) -> None:
    """Features were inserted with explicit ids; PostgreSQL's sequence must follow."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
