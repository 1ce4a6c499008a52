import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from proeftuin.organisations.models import Municipality

SOURCES = [
    ("flemish-municipalities-2025.csv", Municipality.Region.FLANDERS),
    ("brussels-municipalities-2025.csv", Municipality.Region.BRUSSELS),
]


def load_municipalities(data_dir: Path | None = None) -> tuple[int, int]:
    """Create or update the municipalities from the CSV files; returns (created, updated)."""
    data_dir = data_dir or Path(settings.BASE_DIR) / "data"
    existing = {m.nis_code: m for m in Municipality.objects.all()}
    created = updated = 0
    with transaction.atomic():
        for filename, region in SOURCES:
            with (data_dir / filename).open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    values = {
                        "name": row["name"],
                        "province": row["province"],
                        "region": region,
                        "postal_codes": row["postal_codes"],
                    }
                    current = existing.get(row["nis_code"])
                    if current is None:
                        Municipality.objects.create(nis_code=row["nis_code"], **values)
                        created += 1
                    elif any(getattr(current, k) != v for k, v in values.items()):
                        Municipality.objects.filter(pk=current.pk).update(**values)
                        updated += 1
    return created, updated


class Command(BaseCommand):
    help = "Load the 285 Flemish and 19 Brussels municipalities (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = load_municipalities()
        self.stdout.write(f"municipalities: {created} created, {updated} updated")
