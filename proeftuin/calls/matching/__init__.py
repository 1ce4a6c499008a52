"""Shared-need matching: which needs, across calls and municipalities, are the same need in
other words (issue 8). `text` and `thesaurus` turn Dutch text into features, `scoring`
weighs and compares them, `clustering` groups them, `index` keeps it all in the database,
`demand` counts the municipalities behind a need, `evaluation` measures the matcher.

Services call `schedule_reindex` when a need changes; other apps read a need's demand
through `demand_for`. (Nothing is imported here at load time: `models` of the calls app
imports this package's models.)
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Need
    from .demand import Demand

__all__ = ["demand_for", "schedule_reindex"]


def demand_for(needs: "Iterable[Need | int]") -> "dict[int, Demand]":
    """need id → `Demand` (distinct municipalities and provinces among the needs of its
    cluster and their active supporters), in a fixed number of queries for a whole list."""
    from .demand import demand_for as compute

    return compute(needs)


def schedule_reindex(need_id: int) -> None:
    """Re-index a need once the current transaction commits (a task)."""
    from django.db import transaction

    from .tasks import reindex_need

    transaction.on_commit(lambda: reindex_need.enqueue(need_id))
