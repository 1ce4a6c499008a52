from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import ActivityLog
from .permissions import coordinator_required


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"contact": settings.PROEFTUIN_CONTACT_EMAIL})


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
