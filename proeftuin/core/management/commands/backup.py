from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from proeftuin.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into a new or empty folder "
        "(see proeftuin/core/backup.py for what goes in it)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--method",
            choices=backup.METHODS,
            help="How to copy the database (default: sqlite on SQLite, pg_dump on "
            "PostgreSQL when it is on the PATH, else dumpdata).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup.back_up(options["folder"], method=options["method"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        media = (
            f"{summary.media_files} uploaded files"
            if summary.media_files is not None
            else "uploaded files are in the object store, not in this backup"
        )
        self.stdout.write(
            f"Backed up to {options['folder']} ({summary.method}; {summary.files} files; {media})."
        )
