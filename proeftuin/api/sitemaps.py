"""sitemap.xml: the public pages that exist, each published object once."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from proeftuin.calls.models import Call, Need
from proeftuin.knowledge.articles.models import Article
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Project
from proeftuin.reports import places
from proeftuin.scaling.models import Service


class StaticPages(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "core:home",
            "calls:list",
            "calls:challenges",
            "knowledge:projects",
            "knowledge:lessons",
            "knowledge:municipalities",
            "knowledge:figures",
            "knowledge:articles",
            "scaling:catalogue",
            "scaling:coverage",
            "organisations:list",
            "open_data",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class Calls(Sitemap):
    def items(self) -> Any:
        return Call.objects.published().order_by("pk")

    def location(self, item: Call) -> str:
        return reverse("calls:detail", args=[item.slug])

    def lastmod(self, item: Call) -> Any:
        return item.published_at


class Challenges(Sitemap):
    def items(self) -> Any:
        return Need.objects.challenges().order_by("pk")

    def location(self, item: Need) -> str:
        return reverse("calls:challenge", args=[item.pk])

    def lastmod(self, item: Need) -> Any:
        return item.updated_at


class Projects(Sitemap):
    def items(self) -> Any:
        return Project.objects.published().order_by("pk")

    def location(self, item: Project) -> str:
        return reverse("knowledge:project", args=[item.pk])


class EndReports(Sitemap):
    """The public end report of each published project, beside its page."""

    def items(self) -> Any:
        return Project.objects.published().order_by("pk")

    def location(self, item: Project) -> str:
        return reverse("reports:public", args=[item.pk])


class Municipalities(Sitemap):
    def items(self) -> Any:
        return Municipality.objects.order_by("nis_code")

    def location(self, item: Municipality) -> str:
        return reverse("knowledge:municipality", args=[item.nis_code])


class Provinces(Sitemap):
    """The five provinces and Brussels."""

    def items(self) -> list[places.Place]:
        return places.provinces()

    def location(self, item: places.Place) -> str:
        return reverse("knowledge:province", args=[item.province_slug])


class Articles(Sitemap):
    def items(self) -> Any:
        return Article.objects.published().order_by("pk")

    def location(self, item: Article) -> str:
        return reverse("knowledge:article", args=[item.slug])

    def lastmod(self, item: Article) -> Any:
        return item.updated_at


class Services(Sitemap):
    def items(self) -> Any:
        return Service.objects.public().order_by("pk")

    def location(self, item: Service) -> str:
        return reverse("scaling:service", args=[item.slug])


SITEMAPS: dict[str, type[Sitemap]] = {
    "pagina": StaticPages,
    "oproepen": Calls,
    "uitdagingen": Challenges,
    "projecten": Projects,
    "eindrapporten": EndReports,
    "gemeenten": Municipalities,
    "provincies": Provinces,
    "kennisbank": Articles,
    "diensten": Services,
}
