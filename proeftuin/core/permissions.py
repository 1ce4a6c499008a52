from functools import wraps
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy

from .errors import DomainError


def is_coordinator(user: Any) -> bool:
    """Programme staff; technical admins (superusers) may do what coordinators do."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser)
    )


def require_coordinator(user: Any) -> None:
    """For services: refuse anyone who is not a coordinator, with a message for the user."""
    if not is_coordinator(user):
        raise DomainError(gettext_lazy("Alleen coördinatoren mogen dit."))


def coordinator_required(view: Any) -> Any:
    """Coordinators only; everyone else gets a 404, never a 403 that confirms the page."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
