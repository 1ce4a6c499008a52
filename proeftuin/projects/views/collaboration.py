"""Working together and publishing: the project's discussion (and each experiment's), the
shared documents with their versions, and what the team makes public with a coordinator's
approval."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.core.permissions import coordinator_required

from .. import services
from ..forms import (
    CommentForm,
    DeclinePublicationForm,
    DocumentForm,
    NameConsentForm,
    PublicationForm,
)
from ..models import Comment, DocumentVersion, Experiment, Project
from ..permissions import (
    can_approve_publication,
    can_discuss,
    can_request_publication,
    can_work_on,
)
from ..services.collaboration import download_name
from .base import get_project_for_user_or_404

COMMENTS_PER_PAGE = 50
QUEUE_PER_PAGE = 50

# What each section shows on the public project page, in the words the team reads before
# choosing it.
SECTION_EXPLANATIONS = {
    Project.Section.SUMMARY: gettext_lazy(
        "De titel, de samenvatting, de onderzoeksvraag, de doelgroepen, de fase en de "
        "uitkomst van het project."
    ),
    Project.Section.EXPERIMENTS: gettext_lazy(
        "Elke testkaart: de hypothese, wat jullie deden en maten, het criterium en het "
        "resultaat (gevalideerd, ontkracht of onbeslist)."
    ),
    Project.Section.LEARNINGS: gettext_lazy(
        "De leerkaarten (wat jullie zagen, leerden en beslisten) en de beslismomenten met "
        "hun motivering, ook als het project stopte."
    ),
    Project.Section.CANVASES: gettext_lazy(
        "De waardepropositiecanvassen en waardestroomkaarten van het project."
    ),
    Project.Section.TEAM: gettext_lazy(
        "De namen en rollen van de teamleden die zelf toestemden; wie niet toestemde, blijft "
        "onvermeld. E-mailadressen worden nooit getoond."
    ),
}


def discussion_context(
    request: HttpRequest, project: Project, experiment: Experiment | None = None
) -> dict[str, Any]:
    """What `projects/discussion.html#messages` (and the experiment page's discussion)
    needs: the newest page of messages shown oldest first, an empty form, the team's
    @handles and whether the person may write. Three queries whatever the number of
    messages: the count, the page with its authors, and the team."""
    comments = (
        Comment.objects.filter(project=project, experiment=experiment)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("berichten"))
    return {
        "project": project,
        "experiment": experiment,
        "comments": list(reversed(page.object_list)),
        "comments_page": page,
        "comment_form": CommentForm(),
        "mention_handles": services.mentionable(project),
        "can_discuss": can_discuss(request.user, project),
    }


def _discussion_url(project: Project, experiment: Experiment | None) -> str:
    if experiment is None:
        return reverse("projects:discussion", args=[project.pk])
    return reverse("projects:experiment", args=[project.pk, experiment.pk])


def _post_comment(
    request: AuthedRequest, project: Project, experiment: Experiment | None
) -> HttpResponse:
    """Post a message. htmx gets the discussion back (list and a fresh form) to swap in
    place; without JavaScript the browser is sent to the new message."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.post_comment(
                project=project,
                experiment=experiment,
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("body", str(error.message))
        else:
            if not request.htmx:
                return redirect(f"{_discussion_url(project, experiment)}#bericht-{comment.pk}")
            return render(
                request,
                "projects/discussion.html#messages",
                discussion_context(request, project, experiment) | {"posted": comment},
            )
    context = discussion_context(request, project, experiment) | {
        "comment_form": form,
        # Without JavaScript a refused message about an experiment is shown on a page of
        # its own, under the experiments tab.
        "tab": "experiments" if experiment else "discussion",
    }
    template = "projects/discussion.html#messages" if request.htmx else "projects/discussion.html"
    return render(request, template, context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def discussion(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if request.method == "POST":
        return _post_comment(request, project, None)
    return render(request, "projects/discussion.html", discussion_context(request, project))


@require_POST
@login_required
def experiment_comment(request: AuthedRequest, pk: int, exp_pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    experiment = get_object_or_404(Experiment, pk=exp_pk, project=project)
    return _post_comment(request, project, experiment)


def _documents_page(request: AuthedRequest, project: Project, form: DocumentForm) -> HttpResponse:
    documents = project.documents.select_related("created_by").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
    )
    return render(
        request,
        "projects/documents.html",
        {
            "project": project,
            "documents": documents,
            "form": form,
            "can_upload": can_work_on(request.user, project),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def documents(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if request.method != "POST":
        return _documents_page(request, project, DocumentForm(project=project))
    form = DocumentForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.upload_document(
                project=project,
                title=form.chosen_title(),
                upload=upload,
                name=upload.name,
                size=upload.size,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            messages.success(
                request,
                _("'%(title)s' versie %(number)s staat bij de documenten.")
                % {"title": version.document.title, "number": version.number},
            )
            url = reverse("projects:documents", args=[project.pk])
            return redirect(f"{url}#document-{version.document_id}")
    return _documents_page(request, project, form)


@require_safe
@login_required
def document_version(request: AuthedRequest, pk: int, doc_pk: int, number: int) -> FileResponse:
    project = get_project_for_user_or_404(request.user, pk)
    version = get_object_or_404(
        DocumentVersion, document__project=project, document_id=doc_pk, number=number
    )
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=download_name(version),
        content_type=version.content_type,
    )
    # The type was judged from the content at upload; the browser must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _publication_page(
    request: AuthedRequest,
    project: Project,
    form: PublicationForm | None = None,
    decline_form: DeclinePublicationForm | None = None,
) -> HttpResponse:
    # One row per person, with all their roles: consent is the person's, not the role's.
    team: dict[int, dict[str, Any]] = {}
    for m in project.team.filter(accepted_at__isnull=False).select_related("user"):
        if m.user is None:
            continue
        person = team.setdefault(m.user.pk, {"user": m.user, "roles": [], "name_public": False})
        person["roles"].append(m.get_role_display())
        person["name_public"] = person["name_public"] or m.name_public
    mine = team.get(request.user.pk)
    sections = [
        {
            "value": value,
            "label": label,
            "explanation": SECTION_EXPLANATIONS[Project.Section(value)],
            "public": value in project.public_sections,
            "requested": value in project.requested_sections,
        }
        for value, label in Project.Section.choices
    ]
    declined = (
        ActivityLog.objects.for_object(project)
        .filter(action="project.publication_declined")
        .first()
    )
    # A decline is news only until the team asks again.
    if (
        declined
        and project.publication_requested_at
        and declined.created_at < (project.publication_requested_at)
    ):
        declined = None
    forms = [f for f in (form, decline_form) if f is not None]
    return render(
        request,
        "projects/publication.html",
        {
            "project": project,
            "form": form
            or PublicationForm(
                initial={"sections": project.requested_sections or project.public_sections}
            ),
            "sections": sections,
            "team": team.values(),
            "me": mine,
            "can_request": can_request_publication(request.user, project),
            "can_approve": can_approve_publication(request.user, project),
            "decline_form": decline_form or DeclinePublicationForm(),
            "declined": declined,
        },
        status=400 if any(f.errors for f in forms) else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def publication(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if request.method != "POST":
        return _publication_page(request, project)
    if not can_request_publication(request.user, project):
        raise Http404
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            project = services.request_publication(
                project=project, sections=form.cleaned_data["sections"], by=request.user
            )
        except DomainError as error:
            form.add_error("sections", str(error.message))
        else:
            messages.success(
                request,
                _("Jullie keuze is bewaard. Een coördinator keurt ze goed voor ze publiek wordt.")
                if project.awaits_approval
                else _("Jullie keuze is bewaard en geldt meteen."),
            )
            return redirect("projects:publication", pk=project.pk)
    return _publication_page(request, project, form=form)


@require_POST
@login_required
def name_consent(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    membership = project.team.filter(user=request.user, accepted_at__isnull=False).first()
    form = NameConsentForm(request.POST)
    if membership is None or not form.is_valid():
        raise Http404
    services.set_name_public(
        membership=membership, public=form.cleaned_data["public"], by=request.user
    )
    messages.success(
        request,
        _("Je naam mag op de publieke projectpagina.")
        if form.cleaned_data["public"]
        else _("Je naam blijft binnen het team."),
    )
    return redirect(reverse("projects:publication", args=[project.pk]) + "#toestemming")


@require_POST
@login_required
def publication_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_approve_publication(request.user, project):
        raise Http404
    try:
        services.approve_publication(project=project, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Goedgekeurd: de publieke pagina toont nu de keuze van het team.")
        )
    return redirect("projects:publication", pk=project.pk)


@require_POST
@login_required
def publication_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    if not can_approve_publication(request.user, project):
        raise Http404
    form = DeclinePublicationForm(request.POST)
    if form.is_valid():
        try:
            services.decline_publication(
                project=project, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as error:
            form.add_error("reason", str(error.message))
        else:
            messages.success(request, _("Teruggestuurd: het team leest waarom."))
            return redirect("projects:publication", pk=project.pk)
    return _publication_page(request, project, decline_form=form)


@require_safe
@login_required
@coordinator_required
def publication_queue(request: AuthedRequest) -> HttpResponse:
    projects = (
        Project.objects.awaiting_approval()
        .select_related("need__organisation")
        .order_by("publication_requested_at", "pk")
    )
    page = Paginator(projects, QUEUE_PER_PAGE).get_page(request.GET.get("pagina"))
    labels = dict(Project.Section.choices)
    rows = [
        {
            "project": p,
            "added": [labels[s] for s in p.requested_sections if s not in p.public_sections],
            "public": [labels[s] for s in p.public_sections],
        }
        for p in page
    ]
    return render(request, "projects/publication_queue.html", {"page": page, "rows": rows})
