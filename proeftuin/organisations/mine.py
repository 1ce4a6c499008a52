"""What the organisations app contributes to "Mijn Proeftuin" and to personal-data export."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import MineItem

from .models import Membership
from .services import leave_all_organisations


def items_for(user: Any) -> list[MineItem]:
    """Join requests to approve (for organisation admins and coordinators) and the
    person's own requests that still wait."""
    to_approve = Membership.objects.pending().select_related("user", "organisation")
    if not is_coordinator(user):
        to_approve = to_approve.filter(
            organisation__memberships__user=user,
            organisation__memberships__status=Membership.Status.ACTIVE,
            organisation__memberships__role=Membership.Role.ADMIN,
        )
    items = [
        MineItem(
            title=_("%(person)s wil lid worden van %(organisation)s")
            % {"person": m.user.display_name, "organisation": m.organisation.name},
            url=reverse("organisations:members", args=[m.organisation.slug]),
            kind=gettext_lazy("Lidmaatschap goedkeuren"),
        )
        for m in to_approve.order_by("requested_at")[:50]
    ]
    items += [
        MineItem(
            title=_("Je aanvraag bij %(organisation)s wacht op goedkeuring")
            % {"organisation": m.organisation.name},
            url=reverse("organisations:detail", args=[m.organisation.slug]),
            kind=gettext_lazy("Aanvraag"),
        )
        for m in Membership.objects.pending().filter(user=user).select_related("organisation")
    ]
    return items


def export_memberships(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "organisation": m.organisation.name,
            "role": m.role,
            "status": m.status,
            "motivation": m.motivation,
            "requested_at": m.requested_at.isoformat(),
        }
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def erase_memberships(user: Any) -> None:
    leave_all_organisations(user=user)
