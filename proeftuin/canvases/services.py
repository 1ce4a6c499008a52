"""Every change to a canvas or a value stream, one function each: atomic, allowed only to
the project's team and coordinators while the project runs, logged on the project, and
remembered in the history (`history.remember`).

The editors save as the team types. Rewriting a text or a step is logged once per editing
window (`history.WINDOW`), when its snapshot starts, so the project's activity reads as
what people did rather than as keystrokes; the snapshots keep every state in between.
Adding, removing, moving and linking are logged each time."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.projects.models import Hypothesis, Project
from proeftuin.projects.permissions import can_work_on

from . import history
from .compute import ADDRESSES, MINUTES_PER_UNIT, WASTES, to_minutes
from .models import CanvasItem, Snapshot, Step, ValueProposition, ValueStream

Kind = CanvasItem.Kind
Direction = Literal["up", "down"]

TEXT_LENGTH = 300
NAME_LENGTH = 200
# Times are entered as at most five digits before the decimal point (the column holds
# eight digits, two after the point).
LONGEST_TIME = Decimal("99999.99")


def _require_worker(user: Any, project: Project) -> None:
    if not project.is_running:
        raise DomainError(gettext_lazy("Dit project is afgesloten; het blijft zoals het was."))
    if not can_work_on(user, project):
        raise DomainError(gettext_lazy("Alleen het projectteam en coördinatoren werken hieraan."))


def _name(value: str, *, empty: Any, length: int = NAME_LENGTH) -> str:
    value = " ".join(value.split())
    if not value:
        raise DomainError(empty)
    if len(value) > length:
        raise DomainError(
            gettext_lazy("Hou het korter: hoogstens %(length)s tekens.") % {"length": length}
        )
    return value


def _touch(obj: ValueProposition | ValueStream) -> None:
    obj.updated_at = timezone.now()
    obj.save(update_fields=["updated_at"])


def _renumber(rows: list[Any], field: str) -> None:
    """Give the rows, in their order, the positions 1, 2, 3 … (one query)."""
    for number, row in enumerate(rows, start=1):
        setattr(row, field, number)
    if rows:
        type(rows[0]).objects.bulk_update(rows, [field])


def _move(rows: list[Any], row: Any, direction: Direction, field: str) -> bool:
    """Swap `row` with its neighbour above or below; False at the edge."""
    if direction not in ("up", "down"):
        return False
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows, field)
    setattr(row, field, getattr(rows[other], field))
    return True


# Canvases ------------------------------------------------------------------------------


def _segment(project: Project, segment: str, canvas: ValueProposition | None = None) -> str:
    segment = _name(segment, empty=gettext_lazy("Voor welk klantsegment is dit canvas?"))
    others = project.canvases.filter(segment__iexact=segment)
    if canvas is not None:
        others = others.exclude(pk=canvas.pk)
    if others.exists():
        raise DomainError(gettext_lazy("Dit project heeft al een canvas voor dat klantsegment."))
    return segment


def create_canvas(*, project: Project, segment: str, by: Any) -> ValueProposition:
    """A new, empty canvas for one customer segment of the project."""
    _require_worker(by, project)
    with transaction.atomic():
        segment = _segment(project, segment)
        last = project.canvases.aggregate(last=Max("position"))["last"] or 0
        canvas = ValueProposition.objects.create(
            project=project, segment=segment, position=last + 1, created_by=by
        )
        log_action(
            actor=by, action="canvas.created", target=project, changes={"canvas": [None, segment]}
        )
        history.remember(canvas=canvas, by=by)
    return canvas


def rename_canvas(*, canvas: ValueProposition, segment: str, by: Any) -> ValueProposition:
    project = canvas.project
    _require_worker(by, project)
    with transaction.atomic():
        segment = _segment(project, segment, canvas)
        if segment == canvas.segment:
            return canvas
        old, canvas.segment, canvas.updated_at = canvas.segment, segment, timezone.now()
        canvas.save(update_fields=["segment", "updated_at"])
        if history.remember(canvas=canvas, by=by)[1]:
            log_action(
                actor=by,
                action="canvas.renamed",
                target=project,
                changes={"canvas": [old, segment]},
            )
    return canvas


def delete_canvas(*, canvas: ValueProposition, by: Any) -> None:
    """Remove a canvas with its items and its history."""
    project = canvas.project
    _require_worker(by, project)
    with transaction.atomic():
        log_action(
            actor=by,
            action="canvas.deleted",
            target=project,
            changes={"canvas": [canvas.segment, None]},
        )
        canvas.delete()


def _item_fields(kind: str, text: str, job_type: str) -> dict[str, str]:
    if kind not in Kind.values:
        raise DomainError(gettext_lazy("Onbekende soort element."))
    text = _name(text, empty=gettext_lazy("Schrijf iets op."), length=TEXT_LENGTH)
    if kind != Kind.JOB:
        job_type = ""
    elif job_type not in CanvasItem.JobType.values:
        raise DomainError(
            gettext_lazy("Kies of het een functionele, een sociale of een emotionele taak is.")
        )
    return {"text": text, "job_type": job_type}


def add_item(
    *, canvas: ValueProposition, kind: str, text: str, job_type: str = "", by: Any
) -> CanvasItem:
    """Add an item at the bottom of its kind (the least important until it is moved)."""
    _require_worker(by, canvas.project)
    fields = _item_fields(kind, text, job_type)
    with transaction.atomic():
        last = canvas.items.filter(kind=kind).aggregate(last=Max("rank"))["last"] or 0
        item = CanvasItem.objects.create(canvas=canvas, kind=kind, rank=last + 1, **fields)
        _touch(canvas)
        log_action(
            actor=by,
            action="canvas.item_added",
            target=canvas.project,
            changes={
                "canvas": [canvas.pk, canvas.segment],
                "kind": [None, kind],
                "text": [None, fields["text"]],
            },
        )
        history.remember(canvas=canvas, by=by)
    return item


def change_item(*, item: CanvasItem, text: str, job_type: str = "", by: Any) -> CanvasItem:
    """Rewrite an item's text (and a job's type)."""
    canvas = item.canvas
    _require_worker(by, canvas.project)
    new = _item_fields(item.kind, text, job_type)
    with transaction.atomic():
        changes = diff({"text": item.text, "job_type": item.job_type}, new)
        if not changes:
            return item
        item.text, item.job_type, item.updated_at = new["text"], new["job_type"], timezone.now()
        item.save(update_fields=["text", "job_type", "updated_at"])
        _touch(canvas)
        if history.remember(canvas=canvas, by=by)[1]:
            log_action(
                actor=by,
                action="canvas.item_changed",
                target=canvas.project,
                changes={
                    "canvas": [canvas.pk, canvas.segment],
                    "item": [item.pk, item.pk],
                    **changes,
                },
            )
    return item


def remove_item(*, item: CanvasItem, by: Any) -> None:
    canvas = item.canvas
    _require_worker(by, canvas.project)
    with transaction.atomic():
        log_action(
            actor=by,
            action="canvas.item_removed",
            target=canvas.project,
            changes={"canvas": [canvas.pk, canvas.segment], "text": [item.text, None]},
        )
        item.delete()
        _renumber(list(canvas.items.filter(kind=item.kind).order_by("rank", "pk")), "rank")
        _touch(canvas)
        history.remember(canvas=canvas, by=by)


def move_item(*, item: CanvasItem, direction: Direction, by: Any) -> bool:
    """Move an item one place up (more important) or down within its kind; False when it
    is already first or last."""
    canvas = item.canvas
    _require_worker(by, canvas.project)
    with transaction.atomic():
        old = item.rank
        rows = list(canvas.items.filter(kind=item.kind).order_by("rank", "pk"))
        if not _move(rows, item, direction, "rank"):
            return False
        _touch(canvas)
        log_action(
            actor=by,
            action="canvas.item_moved",
            target=canvas.project,
            changes={"canvas": [canvas.pk, canvas.segment], "rank": [old, item.rank]},
        )
        history.remember(canvas=canvas, by=by)
    return True


def link_item(
    *,
    item: CanvasItem,
    addresses: Iterable[CanvasItem],
    hypotheses: Iterable[Hypothesis],
    by: Any,
) -> CanvasItem:
    """Say which pains a pain reliever addresses (or which gains a gain creator), and which
    hypotheses say the item is an assumption."""
    canvas = item.canvas
    _require_worker(by, canvas.project)
    targets, assumptions = list(addresses), list(hypotheses)
    target_kind = ADDRESSES.get(item.kind)
    if targets and target_kind is None:
        raise DomainError(
            gettext_lazy("Alleen pijnverzachters en winstmakers spelen in op pijnen of winsten.")
        )
    for target in targets:
        if target.canvas_id != canvas.pk or target.kind != target_kind:
            raise DomainError(
                gettext_lazy("Een pijnverzachter speelt in op pijnen van hetzelfde canvas.")
                if item.kind == Kind.PAIN_RELIEVER
                else gettext_lazy("Een winstmaker speelt in op winsten van hetzelfde canvas.")
            )
    if any(h.project_id != canvas.project_id for h in assumptions):
        raise DomainError(gettext_lazy("Deze hypothese hoort bij een ander project."))
    with transaction.atomic():
        old = {
            "addresses": sorted(item.addresses.values_list("pk", flat=True)),
            "hypotheses": sorted(item.hypotheses.values_list("pk", flat=True)),
        }
        new = {
            "addresses": sorted(t.pk for t in targets),
            "hypotheses": sorted(h.pk for h in assumptions),
        }
        changes = diff(old, new)
        if not changes:
            return item
        item.addresses.set(targets)
        item.hypotheses.set(assumptions)
        _touch(canvas)
        log_action(
            actor=by,
            action="canvas.item_linked",
            target=canvas.project,
            changes={"canvas": [canvas.pk, canvas.segment], "item": [item.pk, item.pk], **changes},
        )
        history.remember(canvas=canvas, by=by)
    return item


def save_canvas_version(*, canvas: ValueProposition, label: str = "", by: Any) -> Snapshot:
    """Keep the canvas as it is now as a named version (before a gate decision, say)."""
    _require_worker(by, canvas.project)
    label = " ".join(label.split())[:NAME_LENGTH]
    with transaction.atomic():
        snapshot, _ = history.remember(canvas=canvas, by=by, label=label, on_purpose=True)
        log_action(
            actor=by,
            action="canvas.version_saved",
            target=canvas.project,
            changes={"canvas": [canvas.pk, canvas.segment], "version": [None, label]},
        )
    return snapshot


# Value streams ---------------------------------------------------------------------------

STEP_FIELDS = [
    "name",
    "actor",
    "process_time",
    "process_unit",
    "waiting_time",
    "waiting_unit",
    "pct_complete_accurate",
    "classification",
    "wastes",
]


def _time(value: Any) -> Decimal:
    try:
        time = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(gettext_lazy("Geef een tijd als getal.")) from None
    if time < 0:
        raise DomainError(gettext_lazy("Een tijd kan niet negatief zijn."))
    if time > LONGEST_TIME:
        raise DomainError(gettext_lazy("Die tijd is te groot; kies een grotere eenheid."))
    return time


def _step_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The step's fields, checked and normalised, with the times in working minutes."""
    clean = {
        "name": _name(str(fields.get("name", "")), empty=gettext_lazy("Geef de stap een naam.")),
        "actor": " ".join(str(fields.get("actor", "")).split())[:NAME_LENGTH],
        "process_time": _time(fields.get("process_time", 0)),
        "waiting_time": _time(fields.get("waiting_time", 0)),
        "process_unit": fields.get("process_unit", "minutes"),
        "waiting_unit": fields.get("waiting_unit", "minutes"),
        "classification": fields.get("classification", Step.Classification.NECESSARY_NVA),
    }
    if (
        clean["process_unit"] not in MINUTES_PER_UNIT
        or clean["waiting_unit"] not in MINUTES_PER_UNIT
    ):
        raise DomainError(gettext_lazy("Onbekende tijdseenheid."))
    try:
        pct = int(fields.get("pct_complete_accurate", 100))
    except (TypeError, ValueError):
        raise DomainError(gettext_lazy("%C&A is een percentage tussen 0 en 100.")) from None
    if not 0 <= pct <= 100:
        raise DomainError(gettext_lazy("%C&A is een percentage tussen 0 en 100."))
    clean["pct_complete_accurate"] = pct
    if clean["classification"] not in Step.Classification.values:
        raise DomainError(gettext_lazy("Onbekende soort stap."))
    wastes = list(fields.get("wastes", []))
    if any(w not in WASTES for w in wastes):
        raise DomainError(gettext_lazy("Onbekende verspilling."))
    clean["wastes"] = [w for w in WASTES if w in wastes]
    clean["process_minutes"] = to_minutes(clean["process_time"], clean["process_unit"])
    clean["waiting_minutes"] = to_minutes(clean["waiting_time"], clean["waiting_unit"])
    return clean


