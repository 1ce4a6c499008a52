from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import Criterion

from .models import Decision

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SCALE = [(str(n), str(n)) for n in range(1, 6)]


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van het jurylid"))


class AutoAssignForm(forms.Form):
    per_need = forms.IntegerField(
        label=_("Juryleden per nood"), min_value=1, max_value=10, initial=3
    )
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DATETIME_WIDGET)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Jurylid"), queryset=get_user_model().objects.none())
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DATETIME_WIDGET)

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers  # type: ignore[attr-defined]


class ScorecardForm(forms.Form):
    """One 1-5 choice and a comment per criterion of the call, and an overall remark."""

    remark = forms.CharField(
        label=_("Algemene opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_scores: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = initial_scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                choices=SCALE,
                required=False,
                widget=forms.RadioSelect,
                initial=str(score.value) if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Toelichting bij '%(criterion)s'") % {"criterion": criterion.name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (
                int(data[f"score_{c.pk}"]) if data.get(f"score_{c.pk}") else None,
                data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom kan je deze nood niet onpartijdig beoordelen?"), max_length=500
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslissing"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering (de indiener ziet ze)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaxProjectsForm(forms.Form):
    max_projects = forms.IntegerField(
        label=_("Maximaal aantal proefprojecten"), min_value=1, max_value=100
    )
