"""What scaling contributes to "Mijn Proeftuin" and to a person's data."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import MineItem

from .models import Adoption, Feedback


def items_for(user: Any) -> list[MineItem]:
    """For coordinators: requested services to activate."""
    if not is_coordinator(user):
        return []
    requested = Adoption.objects.filter(state=Adoption.State.REQUESTED).select_related(
        "service", "municipality"
    )
    return [
        MineItem(
            title=_("Bevestig '%(service)s' in %(municipality)s")
            % {"service": a.service.name, "municipality": a.municipality.name},
            url=reverse("scaling:service", args=[a.service.slug]),
            kind=gettext_lazy("Aanvraag van een dienst"),
        )
        for a in requested.order_by("requested_at")[:50]
    ]


def export_adoptions(user: Any) -> list[dict[str, Any]]:
    """The adoptions the person registered, with the contact they gave."""
    return [
        {
            "service": a.service.name,
            "municipality": a.municipality.name,
            "state": a.state,
            "contact_name": a.contact_name,
            "contact_email": a.contact_email,
        }
        for a in Adoption.objects.filter(created_by=user).select_related("service", "municipality")
    ]


def export_feedback(user: Any) -> list[dict[str, Any]]:
    """The feedback the person gave about a service for their municipality."""
    return [
        {
            "service": f.adoption.service.name,
            "municipality": f.adoption.municipality.name,
            "organisation": f.organisation.name,
            "given_at": f.given_at.isoformat(),
            "satisfaction": f.satisfaction,
            "works": f.works,
            "fails": f.fails,
            "requests": [r.text for r in f.requests.all()],
        }
        for f in Feedback.objects.filter(given_by=user)
        .select_related("adoption__service", "adoption__municipality", "organisation")
        .prefetch_related("requests")
    ]
