from typing import Any

from proeftuin.core.permissions import is_coordinator

from .models import Membership, Project


def is_team_member(user: Any, project: Project) -> bool:
    return bool(
        user.is_authenticated and project.team.filter(user=user, accepted_at__isnull=False).exists()
    )


def can_see_project(user: Any, project: Project) -> bool:
    return is_coordinator(user) or is_team_member(user, project)


def can_manage_team(user: Any, project: Project) -> bool:
    """Coordinators compose teams and test sites."""
    return is_coordinator(user)


def can_advance_phase(user: Any, project: Project) -> bool:
    """The projectleider records the project's gate decisions (and coordinators may)."""
    return is_coordinator(user) or bool(
        user.is_authenticated
        and project.team.filter(
            user=user, role=Membership.Role.PROJECT_LEADER, accepted_at__isnull=False
        ).exists()
    )
