"""A project's birth and its people: team, invitations, test sites."""

from datetime import date
from typing import IO, Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from proeftuin.calls.models import Need
from proeftuin.calls.uploads import MAX_BYTES, check_upload
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.mail import queue_mail
from proeftuin.core.notifications import notify
from proeftuin.organisations.models import Municipality, Organisation

from ..models import Membership, Project, TestSite
from ..permissions import can_manage_team

Role = Membership.Role
Phase = Project.Phase


def _require_team_manager(user: Any, project: Project) -> None:
    if not can_manage_team(user, project):
        raise DomainError(gettext_lazy("Alleen coördinatoren stellen het projectteam samen."))


def create_project(*, need: Need, by: Any) -> Project:
    """A selected need becomes a project in phase "verkennen"; its submitters (and those of
    the needs merged into it) start the team as lokale indiener."""
    with transaction.atomic():
        if need.status != Need.Status.SELECTED:
            raise DomainError(gettext_lazy("Alleen een geselecteerde nood wordt een proefproject."))
        project, created = Project.objects.get_or_create(
            need=need, defaults={"title": need.title, "created_by": by}
        )
        if not created:
            return project
        submitters = {need.submitted_by_id: need.submitted_by}
        for merged in need.merged_needs.select_related("submitted_by"):
            submitters.setdefault(merged.submitted_by_id, merged.submitted_by)
        now = timezone.now()
        Membership.objects.bulk_create(
            Membership(
                project=project,
                user=user,
                email=user.email,
                role=Role.LOCAL_SUBMITTER,
                invited_by=by,
                accepted_at=now,
            )
            for user in submitters.values()
            if user.is_active
        )
        log_action(
            actor=by,
            action="project.created",
            target=project,
            changes={"phase": [None, Phase.EXPLORE]},
        )
        for user in submitters.values():
            if user.is_active:
                notify(
                    user=user,
                    kind="projects.team",
                    title=gettext_lazy("'%(project)s' is een proefproject; je zit in het team"),
                    params={"project": project.title},
                    url=reverse("projects:detail", args=[project.pk]),
                )
    return project


def add_team_member(*, project: Project, email: str, role: str, by: Any) -> Membership:
    """Add a person to the team in a role. Someone with an account joins at once; anyone
    else is invited by e-mail and joins when they accept."""
    _require_team_manager(by, project)
    if role not in Role.values:
        raise DomainError(gettext_lazy("Onbekende rol."))
    email = email.strip().lower()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    with transaction.atomic():
        if role == Role.PROJECT_LEADER:
            project.team.filter(role=Role.PROJECT_LEADER).delete()
        if user is not None and project.team.filter(user=user, role=role).exists():
            raise DomainError(gettext_lazy("Deze persoon heeft die rol al in het team."))
        if user is None and project.team.filter(email=email, role=role, user__isnull=True).exists():
            raise DomainError(gettext_lazy("Deze persoon is al uitgenodigd voor die rol."))
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    project=project,
                    user=user,
                    email=email,
                    role=role,
                    invited_by=by,
                    accepted_at=timezone.now() if user else None,
                )
        except IntegrityError as error:
            raise DomainError(gettext_lazy("Deze persoon heeft die rol al in het team.")) from error
        log_action(
            actor=by,
            action="project.member_added",
            target=project,
            changes={"role": [None, role], "email": [None, email]},
        )
        if user is not None:
            notify(
                user=user,
                kind="projects.team",
                title=gettext_lazy("Je zit in het team van '%(project)s' als %(role)s"),
                params={"project": project.title, "role": membership.get_role_display()},
                url=reverse("projects:detail", args=[project.pk]),
            )
        else:
            queue_mail(
                to=email,
                kind="projects.invitation",
                template="projects/email/invitation",
                context={"membership": membership, "project": project, "invited_by": by},
            )
    return membership


