import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Need
from proeftuin.organisations.models import Municipality, Organisation


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> "ProjectQuerySet":
        """Coordinators see every project; a team member sees their projects."""
        from proeftuin.core.permissions import is_coordinator

        if is_coordinator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(team__user=user, team__accepted_at__isnull=False).distinct()

    def published(self) -> "ProjectQuerySet":
        """Projects with at least one section a coordinator approved for the public."""
        return self.filter(published_at__isnull=False)

    def awaiting_approval(self) -> "ProjectQuerySet":
        """Projects whose team asked for other sections than those public now (the database
        side of `Project.awaits_approval`; both lists are kept in `Section` order)."""
        return self.filter(publication_requested_at__isnull=False).exclude(
            requested_sections=F("public_sections")
        )

    def running(self) -> "ProjectQuerySet":
        return self.filter(outcome="")

    def gate_due(self) -> "ProjectQuerySet":
        """Running projects with an experiment of their current phase completed after their
        last gate decision: the projectleider has a decision to make."""
        from .lean import Experiment, GateDecision

        gates = GateDecision.objects.filter(project=OuterRef(OuterRef("pk")))
        last_gate = gates.order_by("-decided_at").values("decided_at")[:1]
        completed = Experiment.objects.filter(
            project=OuterRef("pk"), phase=OuterRef("phase"), status="completed"
        ).filter(Q(completed_at__gt=Subquery(last_gate)) | ~Exists(gates))
        return self.running().filter(Exists(completed))


class Project(models.Model):
    """A selected need being realised, the lean way, by its team and test sites."""

    class Phase(models.TextChoices):
        EXPLORE = "verkennen", _("verkennen")
        VALIDATE = "valideren", _("valideren")
        PILOT = "piloteren", _("piloteren")
        EVALUATE = "evalueren", _("evalueren")

    class Outcome(models.TextChoices):
        RUNNING = "", _("loopt")
        STOPPED = "gestopt", _("gestopt")
        CONTINUED_LOCALLY = "lokaal_verdergezet", _("lokaal verdergezet")
        SCALED = "opgeschaald", _("opgeschaald")

    class Section(models.TextChoices):
        """What a team may make public (a coordinator approves before it appears)."""

        SUMMARY = "summary", _("samenvatting, vraag en doelgroepen")
        EXPERIMENTS = "experiments", _("experimenten en hun resultaten")
        LEARNINGS = "learnings", _("leerkaarten en beslismomenten")
        CANVASES = "canvases", _("canvassen")
        TEAM = "team", _("namen van teamleden die toestemden")

    PHASE_ORDER = [Phase.EXPLORE, Phase.VALIDATE, Phase.PILOT, Phase.EVALUATE]

    need = models.OneToOneField(
        Need, verbose_name=_("nood"), on_delete=models.PROTECT, related_name="project"
    )
    title = models.CharField(_("titel"), max_length=200)
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices, default=Phase.EXPLORE)
    question = models.TextField(
        _("onderzoeksvraag"), blank=True, help_text=_("Wat wil het project te weten komen?")
    )
    target_groups = models.TextField(
        _("doelgroepen"), blank=True, help_text=_("Voor welke burgers doen we dit?")
    )
    summary = models.TextField(
        _("samenvatting"), blank=True, help_text=_("In een paar zinnen, voor de hele sector.")
    )
    next_steps = models.TextField(_("volgende stappen"), blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING, blank=True
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Publishing: the team asks for `requested_sections`; a coordinator's approval copies
    # them to `public_sections`, which is all the public page ever reads. `published_at` is
    # set exactly while `public_sections` is not empty.
    requested_sections = models.JSONField(default=list, blank=True)
    publication_requested_at = models.DateTimeField(null=True, blank=True)
    public_sections = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proefproject")
        verbose_name_plural = _("proefprojecten")

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.outcome == self.Outcome.RUNNING

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def awaits_approval(self) -> bool:
        """The team asked for something other than what is public now."""
        return self.publication_requested_at is not None and sorted(
            self.requested_sections
        ) != sorted(self.public_sections)

    def shows(self, section: str) -> bool:
        """Whether the public page shows this section."""
        return self.is_published and section in self.public_sections

    @property
    def needs(self) -> list[Need]:
        """The need it came from and the needs merged into that one."""
        return [self.need, *self.need.merged_needs.all()]


def invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Membership(models.Model):
    """A person's role in a project's team. Someone without an account is invited by e-mail
    and joins when they accept (`user` is set then)."""

    class Role(models.TextChoices):
        LOCAL_SUBMITTER = "lokale_indiener", _("lokale indiener")
        INTERNAL_EXPERT = "interne_expert", _("interne expert")
        EXTERNAL_EXPERT = "externe_expert", _("externe expert")
        PROJECT_LEADER = "projectleider", _("projectleider")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    name_public = models.BooleanField(
        _("mijn naam mag op de publieke projectpagina"),
        default=False,
        help_text=_("Alleen jij kiest dit; zonder je toestemming blijft je naam binnen het team."),
    )
    # What an expert commits to, so the pool can show everyone's load: hours each month
    # from `starts_on` (empty: since joining) until `ends_on` (empty: open ended).
    hours_per_month = models.PositiveSmallIntegerField(_("uren per maand"), default=0)
    starts_on = models.DateField(_("vanaf"), null=True, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user", "role"],
                condition=Q(user__isnull=False),
                name="one_role_per_person_per_project",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="projectleider"),
                name="one_project_leader",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="membership_period_in_order",
            ),
        ]
        ordering = ["role", "pk"]
        verbose_name = _("teamlid")
        verbose_name_plural = _("projectteam")

    def __str__(self) -> str:
        return f"{self.user or self.email}: {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None


def agreement_path(instance: "TestSite", filename: str) -> str:
    return f"projects/{instance.project_id}/agreements/{uuid.uuid4().hex}/{filename}"


class TestSite(models.Model):
    """A municipality that commits to test the project, with its signed cooperation
    agreement (samenwerkingsovereenkomst)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="test_sites")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreement = models.FileField(
        _("samenwerkingsovereenkomst"), upload_to=agreement_path, max_length=300
    )
    agreement_name = models.CharField(max_length=200)
    committed_on = models.DateField(_("engagement sinds"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"], name="one_test_site_per_municipality"
            )
        ]
        ordering = ["committed_on"]
        verbose_name = _("proeftuin (testlocatie)")
        verbose_name_plural = _("proeftuinen (testlocaties)")

    def __str__(self) -> str:
        return f"{self.municipality} → {self.project}"
