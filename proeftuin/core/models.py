from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import lookups  # noqa: F401 - registers the integer `__in` lookup


class Theme(models.Model):
    """The shared vocabulary that needs, projects, experts and articles are tagged with."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class ActivityLogQuerySet(models.QuerySet["ActivityLog"]):
    def for_object(self, obj: models.Model) -> "ActivityLogQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")


class ActivityLog(models.Model):
    """Who did what to which object, with old and new values.

    `action` is a stable code per kind of change (`need.submitted`), so figures and
    timelines can be computed from it long after the interface text has changed.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("actie"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteitenlog")

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id}"


class OutboxMessage(models.Model):
    """One e-mail to one recipient.

    A row is claimed (status `sending`) before it is sent and marked `sent` after, so a task
    that is retried or runs twice never sends the same row again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("te verzenden")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    recipient = models.EmailField(_("ontvanger"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    subject = models.CharField(_("onderwerp"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("taal"), max_length=10)
    kind = models.CharField(_("soort"), max_length=64, blank=True)
    # Extra headers for this message, e.g. a mailing list's List-Unsubscribe.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class ScheduledJob(models.Model):
    """The last period in which a periodic job ran: one row per job.

    A scheduler claims a period with a conditional UPDATE, so however many schedulers run,
    only one of them starts the job in a given period.
    """

    name = models.CharField(max_length=100, unique=True)
    last_period = models.BigIntegerField(default=-1)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("periodieke taak")
        verbose_name_plural = _("periodieke taken")

    def __str__(self) -> str:
        return self.name


class Heartbeat(models.Model):
    """When a background process last showed it was alive: one row per kind of process.

    The task worker writes "worker" each minute (the `core.worker_heartbeat` job), so
    `/health` can tell a worker that stopped from a quiet one. Each worker process also
    writes "worker:<its id>" every few seconds (see `core.workers`), so the tasks a killed
    worker was running can be told from those of a busy one.
    """

    # "worker:" and a worker id of up to 64 characters.
    name = models.CharField(max_length=80, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("levensteken")
        verbose_name_plural = _("levenstekens")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class NotificationPreference(models.Model):
    class Channel(models.TextChoices):
        IMMEDIATE = "immediate", _("meteen per e-mail")
        DAILY = "daily", _("in een dagelijks overzicht")
        OFF = "off", _("niet")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("soort"), max_length=64)
    channel = models.CharField(_("hoe"), max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class Notification(models.Model):
    """A notification for one person; daily ones wait here for the summary."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=NotificationPreference.Channel.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    summarised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["channel", "summarised_at"])]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return self.title

    def as_export(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "created_at": self.created_at.isoformat(),
        }


class Follow(models.Model):
    """A member follows a public object (a challenge, a project, a service) to be told when
    it moves. Generic, so the apps that own those objects only register them with
    `core.follows` and never know about each other."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class SearchDocument(models.Model):
    """One published object as the full-text search sees it (`core.search`).

    The database's own index sits beside this table (an FTS5 table on SQLite, a generated
    `tsvector` column with a GIN index on PostgreSQL): see the migration `0004_search`.
    `themes` holds the theme codes between spaces (" erfgoed lezen "), so a theme filter is
    a portable `LIKE`."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    themes = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_document_kind_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
