"""The forms of a project's means: its budget per phase and a recorded cost."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.uploads import check_upload
from proeftuin.core.errors import DomainError
from proeftuin.core.money import EuroField

from .models import PhaseBudget, Project, Spending

FIELDS = ("internal_hours", "external_cents", "local_investment_cents")


class BudgetForm(forms.Form):
    """One form for the four phases: per phase the internal hours, the external costs and
    the money invested in the local project (three fields named `<phase>-<field>`)."""

    def __init__(self, *args: Any, budgets: list[PhaseBudget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {b.phase: b for b in budgets}
        for phase in Project.PHASE_ORDER:
            budget = current.get(phase)
            self.fields[f"{phase}-internal_hours"] = forms.IntegerField(
                label=_("Interne uren"),
                min_value=0,
                max_value=99_999,
                initial=budget.internal_hours if budget else 0,
            )
            self.fields[f"{phase}-external_cents"] = EuroField(
                label=_("Externe kosten (euro)"),
                initial=budget.external_cents if budget else 0,
            )
            self.fields[f"{phase}-local_investment_cents"] = EuroField(
                label=_("Investering in het lokale project (euro)"),
                initial=budget.local_investment_cents if budget else 0,
            )

    def phases(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(phase label, its three bound fields), in the order of the phases."""
        return [
            (str(Project.Phase(phase).label), [self[f"{phase}-{name}"] for name in FIELDS])
            for phase in Project.PHASE_ORDER
        ]

    def per_phase(self) -> dict[str, dict[str, int]]:
        return {
            phase: {name: self.cleaned_data[f"{phase}-{name}"] for name in FIELDS}
            for phase in Project.PHASE_ORDER
        }


class SpendingForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=Project.Phase.choices)
    spent_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount_cents = EuroField(label=_("Bedrag (euro)"), help_text=_("Bijvoorbeeld 1250,50."))
    kind = forms.ChoiceField(label=_("Soort"), choices=Spending.Kind.choices)
    description = forms.CharField(label=_("Omschrijving"), max_length=300)
    attachment = forms.FileField(
        label=_("Bewijsstuk (optioneel)"),
        required=False,
        help_text=_("Een PDF, een afbeelding (PNG, JPEG) of een kantoordocument; hoogstens 10 MB."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].initial = project.phase
        self.fields["spent_on"].initial = timezone.localdate()

    def clean_attachment(self) -> Any:
        """Judged by its content here too, so a wrong file is an error beside its field."""
        upload = self.cleaned_data["attachment"]
        if upload:
            try:
                check_upload(upload, size=upload.size, allowed=["pdf", "image", "office"])
            except DomainError as error:
                raise forms.ValidationError(str(error.message)) from error
        return upload

    def clean_amount_cents(self) -> int:
        cents: int = self.cleaned_data["amount_cents"]
        if cents == 0:
            raise forms.ValidationError(_("Een uitgave van nul euro hoeft niet genoteerd."))
        return cents
