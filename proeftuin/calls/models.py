import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import Theme
from proeftuin.organisations.models import Organisation


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> "CallQuerySet":
        return self.filter(published_at__isnull=False)

    def open(self, now: datetime | None = None) -> "CallQuerySet":
        """Accepting needs right now: published, not decided, opened, and not yet closed
        (a rolling call has no closing moment)."""
        now = now or timezone.now()
        return self.published().filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now),
            decided_at__isnull=True,
            opens_at__lte=now,
        )

    def upcoming(self, now: datetime | None = None) -> "CallQuerySet":
        return self.published().filter(decided_at__isnull=True, opens_at__gt=now or timezone.now())

    def closed(self, now: datetime | None = None) -> "CallQuerySet":
        return self.published().filter(
            decided_at__isnull=True, closes_at__lte=now or timezone.now()
        )

    def public(self) -> "CallQuerySet":
        return self.published().prefetch_related("themes")


class Call(models.Model):
    """A round that accepts needs between `opens_at` and `closes_at`, or a rolling call
    that stays open with review dates as cut-offs.

    The state follows from the dates and the coordinator's decisions (publish, decide), so a
    call whose closing moment has passed is closed everywhere at once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        UPCOMING = "upcoming", _("binnenkort open")
        OPEN = "open", _("open")
        CLOSED = "closed", _("gesloten")
        DECIDED = "decided", _("beslist")

    class Attachment(models.TextChoices):
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("afbeeldingen (JPEG, PNG)")
        OFFICE = "office", _("kantoordocumenten (Word, Excel, PowerPoint, OpenDocument)")

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("code"), max_length=220, unique=True)
    introduction = models.TextField(_("inleiding"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    opens_at = models.DateTimeField(_("opent op"))
    closes_at = models.DateTimeField(
        _("sluit op"), null=True, blank=True, help_text=_("Leeg voor een doorlopende oproep.")
    )
    is_rolling = models.BooleanField(_("doorlopende oproep"), default=False)
    max_projects = models.PositiveSmallIntegerField(
        _("maximaal aantal proefprojecten"),
        null=True,
        blank=True,
        help_text=_("Per ronde bij een doorlopende oproep."),
    )
    allowed_attachments = models.JSONField(_("toegelaten bijlagen"), default=list, blank=True)
    # The experimentation space the call opens, in euro cents; projects' budgets are set
    # against it (projects.budgets).
    budget_cents = models.PositiveBigIntegerField(_("budget"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    opening_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")

    def __str__(self) -> str:
        return self.title

    def status_at(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.decided_at:
            return self.Status.DECIDED
        if not self.published_at:
            return self.Status.DRAFT
        if now < self.opens_at:
            return self.Status.UPCOMING
        if self.closes_at and now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def is_open(self, now: datetime | None = None) -> bool:
        return self.status_at(now) == self.Status.OPEN

    def round_for(self, moment: datetime) -> "ReviewDate | None":
        """The round of a rolling call a need submitted at `moment` belongs to: the first
        review date at or after it (prefetched `review_dates` are used when present)."""
        return next((d for d in self.review_dates.all() if d.cutoff_at >= moment), None)


class ReviewDate(models.Model):
    """A cut-off of a rolling call: needs submitted before it form that round."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="review_dates")
    cutoff_at = models.DateTimeField(_("beoordelingsdatum"))

    class Meta:
        ordering = ["cutoff_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "cutoff_at"], name="one_cutoff_per_moment")
        ]
        verbose_name = _("beoordelingsdatum")
        verbose_name_plural = _("beoordelingsdata")

    def __str__(self) -> str:
        return f"{self.call}: {self.cutoff_at:%Y-%m-%d}"


class Criterion(models.Model):
    """A weighted review criterion of a call, with what a 1, 3 and 5 mean."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    weight = models.DecimalField(_("gewicht"), max_digits=5, decimal_places=2, default=1)
    meaning_1 = models.CharField(_("betekenis van 1"), max_length=300, blank=True)
    meaning_3 = models.CharField(_("betekenis van 3"), max_length=300, blank=True)
    meaning_5 = models.CharField(_("betekenis van 5"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class CallAlert(models.Model):
    """A person who wants an e-mail when a new call opens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_alert"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("oproepmelding")
        verbose_name_plural = _("oproepmeldingen")

    def __str__(self) -> str:
        return str(self.user)


class NeedQuerySet(models.QuerySet["Need"]):
    def with_board_data(self) -> "NeedQuerySet":
        return self.select_related("organisation", "call", "submitted_by").prefetch_related(
            "organisation__municipalities", "themes"
        )

    def challenges(self) -> "NeedQuerySet":
        """Published challenges the sector can see and support."""
        return self.filter(published_at__isnull=False).exclude(
            status__in=[Need.Status.DRAFT, Need.Status.WITHDRAWN, Need.Status.SUBMITTED]
        )

    def visible_to(self, user: Any) -> "NeedQuerySet":
        """Coordinators see every need; members see their organisations' needs and the
        published challenges; everyone else only the published challenges."""
        from proeftuin.core.permissions import is_coordinator

        if is_coordinator(user):
            return self
        if not user.is_authenticated:
            return self.challenges()
        own_orgs = Organisation.objects.of_member(user).values("pk")
        return self.filter(
            Q(organisation__in=own_orgs)
            | Q(co_submitters__organisation__in=own_orgs, co_submitters__confirmed_at__isnull=False)
            | Q(pk__in=self.model.objects.challenges().values("pk"))
        ).distinct()

    def with_support_counts(self) -> "NeedQuerySet":
        return self.annotate(
            support_count=Count(
                "supports", filter=Q(supports__withdrawn_at__isnull=True), distinct=True
            )
        )


