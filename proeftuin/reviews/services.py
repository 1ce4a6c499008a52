"""Every change of state in review and selection."""

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.calls import services as calls_services
from proeftuin.calls.models import Call, Need, ReviewDate
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.mail import queue_mail
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import require_coordinator
from proeftuin.organisations.models import Membership
from proeftuin.projects import services as project_services

from .assignment import NeedInfo, ReviewerInfo, plan_assignments
from .models import Decision, Review, ReviewerRole, Score
from .permissions import conflict_reason

Outcome = Decision.Outcome


def add_reviewer(*, call: Call, user: Any, by: Any) -> ReviewerRole:
    require_coordinator(by)
    with transaction.atomic():
        role, created = ReviewerRole.objects.get_or_create(
            call=call, user=user, defaults={"added_by": by}
        )
        if created:
            log_action(
                actor=by,
                action="reviewer.added",
                target=call,
                changes={"reviewer": [None, user.display_name]},
            )
    return role


def remove_reviewer(*, role: ReviewerRole, by: Any) -> None:
    require_coordinator(by)
    with transaction.atomic():
        if Review.objects.active().filter(reviewer=role.user, need__call=role.call).exists():
            raise DomainError(gettext_lazy("Dit jurylid heeft nog toewijzingen in deze oproep."))
        log_action(
            actor=by,
            action="reviewer.removed",
            target=role.call,
            changes={"reviewer": [role.user.display_name, None]},
        )
        role.delete()


def assign_reviewer(*, need: Need, reviewer: Any, deadline: datetime, by: Any) -> Review:
    """Assign one reviewer to one retained need by hand."""
    require_coordinator(by)
    if need.status != Need.Status.RETAINED:
        raise DomainError(gettext_lazy("Alleen weerhouden noden worden beoordeeld."))
    if need.call is None or not ReviewerRole.objects.filter(call=need.call, user=reviewer).exists():
        raise DomainError(gettext_lazy("Deze persoon is geen jurylid van deze oproep."))
    if (reason := conflict_reason(reviewer, need)) is not None:
        raise DomainError(
            {
                "organisation": gettext_lazy(
                    "Dit jurylid hoort bij de organisatie die de nood indiende."
                ),
                "municipality": gettext_lazy(
                    "Dit jurylid werkt in dezelfde gemeente als de indiener."
                ),
                "declared": gettext_lazy("Dit jurylid meldde een belangenconflict voor deze nood."),
            }[reason]
        )
    with transaction.atomic():
        review, created = Review.objects.get_or_create(
            need=need, reviewer=reviewer, defaults={"deadline": deadline, "assigned_by": by}
        )
        if created:
            log_action(
                actor=by,
                action="review.assigned",
                target=need,
                changes={"reviewer": [None, reviewer.display_name]},
            )
            _tell_reviewers([review])
    return review


def _scope(call: Call, review_round: ReviewDate | None) -> Any:
    needs = Need.objects.filter(call=call, status=Need.Status.RETAINED)
    return needs.filter(review_round=review_round) if review_round else needs


def auto_assign(
    *,
    call: Call,
    per_need: int,
    deadline: datetime,
    review_round: ReviewDate | None = None,
    by: Any,
) -> tuple[int, dict[int, int]]:
    """Spread the call's reviewers over its retained needs (see assignment.plan_assignments).

    Returns the number of new assignments and the needs that are short of reviewers."""
    require_coordinator(by)
    if per_need < 1:
        raise DomainError(gettext_lazy("Kies minstens één jurylid per nood."))
    with transaction.atomic():
        needs = list(
            _scope(call, review_round)
            .select_related("organisation")
            .prefetch_related(
                "organisation__municipalities", "co_submitters__organisation__municipalities"
            )
        )
        reviewer_ids = list(
            ReviewerRole.objects.filter(call=call).values_list("user_id", flat=True)
        )
        memberships = Membership.objects.active().filter(user_id__in=reviewer_ids)
        orgs: dict[int, set[int]] = {pk: set() for pk in reviewer_ids}
        places: dict[int, set[int]] = {pk: set() for pk in reviewer_ids}
        for user_id, organisation_id, municipality_id in memberships.values_list(
            "user_id", "organisation_id", "organisation__municipalities"
        ):
            orgs[user_id].add(organisation_id)
            if municipality_id:
                places[user_id].add(municipality_id)
        need_infos = []
        for n in needs:
            # A joint need's confirmed co-submitters, and their municipalities, are its own.
            submitters = [
                n.organisation,
                *(c.organisation for c in n.co_submitters.all() if c.confirmed_at),
            ]
            need_infos.append(
                NeedInfo(
                    pk=n.pk,
                    organisations=frozenset(o.pk for o in submitters),
                    municipalities=frozenset(
                        m.pk for o in submitters for m in o.municipalities.all()
                    ),
                )
            )
        reviewers = [
            ReviewerInfo(pk, frozenset(orgs[pk]), frozenset(places[pk])) for pk in reviewer_ids
        ]
        existing = Review.objects.filter(need__in=needs)
        blocked = set(existing.values_list("need_id", "reviewer_id"))
        taken = dict(
            existing.filter(conflict_declared_at__isnull=True)
            .values("need")
            .annotate(n=Count("pk"))
            .values_list("need", "n")
        )
        load = Counter(
            dict(
                Review.objects.open()
                .filter(reviewer_id__in=reviewer_ids)
                .values("reviewer")
                .annotate(n=Count("pk"))
                .values_list("reviewer", "n")
            )
        )
        plan = plan_assignments(
            need_infos, reviewers, per_need=per_need, taken=taken, blocked=blocked, load=load
        )
        created = Review.objects.bulk_create(
            Review(need_id=need_id, reviewer_id=reviewer_id, deadline=deadline, assigned_by=by)
            for need_id, reviewer_id in plan.pairs
        )
        log_action(
            actor=by,
            action="review.auto_assigned",
            target=call,
            changes={"assignments": [None, len(created)], "per_need": [None, per_need]},
        )
        _tell_reviewers(
            Review.objects.filter(pk__in=[r.pk for r in created]).select_related("reviewer", "need")
        )
    return len(created), plan.short


