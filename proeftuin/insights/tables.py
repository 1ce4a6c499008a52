"""A figure's numbers as a table: shown beside its chart and downloadable as CSV."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """`key` is a slug, unique over the dashboard; the CSV download's URL carries it."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[object]]
