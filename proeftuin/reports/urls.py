from django.urls import path

from . import summary_views, views

app_name = "reports"
urlpatterns = [
    path("projecten/<int:pk>/eindrapport/", views.project_report, name="project"),
    path("projecten/<int:pk>/eindrapport.pdf", views.project_report_pdf, name="project_pdf"),
    path("gedeeld/projecten/<int:pk>/eindrapport/", views.public_report, name="public"),
    path("gedeeld/projecten/<int:pk>/eindrapport.pdf", views.public_report_pdf, name="public_pdf"),
    path(
        "gedeeld/gemeenten/<str:code>/samenvatting.pdf",
        summary_views.municipality_pdf,
        name="municipality_pdf",
    ),
]
