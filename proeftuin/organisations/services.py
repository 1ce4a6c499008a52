from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import is_coordinator
from proeftuin.core.registry import registry
from proeftuin.core.slugs import unique_slug

from .models import Membership, Municipality, Organisation
from .permissions import can_manage

Status = Membership.Status


def _check_transition(membership: Membership, to: str) -> None:
    if to not in Membership.TRANSITIONS[Status(membership.status)]:
        raise DomainError(gettext_lazy("Deze stap kan niet vanuit de huidige status."))


def create_organisation(
    *,
    name: str,
    kind: str,
    municipalities: list[Municipality],
    email: str = "",
    website: str = "",
    by: Any,
) -> Organisation:
    if not is_coordinator(by):
        raise DomainError(gettext_lazy("Alleen coördinatoren maken organisaties aan."))
    if not municipalities:
        raise DomainError(gettext_lazy("Kies minstens één gemeente."))
    if kind != Organisation.Kind.INTERMUNICIPAL and len(municipalities) > 1:
        raise DomainError(
            gettext_lazy("Alleen een intergemeentelijke samenwerking noemt meerdere gemeenten.")
        )
    with transaction.atomic():
        slug = unique_slug(Organisation, f"{name} {municipalities[0].name}", fallback="organisatie")
        organisation = Organisation.objects.create(
            name=name, slug=slug, kind=kind, email=email, website=website
        )
        organisation.municipalities.set(municipalities)
        log_action(
            actor=by,
            action="organisation.created",
            target=organisation,
            changes={"name": [None, name], "kind": [None, kind]},
        )
    return organisation


def request_to_join(*, organisation: Organisation, motivation: str = "", by: Any) -> Membership:
    """A person asks to join; the organisation's admins (or, without admins, the
    coordinators) are told."""
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=by, organisation=organisation, defaults={"motivation": motivation}
        )
        if not created:
            _check_transition(membership, Status.PENDING)
            old = membership.status
            membership.status = Status.PENDING
            membership.role = Membership.Role.MEMBER
            membership.motivation = motivation
            membership.requested_at = timezone.now()
            membership.decided_at = None
            membership.decided_by = None
            membership.save(
                update_fields=[
                    "status",
                    "role",
                    "motivation",
                    "requested_at",
                    "decided_at",
                    "decided_by",
                ]
            )
            changes: dict[str, list[str | None]] = {"status": [old, Status.PENDING]}
        else:
            changes = {"status": [None, Status.PENDING]}
        log_action(actor=by, action="membership.requested", target=membership, changes=changes)
        for approver in _approvers(organisation):
            notify(
                user=approver,
                kind="organisations.join_request",
                title=gettext_lazy("%(person)s vraagt om lid te worden van %(organisation)s"),
                params={"person": by.display_name, "organisation": organisation.name},
                url=reverse("organisations:members", args=[organisation.slug]),
            )
    return membership


def _approvers(organisation: Organisation) -> list[Any]:
    admins = [
        m.user
        for m in Membership.objects.admins()
        .filter(organisation=organisation)
        .select_related("user")
    ]
    if admins:
        return admins
    return list(get_user_model().objects.coordinators())


def approve_membership(*, membership: Membership, as_admin: bool = False, by: Any) -> Membership:
    return _decide(membership=membership, to=Status.ACTIVE, as_admin=as_admin, by=by)


def decline_membership(*, membership: Membership, by: Any) -> Membership:
    return _decide(membership=membership, to=Status.DECLINED, as_admin=False, by=by)


