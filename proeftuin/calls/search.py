"""How published challenges become search documents (`core.search`): what their public page
shows, and the organisation's name — never the submitter's."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from proeftuin.core.search import Doc, register_search, schedule_index

from .models import Need

KIND = "challenge"


def _challenges() -> Any:
    return Need.objects.challenges().select_related("organisation").prefetch_related("themes")


def _document(need: Need) -> Doc:
    parts = [need.problem, need.target_groups, need.citizen_value, need.organisation.name]
    return Doc(
        key=str(need.pk),
        title=need.title,
        body=" · ".join(part for part in parts if part),
        url=reverse("calls:challenge", args=[need.pk]),
        themes=[theme.slug for theme in need.themes.all()],
        published_at=need.published_at,
    )


def document_for(need: Need) -> Doc | None:
    """The challenge's document; None unless it is a published challenge now."""
    current = _challenges().filter(pk=need.pk).first()
    return _document(current) if current else None


def register() -> None:
    register_search(
        KIND,
        gettext_lazy("Uitdagingen"),
        documents=lambda: (_document(need) for need in _challenges().iterator(chunk_size=500)),
        document_for=document_for,
    )


def schedule(need: Need) -> None:
    """Bring the challenge's document up to date after the commit."""
    schedule_index(KIND, need)
