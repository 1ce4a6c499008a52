"""The lean workspace: the project's overview, hypotheses and the assumptions map, test cards,
learning cards, gate decisions and the method library."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.core.permissions import coordinator_required, is_coordinator

from .. import assumptions, services
from ..forms import (
    CompleteExperimentForm,
    ExperimentForm,
    GateForm,
    HypothesisForm,
    MethodForm,
    ProfileForm,
)
from ..models import Experiment, GateDecision, Hypothesis, Learning, Membership, Method, Project
from ..permissions import can_decide_gate, can_work_on, is_project_leader
from .base import get_project_for_user_or_404
from .collaboration import discussion_context

Phase = Project.Phase
Status = Experiment.Status

CLOSED = gettext_lazy("Dit project is afgesloten; het blijft zoals het was.")
CHECK_FIELDS = gettext_lazy("Niet alles is goed ingevuld; kijk de gemarkeerde velden na.")

# The timeline tells the activity log as sentences. Codes come from the project services
# (services/team.py, lean.py, collaboration.py) and the canvases' services, which log on the
# project too; only the codes named here are told (not every moved canvas item or step).
TIMELINE: dict[str, Any] = {
    "project.created": gettext_lazy("%(actor)s startte het project"),
    "project.profile_changed": gettext_lazy("%(actor)s werkte de projectbeschrijving bij"),
    "project.hypothesis_written": gettext_lazy(
        "%(actor)s schreef een hypothese: wij geloven dat %(subject)s"
    ),
    "project.hypothesis_changed": gettext_lazy(
        "%(actor)s herschreef een hypothese: wij geloven dat %(subject)s"
    ),
    "experiment.planned": gettext_lazy("%(actor)s plande het experiment '%(subject)s'"),
    "experiment.changed": gettext_lazy("%(actor)s paste de testkaart '%(subject)s' aan"),
    "experiment.started": gettext_lazy("%(actor)s startte het experiment '%(subject)s'"),
    "experiment.completed": gettext_lazy(
        "%(actor)s rondde het experiment '%(subject)s' af: %(result)s"
    ),
    "project.gate_decided": gettext_lazy("%(actor)s besliste: %(decision)s"),
    "project.phase_changed": gettext_lazy("Het project ging naar de fase '%(phase)s'"),
    "project.outcome_recorded": gettext_lazy("%(actor)s legde de uitkomst vast: %(outcome)s"),
    "project.member_added": gettext_lazy("%(actor)s voegde iemand toe aan het team (%(role)s)"),
    "project.invitation_accepted": gettext_lazy("%(actor)s kwam erbij in het team (%(role)s)"),
    "project.member_removed": gettext_lazy("%(actor)s haalde iemand uit het team (%(role)s)"),
    "project.test_site_added": gettext_lazy("%(actor)s voegde de proeftuin %(subject)s toe"),
    "project.test_site_removed": gettext_lazy("%(actor)s haalde de proeftuin %(subject)s weg"),
    "project.document_uploaded": gettext_lazy("%(actor)s laadde '%(subject)s' op"),
    "project.name_consent": gettext_lazy(
        "%(actor)s koos of de eigen naam op de publieke pagina mag"
    ),
    "project.publication_requested": gettext_lazy("%(actor)s vroeg om te publiceren"),
    "project.published": gettext_lazy("%(actor)s keurde de publicatie goed"),
    "project.publication_declined": gettext_lazy("%(actor)s wees de publicatie af"),
    "canvas.created": gettext_lazy("%(actor)s begon het waardepropositiecanvas '%(subject)s'"),
    "canvas.renamed": gettext_lazy("%(actor)s noemde een canvas voortaan '%(subject)s'"),
    "canvas.deleted": gettext_lazy("%(actor)s verwijderde het canvas '%(subject)s'"),
    "canvas.version_saved": gettext_lazy(
        "%(actor)s bewaarde een versie van het canvas '%(subject)s'"
    ),
    "value_stream.created": gettext_lazy("%(actor)s begon de waardestroomkaart '%(subject)s'"),
    "value_stream.renamed": gettext_lazy(
        "%(actor)s noemde een waardestroomkaart voortaan '%(subject)s'"
    ),
    "value_stream.deleted": gettext_lazy(
        "%(actor)s verwijderde de waardestroomkaart '%(subject)s'"
    ),
    "value_stream.version_saved": gettext_lazy(
        "%(actor)s bewaarde een versie van de waardestroomkaart '%(subject)s'"
    ),
}
TIMELINE_LENGTH = 15


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    sentence: str


def _subject(changes: dict[str, Any]) -> str:
    for key in ("experiment", "hypothesis", "test_site", "document", "canvas", "value_stream"):
        old, new = (changes.get(key) or [None, None])[:2]
        value = new if new is not None else old
        if isinstance(value, str) and value:
            return value if len(value) <= 120 else f"{value[:119]}…"
    return ""


def _label(choices: Any, changes: dict[str, Any], key: str) -> str:
    """The label of the new value of `key` (or the old one, for a removal)."""
    old, new = (changes.get(key) or [None, None])[:2]
    value = new if new is not None else old
    return str(dict(choices).get(value, value or ""))


def timeline(project: Project) -> list[TimelineEntry]:
    """The project's latest activity, newest first, told in words."""
    entries = (
        ActivityLog.objects.for_object(project)
        .filter(action__in=TIMELINE)
        .order_by("-created_at", "-pk")
    )
    told = []
    for entry in entries[:TIMELINE_LENGTH]:
        changes = entry.changes or {}
        params = {
            "actor": entry.actor.display_name if entry.actor else _("Het platform"),
            "subject": _subject(changes),
            "result": _label(Experiment.Result.choices, changes, "result"),
            "decision": _label(GateDecision.Decision.choices, changes, "decision"),
            "phase": _label(Phase.choices, changes, "phase"),
            "role": _label(Membership.Role.choices, changes, "role"),
            "outcome": _label(Project.Outcome.choices, changes, "outcome"),
        }
        sentence = str(TIMELINE[entry.action]) % params
        told.append(TimelineEntry(when=entry.created_at, sentence=sentence))
    return told


