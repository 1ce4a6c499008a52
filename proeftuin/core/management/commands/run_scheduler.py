import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from proeftuin.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when they are due (safe to run on several machines)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        while True:
            for name in run_due_jobs():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(settings.SCHEDULER_TICK_SECONDS)
