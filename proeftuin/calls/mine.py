"""What the calls app contributes to "Mijn Proeftuin", hand-overs and personal data."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import log_action
from proeftuin.core.registry import MineItem
from proeftuin.organisations.models import Organisation

from .models import Call, CallAlert, CoSubmitter, Need, Support

OPEN_WORK = [Need.Status.DRAFT, Need.Status.SUBMITTED, Need.Status.RETAINED, Need.Status.BACKLOG]


def items_for(user: Any) -> list[MineItem]:
    """Co-submissions to confirm, and drafts in calls that are still open."""
    organisations = Organisation.objects.of_member(user).values("pk")
    invites = CoSubmitter.objects.filter(
        confirmed_at__isnull=True, organisation__in=organisations
    ).select_related("need", "organisation")
    items = [
        MineItem(
            title=_("Bevestig %(organisation)s als mede-indiener van '%(need)s'")
            % {"organisation": invite.organisation.name, "need": invite.need.title},
            url=reverse("calls:need", args=[invite.need_id]),
            kind=gettext_lazy("Mede-indiening"),
        )
        for invite in invites[:50]
    ]
    drafts = Need.objects.filter(
        submitted_by=user, status=Need.Status.DRAFT, call__in=Call.objects.open()
    ).select_related("call")
    items += [
        MineItem(
            title=_("Dien '%(need)s' in") % {"need": need.title or _("(zonder titel)")},
            url=reverse("calls:need_edit", args=[need.pk]),
            kind=gettext_lazy("Ontwerp"),
            due=need.call.closes_at if need.call else None,
        )
        for need in drafts[:50]
    ]
    return items


def hand_over_needs(*, organisation: Organisation, from_user: Any, to_user: Any, by: Any) -> int:
    """A leaving member's open needs in this organisation go to their successor."""
    with transaction.atomic():
        needs = list(
            Need.objects.filter(
                organisation=organisation, submitted_by=from_user, status__in=OPEN_WORK
            )
        )
        for need in needs:
            log_action(
                actor=by,
                action="need.handed_over",
                target=need,
                changes={"submitted_by": [from_user.pk, to_user.pk]},
            )
        Need.objects.filter(pk__in=[n.pk for n in needs]).update(submitted_by=to_user)
    return len(needs)


def export_needs(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": n.title,
            "organisation": n.organisation.name,
            "status": n.status,
            "created_at": n.created_at.isoformat(),
        }
        for n in Need.objects.filter(submitted_by=user).select_related("organisation")
    ]


def export_call_alert(user: Any) -> dict[str, str] | None:
    alert = CallAlert.objects.filter(user=user).first()
    return {"asked_at": alert.created_at.isoformat()} if alert else None


def erase_call_alert(user: Any) -> None:
    """Nobody is told of new calls at an address that no longer exists."""
    CallAlert.objects.filter(user=user).delete()


def export_supports(user: Any) -> list[dict[str, Any]]:
    """The challenges the person supported on behalf of an organisation, with what they
    wrote; the support itself stays the organisation's after the account is deleted."""
    return [
        {
            "challenge": s.need.title,
            "organisation": s.organisation.name,
            "comment": s.comment,
            "created_at": s.created_at.isoformat(),
            "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
        }
        for s in Support.objects.filter(user=user).select_related("need", "organisation")
    ]
