"""The digest in shared features: coordinators' "Mijn Proeftuin" and a member's personal
data (a subscription is found by the member's e-mail address)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import MineItem

from .models import Edition, Subscriber


def items_for(user: Any) -> list[MineItem]:
    """An edition awaiting its preview, for coordinators."""
    if not is_coordinator(user):
        return []
    return [
        MineItem(
            title=_("Lees de nieuwsbrief tot %(until)s na en verstuur ze")
            % {"until": f"{edition.until:%d-%m-%Y}"},
            url=reverse("knowledge:digest_preview", args=[edition.pk]),
            kind=gettext_lazy("Nieuwsbrief"),
        )
        for edition in Edition.objects.filter(status=Edition.Status.PREPARED)[:5]
    ]


def export_subscription(user: Any) -> dict[str, Any] | None:
    subscriber = (
        Subscriber.objects.filter(email__iexact=user.email).prefetch_related("themes").first()
    )
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "themes": [theme.slug for theme in subscriber.themes.all()],
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
    }


def erase_subscription(user: Any) -> None:
    Subscriber.objects.filter(email__iexact=user.email).delete()
