from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Project
from ..permissions import can_see_project


def get_project_for_user_or_404(user: Any, pk: int) -> Project:
    """The project, for its team and coordinators; anyone else gets a 404."""
    project = get_object_or_404(
        Project.objects.select_related("need__organisation", "need__call"), pk=pk
    )
    if not can_see_project(user, project):
        raise Http404
    return project
