"""Pages of shared-need matching: suggestions while writing a need, a need's similar needs,
clusters with the coordinators' judgements, and the thesaurus."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.http import HtmxRequest
from proeftuin.core.permissions import coordinator_required, is_coordinator

from ..models import (
    Call,
    ClusterJudgement,
    MatchDocument,
    Need,
    NeedCluster,
    NeedSimilarity,
    ThesaurusConcept,
)
from ..permissions import can_act_for_need, can_see_need
from . import index, services
from .demand import demand_for

SUGGESTIONS = 5
TEXT_FIELDS = ["problem", "current_handling", "citizen_value", "target_groups"]


def _with_places() -> Any:
    return Need.objects.select_related("organisation", "call").prefetch_related(
        "organisation__municipalities"
    )


def _in_order(ids: list[int], queryset: Any) -> list[Need]:
    found = {need.pk: need for need in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


# While writing ------------------------------------------------------------------------


@require_POST
def need_suggestions(request: HtmxRequest) -> HttpResponse:
    """Published challenges like the text in the need form (htmx, as the person types)."""
    if not request.user.is_authenticated:
        return render(request, "calls/matching/suggestions.html", {"suggestions": []})
    data = request.POST
    title = data.get("title", "")[:200]
    text = "\n".join(data.get(name, "")[:5000] for name in TEXT_FIELDS)
    exclude = []
    token = data.get("client_token", "")
    if token:
        own = Need.objects.filter(client_token=token).first() if _is_uuid(token) else None
        if own is not None and can_act_for_need(request.user, own):
            exclude.append(own.pk)
    found = index.similar_to_text(title, text, exclude=exclude, limit=SUGGESTIONS)
    scores = dict(found)
    # Only published challenges, whatever the index says (a need may have changed since).
    challenges = Need.objects.challenges().values("pk")
    suggestions = _in_order([pk for pk, _s in found], _with_places().filter(pk__in=challenges))
    for need in suggestions:
        need.similarity = scores[need.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "calls/matching/suggestions.html",
        {"suggestions": suggestions, "searched": bool(title.strip() or text.strip())},
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# A need's similar needs -----------------------------------------------------------------


def _get_need_or_404(user: Any, pk: int) -> Need:
    need = get_object_or_404(_with_places(), pk=pk)
    if not can_see_need(user, need):
        raise Http404
    return need


@require_safe
def need_similar(request: HtmxRequest, pk: int) -> HttpResponse:
    """The most similar needs of a need, across calls and municipalities, with their
    similarity; each viewer sees only the needs they may see."""
    need = _get_need_or_404(request.user, pk)
    rows = list(
        NeedSimilarity.objects.filter(need=need)
        .order_by("-score", "other_id")
        .values_list("other_id", "score")[: index.NEIGHBOURS]
    )
    scores = dict(rows)
    visible = Need.objects.visible_to(request.user)
    similar = _in_order([pk for pk, _s in rows], _with_places().filter(pk__in=visible.values("pk")))
    for other in similar:
        other.similarity = scores[other.pk]  # type: ignore[attr-defined]
    coordinator = is_coordinator(request.user)
    context = {
        "need": need,
        "similar": similar,
        "is_coordinator": coordinator,
        "indexed": MatchDocument.objects.filter(need=need).exists(),
        "demand": demand_for([need])[need.pk] if coordinator else None,
    }
    template = "calls/matching/similar.html"
    return render(request, f"{template}#similar" if request.htmx else template, context)


# Clusters -------------------------------------------------------------------------------


class JudgementForm(forms.Form):
    part = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Deze noden horen niet bij de rest"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, members: list[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        part = self.fields["part"]
        assert isinstance(part, forms.TypedMultipleChoiceField)
        part.choices = [(n.pk, n.title) for n in members]


def _cluster_members(need: Need) -> list[Need]:
    document = MatchDocument.objects.filter(need=need).first()
    if document is None or document.cluster_id is None:
        return [need]
    return list(
        _with_places()
        .filter(match_document__cluster_id=document.cluster_id)
        .order_by("submitted_at", "pk")
    )


def _places(members: list[Need]) -> tuple[list[str], list[str]]:
    municipalities = {m for n in members for m in n.organisation.municipalities.all()}
    return (
        sorted(m.name for m in municipalities),
        sorted({m.province for m in municipalities}),
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def need_cluster(request: AuthedRequest, pk: int) -> HttpResponse:
    """The cluster of a need: its needs, municipalities and provinces, and the forms to
    confirm or split it."""
    need = get_object_or_404(_with_places(), pk=pk)
    members = _cluster_members(need)
    form = JudgementForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        ids = [n.pk for n in members]
        try:
            if request.POST.get("action") == "bevestigen":
                services.confirm_cluster(
                    need_ids=ids, note=form.cleaned_data["note"], by=request.user
                )
                messages.success(request, _("De cluster is bevestigd."))
            else:
                part = form.cleaned_data["part"]
                services.split_cluster(
                    part=part,
                    rest=[pk for pk in ids if pk not in part],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, _("De cluster is gesplitst."))
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            return redirect("calls:need_cluster", pk=need.pk)
    member_ids = {n.pk for n in members}
    judgements = [
        j for j in ClusterJudgement.objects.select_related("by")[:200] if j.need_ids & member_ids
    ]
    confirmed = any(
        j.kind == ClusterJudgement.Kind.CONFIRM and len(members) > 1 and j.need_ids <= member_ids
        for j in judgements
    )
    municipalities, provinces = _places(members)
    return render(
        request,
        "calls/matching/cluster.html",
        {
            "need": need,
            "members": members,
            "form": form,
            "judgements": judgements,
            "confirmed": confirmed,
            "municipalities": municipalities,
            "provinces": provinces,
            "demand": demand_for([need])[need.pk],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
@coordinator_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    """Clusters of the whole programme, or of one call (its needs that share a cluster)."""
    call = None
    clusters = NeedCluster.objects.filter(size__gte=2)
    if request.GET.get("oproep"):
        call = get_object_or_404(Call, slug=request.GET["oproep"])
        clusters = clusters.annotate(
            in_call=Count("documents", filter=Q(documents__need__call=call))
        ).filter(in_call__gte=2)
    clusters = clusters.order_by("-size", "pk")
    page = Paginator(clusters, 25).get_page(request.GET.get("pagina"))
    members = _with_places().filter(match_document__cluster__in=list(page.object_list))
    by_cluster: dict[int, list[Need]] = {}
    cluster_of = dict(
        MatchDocument.objects.filter(cluster__in=list(page.object_list)).values_list(
            "need_id", "cluster_id"
        )
    )
    for member in members.order_by("submitted_at", "pk"):
        by_cluster.setdefault(cluster_of[member.pk], []).append(member)
    rows = []
    for item in page.object_list:
        needs = by_cluster.get(item.pk, [])
        municipalities, provinces = _places(needs)
        rows.append(
            {
                "needs": needs,
                "municipalities": municipalities,
                "provinces": provinces,
                "first": needs[0] if needs else None,
            }
        )
    return render(
        request,
        "calls/matching/cluster_list.html",
        {
            "call": call,
            "page": page,
            "rows": rows,
            "query": f"oproep={call.slug}" if call else "",
            "calls": Call.objects.order_by("-opens_at")[:50],
        },
    )


# Thesaurus ------------------------------------------------------------------------------


class ConceptForm(forms.ModelForm):
    class Meta:
        model = ThesaurusConcept
        fields = ["key", "label", "terms", "weight"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 6})}


@require_safe
@coordinator_required
def thesaurus_list(request: HttpRequest) -> HttpResponse:
    concepts = ThesaurusConcept.objects.order_by("key")
    query = request.GET.get("q", "").strip()
    if query:
        concepts = concepts.filter(
            Q(key__icontains=query) | Q(terms__icontains=query) | Q(label__icontains=query)
        )
    page = Paginator(concepts, 50).get_page(request.GET.get("pagina"))
    state = index.state()
    return render(
        request,
        "calls/matching/thesaurus_list.html",
        {
            "page": page,
            "q": query,
            "query": f"q={query}" if query else "",
            "state": state,
            "outdated": state.indexed_version != state.thesaurus_version,
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def thesaurus_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    concept = get_object_or_404(ThesaurusConcept, pk=pk) if pk else None
    form = ConceptForm(request.POST or None, instance=concept)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concept = services.save_concept(
                concept=ThesaurusConcept.objects.get(pk=pk) if pk else None,
                key=data["key"],
                label=data["label"],
                terms=data["terms"],
                weight=data["weight"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("Het concept is bewaard. De noden worden opnieuw geïndexeerd."),
            )
            return redirect("calls:thesaurus")
    return render(
        request,
        "calls/matching/thesaurus_form.html",
        {"form": form, "concept": concept},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@coordinator_required
def thesaurus_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    concept = get_object_or_404(ThesaurusConcept, pk=pk)
    services.delete_concept(concept=concept, by=request.user)
    messages.success(request, _("Het concept is verwijderd."))
    return redirect("calls:thesaurus")
