"""The site's URLs plus views that lose the database, to see what a visitor gets."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "10.0.0.5", port 5432 failed')


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("test")


urlpatterns = [
    path("test-fouten/database/", database_down),
    path("test-fouten/verbinding/", connection_closed),
    path("test-fouten/500/", broken),
    *site_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
