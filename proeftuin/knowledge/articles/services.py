"""Every change to an article: written by its author, handed in, then published or sent
back with a note by a coordinator."""

from collections.abc import Iterable
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.calls.services import slugify_filename
from proeftuin.calls.uploads import check_upload
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Theme
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import require_coordinator
from proeftuin.core.slugs import unique_slug
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from . import search
from .models import Article, ArticleImage
from .permissions import can_edit_article, can_write_articles

Status = Article.Status
NOTIFY_KIND = "knowledge.article"
REVIEW_KIND = "knowledge.article_review"
TEXT_FIELDS = ["kind", "title", "summary", "body"]


def save_article(
    *,
    article: Article | None,
    data: dict[str, Any],
    themes: Iterable[Theme],
    projects: Iterable[Project],
    services: Iterable[Service] = (),
    by: Any,
) -> Article:
    """Create an article (a draft of `by`) or change one `by` may edit. Its slug is set
    once, from the first title, so links to it keep working."""
    with transaction.atomic():
        if article is None:
            if not can_write_articles(by):
                raise DomainError(gettext_lazy("Je mag geen artikels schrijven."))
            article = Article(
                author=by, slug=unique_slug(Article, data["title"], fallback="artikel")
            )
            old: dict[str, Any] = {}
        else:
            article = Article.objects.select_for_update().get(pk=article.pk)
            if not can_edit_article(by, article):
                raise DomainError(gettext_lazy("Je mag dit artikel niet meer wijzigen."))
            old = {name: getattr(article, name) for name in TEXT_FIELDS}
        for name in TEXT_FIELDS:
            setattr(article, name, data[name])
        article.updated_at = timezone.now()
        article.save()
        article.themes.set(themes)
        article.projects.set(projects)
        article.services.set(services)
        changes = {
            name: [old.get(name), data[name]] for name in TEXT_FIELDS if old.get(name) != data[name]
        }
        log_action(
            actor=by,
            action="article.created" if not old else "article.changed",
            target=article,
            changes=changes,
        )
        search.schedule(article)
    return article


def _move(article: Article, to: str, by: Any, role: str) -> tuple[Article, str]:
    article = Article.objects.select_for_update().get(pk=article.pk)
    allowed = Article.TRANSITIONS.get(article.status, {})
    if allowed.get(to) != role:
        raise DomainError(gettext_lazy("Dit artikel kan die stap nu niet zetten."))
    old = article.status
    article.status = to
    return article, old


def submit_article(*, article: Article, by: Any) -> Article:
    """The author hands a draft in for review; the coordinators are told."""
    with transaction.atomic():
        if article.author_id != by.pk or not can_write_articles(by):
            raise DomainError(gettext_lazy("Alleen de auteur dient een artikel in."))
        article, old = _move(article, Status.IN_REVIEW, by, "author")
        article.submitted_at = timezone.now()
        article.save(update_fields=["status", "submitted_at"])
        log_action(
            actor=by,
            action="article.submitted",
            target=article,
            changes={"status": [old, article.status]},
        )
        url = reverse("knowledge:article_review", args=[article.pk])
        for coordinator in get_user_model().objects.filter(is_coordinator=True, is_active=True):
            notify(
                user=coordinator,
                kind=REVIEW_KIND,
                title=gettext_lazy("Artikel ter nalezing: '%(title)s'"),
                params={"title": article.title},
                url=url,
            )
    return article


def publish_article(*, article: Article, by: Any) -> Article:
    require_coordinator(by)
    with transaction.atomic():
        article, old = _move(article, Status.PUBLISHED, by, "coordinator")
        article.published_at = article.published_at or timezone.now()
        article.published_by = by
        article.review_note = ""
        article.save(update_fields=["status", "published_at", "published_by", "review_note"])
        search.schedule(article)
        log_action(
            actor=by,
            action="article.published",
            target=article,
            changes={"status": [old, article.status]},
        )
        _tell_author(
            article,
            gettext_lazy("Je artikel '%(title)s' is gepubliceerd"),
            reverse("knowledge:article", args=[article.slug]),
        )
    return article


def send_back_article(*, article: Article, note: str, by: Any) -> Article:
    """A coordinator sends an article (in review, or published: it is then taken offline)
    back to its author as a draft, saying why."""
    require_coordinator(by)
    if not note.strip():
        raise DomainError(gettext_lazy("Zeg de auteur wat er moet veranderen."))
    with transaction.atomic():
        article, old = _move(article, Status.DRAFT, by, "coordinator")
        article.review_note = note.strip()
        article.save(update_fields=["status", "review_note"])
        search.schedule(article)
        log_action(
            actor=by,
            action="article.sent_back",
            target=article,
            changes={"status": [old, article.status], "review_note": [None, article.review_note]},
        )
        _tell_author(
            article,
            gettext_lazy("Je artikel '%(title)s' kwam terug met een opmerking"),
            reverse("knowledge:article_edit", args=[article.pk]),
        )
    return article


def _tell_author(article: Article, title: Any, url: str) -> None:
    if article.author is not None and article.author.is_active:
        notify(
            user=article.author,
            kind=NOTIFY_KIND,
            title=title,
            params={"title": article.title},
            url=url,
        )


def add_article_image(
    *, article: Article, upload: IO[bytes], name: str, size: int, alt: str, by: Any
) -> ArticleImage:
    """Images only, judged by their bytes; stored with the content type found there."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not can_edit_article(by, article):
            raise DomainError(gettext_lazy("Je mag dit artikel niet meer wijzigen."))
        if not alt.strip():
            raise DomainError(gettext_lazy("Beschrijf wat er op de afbeelding staat."))
        # check_upload says what the bytes are (and refuses big or empty files); of what it
        # recognises only images may go with an article.
        content_type = check_upload(upload, size=size, allowed=["pdf", "image", "office"])
        if not content_type.startswith("image/"):
            raise DomainError(gettext_lazy("Dit bestand is geen PNG- of JPEG-afbeelding."))
        image = ArticleImage(article=article, content_type=content_type, alt=alt.strip()[:300])
        image.file.save(slugify_filename(name), File(upload), save=False)
        image.save()
        log_action(
            actor=by, action="article.image_added", target=article, changes={"image": [None, name]}
        )
    return image


def remove_article_image(*, image: ArticleImage, by: Any) -> None:
    with transaction.atomic():
        article = image.article
        if not can_edit_article(by, article):
            raise DomainError(gettext_lazy("Je mag dit artikel niet meer wijzigen."))
        image.file.delete(save=False)
        image.delete()
        log_action(
            actor=by,
            action="article.image_removed",
            target=article,
            changes={"image": [image.alt, None]},
        )
