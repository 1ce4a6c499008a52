"""An experiment's metric bound to a form: which aggregate of which question gives the
experiment's measured value. The one place where participation knows experiments."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from proeftuin.projects.models import Experiment

from .survey import ParticipationForm, Question


class MetricBinding(models.Model):
    class Aggregate(models.TextChoices):
        SHARE = "share", _("aandeel antwoorden dat aan een voorwaarde voldoet (%)")
        MEAN = "mean", _("gemiddelde")
        NPS = "nps", _("aanbevelingsscore (NPS)")
        COUNT = "count", _("aantal antwoorden")

    class Condition(models.TextChoices):
        GTE = "gte", _("minstens")
        GT = "gt", _("meer dan")
        LTE = "lte", _("hoogstens")
        LT = "lt", _("minder dan")
        EQ = "eq", _("gelijk aan")
        CHOSEN = "chosen", _("kiest")

    experiment = models.OneToOneField(
        Experiment, on_delete=models.CASCADE, related_name="participation_binding"
    )
    form = models.ForeignKey(ParticipationForm, on_delete=models.CASCADE, related_name="bindings")
    aggregate = models.CharField(_("maat"), max_length=5, choices=Aggregate.choices)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="bindings"
    )
    condition = models.CharField(
        _("voorwaarde"), max_length=6, choices=Condition.choices, blank=True
    )
    number = models.DecimalField(
        _("waarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    choice = models.CharField(_("keuze"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("gekoppelde meting")
        verbose_name_plural = _("gekoppelde metingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(aggregate="count") | Q(question__isnull=False),
                name="participation_binding_has_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.experiment_id}: {self.aggregate}"
