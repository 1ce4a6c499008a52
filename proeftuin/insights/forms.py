from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Call, Need
from proeftuin.core.models import Theme
from proeftuin.organisations.models import Municipality, Organisation

ALL = [("", _("alle"))]


class FilterForm(forms.Form):
    """The dashboard's filters, in the query string with Dutch names like the portal's
    other filters; every field may stay empty (the whole programme)."""

    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    oproep = forms.ModelChoiceField(
        label=_("Oproep"),
        queryset=Call.objects.order_by("-opens_at", "pk"),
        to_field_name="slug",
        required=False,
        empty_label=_("alle"),
    )
    provincie = forms.ChoiceField(label=_("Provincie"), required=False)
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("alle"),
    )
    soort = forms.ChoiceField(
        label=_("Soort organisatie"), required=False, choices=[*ALL, *Organisation.Kind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The years in which needs were submitted, in Brussels time.
        years = Need.objects.filter(submitted_at__isnull=False).dates(
            "submitted_at", "year", order="DESC"
        )
        self.fields["jaar"].choices = [  # type: ignore[attr-defined]
            ("", _("alle")),
            *((day.year, day.year) for day in years),
        ]
        provinces = (
            Municipality.objects.order_by("province").values_list("province", flat=True).distinct()
        )
        self.fields["provincie"].choices = [  # type: ignore[attr-defined]
            *ALL,
            *((p, p) for p in provinces),
        ]
