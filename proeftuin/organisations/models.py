from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def flemish(self) -> "MunicipalityQuerySet":
        return self.filter(region=Municipality.Region.FLANDERS)

    def brussels(self) -> "MunicipalityQuerySet":
        return self.filter(region=Municipality.Region.BRUSSELS)


class Municipality(models.Model):
    """One of the 285 Flemish or 19 Brussels municipalities (Statbel REFNIS 2025)."""

    class Region(models.TextChoices):
        FLANDERS = "flanders", _("Vlaanderen")
        BRUSSELS = "brussels", _("Brussel")

    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=40, db_index=True)
    region = models.CharField(_("gewest"), max_length=10, choices=Region.choices)
    postal_codes = models.CharField(_("postcodes"), max_length=200, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def with_municipalities(self) -> "OrganisationQuerySet":
        return self.prefetch_related("municipalities")

    def search(self, text: str) -> "OrganisationQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(municipalities__name__icontains=text)
        ).distinct()

    def of_member(self, user: Any) -> "OrganisationQuerySet":
        return self.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)


class Organisation(models.Model):
    """A library, cultural centre, heritage cell, … in one municipality, or an
    intergemeentelijke samenwerking that names several (it counts for each of them)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeentebestuur", _("gemeentebestuur")
        LIBRARY = "bibliotheek", _("bibliotheek")
        CULTURAL_CENTRE = "cultuurcentrum", _("cultuurcentrum")
        HERITAGE_CELL = "erfgoedcel", _("erfgoedcel")
        ACADEMY = "academie", _("academie")
        YOUTH_SERVICE = "jeugddienst", _("jeugddienst")
        MUSEUM = "museum", _("museum")
        INTERMUNICIPAL = "intergemeentelijk", _("intergemeentelijke samenwerking")
        OTHER = "andere", _("andere")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("code"), max_length=220, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="organisations"
    )
    email = models.EmailField(
        _("functioneel e-mailadres"),
        blank=True,
        help_text=_("Een algemeen adres, geen persoonlijk."),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.PENDING)

    def admins(self) -> "MembershipQuerySet":
        return self.active().filter(role=Membership.Role.ADMIN)


class Membership(models.Model):
    """A person's place in an organisation: asked, then approved by an organisation admin
    or a coordinator; ended when they leave (their open work handed to a colleague)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("aangevraagd")
        ACTIVE = "active", _("lid")
        DECLINED = "declined", _("geweigerd")
        LEFT = "left", _("vertrokken")

    class Role(models.TextChoices):
        MEMBER = "member", _("lid")
        ADMIN = "admin", _("beheerder")

    TRANSITIONS = {
        Status.PENDING: {Status.ACTIVE, Status.DECLINED},
        Status.ACTIVE: {Status.LEFT},
        Status.DECLINED: {Status.PENDING},
        Status.LEFT: {Status.PENDING},
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    motivation = models.TextField(_("toelichting"), blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]
        ordering = ["organisation__name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
