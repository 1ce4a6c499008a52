"""A need's demand (DESIGN.md, "What the platform computes"): the distinct municipalities
among the needs of its cluster (their organisations and confirmed co-submitters) and the
organisations that support any of them, with their provinces. A need outside any cluster
counts its own municipalities and supporters.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import CoSubmitter, MatchDocument, Need, Support


@dataclass(frozen=True)
class Demand:
    municipality_ids: frozenset[int]
    provinces: frozenset[str]
    # the needs of the cluster, the need itself included
    need_ids: frozenset[int]

    @property
    def municipalities(self) -> int:
        """ "This need lives in N municipalities"."""
        return len(self.municipality_ids)

    @property
    def province_count(self) -> int:
        return len(self.provinces)


def demand_for(needs: Iterable[Need | int]) -> dict[int, Demand]:
    """need id → its `Demand`, for a whole list in five queries whatever its length."""
    ids = {n if isinstance(n, int) else n.pk for n in needs}
    if not ids:
        return {}
    cluster_of = dict(
        MatchDocument.objects.filter(need_id__in=ids, cluster__isnull=False).values_list(
            "need_id", "cluster_id"
        )
    )
    members: dict[int, set[int]] = defaultdict(set)
    for need_id, cluster_id in MatchDocument.objects.filter(
        cluster_id__in=set(cluster_of.values())
    ).values_list("need_id", "cluster_id"):
        members[cluster_id].add(need_id)
    groups = {pk: members.get(cluster_of.get(pk, -1)) or {pk} for pk in ids}
    everyone = set().union(*groups.values())
    places: dict[int, set[tuple[int, str]]] = defaultdict(set)
    sources = [
        Need.objects.filter(pk__in=everyone).values_list(
            "pk", "organisation__municipalities__pk", "organisation__municipalities__province"
        ),
        CoSubmitter.objects.filter(need_id__in=everyone, confirmed_at__isnull=False).values_list(
            "need_id", "organisation__municipalities__pk", "organisation__municipalities__province"
        ),
        Support.objects.active()
        .filter(need_id__in=everyone)
        .values_list(
            "need_id", "organisation__municipalities__pk", "organisation__municipalities__province"
        ),
    ]
    for rows in sources:
        for need_id, municipality_id, province in rows:
            if municipality_id is not None:
                places[need_id].add((municipality_id, province))
    result = {}
    for pk, group in groups.items():
        found = set().union(*(places[n] for n in group))
        result[pk] = Demand(
            municipality_ids=frozenset(m for m, _p in found),
            provinces=frozenset(p for _m, p in found),
            need_ids=frozenset(group),
        )
    return result
