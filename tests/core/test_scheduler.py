"""Periodic jobs run once per period, however many schedulers run."""

import time
from collections import Counter
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from proeftuin.core import scheduler
from proeftuin.core.models import ScheduledJob

from .processes import finish, run_on_test_database

runs: list[str] = []


@task
def record_run() -> None:
    runs.append("ran")


@pytest.fixture
def hourly_job(monkeypatch):
    runs.clear()
    job = scheduler.Job(name="tests.hourly", every_seconds=3600, task=record_run)
    monkeypatch.setattr(scheduler, "jobs", {job.name: job})
    return job


@pytest.mark.django_db
def test_it_runs_a_job_once_per_period_and_again_in_the_next_one(hourly_job):
    start = timezone.now().replace(minute=0, second=0, microsecond=0)

    assert scheduler.run_due_jobs(start) == ["tests.hourly"]
    assert scheduler.run_due_jobs(start + timedelta(minutes=59)) == []
    assert runs == ["ran"]

    assert scheduler.run_due_jobs(start + timedelta(hours=1)) == ["tests.hourly"]
    assert scheduler.run_due_jobs(start + timedelta(hours=1, minutes=30)) == []
    assert runs == ["ran", "ran"]
    assert ScheduledJob.objects.get(name="tests.hourly").last_period == hourly_job.period(
        start + timedelta(hours=1)
    )


@pytest.mark.django_db
def test_it_does_not_run_a_job_again_for_a_period_it_already_ran_in(hourly_job):
    """A scheduler whose clock lags (or a late tick) must not rerun an earlier period."""
    start = timezone.now()
    scheduler.run_due_jobs(start + timedelta(hours=2))

    assert scheduler.run_due_jobs(start) == []
    assert runs == ["ran"]


@pytest.mark.django_db
def test_it_enqueues_each_core_job_from_the_command_once_per_period(monkeypatch):
    # Both runs in the same instant, so no period boundary can fall between them.
    instant = timezone.now()
    monkeypatch.setattr(scheduler, "timezone", SimpleNamespace(now=lambda: instant))
    first, second = StringIO(), StringIO()

    call_command("run_scheduler", "--once", stdout=first)
    call_command("run_scheduler", "--once", stdout=second)

    assert "enqueued core.retry_outbox" in first.getvalue().splitlines()
    assert "enqueued core.daily_summaries" in first.getvalue().splitlines()
    assert second.getvalue() == ""


# Each racing scheduler waits for the same start time, then claims ROUNDS consecutive
# periods (every job has a new period each round), printing what it enqueued.
RACE = """
import sys, time
from datetime import UTC, datetime

import django

django.setup()
from proeftuin.core import scheduler

base, start_at, rounds = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
step = max(job.every_seconds for job in scheduler.jobs.values())
print("jobs", *sorted(scheduler.jobs), flush=True)
while time.time() < start_at:
    time.sleep(0.001)
for round_ in range(rounds):
    now = datetime.fromtimestamp(base + round_ * step, tz=UTC)
    for name in scheduler.run_due_jobs(now):
        print(f"{round_} enqueued {name}", flush=True)
"""
ROUNDS = 10


@pytest.mark.django_db(transaction=True)
def test_it_enqueues_each_job_once_per_period_when_two_schedulers_race():
    base = str(time.time())
    start_at = str(time.time() + 3)  # both have started Django by then
    env = {"TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    schedulers = [
        run_on_test_database(RACE, base, start_at, str(ROUNDS), env=env) for _ in range(2)
    ]
    outputs = [finish(process).splitlines() for process in schedulers]

    job_lines = {lines[0] for lines in outputs}
    assert len(job_lines) == 1
    job_names = job_lines.pop().split()[1:]
    assert "core.retry_outbox" in job_names
    claims = Counter(line for lines in outputs for line in lines[1:])
    expected = {f"{round_} enqueued {name}" for round_ in range(ROUNDS) for name in job_names}
    assert set(claims) == expected
    assert all(count == 1 for count in claims.values()), claims.most_common(3)
    # The queue holds one task per job and period, not one per scheduler.
    enqueued = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    assert enqueued["proeftuin.core.tasks.retry_outbox"] == ROUNDS
    assert enqueued["proeftuin.core.tasks.send_daily_summaries"] == ROUNDS
    assert ScheduledJob.objects.count() == len(job_names)
