import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.calls.models import Call, Need, ReviewDate
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required

from . import services
from .forms import (
    AssignForm,
    AutoAssignForm,
    ConflictForm,
    DecisionForm,
    MaxProjectsForm,
    ReviewerForm,
    ScorecardForm,
)
from .models import Decision, Review, ReviewerRole, Score
from .ranking import SORTS, mean_and_spread, ranking, reviewer_means

RANKING_PAGE_SIZE = 100
JURY_PAGE_SIZE = 50


def get_review_for_user_or_404(user: Any, pk: int) -> Review:
    """A reviewer's own scorecard; anyone else's is a 404."""
    return get_object_or_404(
        Review.objects.select_related("need__call", "need__organisation"), pk=pk, reviewer=user
    )


def _round(call: Call, request: HttpRequest) -> ReviewDate | None:
    if not call.is_rolling:
        return None
    value = request.GET.get("ronde") or request.POST.get("ronde")
    rounds = call.review_dates.all()
    if value and value.isdigit():
        return rounds.filter(pk=int(value)).first()
    return rounds.first()


# Reviewers ------------------------------------------------------------------------------


@require_safe
@login_required
def my_reviews(request: AuthedRequest) -> HttpResponse:
    reviews = (
        Review.objects.filter(reviewer=request.user)
        .select_related("need__call", "need__organisation")
        # Open scorecards first on every database (NULL sorts first on SQLite only).
        .order_by(F("submitted_at").asc(nulls_first=True), "deadline")
    )
    return render(request, "reviews/my_reviews.html", {"reviews": reviews[:200]})


