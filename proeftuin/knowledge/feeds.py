"""Atom feeds of what the programme published (django.contrib.syndication).

Every entry links to its public page and carries a stable tag URI as id. The author is the
programme, never a person: a feed is public and copied everywhere."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Call, Need
from proeftuin.core.markdown import render_markdown
from proeftuin.projects.models import Learning, Project
from proeftuin.scaling.models import Release, Service

from . import published
from .articles.models import Article

ITEMS = 50
AUTHOR = "Proeftuin"


def summary(text: str) -> str:
    return Truncator(" ".join(text.split())).words(60)


class ProgrammeFeed(Feed):
    feed_type = Atom1Feed
    author_name = AUTHOR
    kind = ""

    def feed_guid(self) -> str:
        return f"{settings.SITE_URL}/feeds/{self.kind}/"

    def item_guid(self, item: Any) -> str:
        # Stable whatever the URL scheme becomes: the kind and the primary key.
        return f"{settings.SITE_URL}/feeds/{self.kind}/{item.pk}"

    def item_guid_is_permalink(self, item: Any) -> bool:
        return False

    def item_author_name(self, item: Any) -> str:
        return AUTHOR


class CallFeed(ProgrammeFeed):
    kind = "oproepen"
    title = _("Proeftuin: nieuwe oproepen")
    subtitle = _("Oproepen waarin lokale cultuurorganisaties hun digitale noden indienen.")
    link = reverse_lazy("calls:list")

    def items(self) -> QuerySet[Call]:
        return published.calls()[:ITEMS]

    def item_title(self, item: Call) -> str:
        return item.title

    def item_description(self, item: Call) -> str:
        return summary(item.introduction)

    def item_link(self, item: Call) -> str:
        return reverse("calls:detail", args=[item.slug])

    def item_pubdate(self, item: Call) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Call) -> datetime | None:
        return item.published_at


class ChallengeFeed(ProgrammeFeed):
    kind = "uitdagingen"
    title = _("Proeftuin: uitdagingen")
    subtitle = _("Digitale noden die de sector kan steunen.")
    link = reverse_lazy("calls:challenges")

    def items(self) -> QuerySet[Need]:
        return published.challenges()[:ITEMS]

    def item_title(self, item: Need) -> str:
        return item.title

    def item_description(self, item: Need) -> str:
        return summary(item.problem)

    def item_link(self, item: Need) -> str:
        return reverse("calls:challenge", args=[item.pk])

    def item_pubdate(self, item: Need) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Need) -> datetime | None:
        return item.published_at


class ProjectFeed(ProgrammeFeed):
    kind = "projecten"
    title = _("Proeftuin: gedeelde proefprojecten")
    subtitle = _("Proefprojecten die hun vraag, experimenten en lessen delen met de sector.")
    link = reverse_lazy("knowledge:projects")

    def items(self) -> QuerySet[Project]:
        return published.projects()[:ITEMS]

    def item_title(self, item: Project) -> str:
        return item.title

    def item_description(self, item: Project) -> str:
        # The summary only when the team published it.
        return summary(item.summary) if item.shows(Project.Section.SUMMARY) else ""

    def item_link(self, item: Project) -> str:
        return reverse("knowledge:project", args=[item.pk])

    def item_pubdate(self, item: Project) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Project) -> datetime | None:
        return item.published_at


class LessonFeed(ProgrammeFeed):
    kind = "lessen"
    title = _("Proeftuin: lessen")
    subtitle = _("Wat proefprojecten leerden toen een hypothese niet klopte of een project stopte.")
    link = reverse_lazy("knowledge:lessons")

    def items(self) -> QuerySet[Learning]:
        return published.lessons()[:ITEMS]

    def item_title(self, item: Learning) -> str:
        return f"{item.project.title}: {Truncator(item.insight).words(12)}"

    def item_description(self, item: Learning) -> str:
        return summary(item.insight)

    def item_link(self, item: Learning) -> str:
        return reverse("knowledge:project", args=[item.project_id]) + f"#leerkaart-{item.pk}"

    def item_pubdate(self, item: Learning) -> datetime | None:
        return item.created_at

    def item_updateddate(self, item: Learning) -> datetime | None:
        return item.created_at


class ArticleFeed(ProgrammeFeed):
    kind = "kennisbank"
    title = _("Proeftuin: kennisbank")
    subtitle = _("Praktijkverhalen, handleidingen, nieuws en lessen uit het programma.")
    link = reverse_lazy("knowledge:articles")

    def items(self) -> QuerySet[Article]:
        return published.articles()[:ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return summary(item.summary)

    def item_link(self, item: Article) -> str:
        return reverse("knowledge:article", args=[item.slug])

    def item_categories(self, item: Article) -> list[str]:
        return [str(item.get_kind_display())]

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.published_at


class ServiceFeed(ProgrammeFeed):
    kind = "diensten"
    title = _("Proeftuin: diensten")
    subtitle = _("Bovenlokale diensten die uit proefprojecten groeiden.")
    link = reverse_lazy("scaling:catalogue")

    def items(self) -> QuerySet[Service]:
        return published.services()[:ITEMS]

    def item_title(self, item: Service) -> str:
        return item.name

    def item_description(self, item: Service) -> str:
        return summary(item.summary)

    def item_link(self, item: Service) -> str:
        return reverse("scaling:service", args=[item.slug])

    def item_categories(self, item: Service) -> list[str]:
        return [str(item.get_state_display())]

    def item_pubdate(self, item: Service) -> datetime | None:
        return item.created_at

    def item_updateddate(self, item: Service) -> datetime | None:
        return item.created_at


class ServiceReleaseFeed(ProgrammeFeed):
    """A service's changelog: its releases, newest first."""

    kind = "versies"

    def get_object(self, request: Any, slug: str) -> Service:
        return get_object_or_404(published.services(), slug=slug)

    def title(self, obj: Service) -> str:
        return str(_("Nieuwe versies van '%(service)s'")) % {"service": obj.name}

    def subtitle(self, obj: Service) -> str:
        return summary(obj.summary)

    def link(self, obj: Service) -> str:
        return reverse("scaling:service", args=[obj.slug])

    def feed_guid(self, obj: Service | None = None) -> str:
        return f"{settings.SITE_URL}/feeds/diensten/{obj.pk if obj else ''}/versies/"

    def items(self, obj: Service) -> QuerySet[Release]:
        return obj.releases.order_by("-released_on", "-pk")[:ITEMS]

    def item_title(self, item: Release) -> str:
        return item.title

    def item_description(self, item: Release) -> str:
        return render_markdown(item.notes)

    def item_link(self, item: Release) -> str:
        return reverse("scaling:service", args=[item.service.slug]) + f"#versie-{item.pk}"

    def item_pubdate(self, item: Release) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Release) -> datetime | None:
        return item.published_at
