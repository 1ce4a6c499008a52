"""Coverage (DESIGN.md, "Innovation accounting"): how many of the 285 Flemish and, beside
them, the 19 Brussels municipalities are interested in, requesting or using a service — per
province and per municipality, for one service or all of them. Two queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from proeftuin.organisations.models import Municipality

from .models import Adoption, Service

State = Adoption.State
# The states coverage counts, the furthest first: a municipality that uses one service and
# is interested in another counts as using (overall coverage).
COUNTED = [State.ACTIVE, State.REQUESTED, State.INTERESTED]
CHART_WIDTH = 400
ROW_HEIGHT = 28


@dataclass
class Row:
    """Counts of municipalities per state, of `total`."""

    label: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))

    @property
    def none(self) -> int:
        return self.total - sum(self.counts.values())

    def percent(self, state: str) -> int:
        return round(100 * self.counts[state] / self.total) if self.total else 0

    @property
    def percent_active(self) -> int:
        return self.percent(State.ACTIVE)

    def segments(self, width: int) -> list[tuple[str, int, int]]:
        """The bar of the chart: (state, x, width) per counted state, the furthest first."""
        result, x = [], 0
        for state in COUNTED:
            w = round(width * self.counts[state] / self.total) if self.total else 0
            result.append((state.value, x, w))
            x += w
        return result


@dataclass
class Place:
    municipality: Municipality
    state: str | None

    @property
    def state_label(self) -> str:
        return str(State(self.state).label) if self.state else ""


@dataclass
class Coverage:
    flanders: Row
    brussels: Row
    provinces: list[Row]
    places: list[Place]

    def chart(self, width: int = CHART_WIDTH) -> list[tuple[Row, int, list[tuple[str, int, int]]]]:
        """The rows of the chart (the provinces, then Brussels): (row, y, segments)."""
        rows = [*self.provinces, self.brussels]
        return [(row, i * ROW_HEIGHT, row.segments(width)) for i, row in enumerate(rows)]

    @property
    def regions(self) -> list[Row]:
        return [self.flanders, self.brussels]

    @property
    def chart_height(self) -> int:
        return (len(self.provinces) + 1) * ROW_HEIGHT


def coverage(service: Service | None = None) -> Coverage:
    adoptions = Adoption.objects.exclude(state=State.ENDED)
    if service is not None:
        adoptions = adoptions.filter(service=service)
    furthest: dict[int, str] = {}
    for municipality_id, state in adoptions.values_list("municipality_id", "state"):
        known = furthest.get(municipality_id)
        if known is None or COUNTED.index(State(state)) < COUNTED.index(State(known)):
            furthest[municipality_id] = state
    flanders = Row(label="Vlaanderen")
    brussels = Row(label="Brussel")
    provinces: dict[str, Row] = defaultdict(lambda: Row(label=""))
    places = []
    for municipality in Municipality.objects.order_by("name"):
        found = furthest.get(municipality.pk)
        places.append(Place(municipality, found))
        in_flanders = municipality.region == Municipality.Region.FLANDERS
        rows = [flanders, provinces[municipality.province]] if in_flanders else [brussels]
        for row in rows:
            row.total += 1
            if found:
                row.counts[found] += 1
    for name, row in provinces.items():
        row.label = name
    return Coverage(
        flanders=flanders,
        brussels=brussels,
        provinces=sorted(provinces.values(), key=lambda r: r.label),
        places=places,
    )
