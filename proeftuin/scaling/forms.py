from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Call
from proeftuin.organisations.models import Municipality, Organisation
from proeftuin.projects.forms import ClosingLearningFields

from .models import Adoption, EndReason, ScaleCriterion, ScaleEvaluation, Service, ServiceRequest

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


# Continuous service design --------------------------------------------------------------

SATISFACTION = [
    (1, _("1 — helemaal niet tevreden")),
    (2, _("2 — niet tevreden")),
    (3, _("3 — neutraal")),
    (4, _("4 — tevreden")),
    (5, _("5 — heel tevreden")),
]


class FeedbackForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Je geeft feedback namens"), queryset=Organisation.objects.none()
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Hoe tevreden is je gemeente over de dienst?"),
        choices=SATISFACTION,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe tevreden je bent.")},
    )
    works = forms.CharField(
        label=_("Wat werkt goed?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    fails = forms.CharField(
        label=_("Wat werkt niet?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    backed = forms.ModelMultipleChoiceField(
        label=_("Verzoeken van andere gemeenten die jullie delen"),
        queryset=ServiceRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_request = forms.CharField(
        label=_("Een nieuw verzoek of probleem"),
        help_text=_("Eén zin: wat zou de dienst voor je gemeente beter maken?"),
        max_length=300,
        required=False,
    )
    new_request_kind = forms.ChoiceField(
        label=_("Is dat een verzoek of een probleem?"),
        choices=ServiceRequest.Kind.choices,
        initial=ServiceRequest.Kind.REQUEST,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        requests: list[ServiceRequest],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        organisation.empty_label = None
        backed = self.fields["backed"]
        assert isinstance(backed, forms.ModelMultipleChoiceField)
        backed.queryset = ServiceRequest.objects.filter(pk__in=[r.pk for r in requests])
        if not requests:
            del self.fields["backed"]


class EndAdoptionForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom stopt de gemeente?"),
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waarom de gemeente stopt.")},
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Nodig bij een andere reden. Alleen coördinatoren zien de toelichting."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == EndReason.OTHER and not data.get("explanation", "").strip():
            self.add_error("explanation", _("Zeg bij een andere reden waarom de gemeente stopt."))
        return data


class ReleaseForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    released_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=_("Wat er verandert"),
        help_text=_(
            "In gewone taal, voor de gemeenten die de dienst gebruiken. Opmaak met Markdown: "
            "*schuin*, **vet**, een lijst met - aan het begin van de regel."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class RequestToNeedForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Open oproep"), queryset=Call.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Voor de organisatie"),
        help_text=_(
            "Een lid dat het verzoek deed, vindt het ontwerp bij zijn noden en dient het in."
        ),
        queryset=Organisation.objects.none(),
    )
    title = forms.CharField(label=_("Titel van de nood"), max_length=200)
    problem = forms.CharField(label=_("Probleem of kans"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        call = self.fields["call"]
        assert isinstance(call, forms.ModelChoiceField)
        call.queryset = Call.objects.open()
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
