from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from proeftuin.core.registry import demo_loaders


class Command(BaseCommand):
    help = "Load the demo programme: every app's demo data, in stage and app order (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaders = demo_loaders()
        for loader in loaders:
            with transaction.atomic():
                loader()
        self.stdout.write(f"demo data loaded ({len(loaders)} loaders)")
