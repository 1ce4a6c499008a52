from typing import Any

from django.core.management.base import BaseCommand

from proeftuin.core.search import kinds, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every published object."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kinds", nargs="*", help="Only these kinds (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        only = options["kinds"] or None
        unknown = set(only or []) - set(kinds())
        if unknown:
            self.stderr.write(f"unknown kinds: {', '.join(sorted(unknown))}")
            return
        count = rebuild_index(only)
        self.stdout.write(f"indexed {count} documents")
