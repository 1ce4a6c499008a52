from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def coordinators(self) -> "models.QuerySet[User]":
        return self.filter(is_active=True, is_coordinator=True)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: a culture professional, an expert or programme staff.

    Coordinators and admins are set by an admin; every other role follows from
    memberships and assignments.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(_("naam"), max_length=150)
    language = models.CharField(
        _("taal"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_coordinator = models.BooleanField(
        _("coördinator"),
        default=False,
        help_text=_("Programmamedewerker: beheert oproepen, selectie, teams en publicatie."),
    )
    is_staff = models.BooleanField(
        _("technisch beheerder"),
        default=False,
        help_text=_("Mag de Django-beheeromgeving gebruiken."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("lid sinds"), default=timezone.now)
    deleted_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> str:
        if self.deleted_at:
            return str(settings.PROEFTUIN_DELETED_USER_LABEL)
        return self.name or self.email