def create_stream(
    *,
    project: Project,
    name: str,
    state: str,
    current: ValueStream | None = None,
    by: Any,
) -> ValueStream:
    """A new value stream. A future state refers to a current state of the same project and
    starts as a copy of its steps, to be improved."""
    _require_worker(by, project)
    name = _name(name, empty=gettext_lazy("Geef de waardestroom een naam."))
    if state not in ValueStream.State.values:
        raise DomainError(gettext_lazy("Onbekende toestand."))
    if state == ValueStream.State.FUTURE:
        if current is None or current.project_id != project.pk or current.is_future:
            raise DomainError(
                gettext_lazy(
                    "Een toekomstige toestand verwijst naar een huidige toestand van hetzelfde project."
                )
            )
    else:
        current = None
    with transaction.atomic():
        stream = ValueStream.objects.create(
            project=project, name=name, state=state, current=current, created_by=by
        )
        if current is not None:
            Step.objects.bulk_create(
                Step(
                    stream=stream,
                    **{
                        f: getattr(s, f)
                        for f in [*STEP_FIELDS, "position", "process_minutes", "waiting_minutes"]
                    },
                )
                for s in current.steps.all()
            )
        log_action(
            actor=by,
            action="value_stream.created",
            target=project,
            changes={"value_stream": [None, name], "state": [None, state]},
        )
        history.remember(stream=stream, by=by)
    return stream


