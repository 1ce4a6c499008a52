"""The drawings' geometry: text follows the shapes (inside the square's areas and the
circle's sectors), long texts are cut with "…", what does not fit is counted, every item has
its code, and the value stream map lays out one box per step."""

from decimal import Decimal

from proeftuin.canvases import drawing
from proeftuin.canvases.compute import Item, StepData, stream_figures

LONG = "een tekst die veel te lang is om op twee regels in een vak van het canvas te passen " * 2


def items(count, text="een korte tekst"):
    out = []
    for n, kind in enumerate(drawing.CODES):
        out += [
            Item(key=n * 100 + r, kind=kind, text=f"{text} {r}", rank=r)
            for r in range(1, count + 1)
        ]
    return out


def glyphs(line):
    return len(line.text) * line.size * drawing.GLYPH


def test_every_line_stays_inside_its_area():
    picture = drawing.draw_canvas(items(8, LONG))

    for area in picture.areas:
        for line in area.lines:
            half = glyphs(line) / 2
            left, right = (
                (line.x - half, line.x + half)
                if line.anchor == "middle"
                else (line.x, line.x + glyphs(line))
            )
            if area.kind in ("gain", "pain", "job"):
                for x in (left, right):
                    for y in (line.y - 10, line.y + 3):
                        assert (x - drawing.CX) ** 2 + (y - drawing.CY) ** 2 <= drawing.R**2, (
                            area.kind,
                            line,
                        )
            else:
                assert left >= drawing.SQUARE_X and right <= drawing.SQUARE_X + drawing.SQUARE, (
                    area.kind,
                    line,
                )
                assert drawing.SQUARE_Y <= line.y <= drawing.SQUARE_Y + drawing.SQUARE


def test_it_counts_what_does_not_fit():
    picture = drawing.draw_canvas(items(12))
    pains = next(a for a in picture.areas if a.kind == "pain")

    assert pains.lines[-1].text.startswith("… en nog ")
    shown = sum(1 for line in pains.lines if line.text.startswith("P"))
    assert pains.lines[-1].text == f"… en nog {12 - shown}"


def test_it_cuts_a_long_text_with_an_ellipsis_and_keeps_short_ones_whole():
    assert drawing._wrap_to("kort", [100, 100]) == ["kort"]
    lines = drawing._wrap_to(LONG, [150, 150])
    assert len(lines) == 2 and lines[1].endswith(" …")
    assert all(len(line) <= drawing._chars(150) for line in lines)
    assert drawing._wrap_to("donaudampfschifffahrtsgesellschaft", [60, 60])[0].startswith("donau")


def test_items_carry_their_codes_marks_and_targets():
    pains = [Item(key=k, kind="pain", text=f"pijn {k}", rank=k) for k in (1, 2)]
    reliever = Item(key=9, kind="pain_reliever", text="hulp", rank=1, addresses=frozenset({2}))
    picture = drawing.draw_canvas([*pains, reliever])
    texts = [line.text for area in picture.areas for line in area.lines]

    assert "P1 ✗: pijn 1" in texts
    assert "P2 ✓: pijn 2" in texts
    assert "PV1 (→ P2): hulp" in texts
    section = next(s for s in picture.sections if s.kind == "pain")
    assert [(e.code, e.addressed) for e in section.entries] == [("P1", False), ("P2", True)]


def test_the_stream_map_has_a_box_per_step_and_a_ladder_under_them():
    steps = [
        StepData(
            key=k,
            name=f"stap {k}",
            process_minutes=Decimal(10 * k),
            waiting_minutes=Decimal(60 * k),
            pct_complete_accurate=90,
            classification="waste" if k == 2 else "value_adding",
            wastes=("defects",) if k == 2 else (),
        )
        for k in (1, 2, 3)
    ]
    picture = drawing.draw_stream(steps, stream_figures(steps))

    assert [b.number for b in picture.boxes] == [1, 2, 3]
    assert [b.x for b in picture.boxes] == sorted(b.x for b in picture.boxes)
    assert picture.boxes[1].dash  # waste: a dashed border as well as the word
    assert any("verspilling" in line.text for line in picture.boxes[1].lines)
    assert any("⚠ fouten" in line.text for line in picture.boxes[1].lines)
    assert [b.wait_rank for b in picture.boxes] == [3, 2, 1]
    assert picture.boxes[2].wait_label.text == "3 u"
    assert picture.ladder.count(" V ") == 6
    assert picture.width > picture.boxes[-1].x + drawing.BOX_W


def test_short_durations_name_the_two_largest_parts():
    assert drawing.short_duration(Decimal(0)) == "0 min"
    assert drawing.short_duration(Decimal("0.5")) == "< 1 min"
    assert drawing.short_duration(Decimal(90)) == "1 u 30 min"
    assert drawing.short_duration(Decimal(2400 + 480 + 61)) == "1 ww 1 wd"


def test_a_long_stream_continues_on_the_next_row():
    steps = [
        StepData(
            key=k,
            name=f"stap {k}",
            process_minutes=Decimal(5),
            waiting_minutes=Decimal(k),
            pct_complete_accurate=100,
            classification="necessary_nva",
        )
        for k in range(1, 8)
    ]
    picture = drawing.draw_stream(steps, stream_figures(steps))

    assert [b.y for b in picture.boxes] == [drawing.TOP] * 3 + [drawing.TOP + drawing.ROW_H] * 3 + [
        drawing.TOP + 2 * drawing.ROW_H
    ]
    assert picture.boxes[3].x == picture.boxes[0].x
    assert picture.ladder.count("M ") == 3
    assert picture.summary_y == drawing.TOP + 3 * drawing.ROW_H
    assert picture.height > picture.summary_y + drawing.SUMMARY_H
