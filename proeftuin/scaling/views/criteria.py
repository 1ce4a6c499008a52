"""The scorecard's default criteria, maintained by coordinators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required

from .. import services
from ..forms import CriterionForm
from ..models import ScaleCriterion


def _page(
    request: HttpRequest, form: CriterionForm | None = None, editing: int | None = None
) -> HttpResponse:
    criteria = [
        (
            c,
            form
            if editing == c.pk and form is not None
            else CriterionForm(instance=c, prefix=f"c{c.pk}"),
        )
        for c in ScaleCriterion.objects.all()
    ]
    return render(
        request,
        "scaling/criteria.html",
        {
            "criteria": criteria,
            "new_form": form
            if editing is None and form is not None
            else CriterionForm(prefix="new"),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def criteria(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    form = CriterionForm(request.POST, prefix="new")
    return _save(request, form, None)


@require_http_methods(["POST"])
@coordinator_required
def criterion(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(ScaleCriterion, pk=pk)
    form = CriterionForm(request.POST, prefix=f"c{pk}", instance=ScaleCriterion.objects.get(pk=pk))
    return _save(request, form, target)


def _save(
    request: AuthedRequest, form: CriterionForm, target: ScaleCriterion | None
) -> HttpResponse:
    if form.is_valid():
        try:
            services.save_criterion(fields=form.cleaned_data, by=request.user, criterion=target)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het criterium is bewaard."))
            return redirect("scaling:criteria")
    return _page(request, form, target.pk if target else None)
