"""The expert pool: profiles, inviting an expert with the hours they commit, and the
expert's answer (accepting is `team.accept_invitation`, declining is here)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.calls.models import ThesaurusConcept
from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Theme
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import is_coordinator

from ..experts import HORIZON, months_from, peak_load_of
from ..models import ExpertProfile, Membership, Project
from ..permissions import can_edit_expert_profile, can_manage_team
from .team import _owns_address

Role = Membership.Role


@dataclass
class ProfileData:
    """What a profile holds; `kind` is only changed by a coordinator."""

    kind: str
    organisation: str = ""
    summary: str = ""
    languages: list[str] = field(default_factory=lambda: ["nl"])
    hours_per_month: int = 0
    day_rate_cents: int | None = None
    themes: list[Theme] = field(default_factory=list)
    concepts: list[ThesaurusConcept] = field(default_factory=list)


def _check(data: ProfileData) -> None:
    if data.kind not in ExpertProfile.Kind.values:
        raise DomainError(gettext_lazy("Kies intern of extern."))
    if not data.languages or set(data.languages) - set(ExpertProfile.Language.values):
        raise DomainError(gettext_lazy("Kies minstens één taal uit de lijst."))
    if not 0 <= data.hours_per_month <= 200:
        raise DomainError(gettext_lazy("Beschikbaarheid: tussen 0 en 200 uur per maand."))
    if data.kind == ExpertProfile.Kind.EXTERNAL:
        if data.day_rate_cents is None or data.day_rate_cents <= 0:
            raise DomainError(gettext_lazy("Een externe expert heeft een dagprijs."))
    elif data.day_rate_cents is not None:
        raise DomainError(gettext_lazy("Alleen een externe expert heeft een dagprijs."))


def _values(profile: ExpertProfile) -> dict[str, Any]:
    return {
        "kind": profile.kind,
        "organisation": profile.organisation,
        "summary": profile.summary,
        "languages": profile.languages,
        "hours_per_month": profile.hours_per_month,
        "day_rate_cents": profile.day_rate_cents,
    }


def _fill(profile: ExpertProfile, data: ProfileData) -> None:
    profile.kind = data.kind
    profile.organisation = data.organisation.strip()
    profile.summary = data.summary.strip()
    # Kept in the order of the choices, so the same languages always read the same.
    chosen = [code for code in ExpertProfile.Language.values if code in data.languages]
    profile.languages = f" {' '.join(chosen)} "
    profile.hours_per_month = data.hours_per_month
    profile.day_rate_cents = data.day_rate_cents


def create_expert_profile(*, email: str, data: ProfileData, by: Any) -> ExpertProfile:
    """A coordinator adds a person with an account to the pool."""
    if not is_coordinator(by):
        raise DomainError(gettext_lazy("Alleen coördinatoren voegen experten toe aan de pool."))
    _check(data)
    user = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), is_active=True, deleted_at__isnull=True)
        .first()
    )
    if user is None:
        raise DomainError(
            gettext_lazy("Niemand met dat e-mailadres heeft een account. Nodig hen eerst uit.")
        )
    with transaction.atomic():
        if ExpertProfile.objects.filter(user=user).exists():
            raise DomainError(gettext_lazy("Deze persoon staat al in de expertenpool."))
        profile = ExpertProfile(user=user)
        _fill(profile, data)
        profile.save()
        profile.themes.set(data.themes)
        profile.concepts.set(data.concepts)
        log_action(
            actor=by,
            action="expert.profile_created",
            target=profile,
            changes={key: [None, value] for key, value in _values(profile).items()},
        )
    return profile


def update_expert_profile(*, profile: ExpertProfile, data: ProfileData, by: Any) -> ExpertProfile:
    """The expert (or a coordinator) changes the profile. Only a coordinator changes
    whether someone is an internal or an external expert."""
    if not can_edit_expert_profile(by, profile):
        raise DomainError(gettext_lazy("Je kunt alleen je eigen expertprofiel aanpassen."))
    if data.kind != profile.kind and not is_coordinator(by):
        raise DomainError(gettext_lazy("Alleen een coördinator verandert intern of extern."))
    _check(data)
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
        before = _values(profile)
        _fill(profile, data)
        profile.updated_at = timezone.now()
        profile.save(update_fields=[*before, "updated_at"])
        profile.themes.set(data.themes)
        profile.concepts.set(data.concepts)
        log_action(
            actor=by,
            action="expert.profile_updated",
            target=profile,
            changes=diff(before, _values(profile)),
        )
    return profile


def invite_expert(
    *,
    project: Project,
    expert: ExpertProfile,
    hours_per_month: int,
    starts_on: date | None,
    ends_on: date | None,
    by: Any,
) -> Membership:
    """Invite an expert from the pool to the team, with the hours they would commit each
    month of the period. Refused when those hours do not fit their availability in one of
    the months the pool looks ahead (from the period's start; the expert's profile is
    locked, so two coordinators inviting at once cannot over-book them together). The
    expert joins when they accept."""
    if not can_manage_team(by, project):
        raise DomainError(gettext_lazy("Alleen coördinatoren stellen het projectteam samen."))
    if not project.is_running:
        raise DomainError(gettext_lazy("Dit project loopt niet meer."))
    if hours_per_month < 1:
        raise DomainError(gettext_lazy("Een expert zet minstens één uur per maand in."))
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(gettext_lazy("Het einde ligt voor het begin."))
    today = timezone.localdate()
    if ends_on and ends_on < today:
        raise DomainError(gettext_lazy("Die periode is al voorbij."))
    role = Role.EXTERNAL_EXPERT if expert.is_external else Role.INTERNAL_EXPERT
    with transaction.atomic():
        expert = ExpertProfile.objects.select_for_update().select_related("user").get(pk=expert.pk)
        user = expert.user
        if not user.is_active or user.deleted_at:
            raise DomainError(gettext_lazy("Deze expert heeft geen actief account meer."))
        if project.team.filter(user=user).exists():
            raise DomainError(gettext_lazy("Deze persoon zit al in het team of is uitgenodigd."))
        months = [
            m
            for m in months_from(max(starts_on or today, today), HORIZON)
            if ends_on is None or m.first <= ends_on
        ]
        peak = peak_load_of(user, months)
        if peak + hours_per_month > expert.hours_per_month:
            raise DomainError(
                gettext_lazy(
                    "%(name)s heeft in die periode nog %(free)s uur per maand vrij, niet %(hours)s."
                )
                % {
                    "name": user.display_name,
                    "free": max(expert.hours_per_month - peak, 0),
                    "hours": hours_per_month,
                }
            )
        membership = Membership.objects.create(
            project=project,
            user=user,
            email=user.email,
            role=role,
            invited_by=by,
            hours_per_month=hours_per_month,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        log_action(
            actor=by,
            action="project.expert_invited",
            target=project,
            changes={
                "role": [None, role],
                "email": [None, user.email],
                "hours_per_month": [None, hours_per_month],
                "starts_on": [None, starts_on.isoformat() if starts_on else None],
                "ends_on": [None, ends_on.isoformat() if ends_on else None],
            },
        )
        notify(
            user=user,
            kind="projects.team",
            title=gettext_lazy(
                "Je bent uitgenodigd voor het team van '%(project)s' (%(hours)s uur per maand)"
            ),
            params={"project": project.title, "hours": hours_per_month},
            url=reverse("projects:accept", args=[membership.token]),
        )
    return membership


def decline_invitation(*, token: str, by: Any) -> Project:
    """The invited person says no: the invitation (and the hours it held) is gone, the
    activity log keeps it, and whoever invited hears it."""
    with transaction.atomic():
        membership = (
            # Lock the invitation's row only: PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer join to `invited_by`.
            Membership.objects.select_for_update(of=("self",))
            .select_related("project", "invited_by")
            .filter(token=token, accepted_at__isnull=True)
            .first()
        )
        if membership is None:
            raise DomainError(gettext_lazy("Deze uitnodiging bestaat niet (meer)."))
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
        project = membership.project
        log_action(
            actor=by,
            action="project.invitation_declined",
            target=project,
            changes={"role": [membership.role, None], "email": [membership.email, None]},
        )
        inviter = membership.invited_by
        membership.delete()
        if inviter is not None and inviter.is_active:
            notify(
                user=inviter,
                kind="projects.invitation_answer",
                title=gettext_lazy("%(name)s gaat niet in op de uitnodiging voor '%(project)s'"),
                params={"name": by.display_name, "project": project.title},
                url=reverse("projects:team", args=[project.pk]),
            )
    return project


def set_commitment(
    *,
    membership: Membership,
    hours_per_month: int,
    starts_on: date | None,
    ends_on: date | None,
    by: Any,
) -> Membership:
    """A coordinator records (or changes) the hours an expert in the team commits each
    month, and for which period; refused when it would over-book someone in the pool."""
    if not can_manage_team(by, membership.project):
        raise DomainError(gettext_lazy("Alleen coördinatoren stellen het projectteam samen."))
    if membership.role not in (Role.INTERNAL_EXPERT, Role.EXTERNAL_EXPERT):
        raise DomainError(gettext_lazy("Alleen experten zeggen uren per maand toe."))
    if not 0 <= hours_per_month <= 200:
        raise DomainError(gettext_lazy("Tussen 0 en 200 uur per maand."))
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(gettext_lazy("Het einde ligt voor het begin."))
    today = timezone.localdate()
    with transaction.atomic():
        profile = (
            ExpertProfile.objects.select_for_update().filter(user_id=membership.user_id).first()
            if membership.user_id
            else None
        )
        if profile is not None and hours_per_month:
            months = [
                m
                for m in months_from(max(starts_on or today, today), HORIZON)
                if ends_on is None or m.first <= ends_on
            ]
            peak = peak_load_of(membership.user_id, months, exclude=membership.pk)
            if peak + hours_per_month > profile.hours_per_month:
                raise DomainError(
                    gettext_lazy("Er is in die periode nog %(free)s uur per maand vrij.")
                    % {"free": max(profile.hours_per_month - peak, 0)}
                )
        before = {
            "hours_per_month": membership.hours_per_month,
            "starts_on": membership.starts_on.isoformat() if membership.starts_on else None,
            "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
        }
        membership.hours_per_month = hours_per_month
        membership.starts_on = starts_on
        membership.ends_on = ends_on
        membership.save(update_fields=["hours_per_month", "starts_on", "ends_on"])
        log_action(
            actor=by,
            action="project.commitment_changed",
            target=membership.project,
            changes=diff(
                before,
                {
                    "hours_per_month": hours_per_month,
                    "starts_on": starts_on.isoformat() if starts_on else None,
                    "ends_on": ends_on.isoformat() if ends_on else None,
                },
            ),
        )
    return membership
