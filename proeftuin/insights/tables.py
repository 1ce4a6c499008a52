"""A figure's numbers as a table: shown beside its chart and downloadable as CSV."""

from dataclasses import dataclass

# The dashboard shows at most this many rows of a table; its CSV download has them all. A
# table with a row per project would otherwise grow the page with the programme. (The public
# page's tables are short aggregates, shown whole.)
SHOWN_ROWS = 25


@dataclass(frozen=True)
class Table:
    """`key` is a slug, unique over the dashboard; the CSV download's URL carries it."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[object]]

    @property
    def shown_rows(self) -> int:
        return SHOWN_ROWS

    @property
    def rows_not_shown(self) -> int:
        return max(len(self.rows) - SHOWN_ROWS, 0)
