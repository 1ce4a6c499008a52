"""The geometry of the drawings; the templates `canvases/partials/canvas_picture.html` and
`canvases/partials/stream_picture.html` draw them as inline SVG.

The canvas keeps the shape everyone knows from *Value Proposition Design*: the value map is
a square on the left (products and services on its left half, gain creators top right, pain
relievers bottom right), the customer profile a circle on the right (gains top left, pains
bottom left, jobs on the right), so that creators face gains and relievers face pains.

The value stream map follows *Learning to See*: the steps as boxes from left to right, and
below them the timeline ladder, high under each wait and low under each step's process time.

SVG does not wrap text, so the lines are wrapped here, by an estimate of the glyphs' width;
every item is also in the text version beside the drawing, in full.
"""

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .compute import (
    TOP_RANKED,
    VALUE_ADDING,
    Fit,
    Item,
    StepData,
    StreamFigures,
    fit,
    percentage,
    ranked,
)

FONT = 13  # px
LINE = 16  # px between baselines
GLYPH = 0.56  # average glyph width of a sans-serif font, in em
ITEM_LINES = 2  # an item shows at most this many lines; the text version has the rest

# Item codes: "P2" is the second most important pain.
CODES = {
    "job": "T",
    "pain": "P",
    "gain": "W",
    "product_service": "PD",
    "pain_reliever": "PV",
    "gain_creator": "WM",
}


def codes(items: Sequence[Item]) -> dict[int, str]:
    """Every item's code: its kind's letters and its place by importance."""
    return {
        item.key: f"{CODES[kind]}{place}"
        for kind in CODES
        for place, item in enumerate(ranked(items, kind), start=1)
    }


def kind_labels() -> dict[str, str]:
    return {
        "job": _("Taken"),
        "pain": _("Pijnen"),
        "gain": _("Winsten"),
        "product_service": _("Producten en diensten"),
        "pain_reliever": _("Pijnverzachters"),
        "gain_creator": _("Winstmakers"),
    }


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    bold: bool = False
    size: int = FONT


def _chars(width: float, size: int = FONT) -> int:
    return max(4, int(width / (size * GLYPH)))


def _wrap(text: str, width: float, lines: int = ITEM_LINES, size: int = FONT) -> list[str]:
    return textwrap.wrap(text, _chars(width, size), max_lines=lines, placeholder=" …") or [""]


Span = Callable[[float], tuple[float, float]]


def _wrap_to(text: str, widths: Sequence[float]) -> list[str]:
    """Wrap `text` word by word onto lines of the given widths (one line per width), ending
    with " …" when it does not fit."""
    words = text.split()
    lines: list[str] = []
    for number, width in enumerate(widths):
        room = _chars(width)
        line = ""
        while words and len(f"{line} {words[0]}".strip()) <= room:
            line = f"{line} {words.pop(0)}".strip()
        if not line and words:  # a word longer than the line: cut it
            line, words[0] = words[0][: room - 1], words[0][room - 1 :]
        last = number == len(widths) - 1
        if last and words:
            while line and len(line) + 2 > room:
                line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
            line = f"{line} …"
        if line:
            lines.append(line)
        if not words:
            break
    return lines or [""]


def _fill(
    span: Span, top: float, bottom: float, entries: Sequence[tuple[str, bool]], centred: bool
) -> list[Text]:
    """Set out `entries` (text, bold) line by line from `top` down to `bottom`; `span(y)`
    gives the room from left to right on the line whose baseline is at y, so that text
    follows the shape it is in. What does not fit is counted on a last line."""
    out: list[Text] = []
    y = top
    anchor = "middle" if centred else "start"

    def x_of(y: float) -> float:
        start, end = span(y)
        return (start + end) / 2 if centred else start

    for index, (text, bold) in enumerate(entries):
        widths = [span(y + n * LINE)[1] - span(y + n * LINE)[0] for n in range(ITEM_LINES)]
        wrapped = _wrap_to(text, widths)
        reserve = LINE if index < len(entries) - 1 else 0
        if y + (len(wrapped) - 1) * LINE > bottom - reserve:
            more = len(entries) - index
            out.append(Text(x_of(y), y, _("… en nog %(n)s") % {"n": more}, anchor))
            break
        for line in wrapped:
            out.append(Text(x_of(y), y, line, anchor, bold))
            y += LINE
        y += 5
    return out


# The canvas -------------------------------------------------------------------------------

CANVAS_WIDTH, CANVAS_HEIGHT = 1000, 572
SQUARE_X, SQUARE_Y, SQUARE = 20, 70, 440
CX, CY, R = 752, 290, 220
PAD = 12


@dataclass(frozen=True)
class Area:
    kind: str
    heading: Text
    lines: list[Text]


