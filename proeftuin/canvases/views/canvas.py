"""The overview of a project's canvases and value streams, and the canvas editor: it saves
as the team types (htmx), and without JavaScript every form is a plain form."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.projects.models import Hypothesis
from proeftuin.projects.views.base import get_project_for_user_or_404

from .. import drawing, history, services
from ..compute import ADDRESSES
from ..forms import CanvasForm, ItemForm, LinkForm, MoveForm, NewItemForm, VersionForm
from ..models import CanvasItem, Snapshot, ValueProposition
from . import autosave
from .base import first_error, get_canvas_for_user_or_404, history_page, may_edit, signed_in
from .overview import overview_page

Kind = CanvasItem.Kind
CHANGED = "canvas-changed"

KINDS: dict[str, tuple[Any, Any]] = {
    # kind: (the label of its "add" field, what belongs there)
    Kind.JOB: (
        gettext_lazy("Nieuwe taak"),
        gettext_lazy(
            "Wat probeert je klant gedaan te krijgen, in werk of leven? Een taak is functioneel, "
            "sociaal of emotioneel."
        ),
    ),
    Kind.PAIN: (
        gettext_lazy("Nieuwe pijn"),
        gettext_lazy(
            "Wat ergert je klant, houdt hem tegen of maakt hem ongerust? De ergste bovenaan."
        ),
    ),
    Kind.GAIN: (
        gettext_lazy("Nieuwe winst"),
        gettext_lazy("Welke uitkomsten en voordelen wil je klant? De belangrijkste bovenaan."),
    ),
    Kind.PRODUCT_SERVICE: (
        gettext_lazy("Nieuw product of nieuwe dienst"),
        gettext_lazy("Waarmee help je je klant: producten, diensten, ondersteuning."),
    ),
    Kind.PAIN_RELIEVER: (
        gettext_lazy("Nieuwe pijnverzachter"),
        gettext_lazy("Hoe verzacht je aanbod de pijnen? Duid aan op welke pijnen elk inspeelt."),
    ),
    Kind.GAIN_CREATOR: (
        gettext_lazy("Nieuwe winstmaker"),
        gettext_lazy("Hoe levert je aanbod de winsten? Duid aan op welke winsten elk inspeelt."),
    ),
}


@dataclass(frozen=True)
class Row:
    """An item in the editor, with its code and what it is linked to."""

    item: CanvasItem
    code: str
    first: bool
    last: bool
    address_pks: frozenset[int]
    hypothesis_pks: frozenset[int]
    targets: list[str]


def _code(item: CanvasItem) -> str:
    # The services keep the ranks of a kind at 1, 2, 3 …, so the rank is the place.
    return f"{drawing.CODES[item.kind]}{item.rank}"


def _row(item: CanvasItem, first: bool = False, last: bool = False) -> Row:
    addresses = sorted(item.addresses.all(), key=lambda a: (a.rank, a.pk))
    return Row(
        item=item,
        code=_code(item),
        first=first,
        last=last,
        address_pks=frozenset(a.pk for a in addresses),
        hypothesis_pks=frozenset(h.pk for h in item.hypotheses.all()),
        targets=[_code(a) for a in addresses],
    )


@require_POST
@signed_in
def canvas_create(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    form = CanvasForm(request.POST)
    if form.is_valid():
        try:
            canvas = services.create_canvas(
                project=project, segment=form.cleaned_data["segment"], by=request.user
            )
        except DomainError as error:
            form.add_error("segment", str(error.message))
        else:
            messages.success(request, _("Het canvas is gemaakt. Begin bij het klantprofiel."))
            return redirect("canvases:canvas", pk=project.pk, canvas_pk=canvas.pk)
    return overview_page(request, project, canvas_form=form)


# The canvas editor -----------------------------------------------------------------------


def _editor_context(
    request: HttpRequest,
    canvas: ValueProposition,
    *,
    errors: dict[str, str] | None = None,
    kept: dict[str, dict[str, str]] | None = None,
    rename_error: str = "",
    focus: str = "",
) -> dict[str, Any]:
    project = canvas.project
    items = list(canvas.items.prefetch_related("addresses", "hypotheses"))
    picture = drawing.draw_canvas([history.item_of(i) for i in items])
    groups = {kind: [i for i in items if i.kind == kind] for kind in Kind.values}
    rows = {
        kind: [_row(item, n == 0, n == len(group) - 1) for n, item in enumerate(group)]
        for kind, group in groups.items()
    }
    linked = {pk for kind_rows in rows.values() for row in kind_rows for pk in row.hypothesis_pks}
    hypotheses = [
        h
        for h in project.hypotheses.order_by("created_at", "pk")
        if h.retired_at is None or h.pk in linked
    ]
    errors, kept = errors or {}, kept or {}
    kinds = [
        {
            "kind": kind,
            "label": dict(Kind.choices)[kind],
            "heading": drawing.kind_labels()[kind],
            "add_label": KINDS[kind][0],
            "help": KINDS[kind][1],
            "rows": rows[kind],
            "targets": rows.get(ADDRESSES.get(kind, ""), []),
            "error": errors.get(kind, ""),
            "kept": kept.get(kind, {}),
        }
        for kind in Kind.values
    ]
    return {
        "project": project,
        "canvas": canvas,
        "segment": canvas.segment,
        "uid": f"canvas-{canvas.pk}",
        "picture": picture,
        "profile": kinds[:3],
        "value_map": kinds[3:],
        "hypotheses": hypotheses,
        "job_types": CanvasItem.JobType.choices,
        "rename_error": rename_error,
        "focus": focus,
        "can_edit": may_edit(request, project),
        "version_form": VersionForm(),
    }


def _page(
    request: HttpRequest, canvas: ValueProposition, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "canvases/canvas.html", _editor_context(request, canvas, **extra), status=status
    )


def _editor(
    request: HttpRequest,
    canvas: ValueProposition,
    message: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The editor again (htmx), with `message` in the page's status line; the drawing
    follows (HX-Trigger)."""
    context = {**_editor_context(request, canvas, **extra), "message": message}
    return autosave.part(
        request, "canvases/canvas.html#editor", context, changed=CHANGED, status=status
    )


