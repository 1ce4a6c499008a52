"""Task workers that die in the middle of a task, and the tasks they leave behind.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when
the worker is done. A worker killed in between (SIGKILL, the machine lost, out of memory)
leaves the row RUNNING for ever: no worker takes a RUNNING task again. So each worker
process writes a heartbeat of its own every WORKER_HEARTBEAT_SECONDS from a thread (our
`db_worker` command), and the `core.requeue_abandoned_tasks` job puts a task back in the
queue when it has been running for WORKER_STALE_SECONDS and its worker has not beaten for
as long. A task that has now been claimed MAX_CLAIMS times without finishing is marked
failed instead, so one that kills its worker (runs out of memory) cannot take the workers
down again and again.

A requeued task runs a second time, so every task is written to be safe to run again: the
outbox claims each message before sending it, the digest and the release mails keep a
delivery per recipient, the indexes are rebuilt from the data.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Heartbeat

logger = logging.getLogger(__name__)

PREFIX = "worker:"
MAX_CLAIMS = 3
# Heartbeats of workers gone this long are deleted by the sweeper.
FORGET_AFTER = timedelta(days=1)


def heartbeat_name(worker_id: str) -> str:
    return f"{PREFIX}{worker_id}"


def beat(worker_id: str) -> None:
    Heartbeat.objects.update_or_create(
        name=heartbeat_name(worker_id), defaults={"beat_at": timezone.now()}
    )


class HeartbeatThread(threading.Thread):
    """Beats for a worker while its process lives, whatever task the worker is busy with. A
    beat that fails (the database is away) is tried again at the next beat."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.every = settings.WORKER_HEARTBEAT_SECONDS
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    # Drops a connection the database closed (a restart) before using it.
                    close_old_connections()
                    beat(self.worker_id)
                except DatabaseError as error:
                    logger.warning("Worker %s could not beat: %s", self.worker_id, error)
                if self.stopped.wait(self.every):
                    return
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.every + 5)


def release_tasks_of(worker_id: str) -> int:
    """Put the tasks this worker holds back in the queue: called by a worker that lost the
    database while running one (it could not record the outcome) and runs nothing now."""
    # A handful of rows at most; JSON containment is not a lookup SQLite has.
    held = [
        result.pk
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "worker_ids"
        )
        if result.worker_ids and result.worker_ids[-1] == worker_id
    ]
    return DBTaskResult.objects.filter(pk__in=held, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


def requeue_abandoned_tasks(now: datetime | None = None) -> int:
    """Requeue (or fail, after MAX_CLAIMS) the running tasks whose worker stopped beating;
    returns how many were requeued or failed."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = {
        name.removeprefix(PREFIX)
        for name in Heartbeat.objects.filter(
            name__startswith=PREFIX, beat_at__gte=stale_before
        ).values_list("name", flat=True)
    }
    handled = 0
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stale_before
    ).only("id", "worker_ids", "started_at", "task_path")
    for result in abandoned:
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        # Conditional on what was read: a worker that finishes the task meanwhile wins.
        still_running = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) >= MAX_CLAIMS:
            handled += still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="proeftuin.core.workers.WorkerLost",
                traceback=f"Its worker stopped while running it, {len(result.worker_ids)} times.",
            )
            logger.error("Task %s (%s) failed: its workers died", result.pk, result.task_path)
        else:
            handled += still_running.update(status=TaskResultStatus.READY, started_at=None)
            logger.warning("Task %s (%s) requeued: its worker died", result.pk, result.task_path)
    Heartbeat.objects.filter(name__startswith=PREFIX, beat_at__lt=now - FORGET_AFTER).delete()
    return handled
