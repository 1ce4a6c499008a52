from typing import Any

from proeftuin.core.permissions import is_coordinator
from proeftuin.organisations.models import Membership, Organisation

from .models import Need


def is_member_of(user: Any, organisation_id: int) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.active().filter(user=user, organisation_id=organisation_id).exists()
    )


def can_act_for_need(user: Any, need: Need) -> bool:
    """Members of the need's organisation (or of a confirmed co-submitter) act for it."""
    if not user.is_authenticated:
        return False
    organisations = [
        need.organisation_id,
        *need.co_submitters.filter(confirmed_at__isnull=False).values_list(
            "organisation_id", flat=True
        ),
    ]
    return Membership.objects.active().filter(user=user, organisation_id__in=organisations).exists()


def can_see_need(user: Any, need: Need) -> bool:
    return (
        is_coordinator(user)
        or (need.is_challenge and need.status != Need.Status.WITHDRAWN)
        or can_act_for_need(user, need)
    )


def can_support(user: Any, need: Need, organisation: Organisation) -> bool:
    """Once per organisation, only from organisations outside the need's own municipalities."""
    if not need.is_challenge or not is_member_of(user, organisation.pk):
        return False
    own = set(need.organisation.municipalities.values_list("pk", flat=True))
    theirs = set(organisation.municipalities.values_list("pk", flat=True))
    return not (own & theirs)
