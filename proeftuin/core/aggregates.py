"""Percentiles and durations in the database: the only database-specific aggregates
(DESIGN.md, "Architecture"), kept here beside each other and tested on both databases.

A percentile is the continuous one of PostgreSQL's `percentile_cont` (Hyndman & Fan's
definition 7, the default of R and of Python's `statistics.quantiles(method="inclusive")`):
for the n values sorted ascending, v[0] … v[n-1], the p-th percentile lies at position
h = (n - 1) · p and is v[floor(h)] + (h - floor(h)) · (v[floor(h) + 1] - v[floor(h)]).

- PostgreSQL computes it with `percentile_cont(p) WITHIN GROUP (ORDER BY value)`.
- SQLite has no percentile function. Its window functions number the sorted values
  (ROW_NUMBER) and count them (COUNT over the whole set); every value then weighs
  max(0, 1 - |i - h|) at its 0-based position i, which is 1 - (h - floor(h)) at floor(h),
  h - floor(h) at the position after it and 0 everywhere else, so the weighted sum is
  exactly the interpolation above — one pass, every percentile in one query.

Values that are NULL are left out, as every SQL aggregate does; no values give None.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connections
from django.db.models import Aggregate, Expression, F, FloatField, Func, QuerySet
from django.db.models.sql.compiler import SQLCompiler

VALUE = "_percentile_value"


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate; use `percentiles()`, which works on both."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction lies between 0 and 1.")
        super().__init__(expression, fraction=float(fraction), **extra)


class Seconds(Func):
    """The seconds from `start` to `end` (two datetimes), as a float; NULL when either is."""

    output_field = FloatField()
    # The database's own arithmetic, `end` then `start` filled in.
    TEMPLATES = {
        # SQLite keeps datetimes as ISO text; julianday counts days as a float.
        "sqlite": "((julianday({end}) - julianday({start})) * 86400.0)",
        "postgresql": "EXTRACT(EPOCH FROM ({end} - {start}))::double precision",
    }

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sql(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        template = self.TEMPLATES.get(connection.vendor)
        if template is None:
            raise NotSupportedError(f"Seconds() has no SQL for {connection.vendor}.")
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return template.format(end=end_sql, start=start_sql), (*end_params, *start_params)


def percentiles(
    queryset: QuerySet[Any], expression: Expression | F | str, fractions: Sequence[float]
) -> list[float | None]:
    """The `fractions` (each between 0 and 1: 0.5 is the median) percentiles of
    `expression` over the rows of `queryset`, in one query; None for each when no row has a
    value."""
    for fraction in fractions:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction lies between 0 and 1.")
    if not fractions:
        return []
    value = F(expression) if isinstance(expression, str) else expression
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        found = queryset.aggregate(
            **{f"p{n}": PercentileCont(value, fraction) for n, fraction in enumerate(fractions)}
        )
        return [found[f"p{n}"] for n in range(len(fractions))]
    if vendor == "sqlite":
        return _sqlite_percentiles(queryset, value, fractions)
    raise NotSupportedError(f"No percentiles on {vendor}.")


def _sqlite_percentiles(
    queryset: QuerySet[Any], value: Any, fractions: Sequence[float]
) -> list[float | None]:
    inner = (
        queryset.order_by()
        .annotate(**{VALUE: value})
        .filter(**{f"{VALUE}__isnull": False})
        .values(VALUE)
    )
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # `.none()` or a filter that can match nothing
        return [None] * len(fractions)
    # The fractions are floats checked above, written into the SQL as literals.
    weighted = ", ".join(
        f"SUM(v * MAX(0.0, 1.0 - ABS((rn - 1) - (n - 1) * {float(fraction)!r})))"
        for fraction in fractions
    )
    sql = (
        f"SELECT {weighted} FROM ("  # noqa: S608 - no user input reaches the SQL text
        f"SELECT {VALUE} AS v, ROW_NUMBER() OVER (ORDER BY {VALUE}) AS rn, "
        f"COUNT(*) OVER () AS n FROM ({inner_sql}))"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, inner_params)
        row = cursor.fetchone()
    return [None if v is None else float(v) for v in row]
