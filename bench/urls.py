"""The project's URLs plus the floor of the load run (`bench/load.py`)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from config.urls import handler500  # noqa: F401 - Django looks for it in ROOT_URLCONF
from config.urls import urlpatterns as project_urlpatterns

FLOOR_BODY = b"<!doctype html><title>Proeftuin</title><p>floor</p>"


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    """A fixed response through the whole middleware stack: no template, no query."""
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