def _tell_reviewers(reviews: Any) -> None:
    for review in reviews:
        notify(
            user=review.reviewer,
            kind="reviews.assigned",
            title=gettext_lazy("Nieuwe nood om te beoordelen: '%(need)s'"),
            params={"need": review.need.title},
            url=reverse("reviews:scorecard", args=[review.pk]),
        )


def declare_conflict(*, review: Review, reason: str, by: Any) -> Review:
    """The reviewer declares a conflict of interest: the assignment is freed and they stay
    away from this need."""
    if review.reviewer_id != by.pk:
        raise DomainError(gettext_lazy("Alleen het jurylid zelf meldt een belangenconflict."))
    if not reason.strip():
        raise DomainError(gettext_lazy("Geef kort de reden van het belangenconflict."))
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.is_submitted:
            raise DomainError(gettext_lazy("Deze beoordeling is al ingediend."))
        if review.is_conflicted:
            return review
        review.conflict_declared_at = timezone.now()
        review.conflict_reason = reason
        review.save(update_fields=["conflict_declared_at", "conflict_reason"])
        log_action(
            actor=by,
            action="review.conflict_declared",
            target=review.need,
            changes={"reviewer": [by.display_name, None]},
        )
        for coordinator in get_user_model().objects.coordinators():
            notify(
                user=coordinator,
                kind="reviews.conflict",
                title=gettext_lazy(
                    "Belangenconflict gemeld voor '%(need)s': wijs een ander jurylid toe"
                ),
                params={"need": review.need.title},
                url=reverse("reviews:assign", args=[review.need.call.slug])
                if review.need.call
                else "",
            )
    return review


def save_scorecard(
    *, review: Review, scores: dict[int, tuple[int | None, str]], remark: str, submit: bool, by: Any
) -> Review:
    """Save a reviewer's scores (1-5) and comments per criterion; on submit every criterion
    of the call needs a score and the scorecard is final."""
    if review.reviewer_id != by.pk:
        raise DomainError(gettext_lazy("Dit is niet jouw beoordeling."))
    with transaction.atomic():
        # Only the review's row: PostgreSQL locks no nullable side of a join (need.call).
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("need__call")
            .get(pk=review.pk)
        )
        if review.is_conflicted:
            raise DomainError(gettext_lazy("Je meldde een belangenconflict voor deze nood."))
        if review.is_submitted:
            raise DomainError(gettext_lazy("Deze beoordeling is al ingediend."))
        call = review.need.call
        criteria = {c.pk: c for c in call.criteria.all()} if call else {}
        if set(scores) - set(criteria):
            raise DomainError(gettext_lazy("Onbekend criterium."))
        for value, _comment in scores.values():
            if value is not None and not 1 <= value <= 5:
                raise DomainError(gettext_lazy("Een score ligt tussen 1 en 5."))
        if submit and any(scores.get(pk, (None, ""))[0] is None for pk in criteria):
            raise DomainError(gettext_lazy("Geef een score op elk criterium voor je indient."))
        existing = {s.criterion_id: s for s in review.scores.all()}
        for criterion_id, (value, comment) in scores.items():
            score = existing.get(criterion_id)
            if value is None:
                if score is not None:
                    score.delete()
                continue
            if score is None:
                Score.objects.create(
                    review=review, criterion_id=criterion_id, value=value, comment=comment
                )
            elif (score.value, score.comment) != (value, comment):
                score.value, score.comment = value, comment
                score.save(update_fields=["value", "comment"])
        review.remark = remark
        fields = ["remark"]
        if submit:
            review.submitted_at = timezone.now()
            fields.append("submitted_at")
        review.save(update_fields=fields)
        log_action(
            actor=by,
            action="review.submitted" if submit else "review.saved",
            target=review.need,
            changes={"reviewer": [None, by.display_name]} if submit else {},
        )
    return review


