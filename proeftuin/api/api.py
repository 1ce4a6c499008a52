"""The read-only open-data API at /api/v1/: one router per domain, errors as JSON with a
readable message, documentation as an accessible page of the site drawn from the OpenAPI
schema (`docs.AccessibleDocs`). Caching and CORS headers come from `middleware.OpenDataMiddleware`."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .docs import AccessibleDocs
from .routers import (
    articles,
    calls,
    challenges,
    figures,
    learnings,
    municipalities,
    projects,
    scaling,
    search,
)

api = NinjaAPI(
    title="Proeftuin open data",
    version="1",
    description=(
        "Alles wat Proeftuin publiek maakt, als JSON: gemeenten, oproepen, uitdagingen met "
        "hun steun, gedeelde proefprojecten (alleen de goedgekeurde onderdelen), "
        "leerkaarten, artikels uit de kennisbank, diensten met hun afnames en dekking, "
        "zoeken en de cijfers van het programma. Licentie: CC BY 4.0. Lijsten zijn "
        "gepagineerd met `limit` (max. 100) en `offset`."
    ),
    urls_namespace="api",
    docs=AccessibleDocs(),
)
api.add_router("/municipalities", municipalities.router)
api.add_router("/calls", calls.router)
api.add_router("/challenges", challenges.router)
api.add_router("/projects", projects.router)
api.add_router("/learnings", learnings.router)
api.add_router("/articles", articles.router)
api.add_router("", scaling.router)
api.add_router("", search.router)
api.add_router("", figures.router)


def _field(location: list[Any]) -> str:
    # ninja reports ("query", "filters", "limit"); the client only knows "limit".
    return str(location[-1]) if location else ""


# The API's messages are Dutch whatever the visitor's language: a response must not depend
# on a cookie or header that shared caches (Cache-Control: public) do not vary on.
@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field(list(error.get("loc", []))), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(
        request, {"message": f"Ongeldige parameter — {summary}", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request,
        {"message": "Niet gevonden: dit object bestaat niet of is niet publiek."},
        status=404,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)
