"""How the canvas and the value stream editors answer a change: with htmx a part of the page
(a field's status line, or the boxes or steps again) and an event on which the drawing
reloads itself; without JavaScript a message and a redirect back to the editor."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def part(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    changed: str,
    status: int = 200,
) -> HttpResponse:
    """A part of the editor (htmx). Only a change that went through sends `changed`
    (HX-Trigger): a refused one leaves the drawing as it is."""
    response = render(request, template, context, status=status)
    if status == 200:
        response["HX-Trigger"] = changed
    return response


def status_line(
    request: HttpRequest, template: str, context: dict[str, Any], error: str, *, changed: str
) -> HttpResponse:
    """A field's status line after an autosave (htmx): the time it was saved, or `error`
    with status 400."""
    return part(
        request,
        template,
        {**context, "error": error, "saved_at": timezone.localtime()},
        changed=changed,
        status=400 if error else 200,
    )


def told(request: HttpRequest, error: str, *, saved: str, back: HttpResponse) -> HttpResponse:
    """An autosave form sent without JavaScript: `back` to the editor, with `error` or, when
    there is none, `saved` as its message."""
    if error:
        messages.error(request, error)
    else:
        messages.success(request, saved)
    return back
