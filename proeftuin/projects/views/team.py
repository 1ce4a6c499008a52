"""The project's team and test sites (their own page in the workspace); the list of
projects."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.calls.models import Support
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import is_coordinator

from .. import services
from ..forms import CommitmentForm, TeamMemberForm, TestSiteForm
from ..models import ExpertProfile, Membership, Project, TestSite
from ..permissions import can_manage_team
from ..services.experts import set_commitment
from .base import get_project_for_user_or_404

EXPERT_ROLES = (Membership.Role.INTERNAL_EXPERT, Membership.Role.EXTERNAL_EXPERT)


def _page(
    request: HttpRequest,
    project: Project,
    *,
    commitment: tuple[int, CommitmentForm] | None = None,
    **forms: Any,
) -> HttpResponse:
    manage = can_manage_team(request.user, project)
    failed_pk, failed_form = commitment or (None, None)
    # Each expert's committed hours, editable by whoever composes the team.
    team = [
        (
            m,
            (failed_form if m.pk == failed_pk else CommitmentForm.for_member(m))
            if manage and m.role in EXPERT_ROLES
            else None,
        )
        for m in project.team.select_related("user")
    ]
    supporters = (
        Support.objects.active()
        .filter(need=project.need)
        .select_related("organisation")
        .prefetch_related("organisation__municipalities")
        if manage
        else []
    )
    return render(
        request,
        "projects/team.html",
        {
            "project": project,
            "tab": "team",
            "team": team,
            "test_sites": project.test_sites.select_related("municipality", "organisation"),
            "can_manage": manage,
            "supporters": supporters,
            "member_form": forms.get("member_form") or TeamMemberForm(),
            "site_form": forms.get("site_form") or TestSiteForm(),
        },
        status=400 if commitment or any(f.errors for f in forms.values()) else 200,
    )


@require_safe
@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    projects = (
        Project.objects.visible_to(request.user)
        .select_related("need__organisation")
        .prefetch_related("test_sites__municipality")
    )
    return render(
        request,
        "projects/list.html",
        {
            "projects": projects[:200],
            "show_pool": is_coordinator(request.user),
            "expert_profile": ExpertProfile.objects.filter(user=request.user).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """The team and test sites; coordinators add a member here (POST)."""
    project = get_project_for_user_or_404(request.user, pk)
    if request.method == "GET":
        return _page(request, project)
    if not can_manage_team(request.user, project):
        raise Http404
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_team_member(
                project=project,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(email)s is uitgenodigd.") % {"email": membership.email}
                if membership.is_pending
                else _("%(name)s zit nu in het team.")
                % {"name": membership.user.display_name if membership.user else membership.email},
            )
            return redirect("projects:team", pk=project.pk)
    return _page(request, project, member_form=form)


@require_POST
@login_required
def member_remove(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    membership = get_object_or_404(Membership, pk=member_pk, project=project)
    services.remove_team_member(membership=membership, by=request.user)
    messages.success(request, _("Het teamlid is verwijderd."))
    return redirect("projects:team", pk=project.pk)


@require_POST
@login_required
def commitment(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    """A coordinator changes the hours an expert in the team commits, and their period."""
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    membership = get_object_or_404(Membership, pk=member_pk, project=project, role__in=EXPERT_ROLES)
    form = CommitmentForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            set_commitment(
                membership=membership,
                hours_per_month=form.cleaned_data["hours_per_month"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De toegezegde uren zijn bewaard."))
            return redirect("projects:team", pk=project.pk)
    return _page(request, project, commitment=(membership.pk, form))


@require_POST
@login_required
def test_site_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    form = TestSiteForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["agreement"]
        try:
            services.add_test_site(
                project=project,
                municipality=form.cleaned_data["municipality"],
                organisation=form.cleaned_data["organisation"],
                committed_on=form.cleaned_data["committed_on"],
                agreement=upload,
                agreement_name=upload.name,
                agreement_size=upload.size,
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De proeftuin is toegevoegd."))
            return redirect("projects:team", pk=project.pk)
    return _page(request, project, site_form=form)


@require_POST
@login_required
def test_site_remove(request: AuthedRequest, pk: int, site_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_manage_team(request.user, project):
        raise Http404
    site = get_object_or_404(TestSite, pk=site_pk, project=project)
    try:
        services.remove_test_site(site=site, by=request.user)
        messages.success(request, _("De proeftuin is verwijderd."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("projects:team", pk=project.pk)


@require_safe
@login_required
def agreement(request: AuthedRequest, pk: int, site_pk: int) -> FileResponse:
    project = get_project_for_user_or_404(request.user, pk)
    site = get_object_or_404(TestSite, pk=site_pk, project=project)
    # The file is a PDF whatever name it was uploaded under (the content was checked).
    stem, dot, suffix = site.agreement_name.rpartition(".")
    name = site.agreement_name if suffix.lower() == "pdf" else f"{stem if dot else suffix}.pdf"
    return FileResponse(
        site.agreement.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@require_http_methods(["GET", "POST"])
@login_required
def accept(request: AuthedRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        Membership.objects.select_related("project"), token=token, accepted_at__isnull=True
    )
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("accounts:mine")
        messages.success(
            request,
            _("Welkom in het team van '%(project)s'.") % {"project": membership.project.title},
        )
        return redirect("projects:detail", pk=membership.project_id)
    return render(request, "projects/accept.html", {"invitation": invitation})
