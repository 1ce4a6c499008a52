"""django-tasks-db's `db_worker`, with what a worker needs to survive faults.

Found before django-tasks-db's command of the same name (core comes first in
INSTALLED_APPS), so every way of starting a worker gets it:

- a heartbeat of its own every WORKER_HEARTBEAT_SECONDS, written from a thread whatever the
  worker is busy with, so the sweeper (`core.workers`) can tell a killed worker's tasks
  from those of a busy one;
- the database going away no longer ends the worker: django-tasks-db's loop lets the
  error out, so the worker waits, tries again, and first puts back in the queue the task it
  was running when the connection broke (it could not record its outcome).
"""

import logging
import os
import time
from typing import Any

from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from proeftuin.core.workers import HeartbeatThread, release_tasks_of

logger = logging.getLogger("proeftuin.core.workers")

RETRY_SECONDS = 2.0


class Command(DbWorkerCommand):
    help = "Run a database task worker that writes a heartbeat and outlives database outages"

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id: str = options["worker_id"]
        # With --reload the worker runs in a child process (with an id of its own): only
        # that process beats.
        reloading = options["reload"] and not options["batch"]
        heartbeat = None
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            heartbeat = HeartbeatThread(worker_id)
            heartbeat.start()
        try:
            while True:
                try:
                    close_old_connections()
                    if released := release_tasks_of(worker_id):
                        logger.warning("Worker %s requeued %d task(s)", worker_id, released)
                    super().handle(*args, **options)
                    return
                except (OperationalError, InterfaceError) as error:
                    logger.warning(
                        "Worker %s lost the database (%s); trying again in %.0f s",
                        worker_id,
                        error,
                        RETRY_SECONDS,
                    )
                    time.sleep(RETRY_SECONDS)
        finally:
            if heartbeat is not None:
                heartbeat.stop()