@require_http_methods(["GET", "POST"])
@login_required
def scorecard(request: AuthedRequest, pk: int) -> HttpResponse:
    review = get_review_for_user_or_404(request.user, pk)
    need = review.need
    criteria = list(need.call.criteria.all()) if need.call else []
    scores = list(review.scores.select_related("criterion"))
    if request.method == "POST" and (review.is_submitted or review.is_conflicted):
        # A submitted scorecard is final and a conflicted one is closed: say so, change nothing.
        messages.error(
            request,
            _("Deze beoordeling is al ingediend.")
            if review.is_submitted
            else _("Je meldde een belangenconflict voor deze nood."),
        )
        return redirect("reviews:scorecard", pk=review.pk)
    if request.method == "POST" and not {"bewaren", "indienen"} & request.POST.keys():
        raise BadRequest  # not sent by one of the scorecard's buttons: save nothing
    form = ScorecardForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        initial_scores={s.criterion_id: s for s in scores},
        initial={"remark": review.remark},
    )
    if request.method == "POST" and form.is_valid():
        submit = "indienen" in request.POST
        try:
            services.save_scorecard(
                review=review,
                scores=form.scores(),
                remark=form.cleaned_data["remark"],
                submit=submit,
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Je beoordeling is ingediend.") if submit else _("Je ontwerp is bewaard."),
            )
            return redirect("reviews:scorecard", pk=review.pk)
    others = []
    if review.is_submitted:
        # Only after submitting one's own scorecard are the others' scores shown.
        others = list(
            Review.objects.submitted()
            .filter(need=need)
            .exclude(pk=review.pk)
            .select_related("reviewer")
            .prefetch_related(
                Prefetch("scores", queryset=Score.objects.select_related("criterion"))
            )
        )
    return render(
        request,
        "reviews/scorecard.html",
        {
            "review": review,
            "need": need,
            "form": form,
            "conflict_form": ConflictForm(),
            "own_scores": sorted(scores, key=lambda s: (s.criterion.position, s.criterion_id)),
            "others": others,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def conflict(request: AuthedRequest, pk: int) -> HttpResponse:
    review = get_review_for_user_or_404(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef kort de reden van het belangenconflict."))
        return redirect("reviews:scorecard", pk=review.pk)
    try:
        services.declare_conflict(
            review=review, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request,
            _("Je belangenconflict is gemeld; een coördinator wijst een ander jurylid toe."),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("reviews:mine")


# Coordinators: assignment ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@coordinator_required
def assign(request: AuthedRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    review_round = _round(call, request)
    reviewer_form = ReviewerForm(prefix="jurylid")
    auto_form = AutoAssignForm(prefix="auto")
    if request.method == "POST":
        try:
            if "jurylid-email" in request.POST:
                reviewer_form = ReviewerForm(request.POST, prefix="jurylid")
                if reviewer_form.is_valid():
                    user = (
                        get_user_model()
                        .objects.filter(
                            email__iexact=reviewer_form.cleaned_data["email"], is_active=True
                        )
                        .first()
                    )
                    if user is None:
                        reviewer_form.add_error(
                            "email", _("Er is geen account met dit e-mailadres.")
                        )
                    else:
                        services.add_reviewer(call=call, user=user, by=request.user)
                        messages.success(
                            request, _("%(name)s is jurylid.") % {"name": user.display_name}
                        )
                        return redirect(request.get_full_path())
            elif "auto-per_need" in request.POST:
                auto_form = AutoAssignForm(request.POST, prefix="auto")
                if auto_form.is_valid():
                    count, short = services.auto_assign(
                        call=call,
                        per_need=auto_form.cleaned_data["per_need"],
                        deadline=auto_form.cleaned_data["deadline"],
                        review_round=review_round,
                        by=request.user,
                    )
                    messages.success(
                        request, _("%(count)s toewijzingen gemaakt.") % {"count": count}
                    )
                    if short:
                        messages.warning(
                            request,
                            _("%(count)s noden hebben te weinig geschikte juryleden.")
                            % {"count": len(short)},
                        )
                    return redirect(request.get_full_path())
            elif "remove" in request.POST:
                value = request.POST["remove"]
                if not value.isdigit():
                    raise Http404
                role = get_object_or_404(ReviewerRole, pk=int(value), call=call)
                services.remove_reviewer(role=role, by=request.user)
                messages.success(request, _("Het jurylid is verwijderd."))
                return redirect(request.get_full_path())
        except DomainError as error:
            messages.error(request, str(error.message))
    needs = (
        Need.objects.filter(
            call=call,
            status=Need.Status.RETAINED,
            **({"review_round": review_round} if review_round else {}),
        )
        .select_related("organisation")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .order_by("title")
    )
    roles = (
        ReviewerRole.objects.filter(call=call)
        .select_related("user")
        .annotate(
            open=Count(
                "user__reviews",
                filter=Q(
                    user__reviews__need__call=call,
                    user__reviews__submitted_at__isnull=True,
                    user__reviews__conflict_declared_at__isnull=True,
                ),
            )
        )
    )
    return render(
        request,
        "reviews/assign.html",
        {
            "call": call,
            "review_round": review_round,
            "page": Paginator(needs, JURY_PAGE_SIZE).get_page(request.GET.get("pagina")),
            "query": f"ronde={review_round.pk}" if review_round else "",
            "roles": roles,
            "reviewer_form": reviewer_form,
            "auto_form": auto_form,
            "assign_form": AssignForm(
                reviewers=get_user_model().objects.filter(reviewer_roles__call=call)
            ),
        },
        status=400 if reviewer_form.errors or auto_form.errors else 200,
    )


@require_POST
@coordinator_required
def assign_one(request: AuthedRequest, slug: str, need_pk: int) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    need = get_object_or_404(Need, pk=need_pk, call=call)
    form = AssignForm(
        request.POST, reviewers=get_user_model().objects.filter(reviewer_roles__call=call)
    )
    if form.is_valid():
        try:
            services.assign_reviewer(
                need=need,
                reviewer=form.cleaned_data["reviewer"],
                deadline=form.cleaned_data["deadline"],
                by=request.user,
            )
            messages.success(request, _("Het jurylid is toegewezen."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Kies een jurylid en een deadline."))
    return redirect("reviews:assign", slug=call.slug)


# Coordinators: ranking and decisions -----------------------------------------------------


@require_safe
@coordinator_required
def ranking_view(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    review_round = _round(call, request)
    sort = request.GET.get("sorteer", "score")
    if sort not in SORTS:
        sort = "score"
    rows = ranking(call, review_round=review_round, sort=sort)
    if request.GET.get("formaat") == "csv":
        return _ranking_csv(call, rows)
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "reviews/ranking.html",
        {
            "call": call,
            "review_round": review_round,
            "page": page,
            "query": f"ronde={review_round.pk}&sorteer={sort}"
            if review_round
            else f"sorteer={sort}",
            "sort": sort,
            "sorts": [
                ("score", _("score")),
                ("spread", _("spreiding")),
                ("support", _("steun")),
                ("demand", _("vraag")),
                ("reviews", _("aantal beoordelingen")),
                ("title", _("titel")),
            ],
            "selected": services.selected_count(call, review_round),
            "prepared": sum(1 for r in rows if r.decision and not r.decision.published_at),
            "max_form": MaxProjectsForm(initial={"max_projects": call.max_projects}),
        },
    )


def _ranking_csv(call: Call, rows: list[Any]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rangschikking-{call.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("rang"),
            _("nummer"),
            _("titel"),
            _("organisatie"),
            _("gemiddelde score"),
            _("spreiding"),
            _("beoordelingen"),
            _("steunende gemeenten"),
            _("vraag (gemeenten)"),
            _("gelijkaardige noden"),
            _("beslissing"),
            _("gepubliceerd"),
        ]
    )
    for rank, row in enumerate(rows, start=1):
        writer.writerow(
            [
                rank,
                row.need.pk,
                row.need.title,
                row.need.organisation.name,
                f"{row.mean:.2f}" if row.mean is not None else "",
                f"{row.spread:.2f}" if row.spread is not None else "",
                row.reviews,
                row.supporting_municipalities,
                row.demand,
                row.similar_needs,
                row.decision.get_outcome_display() if row.decision else "",
                _("ja") if row.decision and row.decision.published_at else "",
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
@coordinator_required
def decide(request: AuthedRequest, need_pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.select_related("call", "organisation"), pk=need_pk)
    if need.call is None:
        raise Http404
    decision = Decision.objects.filter(need=need).first()
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"outcome": decision.outcome, "motivation": decision.motivation}
        if decision
        else None,
    )
    if request.method == "POST":
        if "intrekken" in request.POST and decision:
            try:
                services.withdraw_decision(decision=decision, by=request.user)
                messages.success(request, _("De voorbereide beslissing is ingetrokken."))
                return redirect("reviews:ranking", slug=need.call.slug)
            except DomainError as error:
                messages.error(request, str(error.message))
        elif form.is_valid():
            try:
                services.prepare_decision(
                    need=need,
                    outcome=form.cleaned_data["outcome"],
                    motivation=form.cleaned_data["motivation"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("De beslissing is voorbereid; ze wordt pas zichtbaar als je ze publiceert."),
                )
                suffix = f"?ronde={need.review_round_id}" if need.review_round_id else ""
                return redirect(reverse("reviews:ranking", args=[need.call.slug]) + suffix)
    reviews = list(
        Review.objects.filter(need=need)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    mean, spread = mean_and_spread(reviewer_means([need.pk]).get(need.pk, []))
    return render(
        request,
        "reviews/decide.html",
        {
            "need": need,
            "decision": decision,
            "form": form,
            "reviews": reviews,
            "mean": mean,
            "spread": spread,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@coordinator_required
def publish(request: AuthedRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    review_round = _round(call, request)
    try:
        count = services.publish_decisions(call=call, review_round=review_round, by=request.user)
        messages.success(
            request,
            _("%(count)s beslissingen gepubliceerd; de indieners krijgen een e-mail.")
            % {"count": count},
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    suffix = f"?ronde={review_round.pk}" if review_round else ""
    return redirect(reverse("reviews:ranking", args=[call.slug]) + suffix)


@require_POST
@coordinator_required
def max_projects(request: AuthedRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    form = MaxProjectsForm(request.POST)
    if form.is_valid():
        try:
            services.set_max_projects(
                call=call, max_projects=form.cleaned_data["max_projects"], by=request.user
            )
            messages.success(request, _("Het maximum is aangepast."))
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Geef een getal van minstens 1."))
    return redirect("reviews:ranking", slug=call.slug)
