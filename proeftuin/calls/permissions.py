from typing import Any

from django.db.models import QuerySet

from proeftuin.core.permissions import is_coordinator
from proeftuin.organisations.models import Membership, Municipality, Organisation

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
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id__in=submitting_organisation_ids(need))
        .exists()
    )


def is_invited_for_need(user: Any, need: Need) -> bool:
    """A member of an organisation invited as co-submitter, who may read the need to confirm."""
    return bool(
        user.is_authenticated
        and need.co_submitters.filter(
            confirmed_at__isnull=True,
            organisation__memberships__user=user,
            organisation__memberships__status=Membership.Status.ACTIVE,
        ).exists()
    )


def can_see_need(user: Any, need: Need) -> bool:
    return (
        is_coordinator(user)
        or (need.is_challenge and need.status != Need.Status.WITHDRAWN)
        or can_act_for_need(user, need)
        or is_invited_for_need(user, need)
    )


def submitting_organisation_ids(need: Need) -> list[int]:
    """The need's organisation and its confirmed co-submitters (a joint need)."""
    return [
        need.organisation_id,
        *need.co_submitters.filter(confirmed_at__isnull=False).values_list(
            "organisation_id", flat=True
        ),
    ]


def own_municipalities(need: Need) -> "QuerySet[Municipality]":
    """The need's own municipalities: those of every organisation that submits it."""
    return Municipality.objects.filter(
        organisations__in=submitting_organisation_ids(need)
    ).distinct()


def can_support(user: Any, need: Need, organisation: Organisation) -> bool:
    """Once per organisation, only from organisations outside the need's own municipalities
    (those of a joint need's co-submitters included)."""
    if not need.is_challenge or not is_member_of(user, organisation.pk):
        return False
    return not organisation.municipalities.filter(
        pk__in=own_municipalities(need).values("pk")
    ).exists()
