"""Amounts of money are kept in euro cents (integers), so sums are exact; people type and
read euros. This is the one place that converts between the two."""

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
# A programme budget stays far below this (ten billion euro); it keeps amounts within a
# signed 64-bit integer of cents with room to sum thousands of them.
MAX_CENTS = 10**12
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def euro_to_cents(euros: Decimal) -> int:
    """Euros as cents, half a cent rounded away from zero (as a bookkeeper rounds)."""
    return int((euros * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents_to_euro(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def format_euro(cents: int | None) -> str:
    """ "€ 1.234,50" in Dutch, "€1,234.50" in English (the active language's separators)."""
    if cents is None:
        return ""
    return f"€ {number_format(cents_to_euro(cents), decimal_pos=2, force_grouping=True)}"


class EuroField(forms.DecimalField):
    """An amount typed in euros (with a comma or a point for the cents) that cleans to
    cents. Negative amounts and more than two decimals are refused."""

    default_error_messages = {
        "invalid": _("Geef een bedrag in euro, bijvoorbeeld 1250 of 1250,50."),
        "negative": _("Een bedrag is niet negatief."),
        "too_large": _("Dit bedrag is te groot."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        # People in Flanders write 1.250,50: with a comma, points group thousands. Without
        # one, "1.250" is still a thousand two hundred and fifty: an amount never has three
        # decimals, so points before groups of three digits only group thousands.
        if isinstance(value, str):
            value = value.strip().replace("€", "").replace(" ", "").replace("\xa0", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif THOUSANDS.fullmatch(value):
                value = value.replace(".", "")
        return super().to_python(value)

    def clean(self, value: Any) -> int | None:
        euros = super().clean(value)
        if euros is None:
            return None
        if euros < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        cents = euro_to_cents(euros)
        if cents >= MAX_CENTS:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return cents

    def prepare_value(self, value: Any) -> Any:
        # Bound to a model's cents (initial data), the field shows euros.
        if isinstance(value, int):
            return f"{cents_to_euro(value)}".replace(".", ",")
        return value
