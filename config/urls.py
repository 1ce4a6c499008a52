from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

# The admin's own sign-in form takes a password alone; send it to allauth's sign-in, which
# asks for the second factor (and counts failed attempts).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# A database that cannot be reached answers 503 "try again shortly"; anything else 500.
handler500 = "proeftuin.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("proeftuin.core.urls")),
    # The open data: /api/v1/, /open-data/, sitemap.xml and robots.txt.
    path("", include("proeftuin.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("mijn/", include("proeftuin.accounts.urls")),
    path("organisaties/", include("proeftuin.organisations.urls")),
    path("", include("proeftuin.reviews.urls")),
    path("", include("proeftuin.calls.urls")),
    # Before `projecten/`: the end report lives at /projecten/<pk>/eindrapport/.
    path("", include("proeftuin.reports.urls")),
    # Before `projecten/` too: a project's canvases and value streams live under it.
    path("projecten/<int:pk>/", include("proeftuin.canvases.urls")),
    # Before `projecten/` too: a project's participation forms live under it (and the
    # public links at /f/<token>/).
    path("", include("proeftuin.participation.urls")),
    # Before `projecten/` too: a project's scale evaluation (and the services catalogue).
    path("", include("proeftuin.scaling.urls")),
    path("projecten/", include("proeftuin.projects.urls")),
    path("gedeeld/", include("proeftuin.knowledge.urls")),
    path("inzichten/", include("proeftuin.insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

# No route serves MEDIA_ROOT, not even with DEBUG: every uploaded file is served by a view that
# checks who asks (need attachments, documents, proofs of spending, article images).
