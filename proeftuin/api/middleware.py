"""CORS and HTTP caching for the open data (the API and the CSV downloads).

Caching is by ETag only, a hash of the body: a client sending it back with If-None-Match
gets a 304. No resource gets a Last-Modified date, because none is fully determined by rows
that record when they changed, and a date that misses a change lets a cache keep stale data
(If-Modified-Since would answer 304 although the content moved):
- municipalities, calls, services, adoptions and coverage, projects: no update timestamp
  (a call's or a service's edit, a service's state, a project's sections or phase);
- challenges: `Need.updated_at` moves with the submitter's edits, not with the support count;
- learnings: they show their project's title and phase, which have no timestamp;
- articles: `Article.updated_at` covers the article's own fields, not its themes' names nor
  which of its projects and services are public (a project's publication can be withdrawn);
- search and figures: computed from all of the above.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

# The open data: the API and the CSV downloads (their paths, see urls.py).
OPEN_DATA_PREFIXES = ("/api/v1/", "/open-data/csv/")


class OpenDataMiddleware:
    """Reads of the open data may come from any site (CORS `*`: there are no cookies or
    personal data behind them) and carry an ETag, so a client that sends it back with
    If-None-Match gets a 304 without the body (no Last-Modified: see the module's docstring).
    Streamed CSVs are not hashed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_DATA_PREFIXES):
            return self.get_response(request)
        # A preflight (a client sending If-None-Match asks first): reads are allowed.
        preflight = request.method == "OPTIONS"
        response = HttpResponse(status=204) if preflight else self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return response
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match"
        response["Access-Control-Expose-Headers"] = "ETag"
        if response.status_code != 200 or response.streaming:
            return response
        set_response_etag(response)
        response["Cache-Control"] = "public, max-age=60"
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional or response