def _back(canvas: ValueProposition, anchor: str = "") -> HttpResponse:
    url = reverse("canvases:canvas", args=[canvas.project_id, canvas.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_safe
@signed_in
def canvas(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    return _page(request, get_canvas_for_user_or_404(request.user, pk, canvas_pk))


@require_safe
@signed_in
def canvas_picture(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    """The drawing with its fit, for the editor to refresh after a change."""
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    items = canvas.items.prefetch_related("addresses", "hypotheses")
    return render(
        request,
        "canvases/partials/canvas_picture.html",
        {
            "picture": drawing.draw_canvas([history.item_of(i) for i in items]),
            "segment": canvas.segment,
            "uid": f"canvas-{canvas.pk}",
        },
    )


@require_POST
@signed_in
def canvas_rename(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    form = CanvasForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.rename_canvas(
                canvas=canvas, segment=form.cleaned_data["segment"], by=request.user
            )
        except DomainError as e:
            error = str(e.message)
    else:
        error = first_error(form)
    if request.htmx:
        return autosave.status_line(
            request, "canvases/canvas.html#name-status", {"canvas": canvas}, error, changed=CHANGED
        )
    if error:
        return _page(request, canvas, status=400, rename_error=error)
    messages.success(request, _("De naam is bewaard."))
    return _back(canvas)


@require_POST
@signed_in
def canvas_delete(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    try:
        services.delete_canvas(canvas=canvas, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back(canvas)
    messages.success(
        request, _("Het canvas '%(segment)s' is verwijderd.") % {"segment": canvas.segment}
    )
    return redirect("canvases:index", pk=pk)


def _item_or_404(canvas: ValueProposition, item_pk: int) -> CanvasItem:
    item = get_object_or_404(CanvasItem, pk=item_pk, canvas=canvas)
    item.canvas = canvas
    return item


@require_POST
@signed_in
def item_add(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    form = NewItemForm(request.POST)
    kind = request.POST.get("kind", "")
    if form.is_valid():
        try:
            item = services.add_item(
                canvas=canvas,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                job_type=form.cleaned_data["job_type"],
                by=request.user,
            )
        except DomainError as e:
            error = str(e.message)
        else:
            message = _("%(code)s is toegevoegd.") % {"code": _code(item)}
            if request.htmx:
                return _editor(request, canvas, message, focus=item.kind)
            messages.success(request, message)
            return _back(canvas, f"item-{item.pk}")
    else:
        error = first_error(form)
    kept = {
        kind: {"text": request.POST.get("text", ""), "job_type": request.POST.get("job_type", "")}
    }
    if request.htmx:
        return _editor(
            request, canvas, error, status=400, errors={kind: error}, kept=kept, focus=kind
        )
    return _page(request, canvas, status=400, errors={kind: error}, kept=kept)


@require_POST
@signed_in
def item_change(request: AuthedRequest, pk: int, canvas_pk: int, item_pk: int) -> HttpResponse:
    """Save an item's text as it is typed."""
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    item = _item_or_404(canvas, item_pk)
    form = ItemForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.change_item(
                item=item,
                text=form.cleaned_data["text"],
                job_type=form.cleaned_data["job_type"],
                by=request.user,
            )
        except DomainError as e:
            error = str(e.message)
    else:
        error = first_error(form)
    if request.htmx:
        linked_by = {v: k for k, v in ADDRESSES.items()}.get(item.kind)
        context = {
            "row": _row(item),
            "referenced": bool(linked_by) and canvas.items.filter(kind=linked_by).exists(),
        }
        return autosave.status_line(
            request, "canvases/canvas.html#item-status", context, error, changed=CHANGED
        )
    saved = _("%(code)s is bewaard.") % {"code": _code(item)}
    return autosave.told(request, error, saved=saved, back=_back(canvas, f"item-{item.pk}"))


@require_POST
@signed_in
def item_move(request: AuthedRequest, pk: int, canvas_pk: int, item_pk: int) -> HttpResponse:
    """Move an item one place up or down (with the keyboard as with a mouse)."""
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    item = _item_or_404(canvas, item_pk)
    form = MoveForm(request.POST)
    label = dict(Kind.choices)[item.kind]
    message = ""
    try:
        if form.is_valid() and services.move_item(
            item=item, direction=form.cleaned_data["direction"], by=request.user
        ):
            message = _("De %(kind)s staat nu op plaats %(place)s: %(code)s.") % {
                "kind": label,
                "place": item.rank,
                "code": _code(item),
            }
        else:
            message = _("De %(kind)s staat al op plaats %(place)s.") % {
                "kind": label,
                "place": item.rank,
            }
    except DomainError as e:
        message = str(e.message)
    if request.htmx:
        return _editor(request, canvas, message)
    messages.info(request, message)
    return _back(canvas, f"item-{item.pk}")


@require_POST
@signed_in
def item_remove(request: AuthedRequest, pk: int, canvas_pk: int, item_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    item = _item_or_404(canvas, item_pk)
    code = _code(item)
    try:
        services.remove_item(item=item, by=request.user)
        message = _("%(code)s is verwijderd.") % {"code": code}
    except DomainError as e:
        message = str(e.message)
    if request.htmx:
        # The removed item's buttons are gone: the focus goes to its box's "add" field.
        return _editor(request, canvas, message, focus=item.kind)
    messages.info(request, message)
    return _back(canvas, f"kind-{item.kind}")


@require_POST
@signed_in
def item_link(request: AuthedRequest, pk: int, canvas_pk: int, item_pk: int) -> HttpResponse:
    """What a reliever or creator addresses, and the hypotheses behind an item."""
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    item = _item_or_404(canvas, item_pk)
    target_kind = item.addresses_kind
    form = LinkForm(
        request.POST,
        targets=canvas.items.filter(kind=target_kind) if target_kind else CanvasItem.objects.none(),
        hypotheses=Hypothesis.objects.filter(project=canvas.project),
    )
    error = ""
    if form.is_valid():
        try:
            services.link_item(
                item=item,
                addresses=form.cleaned_data["addresses"],
                hypotheses=form.cleaned_data["hypotheses"],
                by=request.user,
            )
        except DomainError as e:
            error = str(e.message)
    else:
        error = first_error(form)
    if request.htmx:
        return autosave.status_line(
            request, "canvases/canvas.html#link-status", {"row": _row(item)}, error, changed=CHANGED
        )
    saved = _("De koppelingen van %(code)s zijn bewaard.") % {"code": _code(item)}
    return autosave.told(request, error, saved=saved, back=_back(canvas, f"item-{item.pk}"))


# History -------------------------------------------------------------------------------


@require_POST
@signed_in
def canvas_version_save(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.save_canvas_version(
                canvas=canvas, label=form.cleaned_data["label"], by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Deze versie van het canvas is bewaard."))
    return redirect("canvases:canvas_history", pk=pk, canvas_pk=canvas.pk)


@require_safe
@signed_in
def canvas_history(request: AuthedRequest, pk: int, canvas_pk: int) -> HttpResponse:
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    return history_page(
        request,
        canvas,
        title=canvas.segment,
        back_url=reverse("canvases:canvas", args=[pk, canvas.pk]),
        version_url_name="canvases:canvas_version",
        gates=history.gates_with_snapshots(canvas.project, canvas=canvas),
    )


@require_safe
@signed_in
def canvas_version(
    request: AuthedRequest, pk: int, canvas_pk: int, snapshot_pk: int
) -> HttpResponse:
    """The canvas as it was in one snapshot: drawn, with its fit and text version."""
    canvas = get_canvas_for_user_or_404(request.user, pk, canvas_pk)
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("author"), pk=snapshot_pk, canvas=canvas
    )
    return render(
        request,
        "canvases/canvas_version.html",
        {
            "project": canvas.project,
            "canvas": canvas,
            "snapshot": snapshot,
            "segment": snapshot.data.get("segment", canvas.segment),
            "picture": drawing.draw_canvas(history.items_from(snapshot.data)),
            "uid": f"snapshot-{snapshot.pk}",
        },
    )
