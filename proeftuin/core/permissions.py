from functools import wraps
from typing import Any

from django.http import Http404


def is_coordinator(user: Any) -> bool:
    """Programme staff; technical admins (superusers) may do what coordinators do."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser)
    )


def coordinator_required(view: Any) -> Any:
    """Coordinators only; everyone else gets a 404, never a 403 that confirms the page."""

    @wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
