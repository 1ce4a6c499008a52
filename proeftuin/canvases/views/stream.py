"""The value stream editor: steps in order, saved as the team types (htmx; plain forms
without JavaScript), the map and its figures, a future state beside its current one, and
the history."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.projects.views.base import get_project_for_user_or_404

from .. import drawing, history, pictures, services
from ..compute import stream_figures
from ..forms import MoveForm, RenameStreamForm, StepForm, StreamForm, VersionForm
from ..models import Snapshot, Step, ValueStream
from . import autosave
from .base import first_error, get_stream_for_user_or_404, history_page, may_edit, signed_in
from .overview import overview_page

CHANGED = "stream-changed"


@dataclass(frozen=True)
class StepRow:
    step: Step
    number: int
    form: StepForm
    first: bool
    last: bool


def picture_context(stream: ValueStream, uid: str) -> dict[str, Any]:
    """The map, its figures and, for a future state, the comparison with its current state
    (what `canvases/partials/stream_picture.html` draws)."""
    drawn = pictures.drawn_stream(stream, uid)
    return {"stream": stream, "picture": drawn.picture, "comparison": drawn.comparison, "uid": uid}


def _context(
    request: HttpRequest,
    stream: ValueStream,
    *,
    new_form: StepForm | None = None,
    forms: dict[int, StepForm] | None = None,
    rename_error: str = "",
    focus_new: bool = False,
) -> dict[str, Any]:
    steps = list(stream.steps.all())
    forms = forms or {}
    rows = [
        StepRow(
            step=step,
            number=n,
            form=forms.get(step.pk) or StepForm.for_step(step),
            first=n == 1,
            last=n == len(steps),
        )
        for n, step in enumerate(steps, start=1)
    ]
    new_form = new_form or StepForm(prefix="new")
    if focus_new:
        # After adding or removing a step, the keyboard is ready for the next one.
        new_form.fields["name"].widget.attrs["autofocus"] = True
    return {
        **picture_context(stream, f"stream-{stream.pk}"),
        "project": stream.project,
        "rows": rows,
        "futures": list(stream.futures.all()) if not stream.is_future else [],
        "new_form": new_form,
        "can_edit": may_edit(request, stream.project),
        "version_form": VersionForm(),
        "rename_error": rename_error,
    }


def _page(
    request: HttpRequest, stream: ValueStream, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "canvases/stream.html", _context(request, stream, **extra), status=status
    )


def _steps(
    request: HttpRequest, stream: ValueStream, message: str, status: int = 200, **extra: Any
) -> HttpResponse:
    """The steps again (htmx), with `message` in the page's status line; the map follows."""
    context = {**_context(request, stream, **extra), "message": message}
    return autosave.part(
        request, "canvases/stream.html#steps", context, changed=CHANGED, status=status
    )


