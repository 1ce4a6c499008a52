from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification, NotificationPreference
from proeftuin.core.notifications import set_preferences
from proeftuin.core.registry import registry

from .models import User


def update_profile(*, user: User, name: str, language: str, by: User) -> User:
    if by.pk != user.pk:
        raise DomainError(gettext_lazy("Alleen de persoon zelf past dit profiel aan."))
    with transaction.atomic():
        # The old values come from the database: a bound ModelForm has already written the
        # new ones onto `user`, and the log would record no change.
        old_name, old_language = (
            User.objects.select_for_update().values_list("name", "language").get(pk=user.pk)
        )
        changes = diff(
            {"name": old_name, "language": old_language}, {"name": name, "language": language}
        )
        user.name, user.language = name, language
        user.save(update_fields=["name", "language"])
        if changes:
            log_action(actor=by, action="user.profile_updated", target=user, changes=changes)
    return user


def update_notification_preferences(*, user: User, choices: dict[str, str], by: User) -> None:
    with transaction.atomic():
        set_preferences(user=user, choices=choices)
        log_action(actor=by, action="user.preferences_updated", target=user, changes={})


def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, gathered from every app's exporter."""
    return {key: entry.export(user) for key, entry in sorted(registry.personal_data.items())}


def delete_account(*, user: User, by: User) -> None:
    """Erase a person's personal data; what they contributed stays, attributed to
    "verwijderde gebruiker" (the row survives without name, address or password)."""
    if by.pk != user.pk and not by.is_superuser:
        raise DomainError(
            gettext_lazy("Alleen de persoon zelf of een beheerder verwijdert een account.")
        )
    with transaction.atomic():
        for entry in registry.personal_data.values():
            if entry.erase is not None:
                entry.erase(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"verwijderd-{user.pk}@invalid.proeftuin"
        user.name = ""
        user.is_active = False
        user.is_coordinator = False
        user.is_staff = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save(
            update_fields=[
                "email",
                "name",
                "is_active",
                "is_coordinator",
                "is_staff",
                "deleted_at",
                "password",
            ]
        )
        # Every session of the person ends by itself: Django checks each session against a
        # hash of the password, which is now unusable, and refuses inactive users.
        log_action(actor=None, action="user.deleted", target=user)


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_coordinator": user.is_coordinator,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


def export_notifications(user: User) -> dict[str, Any]:
    return {
        "preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
        ),
        "notifications": [n.as_export() for n in Notification.objects.filter(user=user)],
    }


def erase_notifications(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
