"""Spreading reviewers over needs: N per need, balanced load, never a reviewer from the
need's own organisation or municipality, never one with a declared conflict."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NeedInfo:
    pk: int
    organisations: frozenset[int]
    municipalities: frozenset[int]


@dataclass(frozen=True)
class ReviewerInfo:
    pk: int
    organisations: frozenset[int]
    municipalities: frozenset[int]


@dataclass
class Plan:
    pairs: list[tuple[int, int]] = field(default_factory=list)
    # Needs that could not get N reviewers (too few eligible), with how many they lack.
    short: dict[int, int] = field(default_factory=dict)


def eligible(need: NeedInfo, reviewer: ReviewerInfo, blocked: set[tuple[int, int]]) -> bool:
    return (
        (need.pk, reviewer.pk) not in blocked
        and not need.organisations & reviewer.organisations
        and not need.municipalities & reviewer.municipalities
    )


def plan_assignments(
    needs: Iterable[NeedInfo],
    reviewers: Iterable[ReviewerInfo],
    *,
    per_need: int,
    taken: dict[int, int],
    blocked: set[tuple[int, int]],
    load: Counter[int] | None = None,
) -> Plan:
    """Give every need up to `per_need` active reviewers.

    `taken` counts the active assignments a need already has; `blocked` holds the
    (need, reviewer) pairs that exist already (assigned, or freed by a declared conflict);
    `load` counts each reviewer's open assignments. The needs with the fewest eligible
    reviewers are served first, each time by the least-loaded eligible reviewers (ties by
    id, so a plan is reproducible)."""
    reviewers = list(reviewers)
    load = Counter(load or {})
    options = {need: [r for r in reviewers if eligible(need, r, blocked)] for need in needs}
    plan = Plan()
    for need in sorted(options, key=lambda n: (len(options[n]), n.pk)):
        wanted = per_need - taken.get(need.pk, 0)
        if wanted <= 0:
            continue
        chosen = sorted(options[need], key=lambda r: (load[r.pk], r.pk))[:wanted]
        for reviewer in chosen:
            plan.pairs.append((need.pk, reviewer.pk))
            load[reviewer.pk] += 1
        if len(chosen) < wanted:
            plan.short[need.pk] = wanted - len(chosen)
    return plan
