"""The lean cycle: hypotheses, the method library, test cards, learning cards and gate
decisions."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .project import Project

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class HypothesisQuerySet(models.QuerySet["Hypothesis"]):
    def test_first(self) -> "HypothesisQuerySet":
        """The project's to-test list: the riskiest first — most important, least evidence —
        leaving out what the team retired."""
        return self.filter(retired_at__isnull=True).order_by(
            F("importance").desc(), "evidence", "created_at", "pk"
        )


class Hypothesis(models.Model):
    """An assumption the project rests on, written as "Wij geloven dat …". Its evidence and
    status follow from its completed experiments (see `outcomes.hypothesis_verdict`)."""

    class Kind(models.TextChoices):
        DESIRABILITY = "desirability", _("wenselijkheid")
        FEASIBILITY = "feasibility", _("haalbaarheid")
        VIABILITY = "viability", _("levensvatbaarheid")

    class Status(models.TextChoices):
        UNTESTED = "untested", _("niet getest")
        VALIDATED = "validated", _("gevalideerd")
        INVALIDATED = "invalidated", _("ontkracht")
        INCONCLUSIVE = "inconclusive", _("onbeslist")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="hypotheses")
    statement = models.TextField(
        _("wij geloven dat …"), help_text=_("Eén veronderstelling, zo concreet mogelijk.")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    importance = models.PositiveSmallIntegerField(
        _("belang"),
        validators=ONE_TO_FIVE,
        help_text=_("1 = het project overleeft het als dit niet klopt, 5 = alles hangt ervan af."),
    )
    evidence = models.PositiveSmallIntegerField(
        _("bewijs"), default=1, validators=ONE_TO_FIVE, editable=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNTESTED, editable=False
    )
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HypothesisQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("hypothese")
        verbose_name_plural = _("hypothesen")
        constraints = [
            models.CheckConstraint(
                condition=Q(importance__gte=1, importance__lte=5), name="hypothesis_importance_1_5"
            ),
            models.CheckConstraint(
                condition=Q(evidence__gte=1, evidence__lte=5), name="hypothesis_evidence_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def sentence(self) -> str:
        """The statement as the sentence it completes, in the reader's language."""
        return gettext("Wij geloven dat %(statement)s") % {"statement": self.statement}

    @property
    def risk(self) -> int:
        """Important and unproven is risky: importance * (6 - evidence), 1..25."""
        return self.importance * (6 - self.evidence)


class Method(models.Model):
    """An entry of the experiment-method library, maintained by coordinators."""

    class Category(models.TextChoices):
        DISCOVERY = "discovery", _("ontdekken")
        VALIDATION = "validation", _("valideren")

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(_("beschrijving"))
    category = models.CharField(_("categorie"), max_length=10, choices=Category.choices)
    typical_cost_eur = models.PositiveIntegerField(_("typische kost (euro)"), default=0)
    typical_duration_days = models.PositiveSmallIntegerField(_("typische duur (dagen)"), default=7)
    evidence_strength = models.PositiveSmallIntegerField(
        _("bewijskracht"),
        validators=ONE_TO_FIVE,
        help_text=_("1 = wat mensen zeggen, 5 = wat mensen echt doen, in het echt."),
    )
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("experimentmethode")
        verbose_name_plural = _("experimentmethoden")
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_strength__gte=1, evidence_strength__lte=5),
                name="method_evidence_strength_1_5",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExperimentQuerySet(models.QuerySet["Experiment"]):
    def completed(self) -> "ExperimentQuerySet":
        return self.filter(status=Experiment.Status.COMPLETED)


