"""What an experiment's measurement says, and what a hypothesis's experiments say about it.

Pure functions: the rules of DESIGN.md ("The lifecycles: Experiment"), computed, never
chosen by the team.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .models import Experiment, Hypothesis

Result = Experiment.Result
Operator = Experiment.Operator
Status = Hypothesis.Status

COMPARE = {
    Operator.GTE: lambda value, threshold: value >= threshold,
    Operator.GT: lambda value, threshold: value > threshold,
    Operator.LTE: lambda value, threshold: value <= threshold,
    Operator.LT: lambda value, threshold: value < threshold,
    Operator.EQ: lambda value, threshold: value == threshold,
}


def experiment_result(
    *,
    operator: str,
    threshold: Decimal,
    measured: Decimal,
    data_points: int,
    min_data_points: int,
) -> str:
    """Validated when the measured value meets the criterion ("we are right if the value is
    ≥ / > / ≤ / < / = the threshold"), invalidated when it does not — and inconclusive,
    whatever the value, with fewer data points than the test card's minimum."""
    if data_points < min_data_points:
        return Result.INCONCLUSIVE
    return (
        Result.VALIDATED if COMPARE[Operator(operator)](measured, threshold) else Result.INVALIDATED
    )


@dataclass(frozen=True)
class Evidence:
    """One completed experiment as the hypothesis sees it."""

    result: str
    strength: int
    completed_at: datetime


def hypothesis_verdict(experiments: Iterable[Evidence]) -> tuple[int, str]:
    """(evidence 1-5, status) of a hypothesis.

    Evidence is the strongest method evidence strength among its completed, conclusive
    experiments (1 when there are none); the status is the result of that strongest
    experiment, the most recent one on a tie. Only inconclusive experiments: status
    inconclusive; none completed: untested.
    """
    completed = list(experiments)
    conclusive = [e for e in completed if e.result != Result.INCONCLUSIVE]
    if not conclusive:
        return 1, Status.INCONCLUSIVE if completed else Status.UNTESTED
    strongest = max(conclusive, key=lambda e: (e.strength, e.completed_at))
    return strongest.strength, str(strongest.result)
