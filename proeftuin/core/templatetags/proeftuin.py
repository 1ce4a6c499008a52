from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

register = template.Library()


@register.simple_tag
def activity_url(obj: Any) -> str:
    """The coordinators' activity-log page of any object."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("core:activity", args=[content_type.pk, obj.pk])