def _decide(*, membership: Membership, to: str, as_admin: bool, by: Any) -> Membership:
    if not can_manage(by, membership.organisation):
        raise DomainError(gettext_lazy("Je mag geen aanvragen van deze organisatie beoordelen."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _check_transition(membership, to)
        old_status, old_role = membership.status, membership.role
        membership.status = to
        membership.role = Membership.Role.ADMIN if as_admin else Membership.Role.MEMBER
        membership.decided_at = timezone.now()
        membership.decided_by = by
        membership.save(update_fields=["status", "role", "decided_at", "decided_by"])
        action = "membership.approved" if to == Status.ACTIVE else "membership.declined"
        log_action(
            actor=by,
            action=action,
            target=membership,
            changes={"status": [old_status, to], "role": [old_role, membership.role]},
        )
        organisation = membership.organisation
        title = (
            gettext_lazy("Je bent nu lid van %(organisation)s")
            if to == Status.ACTIVE
            else gettext_lazy("Je aanvraag bij %(organisation)s werd niet aanvaard")
        )
        notify(
            user=membership.user,
            kind="organisations.join_decided",
            title=title,
            params={"organisation": organisation.name},
            url=reverse("organisations:detail", args=[organisation.slug]),
        )
    return membership


def set_member_role(*, membership: Membership, role: str, by: Any) -> Membership:
    if not can_manage(by, membership.organisation):
        raise DomainError(gettext_lazy("Je mag deze organisatie niet beheren."))
    if role not in Membership.Role.values:
        raise DomainError(gettext_lazy("Onbekende rol."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Status.ACTIVE:
            raise DomainError(gettext_lazy("Alleen leden krijgen een rol."))
        if role == membership.role:
            return membership
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        log_action(
            actor=by,
            action="membership.role_changed",
            target=membership,
            changes={"role": [old, role]},
        )
    return membership


def remove_member(*, membership: Membership, successor: Membership, by: Any) -> int:
    """End a membership and hand the person's open work in this organisation (needs, roles,
    …, through every app's handover hook) to a colleague, so nothing is orphaned.

    Returns the number of things handed over."""
    if not can_manage(by, membership.organisation):
        raise DomainError(gettext_lazy("Je mag deze organisatie niet beheren."))
    with transaction.atomic():
        return _end_membership(membership=membership, successor=successor, by=by)


def _end_membership(*, membership: Membership, successor: Membership, by: Any) -> int:
    organisation = membership.organisation
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_transition(membership, Status.LEFT)
    # Read the successor again under the lock: the object passed in may be stale (they
    # may have left since the form was shown), and work must never go to a non-member.
    successor = Membership.objects.select_for_update().select_related("user").get(pk=successor.pk)
    if (
        successor.organisation_id != organisation.pk
        or successor.status != Status.ACTIVE
        or successor.pk == membership.pk
    ):
        raise DomainError(
            gettext_lazy("Kies een ander actief lid van deze organisatie als opvolger.")
        )
    handed_over = 0
    if membership.role == Membership.Role.ADMIN and successor.role != Membership.Role.ADMIN:
        successor.role = Membership.Role.ADMIN
        successor.save(update_fields=["role"])
        handed_over += 1
    for handler in registry.handover:
        handed_over += handler(
            organisation=organisation,
            from_user=membership.user,
            to_user=successor.user,
            by=by,
        )
    old_role = membership.role
    membership.status = Status.LEFT
    membership.role = Membership.Role.MEMBER
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save(update_fields=["status", "role", "decided_at", "decided_by"])
    log_action(
        actor=by,
        action="membership.left",
        target=membership,
        changes={
            "status": [Status.ACTIVE, Status.LEFT],
            "role": [old_role, Membership.Role.MEMBER],
            "successor": [None, successor.user.display_name],
        },
    )
    notify(
        user=successor.user,
        kind="organisations.handover",
        title=gettext_lazy("Je neemt het open werk van %(person)s over in %(organisation)s"),
        params={"person": membership.user.display_name, "organisation": organisation.name},
        url=reverse("organisations:detail", args=[organisation.slug]),
    )
    return handed_over


def leave_all_organisations(*, user: Any) -> None:
    """When a person deletes their account: end every membership, handing their open work and
    admin role to a colleague (an admin first, else the longest-standing member), so no
    organisation is left without its work or its admin. Pending requests are declined."""
    with transaction.atomic():
        for membership in (
            Membership.objects.pending().filter(user=user).select_related("organisation")
        ):
            membership.status = Status.DECLINED
            membership.decided_at = timezone.now()
            membership.save(update_fields=["status", "decided_at"])
            log_action(
                actor=user,
                action="membership.withdrawn",
                target=membership,
                changes={"status": [Status.PENDING, Status.DECLINED]},
            )
        for membership in (
            Membership.objects.active().filter(user=user).select_related("organisation", "user")
        ):
            successor = (
                Membership.objects.active()
                .filter(organisation_id=membership.organisation_id)
                .exclude(user=user)
                .order_by("role", "decided_at", "pk")  # "admin" sorts before "member"
                .first()
            )
            if successor is not None:
                _end_membership(membership=membership, successor=successor, by=user)
                continue
            membership.status = Status.LEFT
            membership.role = Membership.Role.MEMBER
            membership.decided_at = timezone.now()
            membership.save(update_fields=["status", "role", "decided_at"])
            log_action(
                actor=user,
                action="membership.left",
                target=membership,
                changes={"status": [Status.ACTIVE, Status.LEFT]},
            )
        Membership.objects.filter(user=user).update(motivation="")
