import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_POST, require_safe

from . import follows, retention
from .http import HtmxRequest
from .models import ActivityLog
from .permissions import coordinator_required
from .registry import registry


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The portal's home page, provided by the app that registered it (see the registry)."""
    if registry.home is None:
        raise Http404
    response: HttpResponse = registry.home(request)
    return response


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "contact": settings.PROEFTUIN_CONTACT_EMAIL,
            # The periods the retention job enforces (docs/privacy.md has the full register).
            "notification_days": retention.NOTIFICATION_DAYS,
            "outbox_days": retention.OUTBOX_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // (24 * 60 * 60),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"contact": settings.PROEFTUIN_CONTACT_EMAIL})


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html", {"contact": settings.PROEFTUIN_CONTACT_EMAIL})


@require_safe
@coordinator_required
def activity(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The activity log of one object, for coordinators."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    try:
        target = get_object_or_404(model, pk=object_id)
    except (ValueError, ValidationError):
        # An id that cannot be a key of this model ("abc" for a number) names nothing.
        raise Http404 from None
    entries = ActivityLog.objects.for_object(target)[:500]
    return render(request, "core/activity.html", {"target": target, "entries": entries})


@require_POST
@login_required
def follow(request: HtmxRequest, label: str, object_id: str) -> HttpResponse:
    """Follow or stop following a public object (`action` = follow / unfollow); back to the
    page it was on, or just the button when htmx asks."""
    target = follows.get_followable_or_none(label, object_id)
    if target is None:
        raise Http404
    if request.POST.get("action") == "unfollow":
        follows.unfollow(obj=target, by=request.user)
    else:
        follows.follow(obj=target, by=request.user)
    if request.htmx:
        return render(
            request,
            "core/partials/follow_button.html",
            {
                "target": target,
                "label": label,
                "following": follows.is_following(request.user, target),
            },
        )
    next_url = request.POST.get("next", "")
    # Only a path on this site: anything else is off-site, or (like "-1") no URL at all, and
    # `redirect` would try to reverse it as a view name and fail with a 500.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)


# What a database that is down, restarting or failing over raises: a connection refused or
# cut (OperationalError) or one already closed under us (InterfaceError). Both pass.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`. Django calls it while handling the unhandled exception, wherever it was
    raised (a view, a middleware loading the session, a template), so `sys.exc_info()`
    names it. A database that cannot be reached is temporary: the visitor gets a 503 that
    says so and when to try again, and load balancers and crawlers see the same. Both pages
    are rendered without the request's context, which could itself need the database."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE) or isinstance(
        getattr(error, "__cause__", None), DATABASE_UNAVAILABLE
    ):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
