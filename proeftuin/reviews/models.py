from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Call, Criterion, Need


class ReviewerRole(models.Model):
    """A member or expert who reviews for a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_roles"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="one_reviewer_role_per_call")
        ]
        verbose_name = _("jurylid")
        verbose_name_plural = _("juryleden")

    def __str__(self) -> str:
        return f"{self.user} @ {self.call}"


class ReviewQuerySet(models.QuerySet["Review"]):
    def active(self) -> "ReviewQuerySet":
        """Assignments that count: not freed by a declared conflict."""
        return self.filter(conflict_declared_at__isnull=True)

    def open(self) -> "ReviewQuerySet":
        return self.active().filter(submitted_at__isnull=True)

    def submitted(self) -> "ReviewQuerySet":
        return self.active().filter(submitted_at__isnull=False)

    def of_reviewer(self, user: Any) -> "ReviewQuerySet":
        return self.filter(reviewer=user)


class Review(models.Model):
    """A reviewer's assignment to one need and their scorecard for it (beoordeling).

    A declared conflict of interest frees the assignment (it no longer counts) and keeps
    the reviewer away from that need for good."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    deadline = models.DateTimeField(_("deadline"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    remark = models.TextField(_("algemene opmerking"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.CharField(_("reden"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "reviewer"], name="one_review_per_reviewer")
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]
        ordering = ["deadline", "pk"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.need}"

    @property
    def is_conflicted(self) -> bool:
        return self.conflict_declared_at is not None

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("toelichting"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="score_between_1_and_5"
            ),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def prepared(self) -> "DecisionQuerySet":
        return self.filter(published_at__isnull=True)


class Decision(models.Model):
    """A coordinator's decision on a reviewed need: prepared first, published together with
    the others; only publication changes the need's status and tells the submitter."""

    class Outcome(models.TextChoices):
        SELECT = "selected", _("selecteren")
        DECLINE = "declined", _("niet weerhouden")
        BACKLOG = "backlog", _("naar de wachtrij")

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="review_decision")
    outcome = models.CharField(_("beslissing"), max_length=10, choices=Outcome.choices)
    motivation = models.TextField(_("motivering"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")

    def __str__(self) -> str:
        return f"{self.need}: {self.outcome}"