@dataclass(frozen=True)
class Entry:
    """An item in the text version: its code, text, what it addresses and, for the top-
    ranked pains and gains, whether it is addressed (True/False; None for the others)."""

    key: int
    code: str
    text: str
    job_type: str
    addressed: bool | None
    targets: list[str]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    kind: str
    label: str
    entries: list[Entry]


@dataclass(frozen=True)
class CanvasPicture:
    areas: list[Area]
    sections: list[Section]
    fit: Fit
    codes: dict[int, str]
    counts: dict[str, int]
    width: int = CANVAS_WIDTH
    height: int = CANVAS_HEIGHT
    square_x: int = SQUARE_X
    square_y: int = SQUARE_Y
    square: int = SQUARE
    cx: int = CX
    cy: int = CY
    r: int = R
    dividers: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def square_mid_x(self) -> float:
        return self.square_x + self.square / 2

    @property
    def square_right(self) -> int:
        return self.square_x + self.square

    @property
    def square_mid_y(self) -> float:
        return self.square_y + self.square / 2

    @property
    def bridge_x(self) -> float:
        """Between the square and the circle, where the fit is shown."""
        return (self.square_right + self.cx - self.r) / 2

    @property
    def titles_y(self) -> int:
        return self.square_y - 16

    @property
    def fit_y(self) -> int:
        return self.square_y + self.square + 40


def _rect(x0: float, x1: float) -> Span:
    return lambda y: (x0 + PAD, x1 - PAD)


def _circle_half(y: float) -> float:
    dy = y - CY
    return math.sqrt(max(0.0, R * R - dy * dy))


def _glyph_rows(y: float) -> tuple[float, float]:
    """The top and bottom of a line of text whose baseline is at y."""
    return y - FONT * 0.8, y + FONT * 0.25


def _jobs_span(y: float) -> tuple[float, float]:
    # Right of the two lines from the centre at ±60°, inside the circle.
    rows = _glyph_rows(y)
    left = max(CX + abs(r - CY) / math.tan(math.radians(60)) for r in rows) + PAD
    right = min(CX + _circle_half(r) for r in rows) - PAD
    return left, max(left, right)


def _gains_span(y: float) -> tuple[float, float]:
    # Above the horizontal radius, left of the line from the centre at 60°.
    rows = _glyph_rows(y)
    left = max(CX - _circle_half(r) for r in rows) + PAD
    right = (
        min(min(CX + abs(r - CY) / math.tan(math.radians(60)), CX + _circle_half(r)) for r in rows)
        - PAD
    )
    return left, max(left, right)


def _pains_span(y: float) -> tuple[float, float]:
    return _gains_span(y)  # the mirror image: the same distances below the centre


def draw_canvas(items: Sequence[Item], top: int = TOP_RANKED) -> CanvasPicture:
    """Lay out the canvas: each area's heading and its items, most important first, with
    their codes; the top-ranked pains and gains carry ✓ (addressed) or ✗ (not addressed), and
    each reliever or creator says what it addresses."""
    result = fit(items, top)
    code = codes(items)
    addressed = {i.key for i in result.addressed}
    considered = {i.key for i in result.considered}
    labels = kind_labels()

    job_types = {
        "functional": _("functioneel"),
        "social": _("sociaal"),
        "emotional": _("emotioneel"),
    }
    sections = [
        Section(
            kind,
            labels[kind],
            [
                Entry(
                    key=item.key,
                    code=code[item.key],
                    text=item.text,
                    job_type=job_types.get(item.job_type, ""),
                    addressed=(item.key in addressed) if item.key in considered else None,
                    targets=sorted(
                        (code[k] for k in item.addresses if k in code), key=lambda c: (len(c), c)
                    ),
                    assumptions=item.assumptions,
                )
                for item in ranked(items, kind)
            ],
        )
        for kind in CODES
    ]
    by_kind = {section.kind: section.entries for section in sections}

    def entries(kind: str) -> list[tuple[str, bool]]:
        out = []
        for entry in by_kind[kind]:
            mark = {True: " ✓", False: " ✗", None: ""}[entry.addressed]
            aim = f" (→ {', '.join(entry.targets)})" if entry.targets else ""
            out.append((f"{entry.code}{mark}{aim}: {entry.text}", entry.addressed is not None))
        return out

    half = SQUARE_X + SQUARE / 2
    middle = SQUARE_Y + SQUARE / 2
    bottom = SQUARE_Y + SQUARE
    areas = [
        Area(
            "product_service",
            Text(half / 2 + SQUARE_X / 2, SQUARE_Y + 26, labels["product_service"], "middle", True),
            _fill(
                _rect(SQUARE_X, half), SQUARE_Y + 50, bottom - 10, entries("product_service"), False
            ),
        ),
        Area(
            "gain_creator",
            Text(
                (half + SQUARE_X + SQUARE) / 2,
                SQUARE_Y + 26,
                labels["gain_creator"],
                "middle",
                True,
            ),
            _fill(
                _rect(half, SQUARE_X + SQUARE),
                SQUARE_Y + 50,
                middle - 10,
                entries("gain_creator"),
                False,
            ),
        ),
        Area(
            "pain_reliever",
            Text(
                (half + SQUARE_X + SQUARE) / 2, middle + 26, labels["pain_reliever"], "middle", True
            ),
            _fill(
                _rect(half, SQUARE_X + SQUARE),
                middle + 50,
                bottom - 10,
                entries("pain_reliever"),
                False,
            ),
        ),
        Area(
            "gain",
            Text(CX - 70, CY - R + 52, labels["gain"], "middle", True),
            _fill(_gains_span, CY - R + 76, CY - 14, entries("gain"), True),
        ),
        Area(
            "pain",
            Text(CX - 70, CY + 34, labels["pain"], "middle", True),
            _fill(_pains_span, CY + 58, CY + R - 30, entries("pain"), True),
        ),
        Area(
            "job",
            Text(CX + 130, CY - 100, labels["job"], "middle", True),
            _fill(_jobs_span, CY - 74, CY + 125, entries("job"), True),
        ),
    ]
    dx, dy = R * math.cos(math.radians(60)), R * math.sin(math.radians(60))
    dividers = [
        (half, SQUARE_Y, half, bottom),
        (half, middle, SQUARE_X + SQUARE, middle),
        (CX, CY, CX - R, CY),
        (CX, CY, CX + dx, CY - dy),
        (CX, CY, CX + dx, CY + dy),
    ]
    counts = {kind: sum(1 for i in items if i.kind == kind) for kind in CODES}
    return CanvasPicture(
        areas=areas, sections=sections, fit=result, codes=code, counts=counts, dividers=dividers
    )


