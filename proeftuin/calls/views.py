import csv
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.http import HtmxRequest
from proeftuin.core.markdown import render_markdown
from proeftuin.core.permissions import coordinator_required, is_coordinator
from proeftuin.organisations.models import Municipality, Organisation

from . import services
from .forms import (
    AttachmentForm,
    BulkIntakeForm,
    CallForm,
    CriterionFormSet,
    ImportForm,
    IntakeFilterForm,
    InviteForm,
    MergeForm,
    MotivationForm,
    NeedForm,
    NewNeedForm,
    SupportForm,
)
from .imports import COLUMNS
from .models import (
    Attachment,
    Call,
    CallAlert,
    CoSubmitter,
    Need,
    NeedImport,
    NeedImportRow,
    Support,
    with_support_counts,
)
from .permissions import can_act_for_need, can_see_need, is_invited_for_need, own_municipalities

BOARD_PAGE_SIZE = 50
SHOWN_SUPPORTS = 50  # supporters named on a challenge's page; the others are counted


def get_call_for_user_or_404(user: Any, slug: str) -> Call:
    calls = Call.objects.all() if is_coordinator(user) else Call.objects.published()
    return get_object_or_404(
        calls.prefetch_related("criteria", "review_dates", "themes"), slug=slug
    )


def get_need_for_user_or_404(user: Any, pk: int) -> Need:
    need = get_object_or_404(
        Need.objects.select_related("call", "organisation", "submitted_by"), pk=pk
    )
    if not can_see_need(user, need):
        raise Http404
    return need


# Public -----------------------------------------------------------------------------------


@require_safe
def call_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    calls = list(Call.objects.public().order_by("-opens_at")[:50])
    return render(
        request,
        "calls/call_list.html",
        {
            "open_calls": [c for c in calls if c.status_at(now) == Call.Status.OPEN],
            "upcoming_calls": [c for c in calls if c.status_at(now) == Call.Status.UPCOMING],
            "past_calls": [
                c for c in calls if c.status_at(now) in (Call.Status.CLOSED, Call.Status.DECIDED)
            ],
            "alert": request.user.is_authenticated
            and CallAlert.objects.filter(user=request.user).exists(),
        },
    )


@require_safe
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_call_for_user_or_404(request.user, slug)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "introduction": render_markdown(call.introduction),
            "can_submit": request.user.is_authenticated and call.is_open(),
        },
    )


@require_POST
@login_required
def call_alert(request: AuthedRequest) -> HttpResponse:
    wanted = request.POST.get("wanted") == "1"
    services.set_call_alert(user=request.user, wanted=wanted)
    messages.success(
        request,
        _("Je krijgt een e-mail zodra een nieuwe oproep opent.")
        if wanted
        else _("Je krijgt geen e-mail meer bij nieuwe oproepen."),
    )
    return redirect("calls:list")


