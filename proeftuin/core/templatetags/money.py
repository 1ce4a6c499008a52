from django import template

from proeftuin.core.money import format_euro

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """Cents as euros for reading: {{ spending.amount_cents|euro }} → "€ 1.234,50"."""
    return format_euro(cents)
