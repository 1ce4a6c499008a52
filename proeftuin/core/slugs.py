from django.db.models import Model
from django.utils.text import slugify


def unique_slug(model: type[Model], text: str, *, fallback: str) -> str:
    """A slug of `text` not yet used by `model` (`-2`, `-3`, … appended when taken)."""
    base = slugify(text)[:200] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
