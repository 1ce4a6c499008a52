"""Clusters of needs that describe the same need: average-linkage agglomeration over a
similarity graph, with the coordinators' judgements as constraints.

Average linkage (the mean similarity over all pairs of two clusters; a pair without an edge
counts as 0) resists the chaining of single linkage, where A ~ B and B ~ C put A and C
together however different they are. Two clusters merge while their average similarity is
at least the threshold. A confirmed cluster is merged first and stays together (must-link);
a split keeps its parts apart for good (cannot-link), whatever the similarities say later.

Ties are broken by the nodes' own sort keys, so the result does not depend on the order in
which needs or edges arrive.
"""

import heapq
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

Node = Any  # hashable and sortable (a need's pk; a text's digest in the evaluation)


def cluster(
    nodes: Iterable[Node],
    edges: Mapping[tuple[Node, Node], float],
    *,
    threshold: float,
    must_link: Iterable[Iterable[Node]] = (),
    cannot_link: Iterable[tuple[Node, Node]] = (),
) -> list[list[Node]]:
    """Groups of at least two nodes, each sorted, the list sorted by its first node."""
    nodes = sorted(set(nodes))
    leader: dict[Node, Node] = {n: n for n in nodes}
    members: dict[Node, list[Node]] = {n: [n] for n in nodes}
    # Sum of edge similarities between two current clusters (symmetric).
    links: dict[Node, dict[Node, float]] = {n: {} for n in nodes}
    for (a, b), weight in edges.items():
        if a == b or a not in leader or b not in leader:
            continue
        # An edge may come in both directions (each need's top-k); count the pair once.
        if links[a].get(b, 0.0) < weight:
            links[a][b] = weight
            links[b][a] = weight
    apart: dict[Node, set[Node]] = {n: set() for n in nodes}
    for a, b in cannot_link:
        if a in apart and b in apart and a != b:
            apart[a].add(b)
            apart[b].add(a)

    def merge(a: Node, b: Node) -> Node:
        """Merge the clusters led by a and b; the smaller joins the larger."""
        if len(members[a]) < len(members[b]) or (len(members[a]) == len(members[b]) and b < a):
            a, b = b, a
        for node in members[b]:
            leader[node] = a
        members[a].extend(members.pop(b))
        apart[a] |= apart.pop(b)
        for other, weight in links.pop(b).items():
            if other == a:
                continue
            links[other].pop(b, None)
            links[a][other] = links[a].get(other, 0.0) + weight
            links[other][a] = links[a][other]
        links[a].pop(b, None)
        return a

    def separated(a: Node, b: Node) -> bool:
        return any(leader[x] == b for x in apart[a])

    for group in must_link:
        present = sorted(n for n in group if n in leader)
        for node in present[1:]:
            a, b = leader[present[0]], leader[node]
            if a != b and not separated(a, b):
                merge(a, b)

    heap: list[tuple[float, Node, Node]] = []

    def push(a: Node, b: Node) -> None:
        average = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if average >= threshold:
            first, second = (a, b) if a < b else (b, a)
            heapq.heappush(heap, (-average, first, second))

    for a in list(links):
        for b in links[a]:
            if a < b:
                push(a, b)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one of them has merged since
        current = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + negative) > 1e-12:
            continue  # stale: a fresher entry for this pair is on the heap
        if separated(a, b):
            continue
        merged = merge(a, b)
        for other in list(links[merged]):
            push(merged, other)
    groups = [sorted(m) for m in members.values() if len(m) > 1]
    return sorted(groups, key=lambda g: g[0])


def pairs(groups: Iterable[Iterable[Hashable]]) -> set[frozenset[Hashable]]:
    result: set[frozenset[Hashable]] = set()
    for group in groups:
        items = list(group)
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                result.add(frozenset((a, b)))
    return result
