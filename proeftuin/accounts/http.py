from proeftuin.core.http import HtmxRequest

from .models import User


class AuthedRequest(HtmxRequest):
    """A request behind `login_required` (for type checking)."""

    user: User