@require_safe
def challenge_list(request: HttpRequest) -> HttpResponse:
    challenges = (
        Need.objects.challenges()
        .select_related("organisation", "call")
        .prefetch_related("organisation__municipalities", "themes")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(challenges, 30).get_page(request.GET.get("pagina"))
    page.object_list = with_support_counts(page.object_list)
    return render(request, "calls/challenge_list.html", {"page": page})


@require_safe
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A public challenge: organisation and municipality only, no personal data."""
    need = get_object_or_404(
        Need.objects.challenges().select_related("organisation", "call").prefetch_related("themes"),
        pk=pk,
    )
    active = Support.objects.active().filter(need=need)
    # A popular challenge gathers thousands of supports: the page names the newest and counts
    # the rest, municipalities and provinces in the database.
    supports = list(
        active.select_related("organisation").order_by("-created_at", "-pk")[:SHOWN_SUPPORTS]
    )
    supporting = Municipality.objects.filter(
        organisations__in=active.values("organisation")
    ).distinct()
    support_form = None
    own_supports: list[Support] = []
    if request.user.is_authenticated:
        eligible = _support_organisations(request.user, need)
        if eligible.exists():
            support_form = SupportForm(organisations=eligible)
        own_supports = list(
            active.filter(organisation__in=Organisation.objects.of_member(request.user))
            .select_related("organisation")
            .order_by("pk")
        )
    return render(
        request,
        "calls/challenge_detail.html",
        {
            "need": need,
            "supports": supports,
            "more_supports": max(active.count() - len(supports), 0),
            "municipality_count": supporting.count(),
            "province_count": supporting.values("province").distinct().count(),
            "support_form": support_form,
            "own_supports": own_supports,
        },
    )


def _support_organisations(user: Any, need: Need) -> Any:
    return (
        Organisation.objects.of_member(user)
        .exclude(municipalities__in=own_municipalities(need).values("pk"))
        .exclude(supports__need=need, supports__withdrawn_at__isnull=True)
        .distinct()
    )


@require_POST
@login_required
def support(request: AuthedRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.challenges(), pk=pk)
    form = SupportForm(request.POST, organisations=_support_organisations(request.user, need))
    if form.is_valid():
        try:
            services.support_need(
                need=need,
                organisation=form.cleaned_data["organisation"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
            messages.success(request, _("Bedankt: je organisatie steunt deze uitdaging."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Je organisatie kan deze uitdaging niet (nog eens) steunen."))
    return redirect("calls:challenge", pk=need.pk)


@require_POST
@login_required
def withdraw_support(request: AuthedRequest, pk: int) -> HttpResponse:
    support = get_object_or_404(
        Support.objects.active().select_related("organisation", "need"), pk=pk
    )
    try:
        services.withdraw_support(support=support, by=request.user)
    except DomainError:
        raise Http404 from None
    messages.success(request, _("Je steun is ingetrokken."))
    return redirect("calls:challenge", pk=support.need_id)


# Submitters ------------------------------------------------------------------------------


@require_safe
@login_required
def my_needs(request: AuthedRequest) -> HttpResponse:
    """Mijn noden: the needs of the person's organisations, across calls."""
    organisations = Organisation.objects.of_member(request.user).values("pk")
    needs = (
        Need.objects.filter(
            Q(organisation__in=organisations)
            | Q(
                co_submitters__organisation__in=organisations,
                co_submitters__confirmed_at__isnull=False,
            )
        )
        .distinct()
        .select_related("call", "organisation")
        .order_by("-created_at")
    )
    page = Paginator(needs, 30).get_page(request.GET.get("pagina"))
    open_calls = list(Call.objects.open())
    return render(request, "calls/my_needs.html", {"page": page, "open_calls": open_calls})


def _need_form_context(
    request: AuthedRequest, form: Any, need: Need | None, call: Call | None
) -> dict[str, Any]:
    return {
        "form": form,
        "need": need,
        "call": call,
        "attachment_form": AttachmentForm(),
        "invite_form": InviteForm(),
        "attachments": list(need.attachments.all()) if need else [],
        "co_submitters": list(need.co_submitters.select_related("organisation")) if need else [],
        "open_calls": list(Call.objects.open()) if need and need.call is None else [],
    }


@require_safe
@login_required
def need_new(request: AuthedRequest) -> HttpResponse:
    call = None
    if request.GET.get("oproep"):
        call = Call.objects.open().filter(slug=request.GET["oproep"]).first()
        if call is None:
            messages.error(
                request, _("Deze oproep staat niet open. Je kan je idee bewaren in de ideeënbus.")
            )
    if not Organisation.objects.of_member(request.user).exists():
        messages.error(request, _("Word eerst lid van een organisatie om een nood in te dienen."))
        return redirect("organisations:list")
    form = NewNeedForm(user=request.user, initial={"client_token": uuid.uuid4()})
    return render(request, "calls/need_form.html", _need_form_context(request, form, None, call))


@require_POST
def need_autosave(request: HtmxRequest) -> HttpResponse:
    """Save what was typed. Signed out meanwhile? Answer 401 and keep the page as it is: the
    person signs in again in another tab and the next save succeeds."""
    if not request.user.is_authenticated:
        return render(request, "calls/need_form.html#save-status", {"signed_out": True}, status=401)
    user = request.user
    token = _token(request.POST.get("client_token"))
    need = Need.objects.filter(client_token=token).select_related("call").first() if token else None
    if need is not None and not can_act_for_need(user, need):
        raise Http404
    form = NeedForm(request.POST, instance=need) if need else NewNeedForm(request.POST, user=user)
    call = need.call if need else Call.objects.filter(slug=request.POST.get("call", "")).first()
    if not form.is_valid():
        if not request.htmx:
            # Without JavaScript the whole page comes back, with the errors beside the fields.
            context = _need_form_context(cast(AuthedRequest, request), form, need, call)
            return render(request, "calls/need_form.html", context, status=400)
        return render(
            request,
            "calls/need_form.html#save-status",
            {"errors": form.errors, "need": need},
            status=400,
        )
    data = form.cleaned_data
    try:
        need = services.save_need_draft(
            need=need,
            organisation=data.get("organisation"),
            call=call,
            fields={k: data[k] for k in services.NEED_FIELDS},
            themes=list(data["themes"]),
            client_token=token,
            by=user,
        )
    except DomainError as error:
        if not request.htmx:
            messages.error(request, str(error.message))
            return redirect("calls:my_needs")
        return render(
            request,
            "calls/need_form.html#save-status",
            {"error": error.message, "need": need},
            status=409,
        )
    if not request.htmx:
        messages.success(request, _("Je ontwerp is bewaard."))
        return redirect("calls:need_edit", pk=need.pk)
    return render(
        request,
        "calls/need_form.html#save-status",
        {"need": need, "saved_at": timezone.localtime()},
    )


def _token(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@require_safe
@login_required
def need_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    if need.status != Need.Status.DRAFT:
        return redirect("calls:need", pk=need.pk)
    form = NeedForm(instance=need)
    return render(
        request, "calls/need_form.html", _need_form_context(request, form, need, need.call)
    )


@require_POST
@login_required
def need_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Save the form as it stands, then submit it; if submitting is refused (the call closed),
    the draft with everything typed stays."""
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    form = NeedForm(request.POST, instance=need)
    if need.status == Need.Status.DRAFT and form.is_valid():
        try:
            need = services.save_need_draft(
                need=need,
                fields={k: form.cleaned_data[k] for k in services.NEED_FIELDS},
                themes=list(form.cleaned_data["themes"]),
                by=request.user,
            )
            services.submit_need(need=need, by=request.user)
        except DomainError as error:
            if Need.objects.filter(pk=need.pk, status=Need.Status.SUBMITTED).exists():
                # A double click or a retried request: the other one submitted it meanwhile.
                return redirect("calls:need", pk=need.pk)
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("Je nood is ingediend. Je krijgt een bevestiging per e-mail.")
            )
            return redirect("calls:need", pk=need.pk)
    elif need.status == Need.Status.SUBMITTED:
        return redirect("calls:need", pk=need.pk)
    return render(
        request,
        "calls/need_form.html",
        _need_form_context(request, form, need, need.call),
        status=400,
    )


@require_POST
@login_required
def need_move(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    try:
        if action == "aanpassen":
            services.amend_need(need=need, by=request.user)
            messages.success(
                request, _("Je nood is weer een ontwerp. Dien hem opnieuw in als hij klaar is.")
            )
            return redirect("calls:need_edit", pk=need.pk)
        if action == "intrekken":
            services.withdraw_need(need=need, by=request.user)
            messages.success(request, _("Je nood is ingetrokken."))
        elif action == "koppelen":
            call = get_object_or_404(Call.objects.open(), slug=request.POST.get("call", ""))
            services.attach_to_call(need=need, call=call, by=request.user)
            messages.success(
                request, _("Je idee hoort nu bij de oproep '%(call)s'.") % {"call": call.title}
            )
            return redirect("calls:need_edit", pk=need.pk)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:need", pk=need.pk)


@require_POST
@login_required
def attachment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(
                need=need, upload=upload, name=upload.name, size=upload.size, by=request.user
            )
            messages.success(request, _("De bijlage is toegevoegd."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Kies een bestand om toe te voegen."))
    return redirect("calls:need_edit", pk=need.pk)


@require_POST
@login_required
def attachment_remove(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, need=need)
    try:
        services.remove_attachment(attachment=attachment, by=request.user)
        messages.success(request, _("De bijlage is verwijderd."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:need_edit", pk=need.pk)


@require_safe
@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_pk: int) -> FileResponse:
    need = get_need_for_user_or_404(request.user, pk)
    # Whoever may read the need in full (not the public challenge page) may read its files.
    if not (
        can_act_for_need(request.user, need)
        or is_invited_for_need(request.user, need)
        or is_coordinator(request.user)
    ):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, need=need)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
@login_required
def co_submitter_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    if not can_act_for_need(request.user, need):
        raise Http404
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_co_submitter(
                need=need, organisation=form.cleaned_data["organisation"], by=request.user
            )
            messages.success(request, _("De organisatie is uitgenodigd als mede-indiener."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Kies een organisatie."))
    return redirect("calls:need", pk=need.pk)


@require_POST
@login_required
def co_submitter_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    invite = get_object_or_404(
        CoSubmitter.objects.select_related("need", "organisation"),
        pk=pk,
        organisation__in=Organisation.objects.of_member(request.user),
    )
    try:
        services.confirm_co_submission(invite=invite, by=request.user)
        messages.success(request, _("Je organisatie is nu mede-indiener."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:need", pk=invite.need_id)


@require_safe
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_need_for_user_or_404(request.user, pk)
    pending_invite = (
        CoSubmitter.objects.filter(
            need=need,
            confirmed_at__isnull=True,
            organisation__in=Organisation.objects.of_member(request.user),
        )
        .select_related("organisation")
        .first()
        if request.user.is_authenticated
        else None
    )
    # An invited co-submitter reads the need to confirm it; everyone else who is not
    # involved sees the public challenge (if it is one).
    if not (is_coordinator(request.user) or can_act_for_need(request.user, need) or pending_invite):
        if need.is_challenge:
            return redirect("calls:challenge", pk=need.pk)
        raise Http404
    coordinator = is_coordinator(request.user)
    return render(
        request,
        "calls/need_detail.html",
        {
            "need": need,
            "can_act": can_act_for_need(request.user, need),
            "is_coordinator": coordinator,
            "pending_invite": pending_invite,
            "co_submitters": list(need.co_submitters.select_related("organisation")),
            "attachments": list(need.attachments.all()),
            "supports": list(
                Support.objects.active().filter(need=need).select_related("organisation")
            ),
            "motivation_form": MotivationForm() if coordinator else None,
            "merge_form": MergeForm(need=need) if coordinator else None,
            "backlog_calls": list(Call.objects.open())
            if coordinator and need.status == Need.Status.BACKLOG
            else [],
        },
    )


# Coordinators -----------------------------------------------------------------------------


@require_safe
@coordinator_required
def call_manage(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.annotate(
        need_count=Count("needs", filter=~Q(needs__status=Need.Status.DRAFT))
    ).order_by("-opens_at")
    return render(request, "calls/call_manage.html", {"calls": calls})


@require_http_methods(["GET", "POST"])
@coordinator_required
def call_edit(request: AuthedRequest, slug: str | None = None) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug) if slug else None
    form = CallForm(request.POST or None, instance=call)
    initial = (
        list(
            call.criteria.values(
                "name", "description", "weight", "meaning_1", "meaning_3", "meaning_5"
            )
        )
        if call
        else []
    )
    criteria = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in [
                "title",
                "introduction",
                "opens_at",
                "closes_at",
                "is_rolling",
                "max_projects",
                "budget_cents",
                "allowed_attachments",
            ]
        }
        rows = [
            {k: v for k, v in row.items() if k != "DELETE"}
            for row in criteria.cleaned_data
            if row and not row.get("DELETE")
        ]
        try:
            call = services.save_call(
                call=call,
                fields=fields,
                themes=list(form.cleaned_data["themes"]),
                criteria=rows,
                review_dates=form.cleaned_data["review_dates"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De oproep is bewaard."))
            return redirect("calls:detail", slug=call.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/call_form.html",
        {"form": form, "criteria": criteria, "call": call},
        status=status,
    )


@require_POST
@coordinator_required
def call_action(request: AuthedRequest, slug: str, action: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    try:
        if action == "publiceren":
            services.publish_call(call=call, by=request.user)
            messages.success(request, _("De oproep is gepubliceerd."))
        elif action == "beslissen":
            services.decide_call(call=call, by=request.user)
            messages.success(request, _("De oproep is als beslist gemarkeerd."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:detail", slug=call.slug)


def _board_queryset(call: Call, form: IntakeFilterForm) -> Any:
    needs = call.needs.exclude(status=Need.Status.DRAFT).with_board_data()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            needs = needs.filter(
                Q(title__icontains=data["q"]) | Q(organisation__name__icontains=data["q"])
            )
        if data["status"]:
            needs = needs.filter(status=data["status"])
        if data["province"]:
            needs = needs.filter(organisation__municipalities__province=data["province"]).distinct()
        if data["theme"]:
            needs = needs.filter(themes=data["theme"])
        return needs.order_by(data["sort"] or "-submitted_at", "pk")
    return needs.none()


def _provinces() -> list[str]:
    return list(
        Municipality.objects.order_by("province").values_list("province", flat=True).distinct()
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def intake_board(request: HtmxRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        bulk = BulkIntakeForm(request.POST, call=call)
        if bulk.is_valid():
            done, refused = 0, []
            for need in bulk.cleaned_data["needs"]:
                try:
                    services.decide_intake(
                        need=need,
                        to=bulk.cleaned_data["action"],
                        motivation=bulk.cleaned_data["motivation"],
                        by=request.user,
                    )
                    done += 1
                except DomainError as error:
                    refused.append(f"{need.title}: {error.message}")
            messages.success(request, _("%(count)s noden bijgewerkt.") % {"count": done})
            for line in refused:
                messages.error(request, line)
            return redirect(
                f"{reverse('calls:intake', args=[call.slug])}?{request.GET.urlencode()}"
            )
        for field_errors in bulk.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    form = IntakeFilterForm(request.GET or {"sort": "-submitted_at"}, provinces=_provinces())
    needs = _board_queryset(call, form)
    page = Paginator(needs, BOARD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = with_support_counts(page.object_list)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "call": call,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "bulk_actions": BulkIntakeForm.ACTIONS,
    }
    template = "calls/intake_board.html#board" if request.htmx else "calls/intake_board.html"
    return render(
        request, template, context, status=400 if form.errors or request.method == "POST" else 200
    )


@require_safe
@coordinator_required
def intake_csv(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    form = IntakeFilterForm(request.GET or {"sort": "-submitted_at"}, provinces=_provinces())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="noden-{call.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("nummer"),
            _("titel"),
            _("organisatie"),
            _("gemeenten"),
            _("provincies"),
            _("thema's"),
            _("status"),
            _("ingediend op"),
            _("steunbetuigingen"),
        ]
    )
    for need in _board_queryset(call, form).with_support_counts().iterator(chunk_size=500):
        municipalities = list(need.organisation.municipalities.all())
        writer.writerow(
            [
                need.pk,
                need.title,
                need.organisation.name,
                ", ".join(m.name for m in municipalities),
                ", ".join(sorted({m.province for m in municipalities})),
                ", ".join(t.name for t in need.themes.all()),
                need.get_status_display(),
                timezone.localtime(need.submitted_at).strftime("%Y-%m-%d %H:%M")
                if need.submitted_at
                else "",
                need.support_count,
            ]
        )
    return response


@require_POST
@coordinator_required
def need_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    need = get_object_or_404(Need, pk=pk)
    try:
        if action in ("retained", "declined", "backlog"):
            form = MotivationForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Geef een motivering; de indiener krijgt ze te zien."))
            services.decide_intake(
                need=need, to=action, motivation=form.cleaned_data["motivation"], by=request.user
            )
        elif action == "merge":
            merge = MergeForm(request.POST, need=need)
            if not merge.is_valid():
                raise DomainError(_("Kies een nood om mee samen te voegen en geef een motivering."))
            services.merge_need(
                need=need,
                into=merge.cleaned_data["into"],
                motivation=merge.cleaned_data["motivation"],
                by=request.user,
            )
        elif action in ("publish", "unpublish"):
            services.publish_challenge(need=need, published=action == "publish", by=request.user)
        elif action == "carry":
            call = get_object_or_404(Call.objects.open(), slug=request.POST.get("call", ""))
            services.carry_backlog(
                need=need, call=call, motivation=request.POST.get("motivation", ""), by=request.user
            )
        else:
            raise Http404
        messages.success(request, _("De nood is bijgewerkt."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:need", pk=need.pk)


# Import -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator_required
def import_start(request: AuthedRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.start_import(
                call=call, upload=upload, name=upload.name, size=upload.size, by=request.user
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            return redirect("calls:import", pk=batch.pk)
    imports = NeedImport.objects.filter(call=call)[:20]
    return render(
        request,
        "calls/import_start.html",
        {"call": call, "form": form, "imports": imports, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@require_safe
@coordinator_required
def import_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(NeedImport.objects.select_related("call"), pk=pk)
    rows = batch.rows.order_by("skip", "line")
    invalid = rows.exclude(errors=[])
    page = Paginator(invalid if request.GET.get("alleen") == "fouten" else rows, 100).get_page(
        request.GET.get("pagina")
    )
    context = {
        "batch": batch,
        "page": page,
        "invalid_count": invalid.count(),
        "blocking_count": invalid.filter(skip=False).count(),
        "query": "alleen=fouten" if request.GET.get("alleen") == "fouten" else "",
    }
    template = "calls/import_detail.html#progress" if request.htmx else "calls/import_detail.html"
    return render(request, template, context)


@require_POST
@coordinator_required
def import_row(request: AuthedRequest, pk: int, row_pk: int) -> HttpResponse:
    row = get_object_or_404(NeedImportRow.objects.select_related("batch"), pk=row_pk, batch_id=pk)
    try:
        services.set_import_row_skipped(
            row=row, skip=request.POST.get("skip") == "1", by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(f"{reverse('calls:import', args=[pk])}?{request.GET.urlencode()}")


@require_POST
@coordinator_required
def import_run(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(NeedImport, pk=pk)
    try:
        services.run_import(batch=batch, by=request.user)
        messages.success(request, _("De import is gestart."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("calls:import", pk=batch.pk)
