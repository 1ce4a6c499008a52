import logging
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections

from proeftuin.core.scheduler import run_due_jobs

logger = logging.getLogger("proeftuin.core.scheduler")


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when they are due (safe to run on several machines)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        while True:
            try:
                for name in run_due_jobs():
                    self.stdout.write(f"enqueued {name}")
            except (OperationalError, InterfaceError) as error:
                if once:
                    raise
                # The database is away (a restart, a failover). A period is claimed in the
                # same transaction as its enqueue, so the next tick loses nothing; the broken
                # connection is dropped so that tick connects afresh.
                logger.warning("The scheduler could not reach the database: %s", error)
                close_old_connections()
            if once:
                return
            time.sleep(settings.SCHEDULER_TICK_SECONDS)
