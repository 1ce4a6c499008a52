"""The public services catalogue (no account), a page per service with the municipalities
that use it, coverage, and what members and coordinators do there."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.markdown import render_markdown
from proeftuin.core.permissions import coordinator_required, is_coordinator
from proeftuin.projects.models import Learning, Project

from .. import feedback as figures
from .. import services
from ..coverage import COUNTED, coverage
from ..forms import AdoptionForm, ServiceForm
from ..models import Adoption, Service

State = Adoption.State
SECTION = Project.Section.LEARNINGS


def _counts() -> dict[str, Any]:
    return {
        f"n_{state}": Count("adoptions", filter=Q(adoptions__state=state), distinct=True)
        for state in COUNTED
    }


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    services_ = Service.objects.public().annotate(**_counts()).order_by("state", "name")
    return render(request, "scaling/catalogue.html", {"services": services_})


def _get_service(slug: str, user: Any) -> Service:
    """A service; a retired one only for coordinators."""
    queryset = Service.objects.all() if is_coordinator(user) else Service.objects.public()
    return get_object_or_404(queryset, slug=slug)


def _service_page(
    request: HttpRequest, service: Service, adoption_form: AdoptionForm | None = None
) -> HttpResponse:
    coordinator = is_coordinator(request.user)
    adoptions = service.adoptions.exclude(state=State.ENDED).select_related("municipality")
    # Only published projects, and their learning cards only where that section is public.
    projects = [
        (project, list(project.learnings.all()) if project.shows(SECTION) else [])
        for project in service.projects.published().prefetch_related(
            Prefetch("learnings", queryset=Learning.objects.order_by("-created_at"))
        )
    ]
    mine = services.municipalities_of(request.user)
    return render(
        request,
        "scaling/service.html",
        {
            "service": service,
            "adoptions": adoptions,
            "projects": projects,
            "coordinator": coordinator,
            "history": (
                service.adoptions.select_related("municipality").prefetch_related("events__by")
                if coordinator
                else []
            ),
            "adoption_form": (
                adoption_form or AdoptionForm(municipalities=mine)
                if mine and service.state != Service.State.RETIRED
                else None
            ),
            "service_form": ServiceForm(instance=service) if coordinator else None,
            "states": Service.State,
            # Continuous service design: the changelog, who keeps using it and why some stop,
            # and the member's own active adoptions to give feedback on.
            "releases": [(r, render_markdown(r.notes)) for r in service.releases.all()],
            "retention": figures.retention(service.pk),
            "reasons": figures.end_reasons(service.pk),
            "my_adoptions": [
                a for a in adoptions if a.state == State.ACTIVE and a.municipality in mine
            ],
        },
        status=400 if adoption_form is not None and adoption_form.errors else 200,
    )


@require_safe
def service(request: HttpRequest, slug: str) -> HttpResponse:
    return _service_page(request, _get_service(slug, request.user))


@require_POST
@login_required
def adopt(request: AuthedRequest, slug: str) -> HttpResponse:
    service = _get_service(slug, request.user)
    form = AdoptionForm(request.POST, municipalities=services.municipalities_of(request.user))
    if form.is_valid():
        try:
            services.register_adoption(
                service=service,
                municipality=form.cleaned_data["municipality"],
                state=form.cleaned_data["state"],
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Bedankt: we hebben het genoteerd."))
            return redirect("scaling:service", slug=service.slug)
    return _service_page(request, service, form)


@require_POST
@coordinator_required
def service_state(request: AuthedRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    try:
        services.set_service_state(
            service=service, state=request.POST.get("state", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("De stand van de dienst is gewijzigd."))
    return redirect("scaling:service", slug=service.slug)


@require_POST
@coordinator_required
def service_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    form = ServiceForm(request.POST)
    if form.is_valid():
        try:
            services.update_service(service=service, fields=form.cleaned_data, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("De dienst is bewaard."))
    else:
        messages.error(request, _("Vul elk veld van de dienst in."))
    return redirect("scaling:service", slug=service.slug)


def _adoption_step(request: AuthedRequest, pk: int, step: Any) -> HttpResponse:
    adoption = get_object_or_404(Adoption.objects.select_related("service"), pk=pk)
    try:
        step(adoption=adoption, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("De afname is bijgewerkt."))
    return redirect("scaling:service", slug=adoption.service.slug)


@require_POST
@coordinator_required
def adoption_activate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _adoption_step(request, pk, services.activate_adoption)


@require_safe
def coverage_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    service = _get_service(slug, request.user) if slug else None
    figures = coverage(service)
    province = request.GET.get("provincie", "")
    state = request.GET.get("stand", "")
    places = [
        p
        for p in figures.places
        if (not province or p.municipality.province == province)
        and (not state or (p.state or "none") == state)
    ]
    return render(
        request,
        "scaling/coverage.html",
        {
            "service": service,
            "figures": figures,
            "places": places,
            "province": province,
            "state": state,
            "provinces": sorted({p.municipality.province for p in figures.places}),
            "states": [(s.value, s.label) for s in COUNTED],
        },
    )
