"""Who may write in the knowledge base: coordinators, and members of a project team (they
write the case studies and lessons of their projects). A coordinator reviews every article
before it is published; an author edits their own article until they hand it in."""

from typing import Any

from proeftuin.core.permissions import is_coordinator
from proeftuin.projects.models import Membership

from .models import Article


def can_write_articles(user: Any) -> bool:
    if is_coordinator(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user=user, accepted_at__isnull=False).exists()
    )


def can_edit_article(user: Any, article: Article) -> bool:
    if is_coordinator(user):
        return True
    return (
        article.author_id == getattr(user, "pk", None)
        and article.status == Article.Status.DRAFT
        and can_write_articles(user)
    )


def can_see_article(user: Any, article: Article) -> bool:
    """The public sees published articles; authors their own, coordinators all."""
    return (
        article.is_published
        or is_coordinator(user)
        or article.author_id == getattr(user, "pk", None)
    )
