"""The team's pages for an experiment's forms: build the form, open and close it, print its
QR code and invitation codes, bind the experiment's metric. The project's team and
coordinators only; anyone else gets a 404. Changes only while the project runs."""

from io import BytesIO
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.projects.models import Experiment
from proeftuin.projects.permissions import can_work_on

from .. import binding, services
from ..forms import BindingForm, CodesForm, QuestionForm, SurveyForm
from ..models import MetricBinding, ParticipationForm, Question
from .base import Place, get_experiment_for_user_or_404, get_form_for_user_or_404


def _page(
    request: HttpRequest,
    template: str,
    place: Place,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "project": place.project,
            "experiment": place.experiment,
            "survey": place.survey,
            "can_edit": can_work_on(request.user, place.project),
            "tab": "experiments",
            **context,
        },
        status=status,
    )


def _form_url(place: Place) -> Any:
    assert place.survey is not None
    return redirect("participation:form", pk=place.project.pk, form_pk=place.survey.pk)


def public_url(request: HttpRequest, survey: ParticipationForm) -> str:
    return request.build_absolute_uri(reverse("participation:answer", args=[survey.token]))


# The experiment's forms ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def experiment_forms(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    place = get_experiment_for_user_or_404(request.user, pk, exp_pk)
    today = timezone.localdate()
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": place.experiment.title,
            "retention_until": today.replace(year=today.year + 1)
            if not (today.month == 2 and today.day == 29)
            else today.replace(year=today.year + 1, day=28),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_form(
                owner=place.experiment, fields=form.fields_dict(), by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het formulier is gemaakt. Voeg nu de vragen toe."))
            return redirect("participation:form", pk=place.project.pk, form_pk=survey.pk)
    surveys = binding.forms_of(place.experiment).with_counts()
    return _page(
        request,
        "participation/experiment_forms.html",
        place,
        {
            "surveys": surveys,
            "form": form,
            "bound": MetricBinding.objects.filter(experiment=place.experiment)
            .select_related("question")
            .first(),
        },
        status=400 if form.errors else 200,
    )


# Building a form ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def form_detail(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    survey = place.survey
    assert survey is not None
    settings_form = SurveyForm(request.POST if request.method == "POST" else None, instance=survey)
    if request.method == "POST" and settings_form.is_valid():
        try:
            services.update_form(form=survey, fields=settings_form.fields_dict(), by=request.user)
        except DomainError as error:
            settings_form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het formulier is bewaard."))
            return _form_url(place)
    if settings_form.errors:
        survey.refresh_from_db()
    return _page(
        request,
        "participation/form.html",
        place,
        {
            "settings_form": settings_form,
            "question_form": QuestionForm(),
            "questions": list(survey.questions.all()),
            "response_count": survey.responses.count(),
            "public_url": public_url(request, survey),
        },
        status=400 if settings_form.errors else 200,
    )


@require_POST
@login_required
def question_add(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    assert place.survey is not None
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(form=place.survey, fields=form.fields_dict(), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De vraag is toegevoegd."))
            return _form_url(place)
    return _page(
        request,
        "participation/question_form.html",
        place,
        {"form": form, "question": None},
        status=400,
    )


def _question(place: Place, q_pk: int) -> Question:
    return get_object_or_404(Question, pk=q_pk, form=place.survey)


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request: AuthedRequest, pk: int, form_pk: int, q_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    question = _question(place, q_pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            # The form changed the instance while validating; the service starts from the row.
            services.update_question(
                question=Question.objects.get(pk=question.pk),
                fields=form.fields_dict(),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De vraag is bewaard."))
            return _form_url(place)
    return _page(
        request,
        "participation/question_form.html",
        place,
        {"form": form, "question": question},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def question_move(request: AuthedRequest, pk: int, form_pk: int, q_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    question = _question(place, q_pk)
    try:
        services.move_question(
            question=question, up=request.POST.get("direction") == "up", by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    return _form_url(place)


@require_POST
@login_required
def question_remove(request: AuthedRequest, pk: int, form_pk: int, q_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    question = _question(place, q_pk)
    try:
        services.remove_question(question=question, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("De vraag is verwijderd."))
    return _form_url(place)


@require_POST
@login_required
def form_status(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    """Open or close the form (`action` says which)."""
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    assert place.survey is not None
    opening = request.POST.get("action") == "open"
    try:
        if opening:
            services.open_form(form=place.survey, by=request.user)
        else:
            services.close_form(form=place.survey, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Het formulier is open: deel de link of de QR-code.")
            if opening
            else _("Het formulier is gesloten; het bewaart geen nieuwe antwoorden meer."),
        )
    return _form_url(place)


# Invitation codes and the QR code ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def codes(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    survey = place.survey
    assert survey is not None
    form = CodesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.generate_codes(
                form=survey, count=form.cleaned_data["count"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("%(count)s nieuwe codes staan in de lijst.") % {"count": len(made)}
            )
            return redirect("participation:codes", pk=place.project.pk, form_pk=survey.pk)
    unused = [
        services.show_code(c)
        for c in survey.codes.filter(used_at__isnull=True).values_list("code", flat=True)
    ]
    return _page(
        request,
        "participation/codes.html",
        place,
        {
            "form": form,
            "unused": unused,
            "used_count": survey.codes.filter(used_at__isnull=False).count(),
            "public_url": public_url(request, survey),
        },
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def qr_page(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    assert place.survey is not None
    return _page(
        request, "participation/qr.html", place, {"public_url": public_url(request, place.survey)}
    )


@require_safe
@login_required
def qr_image(request: AuthedRequest, pk: int, form_pk: int, kind: str) -> HttpResponse:
    """The public link as a QR code, SVG or PNG (error correction M: survives a crease)."""
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    assert place.survey is not None
    code = segno.make(public_url(request, place.survey), error="m", micro=False)
    out = BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=8, border=4, title=place.survey.title, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=12, border=4)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="formulier-{place.survey.pk}.{kind}"'
    return response


# The bound metric -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def metric(request: AuthedRequest, pk: int, form_pk: int) -> HttpResponse:
    place = get_form_for_user_or_404(request.user, pk, form_pk)
    survey = place.survey
    assert survey is not None
    experiment: Experiment = place.experiment
    current = MetricBinding.objects.filter(experiment=experiment).select_related("question").first()
    initial: dict[str, Any] = {}
    if current is not None and current.form_id == survey.pk:
        initial = {
            "aggregate": current.aggregate,
            "question": current.question_id,
            "condition": "" if current.condition == "chosen" else current.condition,
            "number": current.number,
            "choice": dict(current.question.choices).get(current.choice, current.choice)
            if current.question
            else "",
        }
    posted = request.method == "POST"
    form = BindingForm(request.POST if posted else None, survey=survey, initial=initial)
    if posted and request.POST.get("action") == "unbind":
        try:
            binding.unbind_metric(experiment=experiment, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("De meting is losgekoppeld; de waarde vul je zelf in."))
        return redirect("participation:metric", pk=place.project.pk, form_pk=survey.pk)
    if posted and form.is_valid():
        try:
            binding.bind_metric(
                experiment=experiment, form=survey, by=request.user, **form.binding()
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De meting is gekoppeld en berekend."))
            return redirect("participation:metric", pk=place.project.pk, form_pk=survey.pk)
    experiment.refresh_from_db(fields=["measured_value", "data_points", "status"])
    return _page(
        request,
        "participation/metric.html",
        place,
        {
            "form": form,
            "current": current,
            "current_text": binding.describe(current) if current else "",
            "measurement": binding.current_measurement(experiment) if current else None,
        },
        status=400 if form.errors else 200,
    )