class Need(models.Model):
    """A digital need submitted by an organisation (or several, for a joint need)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        SUBMITTED = "submitted", _("ingediend")
        WITHDRAWN = "withdrawn", _("ingetrokken")
        RETAINED = "retained", _("weerhouden")
        DECLINED = "declined", _("niet weerhouden")
        MERGED = "merged", _("samengevoegd")
        BACKLOG = "backlog", _("in de wachtrij")
        SELECTED = "selected", _("geselecteerd")

    # Exactly the transitions of DESIGN.md; `by` says who may take them.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Status.SUBMITTED: "submitter"},
        Status.SUBMITTED: {
            Status.DRAFT: "submitter",
            Status.WITHDRAWN: "submitter",
            Status.RETAINED: "coordinator",
            Status.DECLINED: "coordinator",
            Status.MERGED: "coordinator",
            Status.BACKLOG: "coordinator",
        },
        Status.RETAINED: {
            Status.SELECTED: "coordinator",
            Status.DECLINED: "coordinator",
            Status.BACKLOG: "coordinator",
            Status.MERGED: "coordinator",
        },
        Status.BACKLOG: {Status.RETAINED: "coordinator"},
    }

    call = models.ForeignKey(
        Call,
        verbose_name=_("oproep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("Leeg: een idee in de ideeënbus, nog buiten een oproep."),
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="needs"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("indiener"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(_("titel"), max_length=200)
    problem = models.TextField(
        _("probleem of kans"),
        blank=True,
        help_text=_("Beschrijf het probleem of de kans, niet de oplossing."),
    )
    target_groups = models.TextField(_("wie heeft ermee te maken?"), blank=True)
    current_handling = models.TextField(_("hoe gaat het vandaag?"), blank=True)
    citizen_value = models.TextField(_("welke waarde voor de burger?"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True, db_index=True)
    review_round = models.ForeignKey(
        ReviewDate, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs"
    )
    decision_motivation = models.TextField(_("motivering"), blank=True)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_needs"
    )
    published_at = models.DateTimeField(
        _("gepubliceerd als uitdaging op"), null=True, blank=True, db_index=True
    )
    client_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NeedQuerySet.as_manager()

    # Active supports; set by `with_support_counts()` (a page) or the queryset's annotation.
    support_count: int

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["call", "status"])]
        verbose_name = _("digitale nood")
        verbose_name_plural = _("digitale noden")

    def __str__(self) -> str:
        return self.title

    @property
    def is_challenge(self) -> bool:
        return self.published_at is not None


class CoSubmitter(models.Model):
    """Another organisation invited to a joint need; a member of it confirms."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="co_submitters")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"], name="one_invite_per_organisation"
            )
        ]
        verbose_name = _("mede-indiener")
        verbose_name_plural = _("mede-indieners")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.need}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"needs/{instance.need_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("naam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class SupportQuerySet(models.QuerySet["Support"]):
    def active(self) -> "SupportQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Support(models.Model):
    """Another organisation's "wij hebben deze nood ook" on a published challenge."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supports"
    )
    comment = models.TextField(_("toelichting"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_support_per_organisation",
            )
        ]
        ordering = ["-created_at"]
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.need}"


def import_path(instance: "NeedImport", filename: str) -> str:
    return f"imports/{uuid.uuid4().hex}/{filename}"


class NeedImport(models.Model):
    """A spreadsheet of needs from earlier calls, validated line by line before anything
    is saved, then imported by a task (with progress)."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("wordt gecontroleerd")
        VALIDATED = "validated", _("gecontroleerd")
        IMPORTING = "importing", _("wordt geïmporteerd")
        DONE = "done", _("geïmporteerd")
        FAILED = "failed", _("mislukt")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(_("bestand"), upload_to=import_path, max_length=300)
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import van noden")
        verbose_name_plural = _("imports van noden")

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class NeedImportRow(models.Model):
    batch = models.ForeignKey(NeedImport, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    skip = models.BooleanField(default=False)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["line"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"


def with_support_counts(needs: Iterable[Need]) -> list[Need]:
    """The needs of one page, each with `support_count` (active supports), in one grouped
    query. Annotating the whole list before paging would aggregate every support of every
    challenge on each page view."""
    needs = list(needs)
    counts = dict(
        Support.objects.active()
        .filter(need__in=needs)
        .values("need")
        .annotate(n=Count("pk"))
        .values_list("need", "n")
    )
    for need in needs:
        need.support_count = counts.get(need.pk, 0)
    return needs


# The shared-need matcher's models belong to this app (see matching/models.py).
from .matching.models import (  # noqa: E402
    ClusterJudgement,
    MatchDocument,
    MatchFeature,
    MatchPosting,
    MatchState,
    NeedCluster,
    NeedSimilarity,
    ThesaurusConcept,
)

__all__ = [
    "Attachment",
    "Call",
    "CallAlert",
    "ClusterJudgement",
    "CoSubmitter",
    "Criterion",
    "MatchDocument",
    "MatchFeature",
    "MatchPosting",
    "MatchState",
    "Need",
    "NeedCluster",
    "NeedImport",
    "NeedImportRow",
    "NeedSimilarity",
    "ReviewDate",
    "Support",
    "ThesaurusConcept",
    "with_support_counts",
]
