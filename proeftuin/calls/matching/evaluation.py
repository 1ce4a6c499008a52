"""Measuring the matcher on needs with known groups (the format of needs-dev.jsonl).

- MAP: for every need with group mates, the average precision of ranking its mates above
  every other need, averaged over those needs. Needs of `solo-` groups take part only as
  distractors.
- P@1: the share of those needs whose most similar need is a mate.
- R@5: the share of a need's mates among its five most similar needs, averaged.
- Cluster F1: pairwise F1 of the clusters at the platform's threshold against the groups.

Equal scores are ranked pessimistically (other needs before mates), and needs are known by
a digest of their text, so the figures depend neither on the order of the lines nor on ids.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import scoring
from .clustering import cluster, pairs
from .thesaurus import Concept, Thesaurus


@dataclass(frozen=True)
class Item:
    id: str
    group: str
    title: str
    text: str
    municipality: str = ""

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()


def is_solo(group: str) -> bool:
    return group.startswith("solo-")


def ranking_metrics(items: Sequence[Item], scores: Callable[[int, int], float]) -> dict[str, float]:
    average_precisions: list[float] = []
    first_hits: list[float] = []
    recalls: list[float] = []
    for i, item in enumerate(items):
        if is_solo(item.group):
            continue
        relevant = {j for j, other in enumerate(items) if j != i and other.group == item.group}
        if not relevant:
            continue
        ranked = sorted(
            (j for j in range(len(items)) if j != i),
            key=lambda j: (-scores(i, j), j in relevant, items[j].digest),
        )
        hits, precision_sum = 0, 0.0
        for rank, j in enumerate(ranked, start=1):
            if j in relevant:
                hits += 1
                precision_sum += hits / rank
        average_precisions.append(precision_sum / len(relevant))
        first_hits.append(1.0 if ranked[0] in relevant else 0.0)
        recalls.append(len(relevant & set(ranked[:5])) / len(relevant))
    n = len(average_precisions) or 1
    return {
        "map": sum(average_precisions) / n,
        "p_at_1": sum(first_hits) / n,
        "recall_at_5": sum(recalls) / n,
        "queries": len(average_precisions),
    }


def cluster_f1(
    items: Sequence[Item], scores: Callable[[int, int], float], threshold: float
) -> dict[str, float]:
    digests = [item.digest for item in items]
    edges = {
        (digests[i], digests[j]): scores(i, j)
        for i in range(len(items))
        for j in range(i + 1, len(items))
    }
    found = pairs(cluster(digests, edges, threshold=threshold))
    by_group: dict[str, list[str]] = {}
    for item in items:
        if not is_solo(item.group):
            by_group.setdefault(item.group, []).append(item.digest)
    truth = pairs(by_group.values())
    correct = len(found & truth)
    precision = correct / len(found) if found else 0.0
    recall = correct / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"cluster_f1": f1, "cluster_precision": precision, "cluster_recall": recall}


def matcher_scores(items: Sequence[Item], concepts: Sequence[Concept]) -> list[list[float]]:
    """The platform's similarity between every two needs, computed in memory (the same
    features, weights and similarity as the index; the IDF over these needs alone)."""
    thesaurus = Thesaurus.build(concepts)
    weights = {c.key: c.weight for c in concepts}
    raws = [scoring.features(item.title, item.text, thesaurus) for item in items]
    stats = scoring.Stats.of(raws)
    vectors = [scoring.weigh(raw, stats, weights) for raw in raws]
    return [[scoring.similarity(a, b) for b in vectors] for a in vectors]


def evaluate(
    items: Sequence[Item],
    scores: Sequence[Sequence[float]],
    *,
    threshold: float,
    neighbours: int | None = None,
) -> dict[str, float]:
    """Every figure of the module docstring. With `neighbours`, clusters are built like the
    platform's: from each need's most similar needs only."""

    def score(i: int, j: int) -> float:
        return scores[i][j]

    result: dict[str, float] = {**ranking_metrics(items, score)}
    if neighbours is None:
        result |= cluster_f1(items, score, threshold)
    else:
        kept: set[tuple[int, int]] = set()
        for i in range(len(items)):
            ranked = sorted(
                (j for j in range(len(items)) if j != i),
                key=lambda j: (-scores[i][j], items[j].digest),
            )
            kept.update((min(i, j), max(i, j)) for j in ranked[:neighbours])

        def knn_score(i: int, j: int) -> float:
            return scores[i][j] if (min(i, j), max(i, j)) in kept else 0.0

        result |= cluster_f1(items, knn_score, threshold)
    result["n"] = len(items)
    result["threshold"] = threshold
    return result
