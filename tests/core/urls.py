"""The site's URLs plus views that fail, to see the error pages a visitor gets."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("test")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("test")


urlpatterns = [
    path("test-fouten/400/", bad_request),
    path("test-fouten/403/", forbidden),
    path("test-fouten/500/", broken),
    *site_urlpatterns,
]
