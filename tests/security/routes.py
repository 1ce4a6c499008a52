"""Every route of the URL configuration, and how to ask each of them something as a persona.

`all_routes()` walks the resolver recursively (the project's apps, allauth, the admin, the
API). `ask()` sends one request inside a savepoint that is rolled back, so a request that
changes something (a coordinator's empty POST that publishes a call) cannot disturb the
next one, and tells whether the request changed any table.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # the namespaced name, or the pattern for the few unnamed routes
    pattern: str
    kwargs: tuple[str, ...]


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _walk(entry, pattern, f"{namespace}:{inner}" if namespace else inner)
        elif isinstance(entry, URLPattern):
            names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            key = name if entry.name else pattern
            yield Route(key=key, pattern=pattern, kwargs=names)


def all_routes() -> list[Route]:
    """Each route once; two names for one pattern (a page and its form's action) stay two."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", ""):
        seen.setdefault(route.key, route)
    return list(seen.values())


def fill(route: Route, kwargs: dict[str, Any]) -> str:
    """The route's path with its kwargs filled in (by the pattern, so unnamed routes and
    allauth's regex routes work the same)."""
    path = route.pattern
    for name, value in kwargs.items():
        # Regex routes first: (?P<name>…) up to its closing parenthesis.
        start = path.find(f"(?P<{name}>")
        if start >= 0:
            depth, end = 0, start
            for end in range(start, len(path)):
                depth += {"(": 1, ")": -1}.get(path[end], 0)
                if depth == 0:
                    break
            path = path[:start] + str(value) + path[end + 1 :]
        path = re.sub(rf"<(\w+:)?{name}>", str(value), path)
    path = path.replace("^", "").replace("$", "")
    assert "<" not in path and "(?P" not in path, f"unfilled URL {path} for {route.key}"
    return "/" + path


def _table_sizes() -> tuple[int, ...]:
    """The row count of every table, in one query: an unauthorised request must leave them
    alone (and every service writes an activity-log row, so a changed row shows here too)."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models() if model._meta.managed}
        & set(connection.introspection.table_names())
    )
    quote = connection.ops.quote_name
    # The table names come from the models, not from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    sql = "SELECT " + counts
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


class _Rollback(Exception):
    pass


def ask(
    client: Client, method: str, url: str, data: Any = None, *, watch: bool = False
) -> tuple[int, bool]:
    """(status, whether a table's row count changed) for one request, rolled back after."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    outcome: list[Any] = []
    try:
        with transaction.atomic():
            before = _table_sizes() if watch else ()
            send: Callable[..., Any] = client.post if method == "POST" else client.get
            response = send(url, data or {})
            changed = watch and _table_sizes() != before
            outcome = [response.status_code, changed]
            raise _Rollback
    except _Rollback:
        pass
    finally:
        client.cookies = cookies
    return outcome[0], outcome[1]
