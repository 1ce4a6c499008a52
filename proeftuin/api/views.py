"""The open-data page, the CSV downloads and robots.txt."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .downloads import DOWNLOADS, lines

# Helper D's Atom feeds under knowledge: linked when they exist (their URL names).
FEEDS = [
    ("knowledge:feed_calls", _("Nieuwe oproepen")),
    ("knowledge:feed_challenges", _("Nieuwe uitdagingen")),
    ("knowledge:feed_projects", _("Gedeelde proefprojecten")),
    ("knowledge:feed_lessons", _("Lessen")),
    ("knowledge:feed_articles", _("Artikels")),
    ("knowledge:feed_services", _("Diensten")),
]


DOWNLOAD_LABELS = [
    ("gemeenten", _("Gemeenten")),
    ("oproepen", _("Oproepen")),
    ("uitdagingen", _("Uitdagingen met hun steun")),
    ("proefprojecten", _("Gedeelde proefprojecten")),
    ("leerkaarten", _("Publieke leerkaarten")),
    ("artikels", _("Artikels uit de kennisbank")),
    ("diensten", _("Diensten met hun aantal afnames")),
    ("afnames", _("Afnames van diensten per gemeente")),
]


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/open_data.html",
        {"downloads": DOWNLOAD_LABELS, "feeds": existing_feeds()},
    )


@require_safe
def download(request: HttpRequest, name: str) -> StreamingHttpResponse:
    if name not in DOWNLOADS:
        raise Http404
    response = StreamingHttpResponse(lines(DOWNLOADS[name]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="proeftuin-{name}.csv"'
    return response


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    body = "\n".join(
        [
            "User-agent: *",
            # Personal and team pages are behind a login anyway; keep crawlers off them.
            "Disallow: /mijn/",
            "Disallow: /accounts/",
            "Disallow: /beheer/",
            "Disallow: /projecten/",
            "Disallow: /noden/",
            "Disallow: /f/",
            f"Sitemap: {sitemap}",
            "",
        ]
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def existing_feeds() -> list[tuple[str, Promise]]:
    found: list[tuple[str, Promise]] = []
    for name, label in FEEDS:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return found
