"""Participation forms, their questions, invitation codes, and the anonymous responses.

A form belongs to an owner through a generic relation (content type + object id): an
experiment today, a scaled service's survey later. Nothing here knows what the owner is;
`binding.py` is where experiments come in.
"""

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """The public link's key: 96 random bits, 16 URL-safe characters (short enough to type
    from a poster, far too many to guess)."""
    return secrets.token_urlsafe(12)


def _count(rows: models.QuerySet[Any]) -> Any:
    return Coalesce(
        Subquery(rows.order_by().values("form").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


class FormQuerySet(models.QuerySet["ParticipationForm"]):
    def owned_by(self, owner: models.Model) -> "FormQuerySet":
        return self.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)

    def with_counts(self) -> "FormQuerySet":
        """Each form with `response_count` and `question_count`, as subqueries (a join of
        both would multiply the rows)."""
        return self.annotate(
            response_count=_count(Response.objects.filter(form=OuterRef("pk"))),
            question_count=_count(Question.objects.filter(form=OuterRef("pk"))),
        )

    def past_retention(self, today: Any) -> "FormQuerySet":
        return self.filter(retention_until__lt=today)


class ParticipationForm(models.Model):
    """A form citizens answer through its public link, without an account."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in opmaak")
        OPEN = "open", _("open")
        CLOSED = "closed", _("gesloten")

    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
    }

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(
        _("inleiding"), blank=True, help_text=_("Waarom je het vraagt en hoe lang het duurt.")
    )
    consent_text = models.TextField(
        _("wat we bewaren"),
        help_text=_("Wat je bewaart, waarom, en tot wanneer. Dit staat boven het formulier."),
    )
    retention_until = models.DateField(
        _("bewaren tot"),
        help_text=_("Daarna worden de antwoorden gewist; de gemeten cijfers blijven."),
    )
    closes_at = models.DateTimeField(_("sluit op"), null=True, blank=True)
    max_responses = models.PositiveIntegerField(
        _("maximum aantal antwoorden"), null=True, blank=True
    )
    requires_invitation = models.BooleanField(
        _("alleen met uitnodigingscode"),
        default=False,
        help_text=_("Voor een vast panel: elke code werkt één keer."),
    )
    asks_email = models.BooleanField(
        _("vraagt een e-mailadres"),
        default=False,
        help_text=_(
            "Altijd vrijwillig, met een aparte toestemming en alleen voor het doel hieronder."
        ),
    )
    email_purpose = models.CharField(
        _("waarvoor het e-mailadres dient"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FormQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participatieformulier")
        verbose_name_plural = _("participatieformulieren")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(asks_email=False) | ~Q(email_purpose=""),
                name="participation_email_has_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def closed_by_date(self, now: datetime) -> bool:
        return self.closes_at is not None and now >= self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("één keuze")
        MULTIPLE = "multiple", _("meerdere keuzes")
        SCALE = "scale", _("schaal 1 tot 5")
        NPS = "nps", _("aanbevelingsscore 0 tot 10")
        YES_NO = "yes_no", _("ja of nee")
        NUMBER = "number", _("getal")
        SHORT_TEXT = "short_text", _("korte tekst")
        LONG_TEXT = "long_text", _("lange tekst")

    CHOICES = {Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO}
    NUMBERS = {Kind.SCALE, Kind.NPS, Kind.NUMBER}
    TEXTS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}
    # The answer a yes/no question stores; shown translated.
    YES, NO = "yes", "no"

    form = models.ForeignKey(ParticipationForm, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("soort vraag"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("vraag"), max_length=300)
    help_text = models.CharField(_("toelichting"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)
    options = models.JSONField(_("keuzes"), default=list, blank=True)
    min_value = models.DecimalField(
        _("kleinste getal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("grootste getal"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(stored value, label) of what can be chosen; numbers for scales."""
        if self.kind == self.Kind.YES_NO:
            return [(self.YES, str(_("ja"))), (self.NO, str(_("nee")))]
        if self.kind == self.Kind.SCALE:
            return [(str(n), str(n)) for n in range(1, 6)]
        if self.kind == self.Kind.NPS:
            return [(str(n), str(n)) for n in range(11)]
        return [(option, option) for option in self.options]


class InvitationCode(models.Model):
    """A single-use code for a closed panel. It is not linked to the response it opened, so
    a handed-out code does not name who answered what."""

    form = models.ForeignKey(ParticipationForm, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="participation_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One citizen's answers. Anonymous unless they gave an e-mail address with consent;
    the receipt code that lets them erase it is kept only as a hash."""

    form = models.ForeignKey(ParticipationForm, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now)
    receipt_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    email_consent = models.BooleanField(default=False)

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["form", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(email="") | Q(email_consent=True),
                name="participation_email_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id}/{self.pk}"


class Answer(models.Model):
    """One answer: `choice` for single choice and yes/no (one row per chosen option for
    multiple choice), `number` for scales, NPS and numbers, `text` for text. Typed columns
    let the bound metrics run as aggregates in the database."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["question", "number"]),
            models.Index(fields=["question", "choice"]),
        ]

    def __str__(self) -> str:
        return self.choice or self.text[:40] or str(self.number)
