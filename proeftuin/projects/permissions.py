from typing import Any

from proeftuin.core.permissions import is_coordinator

from .models import ExpertProfile, Membership, Project


def is_team_member(user: Any, project: Project) -> bool:
    return bool(
        user.is_authenticated and project.team.filter(user=user, accepted_at__isnull=False).exists()
    )


def is_project_leader(user: Any, project: Project) -> bool:
    return bool(
        user.is_authenticated
        and project.team.filter(
            user=user, role=Membership.Role.PROJECT_LEADER, accepted_at__isnull=False
        ).exists()
    )


def can_see_project(user: Any, project: Project) -> bool:
    return is_coordinator(user) or is_team_member(user, project)


def can_manage_team(user: Any, project: Project) -> bool:
    """Coordinators compose teams and test sites."""
    return is_coordinator(user)


def can_work_on(user: Any, project: Project) -> bool:
    """The team (and coordinators) write hypotheses, test cards, learning cards, messages and
    documents — while the project runs; a stopped or finished project is kept as it was."""
    return project.is_running and can_see_project(user, project)


def can_discuss(user: Any, project: Project) -> bool:
    """The discussion stays open after the project ends: the team still talks about it."""
    return can_see_project(user, project)


def can_decide_gate(user: Any, project: Project) -> bool:
    """The projectleider records the project's gate decisions (and coordinators may)."""
    return project.is_running and (is_coordinator(user) or is_project_leader(user, project))


def can_request_publication(user: Any, project: Project) -> bool:
    return can_see_project(user, project)


def can_approve_publication(user: Any, project: Project) -> bool:
    return is_coordinator(user)


def can_edit_expert_profile(user: Any, profile: ExpertProfile) -> bool:
    """An expert edits their own profile; coordinators edit every profile in the pool."""
    return bool(user.is_authenticated and (profile.user_id == user.pk or is_coordinator(user)))


def can_see_expert_pool(user: Any) -> bool:
    return is_coordinator(user)


def can_set_budget(user: Any, project: Project) -> bool:
    """The programme decides what a project may spend: coordinators set its budget."""
    return project.is_running and is_coordinator(user)


def can_record_spending(user: Any, project: Project) -> bool:
    """The projectleider (and coordinators) record what the project spends; the rest of the
    team sees it."""
    return project.is_running and (is_coordinator(user) or is_project_leader(user, project))