def rename_stream(*, stream: ValueStream, name: str, by: Any) -> ValueStream:
    _require_worker(by, stream.project)
    name = _name(name, empty=gettext_lazy("Geef de waardestroom een naam."))
    if name == stream.name:
        return stream
    with transaction.atomic():
        old, stream.name, stream.updated_at = stream.name, name, timezone.now()
        stream.save(update_fields=["name", "updated_at"])
        if history.remember(stream=stream, by=by)[1]:
            log_action(
                actor=by,
                action="value_stream.renamed",
                target=stream.project,
                changes={"value_stream": [old, name]},
            )
    return stream


def delete_stream(*, stream: ValueStream, by: Any) -> None:
    """Remove a stream with its steps and history; a current state that a future state
    refers to stays until that future state is removed."""
    _require_worker(by, stream.project)
    if stream.futures.exists():
        raise DomainError(
            gettext_lazy(
                "Verwijder eerst de toekomstige toestanden die naar deze stroom verwijzen."
            )
        )
    with transaction.atomic():
        log_action(
            actor=by,
            action="value_stream.deleted",
            target=stream.project,
            changes={"value_stream": [stream.name, None]},
        )
        stream.delete()


def add_step(*, stream: ValueStream, fields: dict[str, Any], by: Any) -> Step:
    """Add a step at the end of the stream."""
    _require_worker(by, stream.project)
    clean = _step_fields(fields)
    with transaction.atomic():
        last = stream.steps.aggregate(last=Max("position"))["last"] or 0
        step = Step.objects.create(stream=stream, position=last + 1, **clean)
        _touch(stream)
        log_action(
            actor=by,
            action="value_stream.step_added",
            target=stream.project,
            changes={"value_stream": [stream.pk, stream.name], "step": [None, clean["name"]]},
        )
        history.remember(stream=stream, by=by)
    return step


