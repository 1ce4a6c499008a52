from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.organisations.models import Municipality
from proeftuin.projects.forms import ClosingLearningFields

from .models import Adoption, ScaleCriterion, ScaleEvaluation, Service

SCORES = [(n, str(n)) for n in range(1, 6)]


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score (1 = zwak, 5 = sterk)"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}))


class ServiceFieldsForm(forms.Form):
    name = forms.CharField(label=_("Naam van de dienst"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    offer = forms.CharField(
        label=_("Wat een gemeente krijgt"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conditions = forms.CharField(
        label=_("Voorwaarden en kost"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    how_to_start = forms.CharField(
        label=_("Hoe starten"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contact_email = forms.EmailField(label=_("Functioneel contactadres"), required=False)


class DecisionForm(ServiceFieldsForm, ClosingLearningFields):
    stop_decision = ScaleEvaluation.Decision.STOP

    decision = forms.ChoiceField(
        label=_("Beslissing"), choices=ScaleEvaluation.Decision.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    override_motivation = forms.CharField(
        label=_("Motivering van de uitzondering (coördinator)"),
        help_text=_("Alleen nodig om op te schalen zonder alle bewijs dat de regel vraagt."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    service = forms.ModelChoiceField(
        label=_("Bij een bestaande dienst aansluiten"),
        queryset=Service.objects.public(),
        required=False,
        empty_label=_("— een nieuwe dienst, hieronder beschreven —"),
    )
    field_order = ["decision", "motivation", "override_motivation", "service"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_closing_learning(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ServiceFieldsForm.base_fields}


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "summary", "offer", "conditions", "how_to_start", "contact_email"]


class AdoptionForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none())
    state = forms.ChoiceField(
        label=_("Wat wil de gemeente?"),
        choices=[
            (Adoption.State.INTERESTED, _("interesse tonen")),
            (Adoption.State.REQUESTED, _("de dienst aanvragen")),
        ],
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Contactpersoon van de gemeente"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-mailadres van de contactpersoon"),
        help_text=_("Alleen de coördinatoren zien de contactpersoon; hij staat nooit publiek."),
    )

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the person's own municipalities; the service checks it again.
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
        field.error_messages["invalid_choice"] = _(
            "Je vraagt een dienst alleen aan voor een gemeente van je eigen organisatie."
        )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = ScaleCriterion
        fields = ["name", "description", "weight", "position", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self) -> None:
        """The service checks the name (and says so in Dutch)."""
