"""Measure the shared-need matcher on needs with known groups (issue 8).

    python manage.py evaluate_matching data/needs-heldout.jsonl
    python manage.py evaluate_matching FILE --thesaurus data/sector-thesaurus.txt
    python manage.py evaluate_matching FILE --baseline      # plain TF-IDF, for comparison

The needs are matched in memory, apart from the platform's data (which is only read for
the thesaurus, unless --thesaurus names a file). The last line printed is one JSON object.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from proeftuin.calls.matching import baseline
from proeftuin.calls.matching.evaluation import Item, evaluate, matcher_scores
from proeftuin.calls.matching.index import CLUSTER_THRESHOLD, NEIGHBOURS
from proeftuin.calls.matching.thesaurus import Concept, load_file
from proeftuin.calls.models import ThesaurusConcept


class Command(BaseCommand):
    help = "Measure the shared-need matcher on a JSONL file of needs with known groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--thesaurus", type=Path, help="a thesaurus file instead of the platform's thesaurus"
        )
        parser.add_argument(
            "--baseline", action="store_true", help="plain TF-IDF (stemmed words, n-grams)"
        )
        parser.add_argument("--threshold", type=float, help="cluster threshold to evaluate")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        items = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                items.append(
                    Item(
                        id=str(row["id"]),
                        group=str(row["group"]),
                        title=row.get("title", ""),
                        text=row.get("text", ""),
                        municipality=row.get("municipality", ""),
                    )
                )
            except (ValueError, KeyError) as error:
                raise CommandError(f"{path}:{number}: {error}") from error
        threshold = options["threshold"]
        result: dict[str, Any]
        if options["baseline"]:
            scores = baseline.similarity_matrix([f"{i.title}\n{i.text}" for i in items])
            # Plain TF-IDF has no threshold of its own: report its best one, to be fair.
            grid = [threshold] if threshold is not None else [x / 100 for x in range(2, 41, 2)]
            result = max(
                (evaluate(items, scores, threshold=t) for t in grid),
                key=lambda r: r["cluster_f1"],
            )
            result["matcher"] = "tf-idf baseline"
        else:
            if options["thesaurus"]:
                concepts = load_file(options["thesaurus"])
                source = str(options["thesaurus"])
            else:
                concepts = [
                    Concept(key=c.key, terms=tuple(c.term_list), weight=c.weight)
                    for c in ThesaurusConcept.objects.all()
                ]
                source = "database"
            scores = matcher_scores(items, concepts)
            result = dict(
                evaluate(
                    items,
                    scores,
                    threshold=CLUSTER_THRESHOLD if threshold is None else threshold,
                    neighbours=NEIGHBOURS,
                )
            )
            result["matcher"] = "proeftuin"
            result["thesaurus"] = source
            self.stdout.write(f"{len(concepts)} concepts from {source}")
        self.stdout.write(f"{len(items)} needs from {path}")
        rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}
        self.stdout.write(json.dumps(rounded))