def change_step(*, step: Step, fields: dict[str, Any], by: Any) -> Step:
    stream = step.stream
    _require_worker(by, stream.project)
    clean = _step_fields(fields)
    with transaction.atomic():
        changes = diff({key: getattr(step, key) for key in clean}, clean)
        if not changes:
            return step
        for key, value in clean.items():
            setattr(step, key, value)
        step.save(update_fields=list(changes))
        _touch(stream)
        if history.remember(stream=stream, by=by)[1]:
            log_action(
                actor=by,
                action="value_stream.step_changed",
                target=stream.project,
                changes={
                    "value_stream": [stream.pk, stream.name],
                    "step": [step.pk, step.pk],
                    **{
                        k: [str(a), str(b)] if isinstance(b, Decimal) else [a, b]
                        for k, (a, b) in changes.items()
                    },
                },
            )
    return step


def remove_step(*, step: Step, by: Any) -> None:
    stream = step.stream
    _require_worker(by, stream.project)
    with transaction.atomic():
        log_action(
            actor=by,
            action="value_stream.step_removed",
            target=stream.project,
            changes={"value_stream": [stream.pk, stream.name], "step": [step.name, None]},
        )
        step.delete()
        _renumber(list(stream.steps.order_by("position", "pk")), "position")
        _touch(stream)
        history.remember(stream=stream, by=by)


def move_step(*, step: Step, direction: Direction, by: Any) -> bool:
    """Move a step one place earlier (up) or later (down); False at either end."""
    stream = step.stream
    _require_worker(by, stream.project)
    with transaction.atomic():
        old = step.position
        if not _move(list(stream.steps.order_by("position", "pk")), step, direction, "position"):
            return False
        _touch(stream)
        log_action(
            actor=by,
            action="value_stream.step_moved",
            target=stream.project,
            changes={"value_stream": [stream.pk, stream.name], "position": [old, step.position]},
        )
        history.remember(stream=stream, by=by)
    return True


def save_stream_version(*, stream: ValueStream, label: str = "", by: Any) -> Snapshot:
    """Keep the stream as it is now as a named version."""
    _require_worker(by, stream.project)
    label = " ".join(label.split())[:NAME_LENGTH]
    with transaction.atomic():
        snapshot, _ = history.remember(stream=stream, by=by, label=label, on_purpose=True)
        log_action(
            actor=by,
            action="value_stream.version_saved",
            target=stream.project,
            changes={"value_stream": [stream.pk, stream.name], "version": [None, label]},
        )
    return snapshot
