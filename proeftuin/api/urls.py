"""Included at the root (config/urls.py): the API, the open-data page, its CSVs, the
sitemap and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .api import api
from .sitemaps import SITEMAPS

urlpatterns = [
    path("api/v1/", api.urls),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/csv/<slug:name>.csv", views.download, name="open_data_csv"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