# The value stream -------------------------------------------------------------------------

BOX_W, BOX_H, GAP = 176, 150, 96
LEFT, TOP = 16, 24
# Steps per row: three rows of boxes fit a page of the end report (A4) and the editor's
# width without scrolling sideways; a longer stream continues on the next row.
PER_ROW = 3
ROW_H = BOX_H + 150
SUMMARY_H = 64
SUMMARY_W = 460
CLASS_STYLE = {
    # fill, stroke, stroke width, dash: never the only cue, the box also says it in words.
    "value_adding": ("#e6f2ec", "#0b5d3b", 3, ""),
    "necessary_nva": ("#f5f7f8", "#4a5560", 1.5, ""),
    "waste": ("#fdecea", "#a4161a", 2, "6 4"),
}


def short_duration(minutes: Decimal) -> str:
    """A working time in the fewest words: "3 wd 2 u", "45 min" (see the legend)."""
    total = int(minutes.to_integral_value())
    if 0 < minutes < 1:
        return _("< 1 min")
    weeks, rest = divmod(total, 2400)
    days, rest = divmod(rest, 480)
    hours, mins = divmod(rest, 60)
    parts = [
        (weeks, _("%(n)s ww")),
        (days, _("%(n)s wd")),
        (hours, _("%(n)s u")),
        (mins, _("%(n)s min")),
    ]
    shown = [text % {"n": n} for n, text in parts if n][:2]
    return " ".join(shown) or _("0 min")


@dataclass(frozen=True)
class Box:
    """A step's box, with the arrow into it over its wait and its part of the ladder."""

    number: int
    step: StepData
    x: float
    y: float
    lines: list[Text]
    fill: str
    stroke: str
    stroke_width: float
    dash: str
    wait_x: float
    wait_label: Text
    process_label: Text
    wait_rank: int | None  # 1 for the biggest wait, 2, 3; None otherwise
    rank_label: Text | None

    @property
    def arrow_start(self) -> float:
        return self.wait_x + 6

    @property
    def arrow_end(self) -> float:
        return self.x - 2

    @property
    def arrow_y(self) -> float:
        return self.y + BOX_H / 2


@dataclass(frozen=True)
class StreamPicture:
    boxes: list[Box]
    figures: StreamFigures
    ladder: str  # an SVG path, one stretch per row
    summary: list[Text]
    width: float
    height: float
    summary_y: float
    waste_labels: dict[str, str] = field(default_factory=dict)
    class_labels: dict[str, str] = field(default_factory=dict)
    box_w: int = BOX_W
    box_h: int = BOX_H
    summary_x: int = LEFT
    summary_w: int = SUMMARY_W
    summary_h: int = SUMMARY_H


def _percent(fraction: Decimal | None, digits: int = 0) -> str:
    if fraction is None:
        return "\u2013"  # an en dash: no value
    return f"{number_format(percentage(fraction, digits), decimal_pos=digits)} %"


