from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from proeftuin.core.registry import registry


class Command(BaseCommand):
    help = "Load the demo programme: every app's demo data, in app order (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for loader in registry.demo:
            with transaction.atomic():
                loader()
        self.stdout.write(f"demo data loaded ({len(registry.demo)} apps)")