def _phases(project: Project) -> list[dict[str, Any]]:
    """The phase stepper: each phase done, current or still to come."""
    current = Project.PHASE_ORDER.index(Phase(project.phase))
    return [
        {
            "label": phase.label,
            "state": "done" if index < current else "current" if index == current else "todo",
        }
        for index, phase in enumerate(Project.PHASE_ORDER)
    ]


def _render(
    request: HttpRequest,
    project: Project,
    template: str,
    context: dict[str, Any],
    *,
    tab: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {"project": project, "tab": tab, "can_work": can_work_on(request.user, project), **context},
        status=status,
    )


def _status(*forms: Any) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


def _read_only(request: HttpRequest, project: Project, to: str, *args: Any) -> HttpResponse | None:
    """A stopped project's workspace is kept as it was: refuse a change with a message."""
    if can_work_on(request.user, project):
        return None
    messages.error(request, str(CLOSED))
    return redirect(to, project.pk, *args)


def _invalid(form: Any) -> None:
    """A form sent back with errors says so at its top, besides at each field."""
    if form.errors and not form.non_field_errors():
        form.add_error(None, str(CHECK_FIELDS))


def _may_see_gate(user: Any, project: Project) -> bool:
    return is_coordinator(user) or is_project_leader(user, project)


# Overview ----------------------------------------------------------------------------------


def _people(project: Project) -> list[tuple[Any, list[str]]]:
    """The team's members, each once with all their roles (a submitter may also lead)."""
    roles: dict[Any, list[str]] = {}
    for membership in project.team.filter(accepted_at__isnull=False).select_related("user"):
        roles.setdefault(membership.user, []).append(membership.get_role_display())
    return list(roles.items())


