"""The computed dashboard, and the dashboard's sections as rendered, cached per filter set
and language.

Every key carries a "generation" number. Every change of state in the programme goes through
a service that writes an activity-log row (`core.activity.log_action`); a `post_save`
receiver on `ActivityLog` (connected in `apps.py`) bumps the generation once the
transaction commits, so the next request computes afresh and the old entries expire
unread. Data written around the services (the large-data generator's bulk inserts) is seen
when the cache times out, or at once after `cache.delete(GENERATION_KEY)`. The keys also
carry a fingerprint of this package's code and templates, so a release never serves figures
or drawings that older code made."""

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.safestring import SafeString

from .filters import Filters
from .sections import PUBLIC, SECTIONS

GENERATION_KEY = "insights:generation"
TIMEOUT = 24 * 60 * 60
# A fingerprint of the code that computes the figures, in every key: after a release that
# changes a section, the figures (and the shape of their pickled results) are computed
# afresh instead of read from what the previous code cached.
CODE = hashlib.sha256(
    b"".join(
        path.read_bytes()
        for pattern in ("*.py", "*.html")
        for path in sorted(Path(__file__).parent.rglob(pattern))
    )
).hexdigest()[:12]


def _fresh_generation() -> int:
    # Never a number used before: a restarted cache must not bring back an old entry.
    return time.time_ns()


def generation() -> int:
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        found = cache.get(GENERATION_KEY)
    return int(found)


def bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or any more)
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def bump_on_commit(**kwargs: Any) -> None:
    # After the commit: a dashboard computed between the log row and the commit would
    # otherwise be cached under the new generation with the old figures.
    transaction.on_commit(bump)


def _key(name: str, filters: Filters) -> str:
    return f"insights:{name}:{CODE}:{generation()}:{translation.get_language()}:{filters.cache_key}"


def _cached(name: str, filters: Filters, keys: list[str]) -> dict[str, Any]:
    key = _key(name, filters)
    found = cache.get(key)
    if found is None:
        found = {s.key: s.compute(filters) for s in SECTIONS if s.key in keys}
        cache.set(key, found, timeout=TIMEOUT)
    return found


def dashboard(filters: Filters) -> dict[str, Any]:
    """Every section's figures for these filters, by section key."""
    return _cached("dashboard", filters, [section.key for section in SECTIONS])


def rendered_dashboard(
    filters: Filters, query: str, render: Callable[[], SafeString]
) -> SafeString:
    """The dashboard's sections as HTML. Rendering thousands of portfolio dots and table rows
    costs more than reading the figures, so the page is kept as rendered too; `query` (the
    filters' query string, in the CSV links) is part of the key."""
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    key = f"{_key('dashboard-html', filters)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, timeout=TIMEOUT)
    # Our own templates' output; pickled by the cache as the safe string it was.
    assert isinstance(found, SafeString)
    return found


def public_figures() -> dict[str, Any]:
    """The public sections' figures for the whole programme, by section key."""
    return _cached("public", Filters(), PUBLIC)
