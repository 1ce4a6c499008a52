"""A project's scale evaluation: scorecard, evidence and decision (team and coordinators)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import is_coordinator
from proeftuin.projects.models import Project
from proeftuin.projects.permissions import can_decide_gate
from proeftuin.projects.views.base import get_project_for_user_or_404

from .. import services
from ..evidence import evidence_for
from ..forms import DecisionForm, ScoreForm
from ..models import ScaleCriterion, ScaleEvaluation


def _evaluation(project: Project) -> ScaleEvaluation | None:
    return (
        ScaleEvaluation.objects.select_related("service", "overridden_by", "decided_by")
        .filter(project=project)
        .first()
    )


def _page(
    request: HttpRequest,
    project: Project,
    *,
    score_forms: dict[int, ScoreForm] | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    evaluation = _evaluation(project)
    scores = {s.criterion_id: s for s in evaluation.scores.all()} if evaluation else {}
    score_forms = score_forms or {}
    criteria = [
        (
            criterion,
            scores.get(criterion.pk),
            score_forms.get(criterion.pk)
            or ScoreForm(
                prefix=f"c{criterion.pk}",
                initial={"score": s.score, "motivation": s.motivation}
                if (s := scores.get(criterion.pk))
                else None,
            ),
        )
        for criterion in ScaleCriterion.objects.filter(active=True)
    ]
    may_decide = can_decide_gate(request.user, project)
    open_ = (
        evaluation is not None
        and project.is_running
        and (
            evaluation.status == ScaleEvaluation.Status.DRAFT
            or evaluation.decision == ScaleEvaluation.Decision.NOT_YET
        )
    )
    forms: list[Any] = [decision_form, *score_forms.values()]
    return render(
        request,
        "scaling/evaluation.html",
        {
            "project": project,
            "tab": "scaling",
            "evaluation": evaluation,
            "criteria": criteria,
            "readiness": services.readiness(project),
            "evidence": evidence_for(project),
            "may_decide": may_decide and open_,
            "may_start": may_decide
            and evaluation is None
            and project.is_running
            and project.phase == Project.Phase.EVALUATE,
            "is_coordinator": is_coordinator(request.user),
            "decision_form": decision_form or DecisionForm(),
        },
        status=400 if any(f is not None and f.errors for f in forms) else 200,
    )


@require_safe
@login_required
def evaluation(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, get_project_for_user_or_404(request.user, pk))


@require_POST
@login_required
def start(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    try:
        services.start_evaluation(project=project, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("scaling:evaluation", pk=project.pk)


@require_POST
@login_required
def score(request: AuthedRequest, pk: int, criterion_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    evaluation = _evaluation(project)
    if evaluation is None:
        raise Http404
    criterion = get_object_or_404(ScaleCriterion, pk=criterion_pk, active=True)
    form = ScoreForm(request.POST, prefix=f"c{criterion.pk}")
    if form.is_valid():
        try:
            services.score_criterion(
                evaluation=evaluation,
                criterion=criterion,
                score=form.cleaned_data["score"],
                motivation=form.cleaned_data["motivation"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De score is bewaard."))
            return redirect("scaling:evaluation", pk=project.pk)
    return _page(request, project, score_forms={criterion.pk: form})


@require_POST
@login_required
def decide(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    evaluation = _evaluation(project)
    if evaluation is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                evaluation=evaluation,
                decision=form.cleaned_data["decision"],
                motivation=form.cleaned_data["motivation"],
                override_motivation=form.cleaned_data["override_motivation"],
                service=form.cleaned_data["service"],
                service_fields=form.service_fields(),
                closing_learning=form.closing_learning(),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De beslissing is genomen."))
            return redirect("scaling:evaluation", pk=project.pk)
    return _page(request, project, decision_form=form)
