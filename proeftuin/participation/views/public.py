"""The public side: a citizen answers a form through its link, without an account or
JavaScript, gets a receipt code, and may erase their response with it."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from proeftuin.core.errors import DomainError

from .. import ratelimit, services
from ..forms import EraseForm, ResponseForm
from ..models import ParticipationForm

Status = ParticipationForm.Status


def _public_or_404(token: str) -> ParticipationForm:
    """An opened form (open or closed again) by its link; a draft is not public yet."""
    survey = get_object_or_404(ParticipationForm, token=token)
    if survey.status == Status.DRAFT:
        raise Http404
    return survey


def error_summary(form: forms.Form) -> list[tuple[str, str, str]]:
    """(anchor, question, message) for the list of errors at the top of the page; a group of
    radio buttons or checkboxes is reached through its first option."""
    summary = []
    for name, errors in form.errors.items():
        if name == "__all__":
            summary += [("", "", str(error)) for error in errors]
            continue
        field = form[name]
        grouped = isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
        anchor = f"{field.auto_id}_0" if grouped else str(field.auto_id)
        summary += [(anchor, str(field.label), str(error)) for error in errors]
    return summary


def _receipt_key(survey: ParticipationForm) -> str:
    return f"participation.receipt.{survey.token}"


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_or_404(token)
    if not services.accepts_responses(survey, timezone.now()):
        return render(
            request,
            "participation/closed.html",
            {"survey": survey},
            status=409 if request.method == "POST" else 200,
        )
    questions = list(survey.questions.all())
    posted = request.method == "POST"
    # A personal invitation's link may carry its code (?code=…), so nobody has to type it.
    initial = {"invitation": request.GET.get("code", "")[:20]} if survey.requires_invitation else {}
    form = ResponseForm(
        request.POST if posted else None, survey=survey, questions=questions, initial=initial
    )
    status = 200
    if posted:
        if ratelimit.too_many(request, "answer"):
            form.is_valid()
            form.add_error(
                None,
                _("Er kwamen te veel antwoorden van hetzelfde adres. Probeer het later opnieuw."),
            )
            status = 429
        elif form.is_bot:
            form.is_valid()
            form.add_error(
                None, _("Je antwoorden werden niet bewaard. Laat het laatste veld leeg.")
            )
            status = 400
        elif form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                _response, receipt = services.submit_response(
                    form=survey,
                    answers=form.answers(),
                    email=data.get("email") or "",
                    email_consent=bool(data.get("email_consent")),
                    invitation=data.get("invitation") or "",
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                # Shown once, on the next page, and kept nowhere else in the clear.
                request.session[_receipt_key(survey)] = receipt
                return redirect("participation:thanks", token=survey.token)
        if form.errors and status == 200:
            status = 400
    return render(
        request,
        "participation/answer.html",
        {"survey": survey, "form": form, "summary": error_summary(form) if posted else []},
        status=status,
    )


@require_safe
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_or_404(token)
    receipt = request.session.pop(_receipt_key(survey), None)
    return render(request, "participation/thanks.html", {"survey": survey, "receipt": receipt})


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_or_404(token)
    posted = request.method == "POST"
    form = EraseForm(request.POST if posted else None)
    status = 200
    erased = False
    if posted and ratelimit.too_many(request, "erase"):
        form.is_valid()
        form.add_error(None, _("Te veel pogingen van hetzelfde adres. Probeer het later opnieuw."))
        status = 429
    elif posted and form.is_valid():
        erased = services.erase_response(form=survey, receipt=form.cleaned_data["receipt"])
        if not erased:
            form.add_error(
                "receipt",
                _("Met deze code vonden we geen antwoorden (meer) op dit formulier."),
            )
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "participation/erase.html",
        {"survey": survey, "form": form, "erased": erased, "summary": error_summary(form)},
        status=status,
    )
