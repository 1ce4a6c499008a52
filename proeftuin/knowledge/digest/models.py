"""The e-mail digest: subscribers (double opt-in), editions and who received which."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import OutboxMessage, Theme


class DigestSettings(models.Model):
    """One row: how often an edition is prepared. Coordinators change it on the digest's
    management page."""

    period_days = models.PositiveSmallIntegerField(
        _("om de hoeveel dagen"),
        default=14,
        help_text=_("Een nieuwe editie wordt klaargezet wanneer zoveel dagen voorbij zijn."),
    )

    class Meta:
        verbose_name = _("instellingen van de nieuwsbrief")

    def __str__(self) -> str:
        return str(_("Instellingen van de nieuwsbrief"))

    @classmethod
    def current(cls) -> "DigestSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class Subscriber(models.Model):
    """An e-mail address that asked for the digest. It receives nothing until the address
    confirmed (`confirmed_at`); unsubscribing deletes the row."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    # Empty: every theme.
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    # Signed into the confirmation and unsubscribe links; not guessable from the address.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")

    def __str__(self) -> str:
        return self.email


class Edition(models.Model):
    """What was published between `since` and `until`, prepared by the scheduler, previewed
    by a coordinator and then sent."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("klaar om na te lezen")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")

    since = models.DateTimeField(_("sinds"))
    until = models.DateTimeField(_("tot"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARED
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-until", "-pk"]
        verbose_name = _("editie")
        verbose_name_plural = _("edities")

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d} / {self.until:%Y-%m-%d}"


class DigestDelivery(models.Model):
    """A subscriber's copy of an edition, claimed before its mail is queued: the unique
    constraint lets a retried task skip whoever already has theirs."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="digest_delivery_once_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} → {self.subscriber_id}"
