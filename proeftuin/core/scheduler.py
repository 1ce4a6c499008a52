"""Periodic jobs, run from one scheduler command however many machines run it.

A job's period number is `floor(unix time / every)`. Before a scheduler enqueues a job it
claims the period with a conditional UPDATE on the job's row; the database lets exactly
one scheduler win, so the job runs once per period.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from .models import ScheduledJob


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    task: Task | Callable[[], Task]

    def period(self, now: datetime) -> int:
        return int(now.timestamp()) // self.every_seconds


jobs: dict[str, Job] = {}


def register_job(name: str, *, every_seconds: int, task: Task | Callable[[], Task]) -> None:
    jobs[name] = Job(name=name, every_seconds=every_seconds, task=task)


def claim_period(job: Job, now: datetime) -> bool:
    period = job.period(now)
    try:
        with transaction.atomic():
            ScheduledJob.objects.get_or_create(name=job.name)
    except IntegrityError:
        pass  # another scheduler created the row at the same moment
    return bool(
        ScheduledJob.objects.filter(name=job.name, last_period__lt=period).update(
            last_period=period, last_run_at=now
        )
    )


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose period this scheduler claimed; returns their names."""
    now = now or timezone.now()
    started = []
    for job in jobs.values():
        # Claim and enqueue together: if enqueuing fails, the period is not lost.
        with transaction.atomic():
            if claim_period(job, now):
                task = job.task if isinstance(job.task, Task) else job.task()
                task.enqueue()
                started.append(job.name)
    return started
