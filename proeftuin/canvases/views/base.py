"""Fetching a canvas or a value stream for a person (404 for anyone who may not see the
project) and what every editor view shares."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from proeftuin.projects.models import GateDecision, Project
from proeftuin.projects.permissions import can_work_on
from proeftuin.projects.views.base import get_project_for_user_or_404

from ..models import ValueProposition, ValueStream


def get_canvas_for_user_or_404(user: Any, pk: int, canvas_pk: int) -> ValueProposition:
    """The canvas, for the project's team and coordinators; anyone else gets a 404."""
    project = get_project_for_user_or_404(user, pk)
    canvas = get_object_or_404(ValueProposition, pk=canvas_pk, project=project)
    canvas.project = project
    return canvas


def get_stream_for_user_or_404(user: Any, pk: int, stream_pk: int) -> ValueStream:
    """The value stream (with its current state), for the team and coordinators."""
    project = get_project_for_user_or_404(user, pk)
    stream = get_object_or_404(
        ValueStream.objects.select_related("current"), pk=stream_pk, project=project
    )
    stream.project = project
    return stream


def first_error(form: Any) -> str:
    """The first message of an invalid form, for a status line."""
    return str(next(iter(form.errors.values()))[0])


def may_edit(request: HttpRequest, project: Project) -> bool:
    return can_work_on(request.user, project)


def history_page(
    request: HttpRequest,
    subject: ValueProposition | ValueStream,
    *,
    title: str,
    back_url: str,
    version_url_name: str,
    gates: list[GateDecision],
) -> HttpResponse:
    """A canvas's or a value stream's history: how it looked at each gate decision, and its
    latest snapshots (without their data, which only a version's own page draws)."""
    return render(
        request,
        "canvases/history.html",
        {
            "project": subject.project,
            "subject": subject,
            "title": title,
            "back_url": back_url,
            "version_url_name": version_url_name,
            "gates": gates,
            "snapshots": subject.snapshots.select_related("author").defer("data")[:100],
        },
    )


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `login_required`, but an autosave of someone who was signed out meanwhile is
    answered with a short message in place (401) instead of the sign-in page."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if getattr(request, "htmx", False):
            response = render(request, "canvases/partials/signed_out.html", status=401)
            # Into the page's status line, whatever part the request meant to replace.
            response["HX-Retarget"] = "#editor-status"
            response["HX-Reswap"] = "innerHTML"
            return response
        return redirect_to_login(request.get_full_path())

    return wrapper
