"""Means: a project's budget per phase and the money it spends.

Money is in euro cents (integers, `core.money`). A phase's budget holds the internal hours the
programme's people give, the external costs (experts, materials) and the money invested
directly in the local project. Spending is what `Spending` rows record plus the cost of the
project's experiments once they run (`projects.budgets` sums both in the database)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .project import Project


class PhaseBudget(models.Model):
    """What a project may spend in one phase."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_budgets")
    phase = models.CharField(_("fase"), max_length=10, choices=Project.Phase.choices)
    internal_hours = models.PositiveIntegerField(_("interne uren"), default=0)
    external_cents = models.PositiveBigIntegerField(_("externe kosten"), default=0)
    local_investment_cents = models.PositiveBigIntegerField(
        _("investering in het lokale project"), default=0
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fasebudget")
        verbose_name_plural = _("fasebudgetten")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="one_budget_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_phase_display()}"

    @property
    def money_cents(self) -> int:
        return self.external_cents + self.local_investment_cents


def receipt_path(instance: "Spending", filename: str) -> str:
    return f"projects/{instance.project_id}/spending/{uuid.uuid4().hex}/{filename}"


class Spending(models.Model):
    """A cost the project made outside its experiments, with its proof when there is one."""

    class Kind(models.TextChoices):
        EXTERNAL_EXPERTISE = "external_expertise", _("externe expertise")
        MATERIALS = "materials", _("materiaal")
        LOCAL_INVESTMENT = "local_investment", _("investering in het lokale project")
        TRAVEL = "travel", _("verplaatsingen")
        PARTICIPANTS = "participants", _("vergoeding van deelnemers")
        OTHER = "other", _("andere")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spendings")
    phase = models.CharField(_("fase"), max_length=10, choices=Project.Phase.choices)
    spent_on = models.DateField(_("datum"))
    amount_cents = models.PositiveBigIntegerField(_("bedrag"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    attachment = models.FileField(
        _("bewijsstuk"), upload_to=receipt_path, max_length=300, blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        indexes = [models.Index(fields=["project", "phase"]), models.Index(fields=["spent_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="spending_is_positive")
        ]

    def __str__(self) -> str:
        return self.description


class BudgetWarning(models.Model):
    """That the project leader and coordinators were told the project passed `threshold` %
    of its budget. The row is what keeps them from being told again on every later cost; it
    goes when spending falls back under the threshold (a larger budget), so a new crossing
    is told again."""

    class Threshold(models.IntegerChoices):
        NEARLY = 80, _("80 %")
        OVER = 100, _("100 %")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_warnings")
    threshold = models.PositiveSmallIntegerField(choices=Threshold.choices)
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-threshold"]
        verbose_name = _("budgetwaarschuwing")
        verbose_name_plural = _("budgetwaarschuwingen")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "threshold"], name="one_warning_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.threshold} %"
