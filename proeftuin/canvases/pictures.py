"""A project's canvases and value streams drawn, with their figures: for the editors and for
the pages and documents that gather from many apps (the end report, the public project
page), which include `canvases/partials/project_canvases.html` with them. A fixed number of
queries per project, whatever its size."""

from dataclasses import dataclass

from django.db.models import Prefetch

from proeftuin.projects.models import Project

from . import drawing, history
from .compute import Comparison, compare, stream_figures
from .models import Step, ValueProposition, ValueStream


@dataclass(frozen=True)
class DrawnCanvas:
    canvas: ValueProposition
    picture: drawing.CanvasPicture
    uid: str  # unique on the page: the drawing's <title> and <desc> ids start with it


@dataclass(frozen=True)
class DrawnStream:
    stream: ValueStream
    picture: drawing.StreamPicture
    comparison: Comparison | None  # a future state against its current state
    uid: str


def drawn_canvas(canvas: ValueProposition, uid: str) -> DrawnCanvas:
    """Prefetch `items__addresses` and `items__hypotheses` when drawing many."""
    return DrawnCanvas(canvas, drawing.draw_canvas(history.items_of(canvas)), uid)


def drawn_stream(stream: ValueStream, uid: str) -> DrawnStream:
    """Prefetch `steps` and `current__steps` when drawing many."""
    steps = history.steps_of(stream)
    figures = stream_figures(steps)
    comparison = None
    if stream.current is not None:
        comparison = compare(stream_figures(history.steps_of(stream.current)), figures)
    return DrawnStream(stream, drawing.draw_stream(steps, figures), comparison, uid)


def drawn_canvases(project: Project, prefix: str = "canvas") -> list[DrawnCanvas]:
    canvases = project.canvases.prefetch_related("items__addresses", "items__hypotheses")
    return [drawn_canvas(c, f"{prefix}-{c.pk}") for c in canvases]


def drawn_streams(project: Project, prefix: str = "stream") -> list[DrawnStream]:
    """Current states first, each followed by its future states."""
    steps = Prefetch("steps", queryset=Step.objects.order_by("position", "pk"))
    streams = list(
        project.value_streams.select_related("current").prefetch_related(
            steps, Prefetch("current__steps", queryset=Step.objects.order_by("position", "pk"))
        )
    )

    def place(stream: ValueStream) -> tuple[object, ...]:
        anchor = stream.current or stream
        return (anchor.created_at, anchor.pk, stream.is_future, stream.created_at, stream.pk)

    ordered = sorted(streams, key=place)
    return [drawn_stream(s, f"{prefix}-{s.pk}") for s in ordered]
