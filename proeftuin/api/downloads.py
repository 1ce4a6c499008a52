"""The CSV downloads: the same public lists as the API (`public.py`), streamed in chunks so
a long list never sits in memory. Columns carry the API's field names, so a script can
switch between both without a mapping; one row per object, lists joined with " | "."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import batched
from typing import Any

from django.utils import timezone

from proeftuin.calls.models import with_support_counts
from proeftuin.projects.models import Project
from proeftuin.scaling.coverage import COUNTED
from proeftuin.scaling.models import Adoption, Service

from . import public
from .routers.scaling import services

CHUNK = 500
Section = Project.Section


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def _join(values: Iterable[object]) -> str:
    return " | ".join(str(v) for v in values)


def _municipality_rows() -> Iterator[list[object]]:
    for m in public.municipalities().iterator(chunk_size=CHUNK):
        yield [m.nis_code, m.name, m.province, m.region, m.postal_codes]


def _call_rows() -> Iterator[list[object]]:
    for c in public.calls().iterator(chunk_size=CHUNK):
        yield [
            c.slug,
            c.title,
            c.status,
            _when(c.opens_at),
            _when(c.closes_at),
            c.is_rolling,
            _when(c.published_at),
            _join(t.slug for t in c.themes.all()),
        ]


def _challenge_rows() -> Iterator[list[object]]:
    for chunk in batched(public.challenges().iterator(chunk_size=CHUNK), CHUNK):
        for need in with_support_counts(chunk):
            municipalities = list(need.organisation.municipalities.all())
            yield [
                need.pk,
                need.title,
                need.problem,
                need.status,
                _when(need.published_at),
                need.call.slug if need.call else "",
                need.organisation.slug,
                need.organisation.name,
                _join(m.nis_code for m in municipalities),
                _join(sorted({m.province for m in municipalities})),
                _join(t.slug for t in need.themes.all()),
                need.support_count,
            ]


def _project_rows() -> Iterator[list[object]]:
    for p in public.projects().iterator(chunk_size=CHUNK):
        summary = p.shows(Section.SUMMARY)
        yield [
            p.pk,
            p.title,
            p.phase,
            p.outcome or "running",
            _when(p.outcome_at),
            _when(p.published_at),
            _join(p.public_sections),
            p.question if summary else "",
            p.target_groups if summary else "",
            p.summary if summary else "",
        ]


def _learning_rows() -> Iterator[list[object]]:
    for learning in public.learnings().iterator(chunk_size=CHUNK):
        experiment = learning.experiment
        yield [
            learning.pk,
            learning.project_id,
            experiment.title if experiment and learning.project.shows(Section.EXPERIMENTS) else "",
            learning.observation,
            learning.insight,
            learning.decision,
            learning.actions,
            _when(learning.created_at),
        ]


def _article_rows() -> Iterator[list[object]]:
    for a in public.articles().iterator(chunk_size=CHUNK):
        yield [
            a.slug,
            a.kind,
            a.title,
            a.summary,
            a.body,
            _when(a.published_at),
            _join(t.slug for t in a.themes.all()),
            _join(p.pk for p in a.public_projects),  # type: ignore[attr-defined]
            _join(service.slug for service in a.public_services),  # type: ignore[attr-defined]
        ]


def _service_rows() -> Iterator[list[object]]:
    for service in services().iterator(chunk_size=CHUNK):
        yield [
            service.slug,
            service.name,
            service.state,
            service.summary,
            service.contact_email,
            _join(p.pk for p in service.public_projects),  # type: ignore[attr-defined]
            *(getattr(service, f"n_{state}") for state in COUNTED),
        ]


def _adoption_rows() -> Iterator[list[object]]:
    # Municipality and state only: the contact person is never public.
    rows = (
        Adoption.objects.filter(service__in=Service.objects.public())
        .exclude(state=Adoption.State.ENDED)
        .select_related("service", "municipality")
        .order_by("service__slug", "municipality__nis_code", "pk")
    )
    for adoption in rows.iterator(chunk_size=CHUNK):
        yield [
            adoption.service.slug,
            adoption.municipality.nis_code,
            adoption.municipality.name,
            adoption.municipality.province,
            adoption.state,
        ]


@dataclass(frozen=True)
class Download:
    header: list[str]
    rows: Callable[[], Iterator[list[object]]]


DOWNLOADS: dict[str, Download] = {
    "gemeenten": Download(
        ["nis_code", "name", "province", "region", "postal_codes"], _municipality_rows
    ),
    "oproepen": Download(
        [
            "slug",
            "title",
            "status",
            "opens_at",
            "closes_at",
            "is_rolling",
            "published_at",
            "themes",
        ],
        _call_rows,
    ),
    "uitdagingen": Download(
        [
            "id",
            "title",
            "problem",
            "status",
            "published_at",
            "call",
            "organisation",
            "organisation_name",
            "municipalities",
            "provinces",
            "themes",
            "support_count",
        ],
        _challenge_rows,
    ),
    "proefprojecten": Download(
        [
            "id",
            "title",
            "phase",
            "outcome",
            "outcome_at",
            "published_at",
            "public_sections",
            "question",
            "target_groups",
            "summary",
        ],
        _project_rows,
    ),
    "leerkaarten": Download(
        [
            "id",
            "project",
            "experiment",
            "observation",
            "insight",
            "decision",
            "actions",
            "created_at",
        ],
        _learning_rows,
    ),
    "artikels": Download(
        [
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "published_at",
            "themes",
            "projects",
            "services",
        ],
        _article_rows,
    ),
    "diensten": Download(
        [
            "slug",
            "name",
            "state",
            "summary",
            "contact_email",
            "projects",
            *(f"adoptions_{state}" for state in COUNTED),
        ],
        _service_rows,
    ),
    "afnames": Download(
        ["service", "municipality", "municipality_name", "province", "state"], _adoption_rows
    ),
}


class _Echo:
    """csv.writer writes into this and gets the line back, to stream it."""

    def write(self, value: str) -> str:
        return value


def lines(download: Download) -> Iterator[Any]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(download.header)
    for row in download.rows():
        yield writer.writerow(row)
