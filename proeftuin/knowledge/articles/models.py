"""The knowledge base: articles (case study, guide, news, lesson) written by coordinators
and project team members, reviewed by a coordinator before the sector sees them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import Theme
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED)

    def lessons(self) -> "ArticleQuerySet":
        return self.published().filter(kind=Article.Kind.LESSON)

    def public_list(self) -> "ArticleQuerySet":
        """Published articles with what a list shows: one query plus the themes."""
        return self.published().prefetch_related("themes").order_by("-published_at", "-pk")


class Article(models.Model):
    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", _("praktijkverhaal")
        GUIDE = "guide", _("handleiding")
        NEWS = "news", _("nieuws")
        LESSON = "lesson", _("les")

    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        IN_REVIEW = "in_review", _("ter nalezing")
        PUBLISHED = "published", _("gepubliceerd")

    # to-status → who may take the step
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Status.IN_REVIEW: "author"},
        Status.IN_REVIEW: {Status.PUBLISHED: "coordinator", Status.DRAFT: "coordinator"},
        Status.PUBLISHED: {Status.DRAFT: "coordinator"},
    }

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(_("samenvatting"), help_text=_("Een of twee zinnen voor de lijst."))
    body = models.TextField(
        _("tekst"), help_text=_("In Markdown: **vet**, *schuin*, lijsten, links.")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("proefprojecten"), blank=True, related_name="articles"
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("bovenlokale diensten"), blank=True, related_name="articles"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    review_note = models.TextField(_("opmerking van de nalezer"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "kind", "published_at"])]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikels")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def image_path(instance: "ArticleImage", filename: str) -> str:
    # A random folder: the name of an image never lets anyone guess another's.
    return f"articles/{instance.article_id}/{uuid.uuid4().hex}/{filename}"


class ArticleImage(models.Model):
    """An image shown with an article; its content type comes from its bytes
    (`calls.uploads.check_upload`), never from its name."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("afbeelding"), upload_to=image_path, max_length=300)
    content_type = models.CharField(max_length=40)
    alt = models.CharField(
        _("alternatieve tekst"),
        max_length=300,
        help_text=_("Wat staat er op de afbeelding, voor wie ze niet ziet?"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")

    def __str__(self) -> str:
        return self.alt
