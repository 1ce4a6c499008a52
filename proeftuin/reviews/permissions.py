from typing import Any

from proeftuin.calls.models import Need
from proeftuin.calls.permissions import own_municipalities, submitting_organisation_ids
from proeftuin.organisations.models import Membership

from .models import Review


def conflict_reason(reviewer: Any, need: Need) -> str | None:
    """Why `reviewer` may not review `need`, or None: their own organisation, an organisation
    in one of the need's municipalities, or a conflict they declared. A joint need's
    confirmed co-submitters and their municipalities count as the need's own."""
    memberships = Membership.objects.active().filter(user=reviewer)
    if memberships.filter(organisation_id__in=submitting_organisation_ids(need)).exists():
        return "organisation"
    need_places = own_municipalities(need).values("pk")
    if memberships.filter(organisation__municipalities__in=need_places).exists():
        return "municipality"
    if Review.objects.filter(
        need=need, reviewer=reviewer, conflict_declared_at__isnull=False
    ).exists():
        return "declared"
    return None


def can_see_others_scores(user: Any, review: Review) -> bool:
    """A reviewer sees the others' scores only after submitting their own."""
    return review.reviewer_id == user.pk and review.is_submitted
