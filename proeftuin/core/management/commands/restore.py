from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from proeftuin.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup made by "
        "`manage.py backup`. Stop the web processes and the task worker first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["folder"]
        if options["interactive"]:
            answer = input(
                f"This replaces ALL data and uploaded files with the backup in {folder}. "
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            summary = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        media = (
            f"{summary.media_files} uploaded files"
            if summary.media_files is not None
            else "no files"
        )
        self.stdout.write(f"Restored from {folder} ({summary.method}; {media}).")
