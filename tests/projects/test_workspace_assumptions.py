"""The assumptions map's geometry: importance up, evidence from strong (left) to none
(right), every hypothesis its own marker inside its cell, numbered in to-test order, with a
shape per kind beside its colour."""

import math
from datetime import datetime, timedelta
from itertools import combinations

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from proeftuin.projects import assumptions
from proeftuin.projects.models import Hypothesis

Kind = Hypothesis.Kind
START = datetime(2025, 1, 1, tzinfo=timezone.get_fixed_timezone(60))


def hypothesis(pk, importance, evidence, kind=Kind.DESIRABILITY):
    """An unsaved hypothesis: the map needs only its fields."""
    return Hypothesis(
        pk=pk,
        statement=f"hypothese {pk}",
        kind=kind,
        importance=importance,
        evidence=evidence,
        created_at=START + timedelta(minutes=pk),
    )


def cell_of(x, y):
    """The (evidence, importance) cell a point lies in."""
    column = int((x - assumptions.LEFT) // assumptions.CELL)
    row = int((y - assumptions.TOP) // assumptions.CELL)
    return 5 - column, 5 - row


def assert_apart(markers):
    for a, b in combinations(markers, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) >= a.radius + b.radius, (a.number, b.number)


def test_it_puts_important_hypotheses_high_and_unproven_ones_right():
    important = hypothesis(1, importance=5, evidence=3)
    minor = hypothesis(2, importance=1, evidence=3)
    proven = hypothesis(3, importance=3, evidence=5)
    unproven = hypothesis(4, importance=3, evidence=1)

    drawn = {
        m.hypothesis.pk: m for m in assumptions.draw([important, minor, proven, unproven]).markers
    }

    assert drawn[1].y < drawn[2].y
    assert drawn[1].x == drawn[2].x
    assert drawn[3].x < drawn[4].x
    assert drawn[3].y == drawn[4].y
    for marker in drawn.values():
        h = marker.hypothesis
        assert cell_of(marker.x, marker.y) == (h.evidence, h.importance)


def test_it_marks_the_important_unproven_corner_to_test_first():
    drawn = assumptions.draw(
        [
            hypothesis(1, importance=5, evidence=1),
            hypothesis(2, importance=4, evidence=2),
            hypothesis(3, importance=3, evidence=1),
            hypothesis(4, importance=5, evidence=3),
        ]
    )

    assert [m.hypothesis.pk for m in drawn.test_first] == [1, 2]
    x, y, width, height = drawn.test_first_area
    assert (x + width, y) == (drawn.right, drawn.top)  # the top-right corner
    for marker in drawn.markers:
        inside = x <= marker.x <= x + width and y <= marker.y <= y + height
        assert inside == marker.test_first


def test_it_numbers_the_markers_in_to_test_order():
    drawn = assumptions.draw(
        [
            hypothesis(1, importance=2, evidence=1),
            hypothesis(2, importance=5, evidence=4),
            hypothesis(3, importance=5, evidence=1),
            hypothesis(4, importance=5, evidence=1),
        ]
    )

    assert [(m.number, m.hypothesis.pk) for m in drawn.markers] == [(1, 3), (2, 4), (3, 2), (4, 1)]


def test_it_spreads_hypotheses_that_share_a_cell():
    crowd = [hypothesis(pk, importance=4, evidence=2) for pk in range(1, 10)]

    markers = assumptions.draw(crowd).markers

    assert len({(m.x, m.y) for m in markers}) == 9
    assert_apart(markers)
    assert all(cell_of(m.x, m.y) == (2, 4) for m in markers)
    assert all(m.radius < assumptions.RADIUS for m in markers)


def test_it_gives_each_kind_its_own_shape_and_colour():
    drawn = assumptions.draw(
        [
            hypothesis(1, 3, 3, Kind.DESIRABILITY),
            hypothesis(2, 3, 3, Kind.FEASIBILITY),
            hypothesis(3, 3, 3, Kind.VIABILITY),
        ]
    )

    assert len({m.shape for m in drawn.markers}) == 3
    assert len({m.colour for m in drawn.markers}) == 3
    assert [entry.shape for entry in drawn.legend] == ["circle", "square", "diamond"]


def test_it_draws_an_empty_map():
    drawn = assumptions.draw([])

    assert drawn.markers == []
    assert [t.value for t in drawn.importance_ticks] == [1, 2, 3, 4, 5]


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 5), st.sampled_from(list(Kind.values))),
        max_size=60,
    )
)
def test_it_never_lets_two_markers_overlap_or_leave_their_cell(rows):
    written = [hypothesis(pk, i, e, k) for pk, (i, e, k) in enumerate(rows, start=1)]

    markers = assumptions.draw(written).markers

    assert sorted(m.number for m in markers) == list(range(1, len(written) + 1))
    assert_apart(markers)
    half = assumptions.CELL / 2
    for m in markers:
        h = m.hypothesis
        centre_x, centre_y = assumptions.x_for(h.evidence), assumptions.y_for(h.importance)
        assert abs(m.x - centre_x) + m.radius <= half
        assert abs(m.y - centre_y) + m.radius <= half
