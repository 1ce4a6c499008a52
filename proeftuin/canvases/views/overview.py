"""The overview of a project's canvases and value streams, with their figures."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.projects.models import Project
from proeftuin.projects.views.base import get_project_for_user_or_404

from .. import history
from ..compute import fit, stream_figures
from ..forms import CanvasForm, StreamForm
from ..models import ValueStream
from .base import may_edit, signed_in


def overview_page(
    request: HttpRequest,
    project: Project,
    canvas_form: CanvasForm | None = None,
    stream_form: StreamForm | None = None,
) -> HttpResponse:
    canvases = project.canvases.prefetch_related("items__addresses", "items__hypotheses")
    streams = project.value_streams.select_related("current").prefetch_related("steps")
    currents = project.value_streams.filter(state=ValueStream.State.CURRENT)
    forms: list[Any] = [canvas_form, stream_form]
    return render(
        request,
        "canvases/index.html",
        {
            "project": project,
            "can_edit": may_edit(request, project),
            "canvases": [(c, fit(history.items_of(c))) for c in canvases],
            "streams": [(s, stream_figures(history.steps_of(s))) for s in streams],
            "canvas_form": canvas_form or CanvasForm(),
            "stream_form": stream_form or StreamForm(currents=currents),
        },
        status=400 if any(f is not None and f.errors for f in forms) else 200,
    )


@require_safe
@signed_in
def index(request: AuthedRequest, pk: int) -> HttpResponse:
    return overview_page(request, get_project_for_user_or_404(request.user, pk))
