"""Continuous service design: members of an adopting municipality give feedback;
coordinators read it per service, publish releases, turn requests into needs and end
adoptions with their reason; a release e-mail's one-click opt-out."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required
from proeftuin.organisations.models import Municipality

from .. import feedback as figures
from .. import services, services_feedback, surveys, tokens
from ..forms import EndAdoptionForm, FeedbackForm, ReleaseForm, RequestToNeedForm
from ..models import Adoption, Feedback, Service, ServiceRequest

State = Adoption.State
FEEDBACK_PAGE = 25
# The requests a member may back from the feedback form: the most shared ones.
BACKABLE = 20


def get_adoption_for_member_or_404(user: Any, pk: int) -> tuple[Adoption, list[Any]]:
    """An active adoption of a municipality the person works in, with the organisations
    they speak for; anyone else (another municipality's member too) gets a 404."""
    adoption = get_object_or_404(
        Adoption.objects.select_related("service", "municipality"), pk=pk, state=State.ACTIVE
    )
    organisations = services_feedback.organisations_for(user, adoption)
    if not organisations:
        raise Http404
    return adoption, organisations


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def give_feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    adoption, organisations = get_adoption_for_member_or_404(request.user, pk)
    backable = list(figures.top_requests(adoption.service_id, without_need=True)[:BACKABLE])
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        requests=backable,
        initial={"organisation": organisations[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_feedback.give_feedback(
                adoption=adoption,
                organisation=data["organisation"],
                satisfaction=data["satisfaction"],
                works=data["works"],
                fails=data["fails"],
                new_request=data["new_request"],
                new_request_kind=data["new_request_kind"],
                backed=list(data.get("backed") or []),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Bedankt voor je feedback."))
            return redirect("scaling:service", slug=adoption.service.slug)
    return render(
        request,
        "scaling/feedback_form.html",
        {
            "adoption": adoption,
            "service": adoption.service,
            "form": form,
            "organisations": organisations,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
@coordinator_required
def feedback_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """What the adopters say about one service, over time. A fixed number of queries
    whatever the amount of feedback."""
    service = get_object_or_404(Service, slug=slug)
    per = figures.QUARTER if request.GET.get("per") == figures.QUARTER else figures.MONTH
    trend = figures.satisfaction_trend(service.pk, per)
    recent = (
        Feedback.objects.filter(adoption__service=service)
        .select_related("adoption__municipality", "organisation")
        .prefetch_related(Prefetch("requests", queryset=ServiceRequest.objects.order_by("pk")))
    )
    page = Paginator(recent, FEEDBACK_PAGE).get_page(request.GET.get("pagina"))
    overall = figures.nps_by_service([service.pk]).get(service.pk, figures.Nps(0, 0, 0))
    return render(
        request,
        "scaling/feedback_overview.html",
        {
            "service": service,
            "per": per,
            "trend": trend,
            "columns": figures.trend_columns(trend, per),
            "chart": {
                "height": figures.CHART_HEIGHT,
                "top": figures.CHART_TOP,
                "view_height": figures.CHART_TOP + figures.CHART_HEIGHT + 30,
            },
            "requests": figures.top_requests(service.pk)[: figures.TOP_REQUESTS],
            "nps": overall,
            "nps_periods": [
                (surveys.period_label(period), score)
                for period, score in figures.nps_by_period(service.pk)
            ],
            "retention": figures.retention(service.pk),
            "reasons": figures.end_reasons(service.pk),
            "ended": service.adoptions.filter(state=State.ENDED)
            .select_related("municipality")
            .order_by("-ended_at"),
            "page": page,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def request_to_need(request: AuthedRequest, pk: int) -> HttpResponse:
    service_request = get_object_or_404(ServiceRequest.objects.select_related("service"), pk=pk)
    organisations = services_feedback.raising_organisations(service_request)
    places = ", ".join(
        Municipality.objects.filter(adoptions__feedback__requests=service_request)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    form = RequestToNeedForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={
            "title": service_request.text[:200],
            "problem": _(
                "Gemeenten die '%(service)s' gebruiken, vragen: %(text)s\n\nGevraagd door: "
                "%(places)s."
            )
            % {
                "service": service_request.service.name,
                "text": service_request.text,
                "places": places,
            },
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = services_feedback.turn_request_into_need(
                request=service_request,
                call=data["call"],
                organisation=data["organisation"],
                title=data["title"],
                problem=data["problem"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Het ontwerp staat klaar bij %(organisation)s, die het bevestigt en indient.")
                % {"organisation": link.need.organisation.name},
            )
            return redirect("scaling:feedback", slug=service_request.service.slug)
    return render(
        request,
        "scaling/request_to_need.html",
        {
            "service_request": service_request,
            "service": service_request.service,
            "places": places,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def publish_release(request: AuthedRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    form = ReleaseForm(
        request.POST if request.method == "POST" else None,
        initial={"released_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_feedback.publish_release(
                service=service,
                title=data["title"],
                notes=data["notes"],
                released_on=data["released_on"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("De nieuwe versie staat op de pagina; de gemeenten krijgen een e-mail."),
            )
            return redirect("scaling:service", slug=service.slug)
    return render(
        request,
        "scaling/release_form.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def end_adoption(request: AuthedRequest, pk: int) -> HttpResponse:
    adoption = get_object_or_404(
        Adoption.objects.select_related("service", "municipality").exclude(state=State.ENDED),
        pk=pk,
    )
    form = EndAdoptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_adoption(
                adoption=adoption,
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De afname is bijgewerkt."))
            return redirect("scaling:service", slug=adoption.service.slug)
    return render(
        request,
        "scaling/end_adoption.html",
        {"adoption": adoption, "service": adoption.service, "form": form},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def release_mails_off(request: HttpRequest, token: str) -> HttpResponse:
    """A GET only shows the button: link checkers in mail filters must not opt anyone out."""
    error, done, adoption = "", False, None
    try:
        adoption = (
            Adoption.objects.select_related("service", "municipality")
            .filter(pk=tokens.read_release_opt_out(token))
            .first()
        )
        if adoption is None:
            raise DomainError(_("Deze afname bestaat niet meer; je krijgt geen e-mails meer."))
        if request.method == "POST":
            services_feedback.turn_off_release_mails(adoption=adoption)
            done = True
        else:
            done = not adoption.release_mails
    except DomainError as refused:
        error = str(refused.message)
    return render(
        request,
        "scaling/release_mails_off.html",
        {"error": error, "done": done, "adoption": adoption},
        status=400 if error else 200,
    )
