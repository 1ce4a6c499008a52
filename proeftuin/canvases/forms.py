"""Forms of the canvas and value stream editors. They parse what was typed; the rules
(names, non-negative times, %C&A within 0-100, what may address what) live in the
services, which say what is wrong in words."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from proeftuin.projects.models import Hypothesis

from .models import CanvasItem, Step, ValueStream


class CanvasForm(forms.Form):
    segment = forms.CharField(
        label=_("Klantsegment"),
        max_length=200,
        help_text=_("Voor wie is dit canvas? Bijvoorbeeld: ouders met jonge kinderen."),
    )


class ItemForm(forms.Form):
    """An item's text (and, for a job, its type). An empty text reaches the service, which
    says what to do."""

    text = forms.CharField(label=_("Tekst"), required=False)
    job_type = forms.ChoiceField(
        label=_("Soort taak"), choices=[("", "—"), *CanvasItem.JobType.choices], required=False
    )


class NewItemForm(ItemForm):
    kind = forms.ChoiceField(choices=CanvasItem.Kind.choices, widget=forms.HiddenInput)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("hoger")), ("down", _("lager"))])


class LinkForm(forms.Form):
    """What a reliever or creator addresses, and the hypotheses behind an item."""

    addresses = forms.ModelMultipleChoiceField(queryset=CanvasItem.objects.none(), required=False)
    hypotheses = forms.ModelMultipleChoiceField(queryset=Hypothesis.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        targets: QuerySet[CanvasItem],
        hypotheses: QuerySet[Hypothesis],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addresses"].queryset = targets  # type: ignore[attr-defined]
        self.fields["hypotheses"].queryset = hypotheses  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    label = forms.CharField(
        label=_("Naam van de versie"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: voor het beslismoment van juni."),
    )


class StreamForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        help_text=_("Welk proces? Bijvoorbeeld: een aanvraag voor boeken aan huis."),
    )
    state = forms.ChoiceField(
        label=_("Toestand"),
        choices=ValueStream.State.choices,
        widget=forms.RadioSelect,
        initial=ValueStream.State.CURRENT,
    )
    current = forms.ModelChoiceField(
        label=_("Verbetert de huidige toestand"),
        queryset=ValueStream.objects.none(),
        required=False,
        help_text=_("Alleen voor een toekomstige toestand: ze begint als kopie van deze stroom."),
    )

    def __init__(self, *args: Any, currents: QuerySet[ValueStream], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["current"].queryset = currents  # type: ignore[attr-defined]


class RenameStreamForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)


class StepForm(forms.Form):
    name = forms.CharField(label=_("Stap"), max_length=200)
    actor = forms.CharField(label=_("Wie"), max_length=200, required=False)
    waiting_time = forms.DecimalField(
        label=_("Wachttijd ervoor"), max_digits=12, decimal_places=2, initial=0
    )
    waiting_unit = forms.ChoiceField(
        label=_("Eenheid van de wachttijd"), choices=Step.Unit.choices, initial=Step.Unit.HOURS
    )
    process_time = forms.DecimalField(
        label=_("Bewerkingstijd"), max_digits=12, decimal_places=2, initial=0
    )
    process_unit = forms.ChoiceField(
        label=_("Eenheid van de bewerkingstijd"),
        choices=Step.Unit.choices,
        initial=Step.Unit.MINUTES,
    )
    pct_complete_accurate = forms.IntegerField(
        label=_("%C&A"),
        initial=100,
        help_text=_("Welk deel (%) kan de volgende stap zo gebruiken, zonder te verbeteren?"),
    )
    classification = forms.ChoiceField(
        label=_("Soort stap"),
        choices=Step.Classification.choices,
        widget=forms.RadioSelect,
        initial=Step.Classification.NECESSARY_NVA,
    )
    wastes = forms.MultipleChoiceField(
        label=_("Verspillingen"),
        choices=Step.Waste.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @classmethod
    def for_step(cls, step: Step, data: Any = None) -> "StepForm":
        initial = {f: getattr(step, f) for f in cls.base_fields}
        for key in ("waiting_time", "process_time"):
            # "2", not "2.00"; "1.5", not "1.50".
            value = initial[key]
            initial[key] = (
                value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
            )
        return cls(data, prefix=f"step-{step.pk}", initial=initial)
