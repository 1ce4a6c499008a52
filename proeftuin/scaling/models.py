"""Scale evaluation (DESIGN.md, "Scale readiness"), the services that come of it and their
adoptions by municipalities."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Need
from proeftuin.core.models import OutboxMessage
from proeftuin.organisations.models import Municipality, Organisation
from proeftuin.participation.models import ParticipationForm
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


class EndReason(models.TextChoices):
    """Why a municipality stops using a service."""

    TOO_EXPENSIVE = "cost", _("te duur")
    LITTLE_USED = "little_used", _("te weinig gebruikt")
    OWN_SOLUTION = "own_solution", _("eigen of andere oplossing")
    MISSING = "missing", _("mist wat de gemeente nodig heeft")
    TOO_MUCH_WORK = "work", _("te veel werk voor de eigen diensten")
    REORGANISED = "reorganised", _("fusie of herschikking van diensten")
    OTHER = "other", _("andere reden")


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
    # Why it ended: asked when it ends, counted on the service page.
    end_reason = models.CharField(
        _("reden van het einde"), max_length=15, choices=EndReason.choices, blank=True
    )
    end_explanation = models.TextField(_("toelichting bij het einde"), blank=True)
    # The contact turned the e-mails about new releases off (one click in such a mail).
    release_mails = models.BooleanField(_("e-mails over nieuwe versies"), default=True)

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


# Continuous service design: feedback, surveys, releases and new needs ------------------


class ServiceRequest(models.Model):
    """A request or a problem raised in feedback about a service. Other municipalities back
    it from their own feedback ("wij vragen dit ook"); the most frequent are those backed by
    the most municipalities."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("verzoek")
        PROBLEM = "problem", _("probleem")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("soort"), max_length=7, choices=Kind.choices)
    text = models.CharField(_("verzoek of probleem"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verzoek over een dienst")
        verbose_name_plural = _("verzoeken over een dienst")

    def __str__(self) -> str:
        return self.text


class Feedback(models.Model):
    """What an adopting municipality says about a service, any time while it uses it."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="feedback")
    # The organisation (in the adoption's municipality) the member spoke for: a request
    # turned into a need becomes its draft.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("tevredenheid"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    works = models.TextField(_("wat werkt"), blank=True)
    fails = models.TextField(_("wat niet werkt"), blank=True)
    requests = models.ManyToManyField(
        ServiceRequest, verbose_name=_("verzoeken"), related_name="feedback", blank=True
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["adoption", "given_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="feedback_satisfaction_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adoption} · {self.satisfaction}"


class ServiceSurvey(models.Model):
    """The satisfaction survey of a service for one period: a participation form owned by
    the service, its answers anonymous, one invitation code per adoption."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="surveys")
    period = models.CharField(_("periode"), max_length=7)
    form = models.OneToOneField(
        ParticipationForm, on_delete=models.CASCADE, related_name="service_survey"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["service", "period"], name="one_survey_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.period}"


class SurveyDispatch(models.Model):
    """The claim that a period's survey went to an adoption's contact: the unique constraint
    lets a retried job send it only once."""

    survey = models.ForeignKey(ServiceSurvey, on_delete=models.CASCADE, related_name="dispatches")
    adoption = models.ForeignKey(
        Adoption, on_delete=models.CASCADE, related_name="survey_dispatches"
    )
    period = models.CharField(max_length=7)
    message = models.ForeignKey(
        OutboxMessage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "period"], name="one_survey_per_adoption_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adoption} · {self.period}"


class Release(models.Model):
    """A new version of a service, on its public changelog: a date and notes in plain Dutch
    (Markdown)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="releases")
    title = models.CharField(_("titel"), max_length=200)
    notes = models.TextField(_("wat er verandert"))
    released_on = models.DateField(_("datum"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-released_on", "-pk"]
        verbose_name = _("nieuwe versie")
        verbose_name_plural = _("nieuwe versies")

    def __str__(self) -> str:
        return f"{self.service} · {self.title}"


class ReleaseMail(models.Model):
    """The claim that a release's e-mail went to an adoption's contact, once even if the
    task is retried."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="mails")
    adoption = models.ForeignKey(
        Adoption, on_delete=models.CASCADE, related_name="release_mails_sent"
    )
    message = models.ForeignKey(
        OutboxMessage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "adoption"], name="one_release_mail_per_adoption"
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} · {self.adoption}"


class ServiceNeed(models.Model):
    """A need in a call that a coordinator drew from a request about a service. The link to
    the service and to the municipalities that raised it lives here: calls never imports
    scaling."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="service_origin")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="needs")
    request = models.ForeignKey(
        ServiceRequest, null=True, on_delete=models.SET_NULL, related_name="needs"
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten die erom vroegen"), related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nood uit een dienst")
        verbose_name_plural = _("noden uit een dienst")

    def __str__(self) -> str:
        return f"{self.service} → {self.need}"
