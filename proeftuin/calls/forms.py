from datetime import datetime
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import Theme
from proeftuin.core.money import EuroField
from proeftuin.organisations.models import Organisation

from .models import Call, Criterion, Need

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allowed_attachments = forms.MultipleChoiceField(
        label=_("Toegelaten bijlagen"),
        choices=Call.Attachment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_cents = EuroField(
        label=_("Budget (euro)"),
        required=False,
        help_text=_(
            "De experimenteerruimte die de oproep opent, voor al haar proefprojecten samen."
        ),
    )
    review_dates = forms.CharField(
        label=_("Beoordelingsdata (doorlopende oproep)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén datum per regel, bv. 2027-06-21. Wat vóór een datum is ingediend, vormt die ronde."
        ),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "introduction",
            "themes",
            "opens_at",
            "closes_at",
            "is_rolling",
            "max_projects",
            "budget_cents",
            "allowed_attachments",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "introduction": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("allowed_attachments", [c.value for c in Call.Attachment])
        if self.instance.pk:
            self.initial["review_dates"] = "\n".join(
                f"{d.cutoff_at:%Y-%m-%d}" for d in self.instance.review_dates.all()
            )

    def clean_review_dates(self) -> list[datetime]:
        from django.utils import timezone

        moments = []
        for line in self.cleaned_data["review_dates"].splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                day = datetime.strptime(line, "%Y-%m-%d")
            except ValueError as error:
                raise forms.ValidationError(
                    _("'%(line)s' is geen datum (JJJJ-MM-DD)."), params={"line": line}
                ) from error
            # A review date is a cut-off at the end of that day, Brussels time.
            moments.append(timezone.make_aware(day.replace(hour=23, minute=59, second=59)))
        return sorted(set(moments))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_rolling"):
            if not data.get("review_dates"):
                self.add_error(
                    "review_dates",
                    _("Een doorlopende oproep heeft minstens één beoordelingsdatum."),
                )
        elif data.get("opens_at") and (
            not data.get("closes_at") or data["closes_at"] <= data["opens_at"]
        ):
            self.add_error("closes_at", _("De oproep moet sluiten na het openen."))
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "meaning_1", "meaning_3", "meaning_5"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_weight(self) -> Any:
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("Een gewicht is groter dan nul."))
        return weight


CriterionFormSet = formset_factory(
    CriterionForm, extra=2, can_delete=True, min_num=1, validate_min=True
)


class NeedForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "problem",
            "target_groups",
            "current_handling",
            "citizen_value",
            "themes",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "current_handling": forms.Textarea(attrs={"rows": 3}),
            "citizen_value": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Drafts are saved while the person types, so nothing is required until submission
        # (`submit_need` asks for the title and the problem).
        self.fields["title"].required = False


class NewNeedForm(NeedForm):
    organisation = forms.ModelChoiceField(
        label=_("Voor welke organisatie?"), queryset=Organisation.objects.none()
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta(NeedForm.Meta):
        fields = ["organisation", *NeedForm.Meta.fields]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.of_member(user)
        if len(field.queryset) == 1:
            field.initial = field.queryset[0]


class MotivationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivering (de indiener ziet ze)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class IntakeFilterForm(forms.Form):
    SORTS = [
        ("-submitted_at", _("Nieuwste eerst")),
        ("submitted_at", _("Oudste eerst")),
        ("organisation__name", _("Organisatie")),
        ("title", _("Titel")),
        ("status", _("Status")),
    ]
    q = forms.CharField(label=_("Zoek"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Need.Status.choices]
    )
    province = forms.ChoiceField(label=_("Provincie"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Thema"), required=False, queryset=Theme.objects.all(), empty_label=_("Alle")
    )
    sort = forms.ChoiceField(label=_("Sorteer"), required=False, choices=SORTS)

    def __init__(self, *args: Any, provinces: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Alle")), *[(p, p) for p in provinces]]  # type: ignore[attr-defined]


class BulkIntakeForm(MotivationForm):
    ACTIONS = [
        ("retained", _("Weerhouden")),
        ("declined", _("Niet weerhouden")),
        ("backlog", _("Naar de wachtrij")),
    ]
    action = forms.ChoiceField(label=_("Beslissing"), choices=ACTIONS)
    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["needs"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = call.needs.all()
        field.error_messages["required"] = _("Kies minstens één nood.")


class MergeForm(MotivationForm):
    into = forms.ModelChoiceField(label=_("Samenvoegen met"), queryset=Need.objects.none())

    def __init__(self, *args: Any, need: Need, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        # The needs of the same call: a list of every need of every call would grow without
        # bound on each need's page.
        same_call = Need.objects.filter(call=need.call) if need.call else Need.objects.none()
        field.queryset = (
            same_call.filter(
                status__in=[Need.Status.SUBMITTED, Need.Status.RETAINED, Need.Status.BACKLOG]
            )
            .exclude(pk=need.pk)
            .select_related("organisation")
        )
        field.label_from_instance = lambda n: f"{n.title} ({n.organisation.name})"  # type: ignore[method-assign,assignment]


class SupportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=Organisation.objects.none())
    comment = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if len(field.queryset) == 1:
            field.initial = field.queryset[0]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bijlage (PDF, afbeelding of kantoordocument, max. 10 MB)"))


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.all()
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV of Excel .xlsx)"))
