"""How published articles become search documents (`core.search`): their title, summary
and text as plain words, never their author."""

from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy

from proeftuin.core.markdown import render_markdown
from proeftuin.core.search import Doc, register_search, schedule_index

from .models import Article

KIND = "article"


def _articles() -> Any:
    return Article.objects.published().prefetch_related("themes")


def _document(article: Article) -> Doc:
    text = strip_tags(render_markdown(article.body))
    return Doc(
        key=str(article.pk),
        title=article.title,
        body=f"{article.summary}\n{text}",
        url=reverse("knowledge:article", args=[article.slug]),
        themes=[theme.slug for theme in article.themes.all()],
        published_at=article.published_at,
    )


def document_for(article: Article) -> Doc | None:
    """The article's document; None unless it is published now."""
    current = _articles().filter(pk=article.pk).first()
    return _document(current) if current else None


def register() -> None:
    register_search(
        KIND,
        gettext_lazy("Artikels"),
        documents=lambda: (_document(a) for a in _articles().iterator(chunk_size=500)),
        document_for=document_for,
    )


def schedule(article: Article) -> None:
    """Bring the article's document up to date after the commit."""
    schedule_index(KIND, article)
