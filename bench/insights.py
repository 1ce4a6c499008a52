"""The coordinators' dashboard (insights) on the bench database: how long it takes.

    .venv/bin/python bench/insights.py                     # bench/out/bench.sqlite3
    DATABASE_URL=postgres://… .venv/bin/python bench/insights.py

Run it after bench/generate.py filled the database (at SCALE=1: 100,000 needs, 5,000
projects, 50,000 test cards). It times, 5 times each, as a signed-in coordinator:

- the dashboard cold (the insights cache emptied first: every section computed, then
  rendered) and warm (read from the cache and rendered), without filters and with a
  province, an organisation kind and a year;
- each section's `compute` alone, without filters, to show where the time goes;
- the public page "Proeftuin in cijfers", cold and warm.

The median and the slowest run are printed and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "bench" / "out" / "bench.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"
RUNS = 5

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from proeftuin.calls.models import Need  # noqa: E402
from proeftuin.insights.cache import GENERATION_KEY  # noqa: E402
from proeftuin.insights.filters import Filters  # noqa: E402
from proeftuin.insights.sections import SECTIONS  # noqa: E402
from proeftuin.projects.models import Experiment, Project  # noqa: E402


def engine() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def forget() -> None:
    """Cold: the next request computes every figure again (a new generation, as after a
    logged action)."""
    cache.delete(GENERATION_KEY)


def timed(run: Callable[[], object], *, cold: bool) -> tuple[float, float]:
    """Median and slowest of RUNS runs, in milliseconds."""
    times = []
    if not cold:
        run()  # fill the cache once
    for _ in range(RUNS):
        if cold:
            forget()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def get(client: Client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    coordinator = get_user_model().objects.filter(is_coordinator=True, is_active=True).first()
    if coordinator is None:
        sys.exit("No coordinator in this database: run bench/generate.py first.")
    client = Client()
    client.force_login(coordinator)
    dashboard = reverse("insights:dashboard")
    year = Need.objects.filter(submitted_at__isnull=False).dates("submitted_at", "year").last()
    filtered = f"{dashboard}?provincie=Antwerpen&soort=bibliotheek&jaar={year.year if year else ''}"
    public = reverse("knowledge:figures")
    anonymous = Client()
    counts = (
        f"{Need.objects.count():,} needs, {Project.objects.count():,} projects, "
        f"{Experiment.objects.count():,} test cards"
    )
    rows: list[tuple[str, float, float]] = []
    for label, run, cold in [
        ("dashboard, no filters, cold", get(client, dashboard), True),
        ("dashboard, no filters, warm", get(client, dashboard), False),
        ("dashboard, province + kind + year, cold", get(client, filtered), True),
        ("dashboard, province + kind + year, warm", get(client, filtered), False),
        *(
            (f"section {s.key}: compute only", (lambda s=s: s.compute(Filters())), True)
            for s in SECTIONS
        ),
        ("public page 'in cijfers', cold", get(anonymous, public), True),
        ("public page 'in cijfers', warm", get(anonymous, public), False),
    ]:
        median, slowest = timed(run, cold=cold)
        rows.append((label, median, slowest))
        print(f"{label:<45} {median:9.1f} ms   (slowest {slowest:.1f} ms)", flush=True)
    lines = [
        "| what | median (ms) | slowest (ms) |",
        "|---|---:|---:|",
        *(f"| {label} | {median:.1f} | {slowest:.1f} |" for label, median, slowest in rows),
    ]
    stamp = time.strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(
            f"\n## {stamp} — insights dashboard (bench/insights.py), {engine()}\n\n"
            f"{machine}; {counts}; {RUNS} runs each; cache: "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}.\n\n"
            + "\n".join(lines)
            + "\n"
        )


if __name__ == "__main__":
    main()
