"""Geometry for the dashboard's SVG charts, computed here so the templates only place what
is given. Every chart is drawn beside a table with the same numbers (the table is the text
alternative); the SVG carries role="img", a <title> and a <desc>."""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 230
BAR_AREA = 320
ROW = 30
BAR = 20


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: int
    y: int
    width: int

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
    def width(self) -> int:
        return WIDTH


def bar_chart(
    key: str,
    title: str,
    description: str,
    items: list[tuple[str, float, str]],
    *,
    centred: bool = False,
) -> BarChart:
    """`items` are (label, value, value as shown); bar lengths are relative to the largest
    value, and a non-zero value is at least one pixel wide so it never looks like zero."""
    largest = max((value for _, value, _ in items), default=0) or 1
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = round(BAR_AREA * value / largest)
        if value and not width:
            width = 1
        x = LABEL_WIDTH + ((BAR_AREA - width) // 2 if centred else 0)
        bars.append(Bar(label=label, text=text, x=x, y=i * ROW + 2, width=width))
    return BarChart(key=key, title=title, description=description, bars=bars, centred=centred)