class Experiment(models.Model):
    """A test card: which hypothesis, how it is tested, what is measured and when the team
    is right; on completion the measured value and the number of data points give the
    result (`outcomes.experiment_result`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        RUNNING = "running", _("loopt")
        COMPLETED = "completed", _("afgerond")

    TRANSITIONS: dict[str, set[str]] = {
        Status.PLANNED: {Status.RUNNING},
        Status.RUNNING: {Status.COMPLETED},
        Status.COMPLETED: set(),
    }

    class Operator(models.TextChoices):
        GTE = "gte", _("minstens (≥)")
        GT = "gt", _("meer dan (>)")
        LTE = "lte", _("hoogstens (≤)")
        LT = "lt", _("minder dan (<)")
        EQ = "eq", _("precies (=)")

    class Result(models.TextChoices):
        VALIDATED = "validated", _("gevalideerd")
        INVALIDATED = "invalidated", _("ontkracht")
        INCONCLUSIVE = "inconclusive", _("onbeslist")

    class Rating(models.IntegerChoices):
        LOW = 1, _("laag")
        MEDIUM = 2, _("gemiddeld")
        HIGH = 3, _("hoog")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="experiments")
    hypothesis = models.ForeignKey(
        Hypothesis,
        verbose_name=_("hypothese"),
        on_delete=models.PROTECT,
        related_name="experiments",
    )
    method = models.ForeignKey(
        Method, verbose_name=_("methode"), on_delete=models.PROTECT, related_name="experiments"
    )
    phase = models.CharField(_("fase"), max_length=10, choices=Project.Phase.choices)
    title = models.CharField(_("titel"), max_length=200)
    test = models.TextField(_("om dat te verifiëren zullen we …"))
    metric = models.CharField(_("en meten we …"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    operator = models.CharField(
        _("we hebben gelijk als de waarde"), max_length=3, choices=Operator.choices
    )
    threshold = models.DecimalField(_("drempel"), max_digits=12, decimal_places=2)
    min_data_points = models.PositiveIntegerField(
        _("minimum aantal datapunten"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Met minder datapunten is het resultaat onbeslist."),
    )
    planned_start = models.DateField(_("geplande start"))
    planned_end = models.DateField(_("gepland einde"))
    cost_eur = models.DecimalField(_("kost (euro)"), max_digits=10, decimal_places=2, default=0)
    criticality = models.PositiveSmallIntegerField(
        _("kritiek"), choices=Rating.choices, default=Rating.MEDIUM
    )
    test_cost = models.PositiveSmallIntegerField(
        _("testkost"), choices=Rating.choices, default=Rating.MEDIUM
    )
    data_reliability = models.PositiveSmallIntegerField(
        _("betrouwbaarheid van de data"), choices=Rating.choices, default=Rating.MEDIUM
    )
    time_required = models.PositiveSmallIntegerField(
        _("benodigde tijd"), choices=Rating.choices, default=Rating.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    measured_value = models.DecimalField(
        _("gemeten waarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    data_points = models.PositiveIntegerField(_("aantal datapunten"), null=True, blank=True)
    result = models.CharField(
        _("resultaat"), max_length=12, choices=Result.choices, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("testkaart")
        verbose_name_plural = _("testkaarten")
        indexes = [models.Index(fields=["project", "phase", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="experiment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def criterion_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.get_operator_display()} {self.threshold.normalize():f}{unit}"


class Learning(models.Model):
    """A learning card. Completing an experiment writes one; stopping a project writes a
    closing one (without an experiment)."""

    class Decision(models.TextChoices):
        RETIRE = "retire", _("hypothese opbergen")
        PIVOT = "pivot", _("pivoteren")
        PERSEVERE = "persevere", _("doorzetten")
        KEEP_TESTING = "keep_testing", _("verder testen")
        # Only the closing learning card of a stopped project carries this one.
        STOP = "stop", _("het project stoppen")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="learnings")
    experiment = models.OneToOneField(
        Experiment, null=True, blank=True, on_delete=models.CASCADE, related_name="learning"
    )
    observation = models.TextField(_("we zagen dat …"))
    insight = models.TextField(_("daaruit leerden we dat …"))
    decision = models.CharField(_("beslissing"), max_length=12, choices=Decision.choices)
    actions = models.TextField(_("en daarom zullen we …"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("leerkaart")
        verbose_name_plural = _("leerkaarten")

    def __str__(self) -> str:
        return self.insight[:80]


class GateDecision(models.Model):
    """A decision at the end of a phase, with the experiments and learnings it rests on."""

    class Decision(models.TextChoices):
        ADVANCE = "advance", _("door naar de volgende fase")
        PERSEVERE = "persevere", _("doorzetten in deze fase")
        PIVOT = "pivot", _("pivoteren")
        STOP = "stop", _("stoppen")

    class PivotAspect(models.TextChoices):
        SEGMENT = "segment", _("doelgroep")
        VALUE_PROPOSITION = "value_proposition", _("waardepropositie")
        APPROACH = "approach", _("aanpak")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gate_decisions")
    phase = models.CharField(_("fase"), max_length=10, choices=Project.Phase.choices)
    decision = models.CharField(_("beslissing"), max_length=10, choices=Decision.choices)
    motivation = models.TextField(_("motivering"))
    pivot_aspects = models.JSONField(default=list, blank=True)
    pivot_description = models.TextField(_("wat er verandert"), blank=True)
    experiments = models.ManyToManyField(Experiment, blank=True, related_name="gate_decisions")
    learnings = models.ManyToManyField(Learning, blank=True, related_name="gate_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("beslismoment")
        verbose_name_plural = _("beslismomenten")

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.get_decision_display()}"

    def pivot_aspect_labels(self) -> list[Any]:
        labels = dict(self.PivotAspect.choices)
        return [labels[a] for a in self.pivot_aspects if a in labels]