def selected_count(call: Call, review_round: ReviewDate | None) -> int:
    """Projects this call (round) starts: needs selected already plus select decisions that
    are prepared but not yet published."""
    needs = Need.objects.filter(call=call)
    if call.is_rolling:
        needs = needs.filter(review_round=review_round)
    return needs.filter(
        Q(status=Need.Status.SELECTED)
        | Q(review_decision__outcome=Outcome.SELECT, review_decision__published_at__isnull=True)
    ).count()


def prepare_decision(*, need: Need, outcome: str, motivation: str, by: Any) -> Decision:
    """Prepare (or change) a decision on a reviewed need. Selecting beyond the call's (round's)
    maximum number of projects is refused; the call row is locked so two coordinators
    selecting at once cannot both take the last place."""
    require_coordinator(by)
    if outcome not in Outcome.values:
        raise DomainError(gettext_lazy("Onbekende beslissing."))
    if not motivation.strip():
        raise DomainError(gettext_lazy("Geef een motivering; de indiener krijgt ze te zien."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != Need.Status.RETAINED or need.call_id is None:
            raise DomainError(
                gettext_lazy("Alleen over een weerhouden nood wordt na beoordeling beslist.")
            )
        call = Call.objects.select_for_update().get(pk=need.call_id)
        decision = Decision.objects.filter(need=need).first()
        if decision is not None and decision.published_at:
            raise DomainError(gettext_lazy("Deze beslissing is al gepubliceerd."))
        if (
            outcome == Outcome.SELECT
            and (decision is None or decision.outcome != Outcome.SELECT)
            and call.max_projects is not None
            and selected_count(call, need.review_round) >= call.max_projects
        ):
            raise DomainError(
                gettext_lazy(
                    "De oproep start hoogstens %(max)s proefprojecten. Verhoog het maximum om er nog een te selecteren."
                )
                % {"max": call.max_projects}
            )
        old = decision.outcome if decision else None
        if decision is None:
            decision = Decision.objects.create(
                need=need, outcome=outcome, motivation=motivation, prepared_by=by
            )
        else:
            decision.outcome, decision.motivation = outcome, motivation
            decision.prepared_by, decision.prepared_at = by, timezone.now()
            decision.save(update_fields=["outcome", "motivation", "prepared_by", "prepared_at"])
        log_action(
            actor=by, action="decision.prepared", target=need, changes={"outcome": [old, outcome]}
        )
    return decision


def withdraw_decision(*, decision: Decision, by: Any) -> None:
    require_coordinator(by)
    with transaction.atomic():
        if decision.published_at:
            raise DomainError(gettext_lazy("Deze beslissing is al gepubliceerd."))
        log_action(
            actor=by,
            action="decision.withdrawn",
            target=decision.need,
            changes={"outcome": [decision.outcome, None]},
        )
        decision.delete()


def set_max_projects(*, call: Call, max_projects: int, by: Any) -> Call:
    require_coordinator(by)
    if max_projects < 1:
        raise DomainError(gettext_lazy("Het maximum is minstens 1."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        old = call.max_projects
        call.max_projects = max_projects
        call.save(update_fields=["max_projects"])
        log_action(
            actor=by,
            action="call.max_projects_changed",
            target=call,
            changes={"max_projects": [old, max_projects]},
        )
    return call


def publish_decisions(*, call: Call, review_round: ReviewDate | None = None, by: Any) -> int:
    """Publish every prepared decision of the call (round) together: the needs change status,
    the submitters are e-mailed, the challenge pages show the outcome, and every selected
    need becomes a project."""
    require_coordinator(by)
    with transaction.atomic():
        decisions = list(
            Decision.objects.prepared()
            .filter(
                need__call=call, **({"need__review_round": review_round} if review_round else {})
            )
            .select_related("need")
            .select_for_update(of=("self",))
        )
        now = timezone.now()
        for decision in decisions:
            # The need as decide_after_review left it (selected), not the row read above.
            need = calls_services.decide_after_review(
                need=decision.need, to=decision.outcome, motivation=decision.motivation, by=by
            )
            if decision.outcome == Outcome.SELECT:
                project_services.create_project(need=need, by=by)
            decision.published_at = now
            decision.save(update_fields=["published_at"])
        log_action(
            actor=by,
            action="decisions.published",
            target=call,
            changes={"decisions": [None, len(decisions)]},
        )
    return len(decisions)


REMINDER_BEFORE = timedelta(days=3)


def send_review_reminders(now: datetime | None = None) -> int:
    """E-mail reviewers whose open scorecards are due within three days, once per scorecard.
    Each row is claimed with a conditional UPDATE, so a retried job sends nothing twice."""
    now = now or timezone.now()
    due = list(
        Review.objects.open()
        .filter(reminded_at__isnull=True, deadline__gt=now, deadline__lte=now + REMINDER_BEFORE)
        .select_related("reviewer", "need")
    )
    sent = 0
    for review in due:
        with transaction.atomic():
            if not Review.objects.filter(pk=review.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            if review.reviewer.is_active:
                queue_mail(
                    to=review.reviewer.email,
                    user=review.reviewer,
                    kind="reviews.reminder",
                    template="reviews/email/reminder",
                    context={"review": review, "user": review.reviewer},
                )
                sent += 1
    return sent
