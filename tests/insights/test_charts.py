"""The charts' geometry, for any numbers: bars stay inside their area, keep their order and
never hide a non-zero value."""

from hypothesis import given
from hypothesis import strategies as st

from proeftuin.insights.charts import BAR_AREA, COLUMN_HEIGHT, LABEL_WIDTH, bar_chart, column_chart

values = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=15)


@given(values, st.booleans())
def test_it_draws_bars_in_proportion_inside_their_area(numbers: list[int], centred: bool) -> None:
    chart = bar_chart(
        "k", "t", "d", [(f"r{i}", n, str(n)) for i, n in enumerate(numbers)], centred=centred
    )
    for bar, n in zip(chart.bars, numbers, strict=True):
        assert bar.x >= LABEL_WIDTH
        assert bar.x + bar.width <= LABEL_WIDTH + BAR_AREA
        assert (bar.width > 0) == (n > 0)
    largest = max(numbers)
    if largest:
        assert max(bar.width for bar in chart.bars) == BAR_AREA
    by_value = sorted(zip(numbers, (bar.width for bar in chart.bars), strict=True))
    widths = [width for _, width in by_value]
    assert widths == sorted(widths)


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), max_size=60))
def test_it_draws_columns_from_the_baseline_within_the_chart(groups: list[tuple[int, int]]) -> None:
    chart = column_chart(
        "k", "t", "d", [(str(i), a, b) for i, (a, b) in enumerate(groups)], ("a", "b")
    )
    assert len(chart.columns) == 2 * len(groups)
    assert len(chart.ticks) <= 12 + 1
    for column, value in zip(chart.columns, [v for pair in groups for v in pair], strict=True):
        assert column.y + column.height == chart.baseline
        assert 0 <= column.height <= COLUMN_HEIGHT
        assert (column.height > 0) == (value > 0)
        assert column.x + column.width <= chart.width
