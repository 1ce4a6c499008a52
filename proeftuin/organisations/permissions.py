from typing import Any

from proeftuin.core.permissions import is_coordinator

from .models import Membership, Organisation


def can_manage(user: Any, organisation: Organisation) -> bool:
    """Organisation admins and coordinators approve join requests and hand over work."""
    if is_coordinator(user):
        return True
    return bool(
        user.is_authenticated
        and Membership.objects.admins().filter(user=user, organisation=organisation).exists()
    )


def can_see_members(user: Any, organisation: Organisation) -> bool:
    """Member names are personal data: only colleagues and coordinators see them."""
    if is_coordinator(user):
        return True
    return bool(
        user.is_authenticated
        and Membership.objects.active().filter(user=user, organisation=organisation).exists()
    )


def can_request_to_join(user: Any, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and not Membership.objects.filter(
            user=user,
            organisation=organisation,
            status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE],
        ).exists()
    )
