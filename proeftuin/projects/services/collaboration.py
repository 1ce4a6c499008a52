"""Working together: messages with @mentions, shared documents with versions, and what the
team makes public."""

import re
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from proeftuin.calls.uploads import check_upload
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.follows import notify_followers
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import require_coordinator

from .. import search
from ..models import Comment, Document, DocumentVersion, Experiment, Membership, Project
from ..permissions import can_discuss, can_request_publication, can_work_on

MENTION = re.compile(r"(?<![\w@])@([\w.-]+)", re.UNICODE)
MAX_COMMENT = 5000


def mention_handle(user: Any) -> str:
    """How a person is @mentioned: their display name as a slug ("@an-peeters")."""
    return slugify(user.display_name) or f"lid-{user.pk}"


def normalise_handle(typed: str) -> str:
    """A typed handle as `mention_handle` spells it: "@Chris-Coördinator." and
    "@chris-coordinator" name the same person."""
    return slugify(typed)


def mentionable(project: Project) -> dict[str, Any]:
    """Handle → person, for the accepted team members of the project. Two members with the
    same name get their number added ("@an-peeters-12"), so each handle names one person."""
    members = (
        project.team.filter(accepted_at__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    people = {m.user.pk: m.user for m in members if m.user is not None}
    handles: dict[str, list[Any]] = {}
    for person in people.values():
        handles.setdefault(mention_handle(person), []).append(person)
    return {
        (handle if len(same) == 1 else f"{handle}-{person.pk}"): person
        for handle, same in handles.items()
        for person in same
    }


def mentions_in(body: str, people: dict[str, Any]) -> list[Any]:
    """The people (of `mentionable`) that a text @mentions, each once."""
    found = {normalise_handle(typed) for typed in MENTION.findall(body)}
    return [person for handle, person in people.items() if handle in found]


def post_comment(
    *, project: Project, body: str, by: Any, experiment: Experiment | None = None
) -> Comment:
    """A message in the project's discussion (or an experiment's). Team members it
    @mentions are notified."""
    if not can_discuss(by, project):
        raise DomainError(gettext_lazy("Alleen het projectteam en coördinatoren praten hier mee."))
    body = body.strip()
    if not body:
        raise DomainError(gettext_lazy("Een leeg bericht zegt niets."))
    if len(body) > MAX_COMMENT:
        raise DomainError(gettext_lazy("Een bericht telt hoogstens 5000 tekens."))
    if experiment is not None and experiment.project_id != project.pk:
        raise DomainError(gettext_lazy("Dit experiment hoort bij een ander project."))
    mentioned = {p.pk: p for p in mentions_in(body, mentionable(project))}
    mentioned.pop(by.pk, None)
    with transaction.atomic():
        comment = Comment.objects.create(
            project=project, experiment=experiment, author=by, body=body
        )
        comment.mentioned.set(mentioned.values())
        url = (
            reverse("projects:experiment", args=[project.pk, experiment.pk])
            if experiment
            else reverse("projects:discussion", args=[project.pk])
        )
        for person in mentioned.values():
            notify(
                user=person,
                kind="projects.mention",
                title=gettext_lazy("%(author)s noemde je in '%(project)s'"),
                params={"author": by.display_name, "project": project.title},
                body=body[:500],
                url=f"{url}#bericht-{comment.pk}",
            )
    return comment


def upload_document(
    *,
    project: Project,
    title: str,
    upload: IO[bytes],
    name: str,
    size: int,
    note: str = "",
    by: Any,
) -> DocumentVersion:
    """Share a document with the team. An upload under a title that exists is its next
    version; earlier versions stay available."""
    if not can_work_on(by, project):
        raise DomainError(
            gettext_lazy("Documenten delen kan het projectteam zolang het project loopt.")
        )
    title = title.strip()
    if not title:
        raise DomainError(gettext_lazy("Geef het document een titel."))
    if len(title) > 200:
        raise DomainError(gettext_lazy("Een titel telt hoogstens 200 tekens."))
    content_type = check_upload(upload, size=size, allowed=["pdf", "image", "office"])
    with transaction.atomic():
        # "Verslag workshop" and "verslag workshop" are the same document.
        document = Document.objects.filter(project=project, title__iexact=title).first()
        if document is None:
            document = Document.objects.create(project=project, title=title, created_by=by)
        document = Document.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion(
            document=document,
            number=number,
            original_name=name[:200],
            content_type=content_type,
            size=size,
            note=note.strip()[:300],
            uploaded_by=by,
        )
        stem, dot, suffix = name.rpartition(".")
        safe = slugify(stem if dot else suffix)[:80] or "document"
        extension = f".{slugify(suffix)[:8]}" if dot and slugify(suffix) else ""
        version.file.save(f"{safe}{extension}", File(upload), save=False)
        version.save()
        document.updated_at = timezone.now()
        document.save(update_fields=["updated_at"])
        log_action(
            actor=by,
            action="project.document_uploaded",
            target=project,
            changes={"document": [None, f"{title} v{number}"]},
        )
    return version


# The extensions a download may carry for each content type `check_upload` finds; the first
# is given to a file whose own name does not fit its content ("foto.exe" that is a PNG).
EXTENSIONS = {
    "application/pdf": ["pdf"],
    "image/png": ["png"],
    "image/jpeg": ["jpg", "jpeg"],
    "application/x-ole-storage": ["doc", "xls", "ppt"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
    "application/vnd.oasis.opendocument.text": ["odt"],
    "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
    "application/vnd.oasis.opendocument.presentation": ["odp"],
    "application/vnd.oasis.opendocument.graphics": ["odg"],
}


def download_name(version: DocumentVersion) -> str:
    """The name a version downloads under: the uploaded name, with an extension that matches
    what the file really is."""
    name = version.original_name
    stem, dot, suffix = name.rpartition(".")
    allowed = EXTENSIONS.get(version.content_type, [])
    if not allowed or (dot and suffix.lower() in allowed):
        return name
    return f"{stem if dot else name}.{allowed[0]}"


def set_name_public(*, membership: Membership, public: bool, by: Any) -> Membership:
    """Only the person themselves consents to their name on the public project page. The
    choice holds for the person, so it covers every role they have in the project."""
    if membership.user_id != by.pk:
        raise DomainError(gettext_lazy("Alleen jijzelf beslist of je naam publiek mag."))
    with transaction.atomic():
        changed = (
            Membership.objects.filter(project_id=membership.project_id, user=by)
            .exclude(name_public=public)
            .update(name_public=public)
        )
        membership.name_public = public
        if changed:
            log_action(
                actor=by,
                action="project.name_consent",
                target=membership.project,
                changes={"name_public": [not public, public]},
            )
    return membership


def request_publication(*, project: Project, sections: list[str], by: Any) -> Project:
    """The team chooses what of the project is public. Taking something off the public page
    happens at once; anything new waits for a coordinator's approval."""
    if not can_request_publication(by, project):
        raise DomainError(gettext_lazy("Alleen het projectteam kiest wat publiek wordt."))
    chosen = [s for s in Project.Section.values if s in set(sections)]
    if len(chosen) != len(set(sections)):
        raise DomainError(gettext_lazy("Onbekend onderdeel."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        old_requested, old_public = list(project.requested_sections), list(project.public_sections)
        project.requested_sections = chosen
        project.publication_requested_at = timezone.now()
        project.public_sections = [s for s in project.public_sections if s in chosen]
        if not project.public_sections:
            project.published_at = None
        project.save(
            update_fields=[
                "requested_sections",
                "publication_requested_at",
                "public_sections",
                "published_at",
            ]
        )
        if old_public != project.public_sections:
            search.schedule(project)
        log_action(
            actor=by,
            action="project.publication_requested",
            target=project,
            changes={
                "requested_sections": [old_requested, chosen],
                **(
                    {"public_sections": [old_public, project.public_sections]}
                    if old_public != project.public_sections
                    else {}
                ),
            },
        )
    return project


def approve_publication(*, project: Project, by: Any) -> Project:
    """A coordinator approves what the team asked to make public."""
    require_coordinator(by)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not project.awaits_approval:
            raise DomainError(gettext_lazy("Er wacht niets op goedkeuring."))
        old = list(project.public_sections)
        project.public_sections = list(project.requested_sections)
        # A project keeps the date it first went public when its sections change later
        # (feeds and the portal order by it).
        if not project.public_sections:
            project.published_at, project.published_by = None, None
        else:
            project.published_at = project.published_at or timezone.now()
            project.published_by = by
        project.save(update_fields=["public_sections", "published_at", "published_by"])
        search.schedule(project)
        log_action(
            actor=by,
            action="project.published",
            target=project,
            changes={"public_sections": [old, project.public_sections]},
        )
        _tell_team(project, by, gettext_lazy("'%(project)s' staat publiek zoals jullie vroegen"))
        if project.is_published:
            notify_followers(
                project,
                title=gettext_lazy("Nieuw op de publieke pagina van '%(project)s'"),
                params={"project": project.title},
                url=reverse("knowledge:project", args=[project.pk]),
                exclude=by,
            )
    return project


def decline_publication(*, project: Project, reason: str, by: Any) -> Project:
    """A coordinator sends the request back, saying why; what is public stays as it was."""
    require_coordinator(by)
    if not reason.strip():
        raise DomainError(gettext_lazy("Zeg het team waarom."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not project.awaits_approval:
            raise DomainError(gettext_lazy("Er wacht niets op goedkeuring."))
        old = list(project.requested_sections)
        project.requested_sections = list(project.public_sections)
        project.save(update_fields=["requested_sections"])
        log_action(
            actor=by,
            action="project.publication_declined",
            target=project,
            changes={
                "requested_sections": [old, project.requested_sections],
                "reason": [None, reason.strip()],
            },
        )
        _tell_team(
            project,
            by,
            gettext_lazy("De publicatie van '%(project)s' is nog niet goedgekeurd"),
            body=reason.strip(),
        )
    return project


def _tell_team(project: Project, by: Any, title: Any, body: str = "") -> None:
    members = project.team.filter(accepted_at__isnull=False, user__is_active=True).select_related(
        "user"
    )
    told = {by.pk}
    for membership in members:
        if membership.user is not None and membership.user.pk not in told:
            told.add(membership.user.pk)
            notify(
                user=membership.user,
                kind="projects.publication",
                title=title,
                params={"project": project.title},
                body=body,
                url=reverse("projects:publication", args=[project.pk]),
            )