def draw_stream(
    steps: Sequence[StepData],
    figures: StreamFigures,
    per_row: int = PER_ROW,
    duration: Callable[[Decimal], str] = short_duration,
    with_pca: bool = True,
) -> StreamPicture:
    """Lay out the value stream map: per step its wait (the arrow into its box) and its box,
    `per_row` steps to a row, the ladder under each row, the figures below.

    `duration` writes a time (working time, by default); a stream measured in calendar time
    (the programme's own, in `insights`) passes its own, and leaves %C&A out (`with_pca`)
    when it has none."""
    waste_labels = {
        "transport": _("transport"),
        "inventory": _("voorraad"),
        "motion": _("beweging"),
        "waiting": _("wachten"),
        "overproduction": _("overproductie"),
        "overprocessing": _("overbewerking"),
        "defects": _("fouten"),
        "unused_skills": _("onbenut talent"),
    }
    class_labels = {
        "value_adding": _("waardetoevoegend"),
        "necessary_nva": _("noodzakelijk, niet waardetoevoegend"),
        "waste": _("verspilling"),
    }
    # In a box there is room for a few words only.
    box_labels = {**class_labels, "necessary_nva": _("nodig, geen waarde")}
    ranks = {s.key: n for n, s in enumerate(figures.biggest_waits, start=1)}
    inner = BOX_W - 2 * 10
    boxes = []
    path = []
    for number, step in enumerate(steps, start=1):
        row, column = divmod(number - 1, per_row)
        top = TOP + row * ROW_H
        high = top + BOX_H + 48
        low = high + 44
        wait_x = LEFT + column * (GAP + BOX_W)
        x = wait_x + GAP
        if column == 0:
            path.append(f"M {LEFT} {high}")
        lines: list[Text] = []
        y = top + 20.0
        for line in _wrap(f"{number}. {step.name}", inner, 3):
            lines.append(Text(x + 10, y, line, bold=True))
            y += LINE
        if step.actor:
            lines.append(Text(x + 10, y, _wrap(step.actor, inner, 1, 12)[0], size=12))
            y += LINE
        lines.append(Text(x + 10, y, box_labels.get(step.classification, ""), size=12))
        y += LINE
        if with_pca:
            lines.append(
                Text(
                    x + 10, y, _("%%C&A %(pct)s %%") % {"pct": step.pct_complete_accurate}, size=12
                )
            )
            y += LINE
        wastes = [waste_labels[w] for w in step.wastes if w in waste_labels]
        if wastes:
            for line in _wrap("⚠ " + ", ".join(wastes), inner, 2, 12):
                lines.append(Text(x + 10, y, line, size=12, bold=True))
                y += LINE
        fill, stroke, width, dash = CLASS_STYLE.get(
            step.classification, CLASS_STYLE["necessary_nva"]
        )
        rank = ranks.get(step.key)
        boxes.append(
            Box(
                number=number,
                step=step,
                x=x,
                y=top,
                lines=lines,
                fill=fill,
                stroke=stroke,
                stroke_width=width,
                dash=dash,
                wait_x=wait_x,
                wait_label=Text(
                    wait_x + GAP / 2,
                    high - 8,
                    duration(step.waiting_minutes),
                    "middle",
                    rank is not None,
                    12,
                ),
                process_label=Text(
                    x + BOX_W / 2,
                    low + 18,
                    duration(step.process_minutes),
                    "middle",
                    step.classification == VALUE_ADDING,
                    12,
                ),
                wait_rank=rank,
                rank_label=Text(wait_x + GAP / 2, high - 26, f"▼{rank}", "middle", True, 12)
                if rank
                else None,
            )
        )
        path.append(f"H {x} V {low} H {x + BOX_W} V {high}")
    rows = -(-len(steps) // per_row)
    columns = min(len(steps), per_row)
    summary_y = TOP + rows * ROW_H
    left, right = LEFT + 12, LEFT + 12 + SUMMARY_W // 2
    first, second = summary_y + 24, summary_y + 24 + 22
    summary = [
        Text(left, first, _("Doorlooptijd: %(v)s") % {"v": duration(figures.lead_time)}),
        Text(right, first, _("Bewerkingstijd: %(v)s") % {"v": duration(figures.process_time)}),
        Text(left, second, _("Procesefficiëntie: %(v)s") % {"v": _percent(figures.efficiency, 1)}),
    ]
    if with_pca:
        summary.append(
            Text(right, second, _("Rolled %%C&A: %(v)s") % {"v": _percent(figures.rolled_pca)})
        )
    return StreamPicture(
        boxes=boxes,
        figures=figures,
        ladder=" ".join(path),
        summary=summary,
        summary_y=summary_y,
        waste_labels=waste_labels,
        class_labels=class_labels,
        width=max(LEFT + columns * (GAP + BOX_W) + 16, LEFT + SUMMARY_W + 16),
        height=summary_y + SUMMARY_H + 8,
    )
