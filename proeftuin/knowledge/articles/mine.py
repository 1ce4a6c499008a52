"""The knowledge base in shared features: what awaits a person on "Mijn Proeftuin"
(coordinators: articles to review; authors: articles sent back) and a person's articles in
their personal data (contributions stay when a person leaves: the author becomes empty)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import MineItem

from .models import Article

LIMIT = 10


def items_for(user: Any) -> list[MineItem]:
    items = []
    if is_coordinator(user):
        items += [
            MineItem(
                title=_("Lees het artikel '%(title)s' na") % {"title": article.title},
                url=reverse("knowledge:article_review", args=[article.pk]),
                kind=gettext_lazy("Kennisbank"),
            )
            for article in Article.objects.filter(status=Article.Status.IN_REVIEW).order_by(
                "submitted_at", "pk"
            )[:LIMIT]
        ]
    items += [
        MineItem(
            title=_("Je artikel '%(title)s' kwam terug met een opmerking")
            % {"title": article.title},
            url=reverse("knowledge:article_edit", args=[article.pk]),
            kind=gettext_lazy("Kennisbank"),
        )
        for article in Article.objects.filter(author=user, status=Article.Status.DRAFT).exclude(
            review_note=""
        )[:LIMIT]
    ]
    return items


def export_articles(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": article.title,
            "kind": article.kind,
            "status": article.status,
            "created_at": article.created_at.isoformat(),
        }
        for article in Article.objects.filter(author=user).order_by("created_at")
    ]
