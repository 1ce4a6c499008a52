"""Showing a discussion message with the team members it @mentions marked."""

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..services.collaboration import MENTION, normalise_handle

register = template.Library()


@register.filter
def with_mentions(body: str, handles: Any) -> SafeString:
    """The message as HTML: escaped first, then each @handle of a team member (a key of
    `handles`) wrapped in a <strong class="mention">. A marked handle consists of word
    characters, dots and hyphens only, so nothing the author typed reaches the page
    unescaped."""

    def mark(match: re.Match[str]) -> str:
        if normalise_handle(match.group(1)) in handles:
            return f'<strong class="mention">{match.group(0)}</strong>'
        return match.group(0)

    return mark_safe(MENTION.sub(mark, escape(body)))  # noqa: S308 - escaped above