def _back(stream: ValueStream, anchor: str = "") -> HttpResponse:
    url = reverse("canvases:stream", args=[stream.project_id, stream.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _step_or_404(stream: ValueStream, step_pk: int) -> Step:
    step = get_object_or_404(Step, pk=step_pk, stream=stream)
    step.stream = stream
    return step


@require_POST
@signed_in
def stream_create(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    form = StreamForm(
        request.POST, currents=project.value_streams.filter(state=ValueStream.State.CURRENT)
    )
    if form.is_valid():
        try:
            stream = services.create_stream(
                project=project,
                name=form.cleaned_data["name"],
                state=form.cleaned_data["state"],
                current=form.cleaned_data["current"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De waardestroom is gemaakt."))
            return redirect("canvases:stream", pk=project.pk, stream_pk=stream.pk)
    return overview_page(request, project, stream_form=form)


@require_safe
@signed_in
def stream(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    return _page(request, get_stream_for_user_or_404(request.user, pk, stream_pk))


@require_safe
@signed_in
def stream_picture(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    """The map with its figures, for the editor to refresh after a change."""
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    return render(
        request,
        "canvases/partials/stream_picture.html",
        picture_context(stream, f"stream-{stream.pk}"),
    )


@require_POST
@signed_in
def stream_rename(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    form = RenameStreamForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.rename_stream(stream=stream, name=form.cleaned_data["name"], by=request.user)
        except DomainError as e:
            error = str(e.message)
    else:
        error = first_error(form)
    if request.htmx:
        return autosave.status_line(
            request, "canvases/stream.html#name-status", {"stream": stream}, error, changed=CHANGED
        )
    if error:
        return _page(request, stream, status=400, rename_error=error)
    messages.success(request, _("De naam is bewaard."))
    return _back(stream)


@require_POST
@signed_in
def stream_delete(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    try:
        services.delete_stream(stream=stream, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back(stream)
    messages.success(
        request, _("De waardestroom '%(name)s' is verwijderd.") % {"name": stream.name}
    )
    return redirect("canvases:index", pk=pk)


@require_POST
@signed_in
def step_add(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    form = StepForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            step = services.add_step(stream=stream, fields=form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            message = _("Stap %(number)s is toegevoegd.") % {"number": step.position}
            if request.htmx:
                return _steps(request, stream, message, focus_new=True)
            messages.success(request, message)
            return _back(stream, f"step-{step.pk}")
    message = _("De stap is niet toegevoegd; kijk de velden na.")
    if request.htmx:
        return _steps(request, stream, message, status=400, new_form=form, focus_new=True)
    return _page(request, stream, status=400, new_form=form)


@require_POST
@signed_in
def step_change(request: AuthedRequest, pk: int, stream_pk: int, step_pk: int) -> HttpResponse:
    """Save a step as it is typed."""
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    step = _step_or_404(stream, step_pk)
    form = StepForm(request.POST, prefix=f"step-{step.pk}")
    error = ""
    if form.is_valid():
        try:
            services.change_step(step=step, fields=form.cleaned_data, by=request.user)
        except DomainError as e:
            error = str(e.message)
    else:
        error = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    if request.htmx:
        return autosave.status_line(
            request, "canvases/stream.html#step-status", {"step": step}, error, changed=CHANGED
        )
    if error:
        if not form.errors:
            form.add_error(None, error)
        return _page(request, stream, status=400, forms={step.pk: form})
    messages.success(request, _("Stap %(number)s is bewaard.") % {"number": step.position})
    return _back(stream, f"step-{step.pk}")


@require_POST
@signed_in
def step_move(request: AuthedRequest, pk: int, stream_pk: int, step_pk: int) -> HttpResponse:
    """Move a step one place earlier or later (with the keyboard as with a mouse)."""
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    step = _step_or_404(stream, step_pk)
    form = MoveForm(request.POST)
    try:
        if form.is_valid() and services.move_step(
            step=step, direction=form.cleaned_data["direction"], by=request.user
        ):
            message = _("'%(name)s' is nu stap %(number)s.") % {
                "name": step.name,
                "number": step.position,
            }
        else:
            message = _("'%(name)s' is al stap %(number)s.") % {
                "name": step.name,
                "number": step.position,
            }
    except DomainError as e:
        message = str(e.message)
    if request.htmx:
        return _steps(request, stream, message)
    messages.info(request, message)
    return _back(stream, f"step-{step.pk}")


@require_POST
@signed_in
def step_remove(request: AuthedRequest, pk: int, stream_pk: int, step_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    step = _step_or_404(stream, step_pk)
    try:
        services.remove_step(step=step, by=request.user)
        message = _("De stap '%(name)s' is verwijderd.") % {"name": step.name}
    except DomainError as e:
        message = str(e.message)
    if request.htmx:
        return _steps(request, stream, message, focus_new=True)
    messages.info(request, message)
    return _back(stream, "stream-steps")


@require_POST
@signed_in
def stream_version_save(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.save_stream_version(
                stream=stream, label=form.cleaned_data["label"], by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Deze versie van de waardestroom is bewaard."))
    return redirect("canvases:stream_history", pk=pk, stream_pk=stream.pk)


@require_safe
@signed_in
def stream_history(request: AuthedRequest, pk: int, stream_pk: int) -> HttpResponse:
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    return history_page(
        request,
        stream,
        title=str(stream),
        back_url=reverse("canvases:stream", args=[pk, stream.pk]),
        version_url_name="canvases:stream_version",
        gates=history.gates_with_snapshots(stream.project, stream=stream),
    )


@require_safe
@signed_in
def stream_version(
    request: AuthedRequest, pk: int, stream_pk: int, snapshot_pk: int
) -> HttpResponse:
    """The stream as it was in one snapshot: drawn, with its figures and table."""
    stream = get_stream_for_user_or_404(request.user, pk, stream_pk)
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("author"), pk=snapshot_pk, stream=stream
    )
    steps = history.steps_from(snapshot.data)
    figures = stream_figures(steps)
    return render(
        request,
        "canvases/stream_version.html",
        {
            "project": stream.project,
            "stream": stream,
            "snapshot": snapshot,
            "name": snapshot.data.get("name", stream.name),
            "picture": drawing.draw_stream(steps, figures),
            "comparison": None,
            "uid": f"snapshot-{snapshot.pk}",
        },
    )
