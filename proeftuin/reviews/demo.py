"""Demo: the decided spring call has completed reviews, a ranking, published decisions and
selected projects with their teams and test sites; in the open winter call the demo expert
has scorecards waiting. Fixture data, written directly (no e-mail)."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from proeftuin.calls.models import Call, Need
from proeftuin.projects.models import Membership, Project, TestSite

from .models import Decision, Review, ReviewerRole, Score
from .permissions import conflict_reason

REVIEWERS = [
    "expert@demo.proeftuin.be",
    "herentals@demo.proeftuin.be",
    "beheerder@demo.proeftuin.be",
]
# A minimal, valid one-page PDF standing in for a signed agreement.
AGREEMENT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
OUTCOMES: dict[str, str] = {
    Need.Status.SELECTED: "selected",
    Need.Status.DECLINED: "declined",
    Need.Status.BACKLOG: "backlog",
}


def load() -> None:
    spring = Call.objects.filter(slug__startswith="proeftuin-voorjaar").first()
    winter = Call.objects.filter(slug="proeftuin-winter").first()
    if spring is None or winter is None or ReviewerRole.objects.filter(call=spring).exists():
        return
    users = get_user_model().objects
    reviewers = sorted(users.filter(email__in=REVIEWERS), key=lambda u: REVIEWERS.index(u.email))
    coordinator = users.filter(is_coordinator=True).first()
    for call in (spring, winter):
        ReviewerRole.objects.bulk_create(
            ReviewerRole(call=call, user=r, added_by=coordinator) for r in reviewers
        )
    _review_spring(spring, reviewers, coordinator)
    _open_scorecards(winter, reviewers, coordinator)


def _review_spring(call: Call, reviewers: list[Any], coordinator: Any) -> None:
    needs = list(
        Need.objects.filter(call=call, status__in=list(OUTCOMES)).select_related(
            "organisation", "submitted_by"
        )
    )
    criteria = list(call.criteria.all())
    assert call.closes_at is not None
    for i, need in enumerate(needs):
        for j, reviewer in enumerate(reviewers):
            if conflict_reason(reviewer, need):
                continue
            review = Review.objects.create(
                need=need,
                reviewer=reviewer,
                deadline=call.closes_at + timedelta(days=21),
                assigned_by=coordinator,
                assigned_at=call.closes_at + timedelta(days=2),
                submitted_at=call.closes_at + timedelta(days=10 + j),
                remark="Sterke nood, duidelijk beschreven."
                if need.status == Need.Status.SELECTED
                else "",
            )
            base = (
                4
                if need.status == Need.Status.SELECTED
                else 3
                if need.status == Need.Status.BACKLOG
                else 2
            )
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=c,
                    value=max(1, min(5, base + (i * 7 + j * 5 + k * 3) % 4 - 1)),
                    comment="",
                )
                for k, c in enumerate(criteria)
            )
        Decision.objects.create(
            need=need,
            outcome=OUTCOMES[need.status],
            motivation=need.decision_motivation or "Beslist na beoordeling door de jury.",
            prepared_by=coordinator,
            prepared_at=call.closes_at + timedelta(days=30),
            published_at=call.closes_at + timedelta(days=45),
        )
        if need.status == Need.Status.SELECTED:
            _project(need, reviewers, coordinator)


def _project(need: Need, reviewers: list[Any], coordinator: Any) -> None:
    project = Project.objects.create(need=need, title=need.title, created_by=coordinator)
    now = timezone.now()
    Membership.objects.create(
        project=project,
        user=need.submitted_by,
        email=need.submitted_by.email,
        role=Membership.Role.PROJECT_LEADER,
        accepted_at=now,
    )
    Membership.objects.create(
        project=project,
        user=need.submitted_by,
        email=need.submitted_by.email,
        role=Membership.Role.LOCAL_SUBMITTER,
        accepted_at=now,
    )
    expert = reviewers[0]
    Membership.objects.create(
        project=project,
        user=expert,
        email=expert.email,
        role=Membership.Role.EXTERNAL_EXPERT,
        accepted_at=now,
    )
    municipality = need.organisation.municipalities.first()
    if municipality is not None:
        site = TestSite(
            project=project,
            municipality=municipality,
            organisation=need.organisation,
            committed_on=timezone.localdate() - timedelta(days=120),
            agreement_name="samenwerkingsovereenkomst.pdf",
            added_by=coordinator,
        )
        site.agreement.save("samenwerkingsovereenkomst.pdf", ContentFile(AGREEMENT), save=False)
        site.save()


def _open_scorecards(call: Call, reviewers: list[Any], coordinator: Any) -> None:
    """The winter call's first retained needs wait for the demo expert's scorecards."""
    expert = reviewers[0]
    for need in Need.objects.filter(call=call, status=Need.Status.RETAINED).select_related(
        "organisation"
    )[:4]:
        Review.objects.create(
            need=need,
            reviewer=expert,
            deadline=timezone.now() + timedelta(days=14),
            assigned_by=coordinator,
        )
