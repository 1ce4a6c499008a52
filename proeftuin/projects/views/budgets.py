"""Means: a project's budget against its spending (the team sees it; the projectleider and
coordinators record costs; coordinators set the budget), and the coordinators' overview per
call, per year and per project."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.calls.models import Call
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required

from .. import budgets, services
from ..budget_forms import BudgetForm, SpendingForm
from ..models import PhaseBudget, Project, Spending
from ..permissions import can_record_spending, can_set_budget
from ..services.collaboration import EXTENSIONS
from .base import get_project_for_user_or_404

SPENDING_PER_PAGE = 50


def _budget_page(request: AuthedRequest, project: Project, form: SpendingForm) -> HttpResponse:
    spendings = Spending.objects.filter(project=project).select_related("recorded_by")
    page = Paginator(spendings, SPENDING_PER_PAGE).get_page(request.GET.get("pagina"))
    experiments = (
        budgets.spent_experiments()
        .filter(project=project)
        .annotate(cents=budgets.experiment_cents())
        .exclude(cents=0)
        .order_by("started_at", "pk")
    )
    return render(
        request,
        "projects/budgets/budget.html",
        {
            "project": project,
            "money": budgets.project_money(project),
            "spendings": page,
            "experiments": experiments,
            "form": form,
            "can_record": can_record_spending(request.user, project),
            "can_set": can_set_budget(request.user, project),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def budget(request: AuthedRequest, pk: int) -> HttpResponse:
    """The project's budget page; a POST records a cost."""
    project = get_project_for_user_or_404(request.user, pk)
    if request.method != "POST":
        return _budget_page(request, project, SpendingForm(project=project))
    if not can_record_spending(request.user, project):
        raise Http404
    form = SpendingForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["attachment"]
        try:
            services.record_spending(
                project=project,
                phase=data["phase"],
                spent_on=data["spent_on"],
                amount_cents=data["amount_cents"],
                kind=data["kind"],
                description=data["description"],
                upload=upload,
                name=upload.name if upload else "",
                size=upload.size if upload else 0,
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De uitgave is genoteerd."))
            return redirect(reverse("projects:budget", args=[project.pk]) + "#uitgaven")
    return _budget_page(request, project, form)


@require_http_methods(["GET", "POST"])
@login_required
def budget_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Coordinators set the project's budget for each phase."""
    project = get_project_for_user_or_404(request.user, pk)
    if not can_set_budget(request.user, project):
        raise Http404
    current = list(PhaseBudget.objects.filter(project=project))
    form = BudgetForm(request.POST or None, budgets=current)
    if request.method == "POST" and form.is_valid():
        try:
            for phase, values in form.per_phase().items():
                services.set_phase_budget(project=project, phase=phase, by=request.user, **values)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het budget is bewaard."))
            return redirect("projects:budget", pk=project.pk)
    return render(
        request,
        "projects/budgets/budget_form.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )


def _download_name(spending: Spending) -> str:
    """The uploaded name, with an extension that matches what the file really is."""
    name = spending.attachment_name
    stem, dot, suffix = name.rpartition(".")
    allowed = EXTENSIONS.get(spending.attachment_type, [])
    if not allowed or (dot and suffix.lower() in allowed):
        return name
    return f"{stem if dot else name}.{allowed[0]}"


@require_safe
@login_required
def spending_attachment(request: AuthedRequest, pk: int, spending_pk: int) -> FileResponse:
    project = get_project_for_user_or_404(request.user, pk)
    spending = get_object_or_404(Spending, pk=spending_pk, project=project)
    if not spending.attachment:
        raise Http404
    response = FileResponse(
        spending.attachment.open("rb"),
        as_attachment=True,
        filename=_download_name(spending),
        content_type=spending.attachment_type,
    )
    # The type was judged from the content at upload; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def spending_remove(request: AuthedRequest, pk: int, spending_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    spending = get_object_or_404(Spending, pk=spending_pk, project=project)
    if not can_record_spending(request.user, project):
        raise Http404
    try:
        services.remove_spending(spending=spending, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("De uitgave is geschrapt."))
    return redirect(reverse("projects:budget", args=[project.pk]) + "#uitgaven")


@require_safe
@coordinator_required
def budget_overview(request: AuthedRequest) -> HttpResponse:
    """Budget against spending per call, per year and per project, for coordinators."""
    # Annotated with the sums (`budgets`), which the type checker cannot see.
    calls: Any = budgets.calls_with_money(Call.objects.all()).order_by("-opens_at", "pk")
    projects: Any = (
        budgets.with_money(Project.objects.all())
        .select_related("need__call")
        .order_by(F("budget_cents").desc(nulls_last=True), "title", "pk")
    )
    rows: list[dict[str, Any]] = []
    for p in projects:
        spent, budget = p.spent_cents, p.budget_cents
        rows.append(
            {
                "project": p,
                "percent": budgets.percent(spent, budget),
                "warning": budgets.warning_level(spent, budget),
            }
        )
    rows.sort(key=lambda r: (-(r["percent"] or -1), r["project"].title))
    return render(
        request,
        "projects/budgets/overview.html",
        {
            "calls": [
                {
                    "call": c,
                    "percent": budgets.percent(c.spent_cents, c.budget_cents or 0),
                    "allocated_percent": budgets.percent(c.allocated_cents, c.budget_cents or 0),
                }
                for c in calls
            ],
            "years": budgets.per_year(),
            "projects": rows,
        },
    )
