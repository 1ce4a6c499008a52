"""The public side of projects: what a coordinator approved, for anyone, without an
account."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from .pages import public_project


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    projects = Project.objects.published().order_by("-published_at", "-pk")
    page = Paginator(projects, 30).get_page(request.GET.get("pagina"))
    return render(request, "knowledge/project_list.html", {"page": page})


@require_safe
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published project; an unpublished one is a 404 for everyone, its team included
    (they have the workspace)."""
    project = get_object_or_404(Project.objects.published(), pk=pk)
    # The services the project grew into (scaling), in the public catalogue.
    services = Service.objects.public().filter(projects=project)
    return render(
        request,
        "knowledge/project_detail.html",
        {"page": public_project(project), "services": services},
    )
