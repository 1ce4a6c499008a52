"""Geometry for the dashboard's SVG charts, computed here so the templates only place what
is given. Every chart is drawn beside a table with the same numbers (the table is the text
alternative); the SVG carries role="img", a <title> and a <desc>."""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
BAR_AREA = 300
# About what fits in LABEL_WIDTH at the labels' 13px.
LABEL_CHARS = 34
ROW = 30
BAR = 20


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: int
    y: int
    width: int
    alt: bool = False

    @property
    def text_x(self) -> int:
        return self.x + self.width + 6


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row; `centred` draws them around the middle (a funnel)."""

    key: str
    title: str
    description: str
    bars: list[Bar]
    centred: bool = False

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW + 4

    @property
    def value_x(self) -> int:
        """Where a centred chart writes its values: right of the widest bar."""
        return LABEL_WIDTH + BAR_AREA + 8

    @property
    def width(self) -> int:
        return WIDTH


def bar_chart(
    key: str,
    title: str,
    description: str,
    items: list[tuple[str, float, str]],
    *,
    centred: bool = False,
    scale_to: float | None = None,
    alternate: bool = False,
) -> BarChart:
    """`items` are (label, value, value as shown); bar lengths are relative to `scale_to`
    (a percentage's 100) or else the largest value, and a non-zero value is at least one
    pixel wide so it never looks like zero. `alternate` draws every second bar in the
    second colour (the labels say what each bar is: colour alone means nothing)."""
    largest = scale_to or max((value for _, value, _ in items), default=0) or 1
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = round(BAR_AREA * value / largest)
        if value and not width:
            width = 1
        x = LABEL_WIDTH + ((BAR_AREA - width) // 2 if centred else 0)
        bars.append(
            Bar(
                label=label,
                text=text,
                x=x,
                y=i * ROW + 2,
                width=width,
                alt=alternate and i % 2 == 1,
            )
        )
    return BarChart(key=key, title=title, description=description, bars=bars, centred=centred)


COLUMN_HEIGHT = 180
COLUMN_TOP = 20
COLUMN_LEFT = 40
# Room for half of the last label, which is centred under its columns.
COLUMN_RIGHT = 34


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    width: int
    height: int
    alt: bool


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class ColumnChart:
    """Two series side by side per group (e.g. experiments started and completed per
    month), with the group labels under the axis (every n-th when there are many)."""

    key: str
    title: str
    description: str
    columns: list[Column]
    ticks: list[Tick]
    largest: int
    series: tuple[str, str]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return COLUMN_TOP + COLUMN_HEIGHT + 30

    @property
    def right(self) -> int:
        return WIDTH - COLUMN_RIGHT

    @property
    def baseline(self) -> int:
        return COLUMN_TOP + COLUMN_HEIGHT

    @property
    def top(self) -> int:
        return COLUMN_TOP


def column_chart(
    key: str,
    title: str,
    description: str,
    groups: list[tuple[str, int, int]],
    series: tuple[str, str],
) -> ColumnChart:
    """`groups` are (label, first series' value, second series' value)."""
    largest = max((max(a, b) for _, a, b in groups), default=0)
    scale = COLUMN_HEIGHT / (largest or 1)
    step = (WIDTH - COLUMN_LEFT - COLUMN_RIGHT) / max(len(groups), 1)
    # Narrow enough that a single month does not look like a wall.
    bar = min(max(int(step * 0.4), 1), 36)
    every = max(1, -(-len(groups) // 12))  # at most about 12 labels
    columns, ticks = [], []
    for i, (label, first, second) in enumerate(groups):
        left = COLUMN_LEFT + round(i * step + step * 0.1)
        for j, value in enumerate((first, second)):
            height = round(value * scale)
            if value and not height:
                height = 1
            columns.append(
                Column(
                    x=left + j * bar,
                    y=COLUMN_TOP + COLUMN_HEIGHT - height,
                    width=bar,
                    height=height,
                    alt=j == 1,
                )
            )
        if i % every == 0:
            ticks.append(Tick(x=left + bar, label=label))
    return ColumnChart(
        key=key,
        title=title,
        description=description,
        columns=columns,
        ticks=ticks,
        largest=largest,
        series=series,
    )
