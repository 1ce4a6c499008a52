"""A bound metric over 100,000 responses: how long the database takes to compute it.

    .venv/bin/python bench/participation.py                       # SQLite, bench/out/participation.sqlite3
    RESPONSES=20000 .venv/bin/python bench/participation.py       # fewer responses
    DATABASE_URL=postgres://… .venv/bin/python bench/participation.py

Fills one form with questions of the kinds a metric binds to (scale, NPS, number, multiple
choice) and RESPONSES responses (default 100,000; every question answered by about 90 %),
then times each bound metric as the recomputation after a response runs it
(`participation.metrics.measure`: one aggregate query), and the team's results page
(`participation.results.results`). Each is run 7 times; the median and the slowest are
printed and appended to bench/RESULTS.md.

The form's owner is an experiment's content type with no experiment row: computing the
metric reads only the answers, and a bench of one form needs no project around it.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "bench" / "out" / "participation.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"
RESPONSES = int(os.environ.get("RESPONSES", "100000"))
BATCH = 5000
RUNS = 7

if "DATABASE_URL" not in os.environ:
    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    DEFAULT_DB.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from proeftuin.participation.metrics import Measure, measure  # noqa: E402
from proeftuin.participation.models import (  # noqa: E402
    Answer,
    MetricBinding,
    ParticipationForm,
    Question,
    Response,
)
from proeftuin.participation.results import results  # noqa: E402
from proeftuin.projects.models import Experiment  # noqa: E402

Kind = Question.Kind
Aggregate = MetricBinding.Aggregate
Condition = MetricBinding.Condition
TITLE = "Bench: 100.000 antwoorden"


def fill() -> tuple[ParticipationForm, dict[str, Question]]:
    ParticipationForm.objects.filter(title=TITLE).delete()
    form = ParticipationForm.objects.create(
        owner_type=ContentType.objects.get_for_model(Experiment),
        owner_id=0,
        title=TITLE,
        consent_text="Bench.",
        retention_until=timezone.localdate() + timedelta(days=365),
        status=ParticipationForm.Status.OPEN,
    )
    questions = {
        kind: Question.objects.create(
            form=form,
            position=n,
            kind=kind,
            text=kind,
            options=["Website", "Telefoon", "Balie", "Mail"] if kind == Kind.MULTIPLE else [],
        )
        for n, kind in enumerate([Kind.SCALE, Kind.NPS, Kind.NUMBER, Kind.MULTIPLE], start=1)
    }
    rng = random.Random(2025)
    start = timezone.now() - timedelta(days=60)
    for offset in range(0, RESPONSES, BATCH):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    form=form,
                    submitted_at=start + timedelta(seconds=rng.randint(0, 60 * 86400)),
                    receipt_hash=f"bench-{offset + n}",
                )
                for n in range(min(BATCH, RESPONSES - offset))
            )
            answers = []
            for response in responses:
                if rng.random() < 0.9:
                    value = rng.choices(range(1, 6), weights=[5, 10, 20, 35, 30])[0]
                    answers.append(
                        Answer(response=response, question=questions[Kind.SCALE], number=value)
                    )
                if rng.random() < 0.9:
                    answers.append(
                        Answer(
                            response=response,
                            question=questions[Kind.NPS],
                            number=rng.randint(0, 10),
                        )
                    )
                if rng.random() < 0.9:
                    number = Decimal(rng.randint(0, 50000)) / 100
                    answers.append(
                        Answer(response=response, question=questions[Kind.NUMBER], number=number)
                    )
                for choice in rng.sample(questions[Kind.MULTIPLE].options, k=rng.randint(0, 3)):
                    answers.append(
                        Answer(response=response, question=questions[Kind.MULTIPLE], choice=choice)
                    )
            Answer.objects.bulk_create(answers, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return form, {str(k): q for k, q in questions.items()}


def timed(run: object) -> tuple[float, float, object]:
    seconds = []
    value = None
    for _ in range(RUNS):
        began = time.perf_counter()
        value = run()  # type: ignore[operator]
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds), max(seconds), value


def main() -> None:
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    form, q = fill()
    filled = time.perf_counter() - began
    answers = Answer.objects.filter(question__form=form).count()
    cases = [
        ("share scale ≥ 4", Measure(Aggregate.SHARE, q["scale"], Condition.GTE, Decimal(4))),
        ("share number < 100", Measure(Aggregate.SHARE, q["number"], Condition.LT, Decimal(100))),
        (
            "share chose 'Balie'",
            Measure(Aggregate.SHARE, q["multiple"], Condition.CHOSEN, choice="Balie"),
        ),
        ("mean of scale", Measure(Aggregate.MEAN, q["scale"])),
        ("mean of number", Measure(Aggregate.MEAN, q["number"])),
        ("NPS", Measure(Aggregate.NPS, q["nps"])),
        ("count of responses", Measure(Aggregate.COUNT)),
    ]
    rows = []
    for name, spec in cases:
        median, slowest, value = timed(lambda spec=spec: measure(form.pk, spec))
        rows.append((name, median, slowest, f"{value.value} ({value.data_points} data points)"))  # type: ignore[attr-defined]
    median, slowest, _ = timed(lambda: results(form))
    rows.append(("results page (all questions)", median, slowest, ""))
    engine = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if engine == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    lines = [
        "",
        f"## Participation: bound metrics over {RESPONSES:,} responses — {timezone.localdate()}",
        "",
        f"{engine} {version}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores; {answers:,} answers; filled in {filled:.1f} s. "
        f"Median and slowest of {RUNS} runs.",
        "",
        "| computation | median (ms) | slowest (ms) | value |",
        "|---|---:|---:|---|",
        *[f"| {name} | {m * 1000:.1f} | {s * 1000:.1f} | {v} |" for name, m, s, v in rows],
    ]
    print("\n".join(lines))
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
