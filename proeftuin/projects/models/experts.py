"""The expert pool: the people, internal and external, who bring expertise and time to
projects. What they worked on is never typed: it follows from their team memberships, and
so does their load (see `proeftuin.projects.experts`)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import ThesaurusConcept
from proeftuin.core.models import Theme


class ExpertProfile(models.Model):
    """One person's profile in the pool: what they know (the themes and thesaurus concepts
    needs are described with), for how many hours a month they are available and, for an
    external expert, what a day costs."""

    class Kind(models.TextChoices):
        INTERNAL = "intern", _("interne expert")
        EXTERNAL = "extern", _("externe expert")

    class Language(models.TextChoices):
        DUTCH = "nl", _("Nederlands")
        FRENCH = "fr", _("Frans")
        ENGLISH = "en", _("Engels")
        GERMAN = "de", _("Duits")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    organisation = models.CharField(
        _("organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Waar de expert werkt: de eigen dienst, een bureau, een universiteit, …"),
    )
    summary = models.TextField(_("expertise in een paar zinnen"), blank=True, max_length=2000)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="experts"
    )
    concepts = models.ManyToManyField(
        ThesaurusConcept,
        verbose_name=_("begrippen uit de thesaurus"),
        blank=True,
        related_name="experts",
    )
    # The language codes between spaces (" nl en "), so a filter is one `contains`
    # whatever the database (SQLite has no array or JSON containment).
    languages = models.CharField(_("talen"), max_length=40, default=" nl ")
    hours_per_month = models.PositiveSmallIntegerField(
        _("beschikbaar (uren per maand)"), validators=[MaxValueValidator(200)]
    )
    day_rate_cents = models.PositiveIntegerField(
        _("dagprijs (eurocent, excl. btw)"),
        null=True,
        blank=True,
        help_text=_("Alleen voor externe experts."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="extern") | models.Q(day_rate_cents__isnull=True),
                name="day_rate_only_for_external_experts",
            )
        ]
        ordering = ["user__name", "pk"]
        verbose_name = _("expertprofiel")
        verbose_name_plural = _("expertenpool")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def get_languages_display(self) -> str:
        labels = dict(self.Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.language_codes)

    @property
    def day_rate_euro(self) -> Decimal | None:
        cents = self.day_rate_cents
        return Decimal(cents) / 100 if cents is not None else None

    @property
    def is_external(self) -> bool:
        return self.kind == self.Kind.EXTERNAL
