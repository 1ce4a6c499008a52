from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.core.errors import DomainError
from proeftuin.core.http import HtmxRequest
from proeftuin.core.permissions import coordinator_required

from . import services
from .forms import ApproveForm, JoinForm, OrganisationFilterForm, OrganisationForm, RemoveMemberForm
from .models import Membership, Municipality, Organisation
from .permissions import can_manage, can_request_to_join, can_see_members

PAGE_SIZE = 30


def get_organisation_or_404(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.with_municipalities(), slug=slug)


def get_organisation_for_manager_or_404(user: Any, slug: str) -> Organisation:
    organisation = get_organisation_or_404(slug)
    if not can_manage(user, organisation):
        raise Http404
    return organisation


@require_safe
def organisation_list(request: HtmxRequest) -> HttpResponse:
    provinces = list(
        Municipality.objects.order_by("province").values_list("province", flat=True).distinct()
    )
    form = OrganisationFilterForm(request.GET or None, provinces=provinces)
    organisations = Organisation.objects.with_municipalities().order_by("name", "pk")
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["province"]:
            organisations = organisations.filter(
                municipalities__province=form.cleaned_data["province"]
            ).distinct()
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
    elif form.is_bound:
        organisations = organisations.none()
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "organisations/list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context, status=400 if form.errors else 200)


def _detail_context(
    request: HttpRequest, organisation: Organisation, join_form: JoinForm | None = None
) -> dict[str, Any]:
    members = None
    if can_see_members(request.user, organisation):
        members = (
            Membership.objects.active().filter(organisation=organisation).select_related("user")
        )
    own = (
        Membership.objects.filter(user=request.user, organisation=organisation).first()
        if request.user.is_authenticated
        else None
    )
    return {
        "organisation": organisation,
        "members": members,
        "own": own,
        "can_join": can_request_to_join(request.user, organisation),
        "can_manage": can_manage(request.user, organisation),
        "join_form": join_form if join_form is not None else JoinForm(),
    }


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(slug)
    return render(request, "organisations/detail.html", _detail_context(request, organisation))


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(slug)
    form = JoinForm(request.POST)
    if not form.is_valid():
        # The whole page again, so it shows the members only to those who may see them.
        return render(
            request,
            "organisations/detail.html",
            _detail_context(request, organisation, join_form=form),
            status=400,
        )
    try:
        services.request_to_join(
            organisation=organisation, motivation=form.cleaned_data["motivation"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Je aanvraag is verstuurd. Je krijgt bericht zodra een beheerder ze bekeek."),
        )
    return redirect("organisations:detail", slug=organisation.slug)


@require_safe
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_manager_or_404(request.user, slug)
    memberships = list(
        Membership.objects.filter(
            organisation=organisation,
            status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE],
        )
        .select_related("user")
        .order_by("status", "user__name")
    )
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
            "active": active,
            "approve_form": ApproveForm(),
        },
    )


def _membership_for_manager_or_404(user: Any, slug: str, pk: int) -> Membership:
    organisation = get_organisation_for_manager_or_404(user, slug)
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )


@require_POST
@login_required
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_for_manager_or_404(request.user, slug, pk)
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("decision") == "approve":
            services.approve_membership(
                membership=membership,
                as_admin=form.cleaned_data.get("as_admin", False),
                by=request.user,
            )
            messages.success(
                request, _("%(person)s is nu lid.") % {"person": membership.user.display_name}
            )
        elif request.POST.get("decision") == "decline":
            services.decline_membership(membership=membership, by=request.user)
            messages.success(request, _("De aanvraag is geweigerd."))
        else:
            messages.error(request, _("Kies: goedkeuren of weigeren."))
            return redirect("organisations:members", slug=slug)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("organisations:members", slug=slug)


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_for_manager_or_404(request.user, slug, pk)
    role = request.POST.get("role", "")
    if role not in Membership.Role.values:
        messages.error(request, _("Onbekende rol."))
        return redirect("organisations:members", slug=slug)
    try:
        services.set_member_role(membership=membership, role=role, by=request.user)
        messages.success(request, _("De rol is aangepast."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("organisations:members", slug=slug)


@require_http_methods(["GET", "POST"])
@login_required
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_for_manager_or_404(request.user, slug, pk)
    if membership.status != Membership.Status.ACTIVE:
        raise Http404
    form = RemoveMemberForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.remove_member(
                membership=membership, successor=form.cleaned_data["successor"], by=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(person)s is geen lid meer; %(count)s open taken zijn overgedragen.")
                % {"person": membership.user.display_name, "count": count},
            )
            return redirect("organisations:members", slug=slug)
    return render(
        request,
        "organisations/remove.html",
        {"organisation": membership.organisation, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                municipalities=list(form.cleaned_data["municipalities"]),
                email=form.cleaned_data["email"],
                website=form.cleaned_data["website"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De organisatie is aangemaakt."))
            return redirect("organisations:detail", slug=organisation.slug)
    return render(
        request, "organisations/create.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
def about_data(request: HttpRequest) -> HttpResponse:
    counts = {
        "flanders": Municipality.objects.flemish().count(),
        "brussels": Municipality.objects.brussels().count(),
    }
    return render(request, "organisations/about_data.html", counts)