def _owns_address(user: Any, email: str) -> bool:
    return (
        user.email.lower() == email.lower()
        or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def accept_invitation(*, token: str, by: Any) -> Membership:
    """The invited person, signed in (with a new account if needed) with the address the
    invitation went to, joins the team. A forwarded link gives nobody else a place."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(token=token).first()
        if membership is None:
            raise DomainError(gettext_lazy("Deze uitnodiging bestaat niet (meer)."))
        if membership.accepted_at:
            if membership.user_id == by.pk:
                return membership
            raise DomainError(gettext_lazy("Deze uitnodiging is al aanvaard."))
        # An expert invited from the pool is named on the invitation (only they answer it,
        # whatever address they use now); anyone else proves the address it went to.
        if (
            membership.user_id != by.pk
            if membership.user_id
            else not _owns_address(by, membership.email)
        ):
            raise DomainError(
                gettext_lazy(
                    "Deze uitnodiging is voor een ander e-mailadres. Meld je aan met het adres waarop je ze kreeg."
                )
            )
        # An expert invited from the pool is named on the invitation already: that row
        # itself is no second role.
        if (
            membership.project.team.filter(user=by, role=membership.role)
            .exclude(pk=membership.pk)
            .exists()
        ):
            membership.delete()
            raise DomainError(gettext_lazy("Je hebt die rol al in het team."))
        membership.user = by
        membership.accepted_at = timezone.now()
        membership.save(update_fields=["user", "accepted_at"])
        log_action(
            actor=by,
            action="project.invitation_accepted",
            target=membership.project,
            changes={"role": [None, membership.role]},
        )
    return membership


def remove_team_member(*, membership: Membership, by: Any) -> None:
    _require_team_manager(by, membership.project)
    with transaction.atomic():
        log_action(
            actor=by,
            action="project.member_removed",
            target=membership.project,
            changes={"role": [membership.role, None], "email": [membership.email, None]},
        )
        membership.delete()


def _check_agreement(upload: IO[bytes], size: int) -> None:
    """A real PDF, judged by its content; the upload check's message speaks of a call's
    attachments, so say plainly what an agreement must be."""
    try:
        check_upload(upload, size=size, allowed=["pdf"])
    except DomainError as error:
        if 0 < size <= MAX_BYTES:  # refused for what it is, not for its size
            raise DomainError(
                gettext_lazy(
                    "De samenwerkingsovereenkomst moet een PDF zijn, wat de naam van het bestand ook zegt."
                )
            ) from error
        raise


def add_test_site(
    *,
    project: Project,
    municipality: Municipality,
    organisation: Organisation | None,
    committed_on: date,
    agreement: IO[bytes],
    agreement_name: str,
    agreement_size: int,
    by: Any,
) -> TestSite:
    """A municipality commits to test, with its signed cooperation agreement (PDF)."""
    _require_team_manager(by, project)
    if committed_on > timezone.localdate():
        raise DomainError(gettext_lazy("De datum van het engagement ligt in de toekomst."))
    _check_agreement(agreement, agreement_size)
    with transaction.atomic():
        if project.test_sites.filter(municipality=municipality).exists():
            raise DomainError(gettext_lazy("Deze gemeente is al een proeftuin van dit project."))
        site = TestSite(
            project=project,
            municipality=municipality,
            organisation=organisation,
            committed_on=committed_on,
            agreement_name=agreement_name[:200],
            added_by=by,
        )
        stem = slugify(agreement_name.rsplit(".", 1)[0])[:80] or "overeenkomst"
        site.agreement.save(f"{stem}.pdf", File(agreement), save=False)
        site.save()
        log_action(
            actor=by,
            action="project.test_site_added",
            target=project,
            changes={"test_site": [None, municipality.name]},
        )
    return site


def remove_test_site(*, site: TestSite, by: Any) -> None:
    _require_team_manager(by, site.project)
    with transaction.atomic():
        if site.project.phase != Phase.EXPLORE and site.project.test_sites.count() == 1:
            raise DomainError(
                gettext_lazy("Een project voorbij 'verkennen' houdt minstens één proeftuin.")
            )
        log_action(
            actor=by,
            action="project.test_site_removed",
            target=site.project,
            changes={"test_site": [site.municipality.name, None]},
        )
        site.agreement.delete(save=False)
        site.delete()
