from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import MineItem

from .models import Comment, DocumentVersion, ExpertProfile, Membership, Project, Spending


def items_for(user: Any) -> list[MineItem]:
    """Projects led by the person that still lack a test site (they cannot leave
    "verkennen" without one) or have a gate decision due, and invitations sent to their
    address."""
    led = Project.objects.filter(
        team__user=user,
        team__role=Membership.Role.PROJECT_LEADER,
        team__accepted_at__isnull=False,
        phase=Project.Phase.EXPLORE,
        test_sites__isnull=True,
    ).distinct()
    items = [
        MineItem(
            title=_("'%(project)s' heeft nog geen proeftuin") % {"project": p.title},
            url=reverse("projects:detail", args=[p.pk]),
            kind=gettext_lazy("Proefproject"),
        )
        for p in led[:50]
    ]
    due = Project.objects.gate_due().filter(
        team__user=user,
        team__role=Membership.Role.PROJECT_LEADER,
        team__accepted_at__isnull=False,
    )
    items += [
        MineItem(
            title=_("Een beslismoment in '%(project)s'") % {"project": p.title},
            url=reverse("projects:gate", args=[p.pk]),
            kind=gettext_lazy("Beslismoment"),
        )
        for p in due[:50]
    ]
    # By address for people invited before they had an account; by person for experts
    # invited from the pool.
    invitations = (
        Membership.objects.filter(accepted_at__isnull=True)
        .filter(Q(email__iexact=user.email, user__isnull=True) | Q(user=user))
        .select_related("project")
    )
    items += [
        MineItem(
            title=_("Uitnodiging voor het team van '%(project)s'") % {"project": m.project.title},
            url=reverse("projects:accept", args=[m.token]),
            kind=gettext_lazy("Uitnodiging"),
        )
        for m in invitations[:50]
    ]
    return items + publications_awaiting(user)


def publications_awaiting(user: Any) -> list[MineItem]:
    """For coordinators: each project whose team waits for approval of what it makes
    public, the oldest request first."""
    if not is_coordinator(user):
        return []
    return [
        MineItem(
            title=_("Keur de publicatie van '%(project)s' goed") % {"project": p.title},
            url=reverse("projects:publication", args=[p.pk]),
            kind=gettext_lazy("Publicatie"),
        )
        for p in Project.objects.awaiting_approval().order_by("publication_requested_at")[:50]
    ]


def export_memberships(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "project": m.project.title,
            "role": m.role,
            "accepted_at": m.accepted_at.isoformat() if m.accepted_at else None,
        }
        for m in Membership.objects.filter(user=user).select_related("project")
    ]


def erase_memberships(user: Any) -> None:
    """The team keeps its history; the person's address is no longer stored with it, and
    their consent to show their name publicly ends with the account."""
    Membership.objects.filter(user=user).update(email="", name_public=False)


def export_expert_profile(user: Any) -> dict[str, Any] | None:
    profile = ExpertProfile.objects.filter(user=user).prefetch_related("themes", "concepts").first()
    if profile is None:
        return None
    return {
        "kind": profile.kind,
        "organisation": profile.organisation,
        "summary": profile.summary,
        "languages": profile.language_codes,
        "hours_per_month": profile.hours_per_month,
        "day_rate_cents": profile.day_rate_cents,
        "themes": [t.slug for t in profile.themes.all()],
        "concepts": [c.key for c in profile.concepts.all()],
    }


def erase_expert_profile(user: Any) -> None:
    """Someone who leaves leaves the pool; the hours they committed stay with the teams."""
    ExpertProfile.objects.filter(user=user).delete()


def export_contributions(user: Any) -> dict[str, list[dict[str, Any]]]:
    """The person's messages in project discussions, the documents they shared and the
    costs they recorded."""
    return {
        "comments": [
            {
                "project": c.project.title,
                "experiment": c.experiment.title if c.experiment else None,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
            }
            for c in Comment.objects.filter(author=user).select_related("project", "experiment")
        ],
        "documents": [
            {
                "project": v.document.project.title,
                "document": v.document.title,
                "version": v.number,
                "file_name": v.original_name,
                "note": v.note,
                "uploaded_at": v.uploaded_at.isoformat(),
            }
            for v in DocumentVersion.objects.filter(uploaded_by=user).select_related(
                "document__project"
            )
        ],
        "spending": [
            {
                "project": s.project.title,
                "spent_on": s.spent_on.isoformat(),
                "amount_cents": s.amount_cents,
                "kind": s.kind,
                "description": s.description,
                "recorded_at": s.recorded_at.isoformat(),
            }
            for s in Spending.objects.filter(recorded_by=user).select_related("project")
        ],
    }
