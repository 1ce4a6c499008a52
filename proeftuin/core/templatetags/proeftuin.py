from typing import Any

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from proeftuin.core import follows

register = template.Library()


@register.simple_tag
def site_url(path: str) -> str:
    """`path` on the site's own address (SITE_URL), never on the request's Host header: a
    page must render even for a request whose host name Django refused (its 400 page)."""
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def activity_url(obj: Any) -> str:
    """The coordinators' activity-log page of any object."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("core:activity", args=[content_type.pk, obj.pk])


@register.inclusion_tag("core/partials/follow_button.html", takes_context=True)
def follow_button(context: Any, obj: Any) -> dict[str, Any]:
    """A follow / stop following button for a public object of a followable model."""
    request = context["request"]
    return {
        "target": obj,
        "label": follows.followable_label(obj),
        "following": follows.is_following(request.user, obj),
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
