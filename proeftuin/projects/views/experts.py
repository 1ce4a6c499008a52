"""The expert pool (coordinators), an expert's own profile, the experts proposed for a
project's team, and declining an invitation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required, is_coordinator

from .. import experts as pool_queries
from ..forms import ExpertInviteForm, ExpertProfileForm, NewExpertForm, PoolFilterForm
from ..models import ExpertProfile, Membership, Project
from ..permissions import can_edit_expert_profile, can_manage_team
from ..services import experts as services
from .base import get_project_for_user_or_404

POOL_LIMIT = 500
BAR_WIDTH, BAR_GAP, BAR_HEIGHT = 10, 4, 32


def load_bars(loads: list[int], available: int) -> list[dict[str, Any]]:
    """One bar per month for the small SVG beside an expert's numbers: its height is the
    share of the availability committed (over-booking drawn as full, and marked)."""
    bars = []
    for index, load in enumerate(loads):
        share = min(load / available, 1.0) if available else (1.0 if load else 0.0)
        height = round(share * BAR_HEIGHT)
        bars.append(
            {
                "x": index * (BAR_WIDTH + BAR_GAP),
                "y": BAR_HEIGHT - height,
                "height": height,
                "full": load >= available,
            }
        )
    return bars


def get_expert_for_user_or_404(user: Any, pk: int) -> ExpertProfile:
    """A profile, for the expert themselves and coordinators; anyone else gets a 404."""
    profile = get_object_or_404(ExpertProfile.objects.select_related("user"), pk=pk)
    if not can_edit_expert_profile(user, profile):
        raise Http404
    return profile


@require_safe
@login_required
@coordinator_required
def pool(request: AuthedRequest) -> HttpResponse:
    """Everyone in the pool with their load over the coming months, filtered."""
    months = pool_queries.coming_months()
    form = PoolFilterForm(request.GET or None)
    experts = pool_queries.pool(months)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        experts = experts.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["theme"]:
            experts = experts.filter(themes=data["theme"])
        if data["kind"]:
            experts = experts.filter(kind=data["kind"])
        if data["language"]:
            experts = experts.filter(languages__contains=f" {data['language']} ")
        if data["free_hours"] is not None:
            experts = experts.filter(Q(free_hours__gte=data["free_hours"]))
    rows = []
    for e in experts[:POOL_LIMIT]:
        loads = pool_queries.loads_of(e, months)
        rows.append(
            {
                "expert": e,
                "loads": loads,
                "bars": load_bars(loads, e.hours_per_month),
                "summary": ", ".join(
                    f"{date_format(m.first, 'M Y')}: {load}/{e.hours_per_month}"
                    for m, load in zip(months, loads, strict=True)
                ),
            }
        )
    return render(
        request,
        "projects/experts/pool.html",
        {
            "form": form,
            "rows": rows,
            "months": months,
            "limit": POOL_LIMIT,
            "chart_width": len(months) * (BAR_WIDTH + BAR_GAP),
            "chart_height": BAR_HEIGHT,
            "bar_width": BAR_WIDTH,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@coordinator_required
def expert_new(request: AuthedRequest) -> HttpResponse:
    form = NewExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.create_expert_profile(
                email=form.cleaned_data["email"], data=form.profile_data(), by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(name)s staat nu in de expertenpool.") % {"name": profile.user.display_name},
            )
            return redirect("projects:expert_pool")
    return render(
        request,
        "projects/experts/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def expert_profile(request: AuthedRequest, expert_pk: int) -> HttpResponse:
    """The expert's own profile (or any, for a coordinator), with the projects they worked
    on and their load."""
    profile = get_expert_for_user_or_404(request.user, expert_pk)
    coordinator = is_coordinator(request.user)
    if request.method == "POST":
        form = ExpertProfileForm(
            request.POST,
            initial={"kind": profile.kind},
            can_change_kind=coordinator,
        )
        if form.is_valid():
            try:
                services.update_expert_profile(
                    profile=profile, data=form.profile_data(), by=request.user
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Het expertprofiel is bewaard."))
                return redirect("projects:expert_profile", expert_pk=profile.pk)
    else:
        form = ExpertProfileForm(
            initial=ExpertProfileForm.initial_for(profile), can_change_kind=coordinator
        )
    months = pool_queries.coming_months()
    loaded = pool_queries.with_load(ExpertProfile.objects.filter(pk=profile.pk), months).get()
    return render(
        request,
        "projects/experts/profile.html",
        {
            "profile": profile,
            "coordinator": coordinator,
            "form": form,
            "projects": pool_queries.worked_on(profile).select_related("need"),
            "months": months,
            "loads": pool_queries.loads_of(loaded, months),
            "loaded": loaded,
            "commitments": Membership.objects.filter(user=profile.user, hours_per_month__gt=0)
            .select_related("project")
            .order_by("starts_on", "pk"),
        },
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def my_expert_profile(request: AuthedRequest) -> HttpResponse:
    profile = ExpertProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    return redirect("projects:expert_profile", expert_pk=profile.pk)


def _proposals_page(
    request: HttpRequest,
    project: Project,
    *,
    invalid: tuple[int, ExpertInviteForm] | None = None,
) -> HttpResponse:
    months = pool_queries.coming_months()
    proposed = pool_queries.proposals(project, months)
    failed_pk, failed_form = invalid or (None, None)
    rows = [
        {
            "expert": e,
            "loads": pool_queries.loads_of(e, months),
            "form": failed_form
            if e.pk == failed_pk
            else ExpertInviteForm(
                prefix=f"e{e.pk}",
                initial={"hours_per_month": min(8, pool_queries.free_hours_of(e))},
            ),
        }
        for e in proposed
    ]
    if failed_form is not None and failed_pk not in {e.pk for e in proposed}:
        # The expert is no longer proposed (fully booked meanwhile): say so above the list.
        messages.error(request, _("Deze expert kan niet meer worden uitgenodigd."))
    return render(
        request,
        "projects/experts/proposals.html",
        {"project": project, "tab": "team", "rows": rows, "months": months},
        status=400 if invalid else 200,
    )


@require_safe
@login_required
def proposals(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    return _proposals_page(request, project)


@require_POST
@login_required
def invite(request: AuthedRequest, pk: int, expert_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    expert = get_object_or_404(ExpertProfile.objects.select_related("user"), pk=expert_pk)
    form = ExpertInviteForm(request.POST, prefix=f"e{expert.pk}")
    if form.is_valid():
        try:
            services.invite_expert(
                project=project,
                expert=expert,
                hours_per_month=form.cleaned_data["hours_per_month"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(name)s is uitgenodigd voor %(hours)s uur per maand.")
                % {
                    "name": expert.user.display_name,
                    "hours": form.cleaned_data["hours_per_month"],
                },
            )
            return redirect("projects:team", pk=project.pk)
    return _proposals_page(request, project, invalid=(expert.pk, form))


@require_POST
@login_required
def decline(request: AuthedRequest, token: str) -> HttpResponse:
    get_object_or_404(Membership, token=token, accepted_at__isnull=True)
    try:
        project = services.decline_invitation(token=token, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Je gaat niet in op de uitnodiging voor '%(project)s'.") % {"project": project.title},
        )
    return redirect("accounts:mine")
