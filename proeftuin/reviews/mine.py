from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proeftuin.core.registry import MineItem

from .models import Review


def items_for(user: Any) -> list[MineItem]:
    """The person's open scorecards, soonest deadline first."""
    return [
        MineItem(
            title=_("Beoordeel '%(need)s'") % {"need": review.need.title},
            url=reverse("reviews:scorecard", args=[review.pk]),
            kind=gettext_lazy("Beoordeling"),
            due=review.deadline,
        )
        for review in Review.objects.open()
        .filter(reviewer=user)
        .select_related("need")
        .order_by("deadline")[:50]
    ]


def export_reviews(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "need": review.need.title,
            "remark": review.remark,
            "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
            "conflict_reason": review.conflict_reason,
            "scores": [
                {"criterion": s.criterion.name, "value": s.value, "comment": s.comment}
                for s in review.scores.all()
            ],
        }
        for review in Review.objects.filter(reviewer=user)
        .select_related("need")
        .prefetch_related("scores__criterion")
    ]
