"""Figures of canvases and value streams in words: `{% load canvases %}`."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..compute import percentage

register = template.Library()

NO_VALUE = "\u2013"  # an en dash
MINUS = "\u2212"  # a minus sign, not a hyphen


@register.filter
def duration(minutes: Decimal | None) -> str:
    """A working time in words, its two largest parts: "1 werkweek 2 werkdagen", "3 uur 15
    minuten" (a working day is 8 hours, a working week 5 days)."""
    if minutes is None:
        return NO_VALUE
    if 0 < minutes < 1:
        return _("minder dan een minuut")
    total = int(Decimal(minutes).to_integral_value())
    weeks, rest = divmod(total, 2400)
    days, rest = divmod(rest, 480)
    hours, mins = divmod(rest, 60)
    parts = [
        ngettext("%(n)s werkweek", "%(n)s werkweken", weeks) % {"n": weeks} if weeks else "",
        ngettext("%(n)s werkdag", "%(n)s werkdagen", days) % {"n": days} if days else "",
        ngettext("%(n)s uur", "%(n)s uur", hours) % {"n": hours} if hours else "",
        ngettext("%(n)s minuut", "%(n)s minuten", mins) % {"n": mins} if mins else "",
    ]
    return " ".join([p for p in parts if p][:2]) or _("0 minuten")


@register.filter
def delta_duration(minutes: Decimal | None) -> str:
    """A difference of working time with its sign: "-2 werkdagen" (with a minus sign), "+ 15 minuten"."""
    if minutes is None:
        return NO_VALUE
    if minutes == 0:
        return _("gelijk")
    sign = MINUS if minutes < 0 else "+"
    return f"{sign} {duration(abs(minutes))}"


@register.simple_tag
def entered(value: Decimal, unit: str) -> str:
    """A time as the team entered it: "1,5 werkdagen", "1 uur"."""
    n = 1 if value == 1 else 2
    whole = value == value.to_integral_value()
    shown = number_format(value.quantize(Decimal(1)) if whole else value.normalize())
    labels = {
        "minutes": ngettext("%(v)s minuut", "%(v)s minuten", n),
        "hours": ngettext("%(v)s uur", "%(v)s uur", n),
        "days": ngettext("%(v)s werkdag", "%(v)s werkdagen", n),
        "weeks": ngettext("%(v)s werkweek", "%(v)s werkweken", n),
    }
    return labels.get(unit, "%(v)s") % {"v": shown}


@register.filter
def percent(fraction: Decimal | None, digits: int = 0) -> str:
    """A fraction (0-1) as a percentage: 0.0192 → "1,9 %" with `|percent:1`."""
    if fraction is None:
        return NO_VALUE
    digits = int(digits)
    return f"{number_format(percentage(Decimal(fraction), digits), decimal_pos=digits)} %"


@register.filter
def delta_points(fraction: Decimal | None, digits: int = 0) -> str:
    """A difference of two fractions in percentage points: "+ 12 procentpunt"."""
    if fraction is None:
        return NO_VALUE
    if fraction == 0:
        return _("gelijk")
    sign = MINUS if fraction < 0 else "+"
    value = number_format(percentage(abs(Decimal(fraction)), int(digits)), decimal_pos=int(digits))
    return _("%(sign)s %(value)s procentpunt") % {"sign": sign, "value": value}


@register.filter
def delta_number(value: int | None) -> str:
    """A difference of counts with its sign: "+2", "-1" (with a minus sign), "gelijk"."""
    if value is None:
        return NO_VALUE
    if value == 0:
        return _("gelijk")
    return f"+{value}" if value > 0 else f"{MINUS}{-value}"


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")
