"""A form's results for the team: per question a bar chart with its table, the numbers'
figures and the free texts, filtered by date; and the CSV export of every response."""

import csv
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.projects.permissions import can_work_on

from ..results import csv_rows, period, results
from .base import get_form_for_user_or_404


class PeriodForm(forms.Form):
    since = forms.DateField(
        label=gettext_lazy("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def bounds(self) -> tuple[Any, Any]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data["since"], self.cleaned_data["until"]


@require_safe
@login_required
def results_page(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    assert place.survey is not None
    period_form = PeriodForm(request.GET or None)
    since, until = period_form.bounds()
    return render(
        request,
        "participation/results.html",
        {
            "project": place.project,
            "experiment": place.experiment,
            "survey": place.survey,
            "can_edit": can_work_on(request.user, place.project),
            "tab": "experiments",
            "period_form": period_form,
            "results": results(place.survey, since, until),
            "query": request.GET.urlencode(),
        },
        status=400 if period_form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@login_required
def results_csv(request: AuthedRequest, pk: int, form_pk: int) -> StreamingHttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    survey = place.survey
    assert survey is not None
    since, until = PeriodForm(request.GET or None).bounds()
    questions = list(survey.questions.all())
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # The byte-order mark lets spreadsheet programs read the accents right.
        yield "\ufeff" + writer.writerow([_("Ingediend op"), *[q.text for q in questions]])
        for row in csv_rows(survey, questions, period(since, until)):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="formulier-{survey.pk}.csv"'
    return response
