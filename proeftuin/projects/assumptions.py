"""The assumptions map: where each hypothesis sits by importance and evidence.

Laid out as in Strategyzer's assumptions map (David J. Bland, *Testing Business Ideas*):
importance runs up (unimportant at the bottom, important at the top), evidence runs from
strong on the left to none on the right, so the top-right corner — important and unproven —
holds what to test first. Importance and evidence are whole numbers 1-5, so the plot is a
5 by 5 grid of cells; hypotheses that share a cell are set out on a small grid inside it so
that no two markers cover each other. Each kind has its own colour *and* shape, and every
marker carries its number, so colour is never the only cue.

This module computes the geometry only; `projects/partials/assumptions_map.html` draws it
(inline SVG with a table beside it) and holds the words.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Hypothesis

Kind = Hypothesis.Kind

LEVELS = range(1, 6)
CELL = 80  # px per importance/evidence step
PLOT = CELL * len(LEVELS)
LEFT, TOP, RIGHT, BOTTOM = 56, 28, 16, 64  # the top margin holds the "test first" label
WIDTH, HEIGHT = LEFT + PLOT + RIGHT, TOP + PLOT + BOTTOM
RADIUS = 15  # half a marker's extent when it has its cell to itself
GAP = 2  # at least this much space between two markers in one cell

# Importance at or above, evidence at or below: the "test first" corner.
TEST_FIRST_IMPORTANCE = 4
TEST_FIRST_EVIDENCE = 2

# Colours with white numbers on them at ≥ 4.5:1, and ≥ 3:1 against the plot's backgrounds.
STYLE = {
    Kind.DESIRABILITY: ("#005a9c", "circle"),
    Kind.FEASIBILITY: ("#a63a00", "square"),
    Kind.VIABILITY: ("#6a3d9a", "diamond"),
}


@dataclass(frozen=True)
class Marker:
    number: int
    hypothesis: Hypothesis
    x: float
    y: float
    radius: float
    colour: str
    shape: str
    test_first: bool

    # Every shape stays within `radius` of its centre, so markers never overlap; the circle
    # and the square are drawn a little smaller to look about as large as the diamond.

    @property
    def circle_radius(self) -> float:
        return round(self.radius * 0.9, 2)

    @property
    def points(self) -> str:
        """The corners of a diamond (SVG `points`)."""
        x, y, r = self.x, self.y, self.radius
        return " ".join(f"{a:g},{b:g}" for a, b in ((x, y - r), (x + r, y), (x, y + r), (x - r, y)))

    @property
    def side(self) -> float:
        """A square's side."""
        return round(self.radius * 1.6, 2)

    @property
    def corner(self) -> tuple[float, float]:
        return round(self.x - self.side / 2, 2), round(self.y - self.side / 2, 2)

    @property
    def font_size(self) -> float:
        return round(self.radius * 0.85, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    at: float  # the centre of the cell on its axis


@dataclass(frozen=True)
class LegendEntry:
    kind: str
    label: str | Promise
    colour: str
    shape: str


@dataclass(frozen=True)
class AssumptionsMap:
    markers: list[Marker]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot: int = PLOT
    cell: int = CELL

    @property
    def right(self) -> int:
        return self.left + self.plot

    @property
    def bottom(self) -> int:
        return self.top + self.plot

    @property
    def half(self) -> int:
        return self.plot // 2

    @property
    def importance_ticks(self) -> list[Tick]:
        return [Tick(level, y_for(level)) for level in LEVELS]

    @property
    def evidence_ticks(self) -> list[Tick]:
        return [Tick(level, x_for(level)) for level in LEVELS]

    @property
    def grid(self) -> list[int]:
        """Offsets of the inner cell borders within the plot."""
        return [self.cell * step for step in range(1, len(LEVELS))]

    @property
    def test_first_area(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the "test first" corner."""
        x = x_for(TEST_FIRST_EVIDENCE) - self.cell / 2
        y = self.top
        return x, y, self.right - x, y_for(TEST_FIRST_IMPORTANCE) + self.cell / 2 - y

    @property
    def legend(self) -> list[LegendEntry]:
        return [LegendEntry(kind, label, *STYLE[Kind(kind)]) for kind, label in Kind.choices]

    @property
    def test_first(self) -> list[Marker]:
        return [m for m in self.markers if m.test_first]


def x_for(evidence: int) -> float:
    """Strong evidence (5) left, none (1) right."""
    return LEFT + (5 - evidence) * CELL + CELL / 2


def y_for(importance: int) -> float:
    """Important (5) at the top."""
    return TOP + (5 - importance) * CELL + CELL / 2


def _offsets(count: int) -> tuple[list[tuple[float, float]], float]:
    """Positions (relative to the cell's centre) for `count` markers sharing a cell, on a
    near-square grid, and the radius that keeps them apart."""
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    pitch = CELL / (columns + 0.5) if columns > 1 else 0.0
    radius = min(RADIUS, (pitch - GAP) / 2) if columns > 1 else RADIUS
    offsets = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)  # the last row may be shorter: centre it
        offsets.append(
            (
                (column - (in_row - 1) / 2) * pitch,
                (row - (rows - 1) / 2) * pitch,
            )
        )
    return offsets, radius


def ordered(hypotheses: Iterable[Hypothesis]) -> list[Hypothesis]:
    """Most important and least proven first (as `HypothesisQuerySet.test_first`)."""
    return sorted(hypotheses, key=lambda h: (-h.importance, h.evidence, h.created_at, h.pk))


def draw(hypotheses: Iterable[Hypothesis]) -> AssumptionsMap:
    """Place the hypotheses on the map, numbered in to-test order (1 = test first)."""
    numbered = list(enumerate(ordered(hypotheses), start=1))
    cells: dict[tuple[int, int], list[tuple[int, Hypothesis]]] = defaultdict(list)
    for number, hypothesis in numbered:
        cells[(hypothesis.evidence, hypothesis.importance)].append((number, hypothesis))
    markers = []
    for (evidence, importance), members in cells.items():
        offsets, radius = _offsets(len(members))
        for (number, hypothesis), (dx, dy) in zip(members, offsets, strict=True):
            colour, shape = STYLE[Kind(hypothesis.kind)]
            markers.append(
                Marker(
                    number=number,
                    hypothesis=hypothesis,
                    x=round(x_for(evidence) + dx, 2),
                    y=round(y_for(importance) + dy, 2),
                    radius=round(radius, 2),
                    colour=colour,
                    shape=shape,
                    test_first=importance >= TEST_FIRST_IMPORTANCE
                    and evidence <= TEST_FIRST_EVIDENCE,
                )
            )
    markers.sort(key=lambda m: m.number)
    return AssumptionsMap(markers=markers)
