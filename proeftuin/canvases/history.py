"""The history of canvases and value streams: what a snapshot holds and how it is written.

A snapshot holds the whole canvas or stream as plain JSON (the same values `compute`
works on), so an earlier state can be drawn and computed after its items or steps changed
or were removed.
"""

from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from proeftuin.projects.models import GateDecision, Project

from .compute import Item, StepData
from .models import CanvasItem, Snapshot, Step, ValueProposition, ValueStream

# Autosaves by one person within this window are folded into one snapshot; the history
# then says how a canvas looked to within a few minutes, without a row per keystroke.
WINDOW = timedelta(minutes=10)


def items_of(canvas: ValueProposition) -> list[Item]:
    """The canvas's items as `compute` takes them. Prefetch `items__addresses` and
    `items__hypotheses` to read them in a fixed number of queries."""
    return [item_of(i) for i in canvas.items.all()]


def item_of(item: CanvasItem) -> Item:
    return Item(
        key=item.pk,
        kind=item.kind,
        text=item.text,
        rank=item.rank,
        job_type=item.job_type,
        addresses=frozenset(a.pk for a in item.addresses.all()),
        assumptions=tuple(h.statement for h in item.hypotheses.all()),
    )


def steps_of(stream: ValueStream) -> list[StepData]:
    """The stream's steps, in order, as `compute` takes them."""
    return [step_of(s) for s in stream.steps.all()]


def step_of(step: Step) -> StepData:
    return StepData(
        key=step.pk,
        name=step.name,
        actor=step.actor,
        process_minutes=step.process_minutes,
        waiting_minutes=step.waiting_minutes,
        pct_complete_accurate=step.pct_complete_accurate,
        classification=step.classification,
        wastes=tuple(step.wastes),
        process_time=step.process_time,
        process_unit=step.process_unit,
        waiting_time=step.waiting_time,
        waiting_unit=step.waiting_unit,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def canvas_json(canvas: ValueProposition) -> dict[str, Any]:
    items = canvas.items.prefetch_related("addresses", "hypotheses")
    return {
        "segment": canvas.segment,
        "items": [{k: _plain(v) for k, v in asdict(item_of(i)).items()} for i in items],
    }


def stream_json(stream: ValueStream) -> dict[str, Any]:
    return {
        "name": stream.name,
        "state": stream.state,
        "current": stream.current_id,
        "steps": [
            {k: _plain(v) for k, v in asdict(step_of(s)).items()} for s in stream.steps.all()
        ],
    }


def items_from(data: dict[str, Any]) -> list[Item]:
    return [
        Item(
            key=i["key"],
            kind=i["kind"],
            text=i["text"],
            rank=i["rank"],
            job_type=i.get("job_type", ""),
            addresses=frozenset(i.get("addresses", [])),
            assumptions=tuple(i.get("assumptions", [])),
        )
        for i in data.get("items", [])
    ]


def steps_from(data: dict[str, Any]) -> list[StepData]:
    return [
        StepData(
            key=s["key"],
            name=s["name"],
            actor=s.get("actor", ""),
            process_minutes=Decimal(s["process_minutes"]),
            waiting_minutes=Decimal(s["waiting_minutes"]),
            pct_complete_accurate=s["pct_complete_accurate"],
            classification=s["classification"],
            wastes=tuple(s.get("wastes", [])),
            process_time=Decimal(s.get("process_time", s["process_minutes"])),
            process_unit=s.get("process_unit", "minutes"),
            waiting_time=Decimal(s.get("waiting_time", s["waiting_minutes"])),
            waiting_unit=s.get("waiting_unit", "minutes"),
        )
        for s in data.get("steps", [])
    ]


def remember(
    *,
    canvas: ValueProposition | None = None,
    stream: ValueStream | None = None,
    by: Any,
    label: str = "",
    on_purpose: bool = False,
) -> tuple[Snapshot, bool]:
    """Write how the canvas or stream looks now; True when a new snapshot was started. An
    autosave folds into the author's own snapshot of the last few minutes (WINDOW); a
    version saved on purpose is always a row of its own, and is never folded into
    afterwards."""
    subject: ValueProposition | ValueStream
    if canvas is not None:
        subject, data = canvas, canvas_json(canvas)
    elif stream is not None:
        subject, data = stream, stream_json(stream)
    else:
        raise ValueError("remember a canvas or a stream")
    author = by if getattr(by, "is_authenticated", False) else None
    now = timezone.now()
    if not on_purpose:
        recent = (
            Snapshot.objects.filter(
                canvas=canvas,
                stream=stream,
                author=author,
                saved_on_purpose=False,
                started_at__gt=now - WINDOW,
            )
            .order_by("-started_at", "-pk")
            .first()
        )
        if recent is not None:
            recent.data, recent.taken_at = data, now
            recent.save(update_fields=["data", "taken_at"])
            return recent, False
    snapshot = Snapshot.objects.create(
        project_id=subject.project_id,
        canvas=canvas,
        stream=stream,
        data=data,
        label=label,
        saved_on_purpose=on_purpose,
        author=author,
        started_at=now,
        taken_at=now,
    )
    return snapshot, True


def gates_with_snapshots(project: Project, **subject: Any) -> list[GateDecision]:
    """The project's gate decisions, each with `snapshot_pk`: the latest snapshot of the
    canvas or stream (`canvas=` or `stream=`) taken at or before the decision."""
    latest = (
        Snapshot.objects.filter(**subject, taken_at__lte=OuterRef("decided_at"))
        .order_by("-taken_at", "-pk")
        .values("pk")[:1]
    )
    return list(GateDecision.objects.filter(project=project).annotate(snapshot_pk=Subquery(latest)))