@require_safe
@login_required
def overview(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    to_test = (
        project.hypotheses.test_first()
        .filter(status__in=[Hypothesis.Status.UNTESTED, Hypothesis.Status.INCONCLUSIVE])
        .first()
    )
    decide = can_decide_gate(request.user, project)
    return _render(
        request,
        project,
        "projects/detail.html",
        {
            "needs": [
                project.need,
                *project.need.merged_needs.select_related("organisation", "call"),
            ],
            "team": _people(project),
            "test_sites": project.test_sites.select_related("municipality", "organisation"),
            "phases": _phases(project),
            "to_test": to_test,
            "experiments": project.experiments.select_related("hypothesis", "method")[:5],
            "learnings": project.learnings.select_related("experiment")[:3],
            "gate_due": decide and Project.objects.gate_due().filter(pk=project.pk).exists(),
            "can_decide": decide,
            "may_see_gate": _may_see_gate(request.user, project),
            "timeline": timeline(project),
        },
        tab="detail",
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if closed := _read_only(request, project, "projects:detail"):
        return closed
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(project, ["question", "target_groups", "summary", "next_steps"]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project_profile(project=project, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De projectbeschrijving is bewaard."))
            return redirect("projects:detail", pk=project.pk)
    _invalid(form)
    return _render(
        request,
        project,
        "projects/profile.html",
        {"form": form},
        tab="detail",
        status=_status(form),
    )


# Hypotheses --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def hypotheses(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    form = HypothesisForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if closed := _read_only(request, project, "projects:hypotheses"):
            return closed
        if form.is_valid():
            try:
                services.write_hypothesis(project=project, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("De hypothese staat op de kaart."))
                return redirect("projects:hypotheses", pk=project.pk)
        _invalid(form)
    written = list(project.hypotheses.annotate(experiment_count=Count("experiments")))
    current = [h for h in written if h.retired_at is None]
    return _render(
        request,
        project,
        "projects/hypotheses.html",
        {
            "form": form,
            "assumptions_map": assumptions.draw(current),
            "test_first": [
                h
                for h in assumptions.ordered(current)
                if h.status in (Hypothesis.Status.UNTESTED, Hypothesis.Status.INCONCLUSIVE)
            ][:5],
            "retired": [h for h in written if h.retired_at is not None],
        },
        tab="hypotheses",
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def hypothesis_edit(request: AuthedRequest, pk: int, hypothesis_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    hypothesis = get_object_or_404(Hypothesis, pk=hypothesis_pk, project=project)
    if closed := _read_only(request, project, "projects:hypotheses"):
        return closed
    form = HypothesisForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(hypothesis, ["statement", "kind", "importance"]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.write_hypothesis(
                project=project, hypothesis=hypothesis, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De hypothese is bijgewerkt."))
            return redirect("projects:hypotheses", pk=project.pk)
    _invalid(form)
    return _render(
        request,
        project,
        "projects/hypothesis_form.html",
        {"form": form, "hypothesis": hypothesis},
        tab="hypotheses",
        status=_status(form),
    )


# Experiments -------------------------------------------------------------------------------


@require_safe
@login_required
def experiments(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    chosen_phase = request.GET.get("fase", "")
    chosen_status = request.GET.get("status", "")
    cards = project.experiments.select_related("hypothesis", "method", "learning")
    if chosen_phase in Phase.values:
        cards = cards.filter(phase=chosen_phase)
    if chosen_status in Status.values:
        cards = cards.filter(status=chosen_status)
    listed = list(cards)
    groups = [
        (value, label, [e for e in listed if e.status == value])
        for value, label in Status.choices
        if not chosen_status or chosen_status == value
    ]
    return _render(
        request,
        project,
        "projects/experiments.html",
        {
            "groups": groups,
            "phase_choices": Phase.choices,
            "status_choices": Status.choices,
            "chosen_phase": chosen_phase,
            "chosen_status": chosen_status,
            "count": len(listed),
        },
        tab="experiments",
    )


def _experiment_or_404(project: Project, exp_pk: int) -> Experiment:
    return get_object_or_404(
        Experiment.objects.select_related("hypothesis", "method", "created_by"),
        pk=exp_pk,
        project=project,
    )


@require_safe
@login_required
def experiment(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    card = _experiment_or_404(project, exp_pk)
    learning = Learning.objects.filter(experiment=card).select_related("created_by").first()
    return _render(
        request,
        project,
        "projects/experiment.html",
        {**discussion_context(request, project, card), "experiment": card, "learning": learning},
        tab="experiments",
    )


def _test_card_page(
    request: AuthedRequest, project: Project, form: ExperimentForm, experiment: Experiment | None
) -> HttpResponse:
    _invalid(form)
    return _render(
        request,
        project,
        "projects/experiment_form.html",
        {"form": form, "experiment": experiment, "methods": Method.objects.filter(active=True)},
        tab="experiments",
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def experiment_new(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if closed := _read_only(request, project, "projects:experiments"):
        return closed
    today = timezone.localdate()
    form = ExperimentForm(
        request.POST if request.method == "POST" else None,
        project=project,
        initial={
            "hypothesis": request.GET.get("hypothese") or None,
            "planned_start": today,
            "planned_end": today + timedelta(days=14),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            planned = services.plan_experiment(project=project, fields=form.card(), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("De testkaart is klaar; start het experiment wanneer het loopt.")
            )
            return redirect("projects:experiment", pk=project.pk, exp_pk=planned.pk)
    return _test_card_page(request, project, form, None)


@require_http_methods(["GET", "POST"])
@login_required
def experiment_edit(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    card = _experiment_or_404(project, exp_pk)
    if closed := _read_only(request, project, "projects:experiment", card.pk):
        return closed
    if card.status != Status.PLANNED:
        messages.error(request, _("Een testkaart verandert niet meer zodra het experiment loopt."))
        return redirect("projects:experiment", pk=project.pk, exp_pk=card.pk)
    form = ExperimentForm(
        request.POST if request.method == "POST" else None,
        project=project,
        initial=model_to_dict(card, services.TEST_CARD_FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_experiment(experiment=card, fields=form.card(), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("De testkaart is bijgewerkt."))
            return redirect("projects:experiment", pk=project.pk, exp_pk=card.pk)
    return _test_card_page(request, project, form, card)


@require_POST
@login_required
def experiment_start(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    card = _experiment_or_404(project, exp_pk)
    if closed := _read_only(request, project, "projects:experiment", card.pk):
        return closed
    try:
        services.start_experiment(experiment=card, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Het experiment loopt. Rond het af zodra je het resultaat hebt.")
        )
    return redirect("projects:experiment", pk=project.pk, exp_pk=card.pk)


@require_http_methods(["GET", "POST"])
@login_required
def experiment_complete(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    card = _experiment_or_404(project, exp_pk)
    if closed := _read_only(request, project, "projects:experiment", card.pk):
        return closed
    if card.status != Status.RUNNING:
        messages.error(
            request,
            _("Alleen een lopend experiment wordt afgerond.")
            if card.status == Status.PLANNED
            else _("Dit experiment is al afgerond."),
        )
        return redirect("projects:experiment", pk=project.pk, exp_pk=card.pk)
    # A measurement recorded while it ran (a participation form's bound metric) is the start.
    recorded = (
        {"measured_value": card.measured_value, "data_points": card.data_points}
        if card.measured_value is not None and card.data_points is not None
        else {}
    )
    form = CompleteExperimentForm(
        request.POST if request.method == "POST" else None, initial=recorded
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.complete_experiment(
                experiment=card, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            hypothesis = done.hypothesis
            messages.success(
                request,
                _(
                    "Het experiment is afgerond. Resultaat: %(result)s. De hypothese heeft nu "
                    "bewijs %(evidence)s/5 en is %(status)s."
                )
                % {
                    "result": done.get_result_display(),
                    "evidence": hypothesis.evidence,
                    "status": hypothesis.get_status_display(),
                },
            )
            return redirect("projects:experiment", pk=project.pk, exp_pk=card.pk)
    _invalid(form)
    return _render(
        request,
        project,
        "projects/experiment_complete.html",
        {"form": form, "experiment": card},
        tab="experiments",
        status=_status(form),
    )


# Learning cards ----------------------------------------------------------------------------


@require_safe
@login_required
def learnings(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    cards = project.learnings.select_related("experiment__hypothesis", "created_by")
    return _render(
        request, project, "projects/learnings.html", {"learnings": cards}, tab="learnings"
    )


# Gate decisions ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def gate(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not _may_see_gate(request.user, project):
        raise Http404
    if request.method == "POST" and not can_decide_gate(request.user, project):
        messages.error(request, str(CLOSED))
        return redirect("projects:gate", pk=project.pk)
    form = GateForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_gate_decision(
                project=project,
                decision=data["decision"],
                motivation=data["motivation"],
                experiments=list(data["experiments"]),
                learnings=list(data["learnings"]),
                pivot_aspects=data["pivot_aspects"],
                pivot_description=data["pivot_description"],
                closing_learning=form.closing_learning(),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            project.refresh_from_db()
            if decision.decision == GateDecision.Decision.ADVANCE:
                text = _("Het project gaat verder in de fase '%(phase)s'.") % {
                    "phase": project.get_phase_display()
                }
            elif decision.decision == GateDecision.Decision.STOP:
                text = _("Het project is gestopt. Wat jullie leerden, blijft bewaard.")
            else:
                text = _("De beslissing is bewaard.")
            messages.success(request, text)
            return redirect("projects:detail", pk=project.pk)
    _invalid(form)
    history = project.gate_decisions.select_related("decided_by").prefetch_related(
        Prefetch("experiments", queryset=Experiment.objects.order_by("pk")),
        Prefetch("learnings", queryset=Learning.objects.order_by("pk")),
    )
    return _render(
        request,
        project,
        "projects/gate.html",
        {
            "form": form,
            "can_decide": can_decide_gate(request.user, project),
            "history": history,
            "completed_in_phase": project.experiments.completed()
            .filter(phase=project.phase)
            .count(),
            "phases": _phases(project),
        },
        tab="detail",
        status=_status(form),
    )


# The method library ------------------------------------------------------------------------


@require_safe
@login_required
def methods(request: AuthedRequest) -> HttpResponse:
    coordinator = is_coordinator(request.user)
    library = Method.objects.all() if coordinator else Method.objects.filter(active=True)
    return render(
        request,
        "projects/methods.html",
        {"methods": library, "can_edit": coordinator},
    )


def _method_page(request: AuthedRequest, method: Method | None) -> HttpResponse:
    form = MethodForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(method, services.METHOD_FIELDS) if method else {"active": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_method(fields=form.cleaned_data, method=method, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("'%(name)s' is bewaard.") % {"name": saved.name})
            return redirect("projects:methods")
    _invalid(form)
    return render(
        request,
        "projects/method_form.html",
        {"form": form, "method": method},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
@coordinator_required
def method_new(request: AuthedRequest) -> HttpResponse:
    return _method_page(request, None)


@require_http_methods(["GET", "POST"])
@login_required
@coordinator_required
def method_edit(request: AuthedRequest, method_pk: int) -> HttpResponse:
    return _method_page(request, get_object_or_404(Method, pk=method_pk))
