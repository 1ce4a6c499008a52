"""Shared-need matching against the targets of issue 8.

    .venv/bin/python bench/matching.py                 # quality, then latency on the bench DB
    .venv/bin/python bench/matching.py --quality-only  # no database needed beyond settings
    DATABASE_URL=postgres://… .venv/bin/python bench/matching.py --latency-only

Quality: MAP, P@1, R@5 and cluster F1 of the matcher on ../shared/data/needs-dev.jsonl and
data/needs-heldout.jsonl, with plain TF-IDF (stemmed words and character n-grams) beside
them, computed in this run. The matcher uses data/sector-thesaurus.txt (what a fresh
platform loads), so the figures do not depend on a database.

Latency, on the database that bench/generate.py filled (bench/out/bench.sqlite3 unless
DATABASE_URL is set): the similar-needs lookup of a need page, the suggestions for a text
being written, and re-indexing one need, each timed over random needs (p50 and p95).
Results are printed and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "bench" / "out" / "bench.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"
SETS = [
    ("needs-dev", ROOT.parent / "shared" / "data" / "needs-dev.jsonl"),
    ("needs-heldout", ROOT / "data" / "needs-heldout.jsonl"),
]

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from proeftuin.calls.matching import baseline, index  # noqa: E402
from proeftuin.calls.matching.evaluation import Item, evaluate, matcher_scores  # noqa: E402
from proeftuin.calls.matching.thesaurus import load_file  # noqa: E402
from proeftuin.calls.models import MatchDocument, Need, NeedSimilarity  # noqa: E402

settings.DEBUG = False


def load(path: Path) -> list[Item]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Item(id=r["id"], group=r["group"], title=r["title"], text=r["text"]) for r in rows]


def quality() -> list[str]:
    concepts = load_file(ROOT / "data" / "sector-thesaurus.txt")
    lines = [
        "| set | needs | matcher | MAP | P@1 | R@5 | cluster F1 (threshold) |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for name, path in SETS:
        if not path.exists():
            print(f"  {path} not found: skipped")
            continue
        items = load(path)
        ours = evaluate(
            items,
            matcher_scores(items, concepts),
            threshold=index.CLUSTER_THRESHOLD,
            neighbours=index.NEIGHBOURS,
        )
        plain = baseline.similarity_matrix([f"{i.title}\n{i.text}" for i in items])
        # Plain TF-IDF has no threshold of its own: its best one over a grid, to be fair.
        base = max(
            (evaluate(items, plain, threshold=t / 100) for t in range(2, 41, 2)),
            key=lambda r: r["cluster_f1"],
        )
        for label, result in (("proeftuin", ours), ("plain TF-IDF", base)):
            lines.append(
                f"| {name} | {len(items)} | {label} | {result['map']:.3f} | "
                f"{result['p_at_1']:.3f} | {result['recall_at_5']:.3f} | "
                f"{result['cluster_f1']:.3f} ({result['threshold']:.2f}) |"
            )
    return lines


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def latency(samples: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    indexed = list(MatchDocument.objects.values_list("need_id", flat=True))
    if not indexed:
        return ["(no indexed needs: run bench/generate.py first)"]
    picks = rng.sample(indexed, min(samples, len(indexed)))
    places = Need.objects.select_related("organisation", "call").prefetch_related(
        "organisation__municipalities"
    )

    lookups = []
    for pk in picks:
        start = time.perf_counter()
        rows = list(
            NeedSimilarity.objects.filter(need_id=pk)
            .order_by("-score", "other_id")
            .values_list("other_id", "score")[: index.NEIGHBOURS]
        )
        list(places.filter(pk__in=[other for other, _s in rows]))
        lookups.append(time.perf_counter() - start)

    suggestions = []
    for pk in picks[: samples // 2]:
        need = Need.objects.get(pk=pk)
        title, text = index.need_text(need)
        start = time.perf_counter()
        index.similar_to_text(title, text, exclude=[pk])
        suggestions.append(time.perf_counter() - start)

    reindex = []
    for pk in picks[: max(10, samples // 4)]:
        start = time.perf_counter()
        index.index_need(pk)
        reindex.append(time.perf_counter() - start)

    return [
        f"- indexed needs: {len(indexed):,}",
        f"- similar-needs lookup of a need page ({len(lookups)} needs): {percentiles(lookups)}",
        f"- suggestions for a text being written ({len(suggestions)} texts): "
        f"{percentiles(suggestions)}",
        f"- re-indexing one need, with its neighbours and cluster ({len(reindex)} needs): "
        f"{percentiles(reindex)}",
    ]


def engine() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    sections = []
    if not args.latency_only:
        lines = quality()
        print("\n".join(lines))
        sections.append("Quality (data/sector-thesaurus.txt):\n\n" + "\n".join(lines))
    if not args.quality_only:
        lines = latency(args.samples, args.seed)
        print("\n".join(lines))
        sections.append(f"Latency on {engine()}:\n\n" + "\n".join(lines))
    stamp = time.strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(f"\n## {stamp} — shared-need matching (bench/matching.py)\n\n{machine}.\n\n")
        handle.write("\n\n".join(sections) + "\n")


if __name__ == "__main__":
    main()
