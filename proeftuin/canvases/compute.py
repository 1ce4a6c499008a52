"""What the platform computes from a value proposition canvas and a value stream map
(DESIGN.md, "What the platform computes").

Pure functions over plain values, so that a canvas or a stream as it is now and as it was
in a snapshot at an earlier gate decision are computed the same way.

Time is counted in *working* time, as value stream maps do (Rother & Shook, *Learning to
See*): a day is one working day of 8 hours (480 minutes), a week five working days (2,400
minutes). A wait of "3 dagen" is 1,440 minutes of working time, not 72 hours.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MINUTES_PER_UNIT: dict[str, int] = {"minutes": 1, "hours": 60, "days": 480, "weeks": 2400}

# The canvas: which kinds of the value map address which kinds of the customer profile.
ADDRESSES: dict[str, str] = {"pain_reliever": "pain", "gain_creator": "gain"}
TOP_RANKED = 3

# The eight wastes of lean (TIMWOODS), in the order they are listed everywhere.
WASTES = (
    "transport",
    "inventory",
    "motion",
    "waiting",
    "overproduction",
    "overprocessing",
    "defects",
    "unused_skills",
)
VALUE_ADDING = "value_adding"
BIGGEST_WAITS = 3


def percentage(fraction: Decimal, digits: int = 0) -> Decimal:
    """A fraction as a percentage, rounded half up to `digits` decimals (0.00673 → 0.7 with
    one digit); Django's number formatting cuts decimals off rather than rounding them."""
    return (fraction * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def to_minutes(value: Decimal, unit: str) -> Decimal:
    """A duration in working minutes; `unit` is one of MINUTES_PER_UNIT."""
    return value * MINUTES_PER_UNIT[unit]


# The value proposition canvas ------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item of a canvas. `rank` orders the items of a kind, 1 the most important;
    `addresses` holds the keys of the pains or gains a reliever or creator addresses."""

    key: int
    kind: str
    text: str
    rank: int
    job_type: str = ""
    addresses: frozenset[int] = frozenset()
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fit:
    """The top-ranked pains and gains, split into those a reliever or creator addresses and
    those it does not."""

    considered: tuple[Item, ...]
    addressed: tuple[Item, ...]
    not_addressed: tuple[Item, ...]

    @property
    def share(self) -> Decimal | None:
        """Addressed / considered, between 0 and 1; None when there is nothing to fit."""
        if not self.considered:
            return None
        return Decimal(len(self.addressed)) / Decimal(len(self.considered))

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else int(percentage(share))


def ranked(items: Iterable[Item], kind: str) -> list[Item]:
    """The items of one kind, the most important first."""
    return sorted((i for i in items if i.kind == kind), key=lambda i: (i.rank, i.key))


def fit(items: Iterable[Item], top: int = TOP_RANKED) -> Fit:
    """Value proposition fit: the share of the `top` highest-ranked pains and the `top`
    highest-ranked gains that at least one pain reliever (for a pain) or gain creator (for a
    gain) addresses (Osterwalder et al., *Value Proposition Design*: fit is reached when the
    value map addresses the customer's most important pains and gains)."""
    items = list(items)
    kinds = {item.key: item.kind for item in items}
    addressed_keys = {
        target
        for item in items
        if item.kind in ADDRESSES
        for target in item.addresses
        if kinds.get(target) == ADDRESSES[item.kind]
    }
    considered = tuple(ranked(items, "pain")[:top] + ranked(items, "gain")[:top])
    return Fit(
        considered=considered,
        addressed=tuple(i for i in considered if i.key in addressed_keys),
        not_addressed=tuple(i for i in considered if i.key not in addressed_keys),
    )


# The value stream -----------------------------------------------------------------------


@dataclass(frozen=True)
class StepData:
    """One step of a value stream. Times are in working minutes; `waiting_minutes` is how
    long the work waits before this step starts. `pct_complete_accurate` (0-100) is the
    share of this step's output the next step can use as it is."""

    key: int
    name: str
    process_minutes: Decimal
    waiting_minutes: Decimal
    pct_complete_accurate: int
    classification: str
    wastes: tuple[str, ...] = ()
    actor: str = ""
    process_time: Decimal = Decimal(0)
    process_unit: str = "minutes"
    waiting_time: Decimal = Decimal(0)
    waiting_unit: str = "minutes"

    @property
    def lead_minutes(self) -> Decimal:
        return self.process_minutes + self.waiting_minutes


@dataclass(frozen=True)
class StreamFigures:
    """Lead time, process time and waiting time in working minutes; efficiency and rolled
    %C&A as fractions between 0 and 1 (None when there is nothing to compute them from)."""

    steps: int
    lead_time: Decimal
    process_time: Decimal
    waiting_time: Decimal
    value_adding_time: Decimal
    efficiency: Decimal | None
    rolled_pca: Decimal | None
    biggest_waits: tuple[StepData, ...]
    waste_counts: tuple[tuple[str, int], ...]
    waste_steps: int


def stream_figures(steps: Sequence[StepData], biggest: int = BIGGEST_WAITS) -> StreamFigures:
    """The value stream's figures (Martin & Osterling, *Value Stream Mapping*):

    - lead time = Σ (process time + waiting time);
    - process time = Σ process time;
    - process cycle efficiency = value-adding process time / lead time;
    - rolled %C&A = Π (%C&A / 100), the share of work that runs through the whole stream
      without being corrected, asked again or reworked;
    - the `biggest` longest waits, longest first;
    - per waste, the number of steps where it was observed (most frequent first), and the
      number of steps with at least one waste.
    """
    process = sum((s.process_minutes for s in steps), Decimal(0))
    waiting = sum((s.waiting_minutes for s in steps), Decimal(0))
    value_adding = sum(
        (s.process_minutes for s in steps if s.classification == VALUE_ADDING), Decimal(0)
    )
    lead = process + waiting
    rolled: Decimal | None = None
    if steps:
        rolled = Decimal(1)
        for step in steps:
            rolled *= Decimal(step.pct_complete_accurate) / 100
    counts = Counter(waste for s in steps for waste in set(s.wastes) if waste in WASTES)
    waits = sorted(
        (s for s in steps if s.waiting_minutes > 0), key=lambda s: s.waiting_minutes, reverse=True
    )
    return StreamFigures(
        steps=len(steps),
        lead_time=lead,
        process_time=process,
        waiting_time=waiting,
        value_adding_time=value_adding,
        efficiency=value_adding / lead if lead else None,
        rolled_pca=rolled,
        biggest_waits=tuple(waits[:biggest]),
        waste_counts=tuple(
            sorted(counts.items(), key=lambda pair: (-pair[1], WASTES.index(pair[0])))
        ),
        waste_steps=sum(1 for s in steps if any(w in WASTES for w in s.wastes)),
    )


@dataclass(frozen=True)
class Change:
    """One figure in the current and the future state, and the difference (future -
    current); None where either side has no value."""

    current: Decimal | int | None
    future: Decimal | int | None

    @property
    def delta(self) -> Decimal | int | None:
        if self.current is None or self.future is None:
            return None
        return self.future - self.current


@dataclass(frozen=True)
class Comparison:
    steps: Change
    lead_time: Change
    process_time: Change
    waiting_time: Change
    efficiency: Change
    rolled_pca: Change
    waste_steps: Change


def compare(current: StreamFigures, future: StreamFigures) -> Comparison:
    """A future state against its current state, figure by figure."""
    return Comparison(
        **{
            name: Change(getattr(current, name), getattr(future, name))
            for name in (
                "steps",
                "lead_time",
                "process_time",
                "waiting_time",
                "efficiency",
                "rolled_pca",
                "waste_steps",
            )
        }
    )
