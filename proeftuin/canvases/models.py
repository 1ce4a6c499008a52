"""Value proposition canvases and value stream maps of a project, and their history."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.projects.models import Hypothesis, Project

from . import compute


class ValueProposition(models.Model):
    """A value proposition canvas for one customer segment of a project: the customer
    profile (jobs, pains, gains) and the value map (products and services, pain relievers,
    gain creators)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="canvases")
    segment = models.CharField(
        _("klantsegment"),
        max_length=200,
        help_text=_("Voor wie is dit canvas? Bijvoorbeeld: ouders met jonge kinderen."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("waardepropositiecanvas")
        verbose_name_plural = _("waardepropositiecanvassen")
        constraints = [
            models.UniqueConstraint(
                Lower("segment"), "project", name="one_canvas_per_segment_per_project"
            )
        ]

    def __str__(self) -> str:
        return self.segment


class CanvasItem(models.Model):
    """One item of a canvas. Within its kind, `rank` orders the items by importance (1 is
    the most important). A pain reliever addresses pains and a gain creator gains of the
    same canvas; any item can point at the hypotheses that say it is an assumption."""

    class Kind(models.TextChoices):
        JOB = "job", _("taak")
        PAIN = "pain", _("pijn")
        GAIN = "gain", _("winst")
        PRODUCT_SERVICE = "product_service", _("product of dienst")
        PAIN_RELIEVER = "pain_reliever", _("pijnverzachter")
        GAIN_CREATOR = "gain_creator", _("winstmaker")

    class JobType(models.TextChoices):
        FUNCTIONAL = "functional", _("functioneel")
        SOCIAL = "social", _("sociaal")
        EMOTIONAL = "emotional", _("emotioneel")

    PROFILE = (Kind.JOB, Kind.PAIN, Kind.GAIN)
    VALUE_MAP = (Kind.PRODUCT_SERVICE, Kind.PAIN_RELIEVER, Kind.GAIN_CREATOR)

    canvas = models.ForeignKey(ValueProposition, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    job_type = models.CharField(_("soort taak"), max_length=10, choices=JobType.choices, blank=True)
    text = models.CharField(_("tekst"), max_length=300)
    rank = models.PositiveSmallIntegerField(_("plaats"), default=1)
    addresses = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="addressed_by"
    )
    hypotheses = models.ManyToManyField(
        Hypothesis, blank=True, related_name="canvas_items", verbose_name=_("hypothesen")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("canvaselement")
        verbose_name_plural = _("canvaselementen")
        indexes = [models.Index(fields=["canvas", "kind", "rank"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="job", job_type__in=["functional", "social", "emotional"])
                | (~Q(kind="job") & Q(job_type="")),
                name="canvas_item_job_type_for_jobs_only",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def addresses_kind(self) -> str | None:
        """The kind of item this one may address: pains for a reliever, gains for a
        creator, nothing for the others."""
        return compute.ADDRESSES.get(self.kind)


class ValueStream(models.Model):
    """A value stream map of one process, in its current or a future state. A future state
    refers to the current state it improves on."""

    class State(models.TextChoices):
        CURRENT = "current", _("huidige toestand")
        FUTURE = "future", _("toekomstige toestand")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="value_streams")
    name = models.CharField(
        _("naam"),
        max_length=200,
        help_text=_("Welk proces? Bijvoorbeeld: een aanvraag voor boeken aan huis."),
    )
    state = models.CharField(_("toestand"), max_length=7, choices=State.choices)
    current = models.ForeignKey(
        "self",
        verbose_name=_("huidige toestand"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="futures",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waardestroomkaart")
        verbose_name_plural = _("waardestroomkaarten")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="current", current__isnull=True)
                | Q(state="future", current__isnull=False),
                name="value_stream_future_refers_to_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    @property
    def is_future(self) -> bool:
        return self.state == self.State.FUTURE


class Step(models.Model):
    """One step of a value stream, in order. Times are entered with a unit and kept in
    working minutes as well (see `compute.MINUTES_PER_UNIT`: a day is 8 hours, a week 5
    days), so that the figures add them up."""

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("minuten")
        HOURS = "hours", _("uren")
        DAYS = "days", _("werkdagen")
        WEEKS = "weeks", _("werkweken")

    class Classification(models.TextChoices):
        VALUE_ADDING = "value_adding", _("waardetoevoegend")
        NECESSARY_NVA = "necessary_nva", _("noodzakelijk, niet waardetoevoegend")
        WASTE = "waste", _("verspilling")

    class Waste(models.TextChoices):
        TRANSPORT = "transport", _("transport")
        INVENTORY = "inventory", _("voorraad")
        MOTION = "motion", _("beweging")
        WAITING = "waiting", _("wachten")
        OVERPRODUCTION = "overproduction", _("overproductie")
        OVERPROCESSING = "overprocessing", _("overbewerking")
        DEFECTS = "defects", _("fouten")
        UNUSED_SKILLS = "unused_skills", _("onbenut talent")

    stream = models.ForeignKey(ValueStream, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("stap"), max_length=200)
    actor = models.CharField(_("wie"), max_length=200, blank=True)
    process_time = models.DecimalField(
        _("bewerkingstijd"), max_digits=8, decimal_places=2, default=0
    )
    process_unit = models.CharField(
        _("eenheid bewerkingstijd"), max_length=7, choices=Unit.choices, default=Unit.MINUTES
    )
    process_minutes = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, editable=False
    )
    waiting_time = models.DecimalField(_("wachttijd"), max_digits=8, decimal_places=2, default=0)
    waiting_unit = models.CharField(
        _("eenheid wachttijd"), max_length=7, choices=Unit.choices, default=Unit.MINUTES
    )
    waiting_minutes = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, editable=False
    )
    pct_complete_accurate = models.PositiveSmallIntegerField(
        _("%C&A"),
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Welk deel van wat deze stap aflevert, kan de volgende stap zo gebruiken?"),
    )
    classification = models.CharField(
        _("soort stap"),
        max_length=13,
        choices=Classification.choices,
        default=Classification.NECESSARY_NVA,
    )
    wastes = models.JSONField(_("verspillingen"), default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        constraints = [
            models.CheckConstraint(
                condition=Q(process_time__gte=0, waiting_time__gte=0),
                name="step_times_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(pct_complete_accurate__lte=100), name="step_pca_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def waste_labels(self) -> list[Any]:
        labels = dict(self.Waste.choices)
        return [labels[w] for w in compute.WASTES if w in self.wastes]


class SnapshotQuerySet(models.QuerySet["Snapshot"]):
    def at(self, moment: datetime) -> "Snapshot | None":
        """How it looked at `moment`: the latest snapshot taken at or before it."""
        return self.filter(taken_at__lte=moment).order_by("-taken_at", "-pk").first()


class Snapshot(models.Model):
    """The whole canvas or stream as it was at `taken_at`, written on every save. Rapid
    autosaves by one person are folded into one snapshot per few minutes (the row's window
    starts at `started_at`); a version the team saves on purpose carries a label and is
    never folded into."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    canvas = models.ForeignKey(
        ValueProposition, null=True, blank=True, on_delete=models.CASCADE, related_name="snapshots"
    )
    stream = models.ForeignKey(
        ValueStream, null=True, blank=True, on_delete=models.CASCADE, related_name="snapshots"
    )
    data = models.JSONField()
    label = models.CharField(_("naam van de versie"), max_length=200, blank=True)
    saved_on_purpose = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    taken_at = models.DateTimeField(default=timezone.now)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        indexes = [
            models.Index(fields=["canvas", "taken_at"]),
            models.Index(fields=["stream", "taken_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(canvas__isnull=False, stream__isnull=True)
                | Q(canvas__isnull=True, stream__isnull=False),
                name="snapshot_of_canvas_or_stream",
            )
        ]

    def __str__(self) -> str:
        return f"{self.canvas or self.stream} @ {self.taken_at:%Y-%m-%d %H:%M}"
