"""Scale evaluation (DESIGN.md, "Scale readiness"), the services that come of it and their
adoptions by municipalities."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Project


class ScaleCriterion(models.Model):
    """A criterion of the scorecard; coordinators maintain the list and its weights."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    description = models.TextField(_("toelichting"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("gewicht"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("schaalcriterium")
        verbose_name_plural = _("schaalcriteria")

    def __str__(self) -> str:
        return self.name


class ScaleEvaluation(models.Model):
    """The scale evaluation of a project in phase "evalueren": draft → decided."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        DECIDED = "decided", _("beslist")

    class Decision(models.TextChoices):
        SCALE_UP = "opschalen", _("opschalen")
        CONTINUE_LOCALLY = "lokaal", _("lokaal verderzetten")
        STOP = "stoppen", _("stoppen")
        NOT_YET = "nog_niet", _("nog niet")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="scale_evaluation"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decision = models.CharField(
        _("beslissing"), max_length=10, choices=Decision.choices, blank=True
    )
    motivation = models.TextField(_("motivering"), blank=True)
    # A coordinator's written reason to scale up without the evidence the rule asks for.
    override_motivation = models.TextField(_("motivering van de uitzondering"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        "Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("schaalbaarheidsevaluatie")
        verbose_name_plural = _("schaalbaarheidsevaluaties")

    def __str__(self) -> str:
        return str(self.project)

    @property
    def weighted_score(self) -> Decimal | None:
        """The weighted mean of the scores (1 to 5), or None before any score."""
        scores = list(self.scores.all())
        total = sum(s.weight for s in scores)
        if not total:
            return None
        mean = Decimal(sum(s.score * s.weight for s in scores)) / total
        return mean.quantize(Decimal("0.01"))


class ScaleScore(models.Model):
    evaluation = models.ForeignKey(ScaleEvaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScaleCriterion, on_delete=models.PROTECT, related_name="+")
    # The criterion's weight when scored: a later change of the defaults leaves it as it was.
    weight = models.PositiveSmallIntegerField(_("gewicht"))
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    motivation = models.TextField(_("motivering"))

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="one_scale_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="scale_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ServiceQuerySet(models.QuerySet["Service"]):
    def public(self) -> "ServiceQuerySet":
        return self.exclude(state=Service.State.RETIRED)


class Service(models.Model):
    """A supra-local service born from one or more projects: in development → available →
    retired."""

    class State(models.TextChoices):
        IN_DEVELOPMENT = "in_development", _("in ontwikkeling")
        AVAILABLE = "available", _("beschikbaar")
        RETIRED = "retired", _("stopgezet")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(_("samenvatting"))
    offer = models.TextField(_("wat een gemeente krijgt"))
    conditions = models.TextField(_("voorwaarden en kost"))
    how_to_start = models.TextField(_("hoe starten"))
    contact_email = models.EmailField(_("functioneel contactadres"))
    projects = models.ManyToManyField(
        Project, verbose_name=_("projecten"), related_name="services", blank=True
    )
    state = models.CharField(
        _("stand"), max_length=15, choices=State.choices, default=State.IN_DEVELOPMENT
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    """A municipality's take-up of a service: interested → requested → active → ended. One
    at a time per municipality and service; an ended one stays as history."""

    class State(models.TextChoices):
        INTERESTED = "interested", _("geïnteresseerd")
        REQUESTED = "requested", _("aangevraagd")
        ACTIVE = "active", _("actief")
        ENDED = "ended", _("beëindigd")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="adoptions")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="adoptions"
    )
    state = models.CharField(_("stand"), max_length=10, choices=State.choices)
    # The municipality's contact person: never public.
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mailadres van de contactpersoon"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    interested_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("afname")
        verbose_name_plural = _("afnames")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "municipality"],
                condition=~Q(state="ended"),
                name="one_current_adoption_per_municipality",
            )
        ]
        indexes = [models.Index(fields=["service", "state"])]

    def __str__(self) -> str:
        return f"{self.service} · {self.municipality}"


class AdoptionEvent(models.Model):
    """One step in an adoption's history."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("stand"), max_length=10, choices=Adoption.State.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.adoption} · {self.state}"
