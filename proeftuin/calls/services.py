"""Every change of state of calls, needs and sector support."""

import uuid
from datetime import datetime
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.follows import notify_followers
from proeftuin.core.mail import queue_mail
from proeftuin.core.models import Theme
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import is_coordinator, require_coordinator
from proeftuin.core.slugs import unique_slug
from proeftuin.organisations.models import Membership, Municipality, Organisation
from proeftuin.organisations.services import create_organisation

from . import search
from .imports import UnreadableFile, parse_date, read_rows, validate_row
from .matching import schedule_reindex
from .models import (
    Attachment,
    Call,
    CallAlert,
    CoSubmitter,
    Criterion,
    Need,
    NeedImport,
    NeedImportRow,
    ReviewDate,
    Support,
)
from .permissions import can_act_for_need, can_support, is_member_of
from .uploads import check_upload

Status = Need.Status
NEED_FIELDS = ["title", "problem", "target_groups", "current_handling", "citizen_value"]


# Calls ------------------------------------------------------------------------------------


def save_call(
    *,
    call: Call | None = None,
    fields: dict[str, Any],
    themes: list[Theme],
    criteria: list[dict[str, Any]],
    review_dates: list[datetime],
    by: Any,
) -> Call:
    """Create or edit a call with its criteria and (for a rolling call) review dates."""
    require_coordinator(by)
    if fields.get("is_rolling"):
        fields["closes_at"] = None
        if not review_dates:
            raise DomainError(
                gettext_lazy("Een doorlopende oproep heeft minstens één beoordelingsdatum.")
            )
    elif not fields.get("closes_at") or fields["closes_at"] <= fields["opens_at"]:
        raise DomainError(gettext_lazy("De oproep moet sluiten na het openen."))
    if not criteria:
        raise DomainError(gettext_lazy("Geef minstens één beoordelingscriterium."))
    with transaction.atomic():
        if call is None:
            call = Call(created_by=by, slug=unique_slug(Call, fields["title"], fallback="oproep"))
            old: dict[str, Any] = {}
            action = "call.created"
        else:
            # The old values come from the database: a bound ModelForm has already written
            # the new ones onto `call`, and the log would record no change.
            old = Call.objects.select_for_update().values(*fields).get(pk=call.pk)
            action = "call.updated"
        for name, value in fields.items():
            setattr(call, name, value)
        call.save()
        call.themes.set(themes)
        call.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(call=call, position=i, **criterion) for i, criterion in enumerate(criteria)
        )
        call.review_dates.exclude(cutoff_at__in=review_dates).delete()
        for moment in review_dates:
            ReviewDate.objects.get_or_create(call=call, cutoff_at=moment)
        changes = {k: [str(v[0]), str(v[1])] for k, v in diff(old, fields).items()}
        log_action(actor=by, action=action, target=call, changes=changes)
    return call


def publish_call(*, call: Call, by: Any) -> Call:
    require_coordinator(by)
    with transaction.atomic():
        if call.published_at:
            raise DomainError(gettext_lazy("Deze oproep is al gepubliceerd."))
        call.published_at = timezone.now()
        call.save(update_fields=["published_at"])
        log_action(
            actor=by,
            action="call.published",
            target=call,
            changes={"status": ["draft", call.status]},
        )
    return call


def decide_call(*, call: Call, by: Any) -> Call:
    """Mark a closed call as decided (its selection is complete)."""
    require_coordinator(by)
    with transaction.atomic():
        if call.status != Call.Status.CLOSED and not (
            call.is_rolling and call.status == Call.Status.OPEN
        ):
            raise DomainError(gettext_lazy("Alleen een gesloten oproep kan beslist worden."))
        old = call.status
        call.decided_at = timezone.now()
        call.save(update_fields=["decided_at"])
        log_action(
            actor=by,
            action="call.decided",
            target=call,
            changes={"status": [old, Call.Status.DECIDED]},
        )
    return call


def set_call_alert(*, user: Any, wanted: bool) -> None:
    """A person asks (or stops asking) to be told when a new call opens."""
    with transaction.atomic():
        if wanted:
            CallAlert.objects.get_or_create(user=user)
        else:
            CallAlert.objects.filter(user=user).delete()
        log_action(
            actor=user, action="call_alert.set" if wanted else "call_alert.unset", target=user
        )


def announce_opened_calls(now: datetime | None = None) -> int:
    """E-mail everyone who asked, once per call, when its opening moment has passed.

    The call row is claimed with a conditional UPDATE, so two workers never both announce."""
    now = now or timezone.now()
    announced = 0
    for call in Call.objects.open(now).filter(opening_announced_at__isnull=True):
        with transaction.atomic():
            if not Call.objects.filter(pk=call.pk, opening_announced_at__isnull=True).update(
                opening_announced_at=now
            ):
                continue
            for alert in CallAlert.objects.select_related("user").filter(user__is_active=True):
                queue_mail(
                    to=alert.user.email,
                    user=alert.user,
                    kind="calls.opened",
                    template="calls/email/call_opened",
                    context={"call": call, "user": alert.user},
                )
            announced += 1
    return announced


# Needs ------------------------------------------------------------------------------------


def save_need_draft(
    *,
    need: Need | None = None,
    organisation: Organisation | None = None,
    call: Call | None = None,
    fields: dict[str, Any],
    themes: list[Theme] | None = None,
    client_token: uuid.UUID | None = None,
    by: Any,
) -> Need:
    """Create a draft, or save what was typed into one (autosave).

    A new draft carries the form's `client_token`, so a double click or a retried request
    finds the draft the first request made instead of creating a second one."""
    with transaction.atomic():
        if need is None:
            if organisation is None or not is_member_of(by, organisation.pk):
                raise DomainError(
                    gettext_lazy("Je kan alleen noden indienen voor je eigen organisatie.")
                )
            if call is not None and not call.is_open():
                raise DomainError(gettext_lazy("Deze oproep staat niet open."))
            token = client_token or uuid.uuid4()
            need = Need.objects.filter(client_token=token).first()
            if need is None:
                try:
                    with transaction.atomic():
                        created = Need.objects.create(
                            organisation=organisation,
                            call=call,
                            submitted_by=by,
                            client_token=token,
                            **{k: fields.get(k, "") for k in NEED_FIELDS},
                        )
                except IntegrityError:
                    # A concurrent request with the same token created it a moment ago:
                    # save what this one carries into that draft (below).
                    need = Need.objects.get(client_token=token)
                else:
                    if themes is not None:
                        created.themes.set(themes)
                    log_action(
                        actor=by,
                        action="need.created",
                        target=created,
                        changes={"status": [None, Status.DRAFT]},
                    )
                    return created
            if need.submitted_by_id != by.pk:
                raise DomainError(gettext_lazy("Deze nood hoort bij iemand anders."))
        need = Need.objects.select_for_update().get(pk=need.pk)
        if not can_act_for_need(by, need):
            raise DomainError(gettext_lazy("Je mag deze nood niet bewerken."))
        if need.status != Status.DRAFT:
            raise DomainError(
                gettext_lazy(
                    "Een ingediende nood pas je aan via 'Aanpassen'; hij wordt dan weer een ontwerp."
                )
            )
        old = {k: getattr(need, k) for k in NEED_FIELDS}
        new = {k: fields.get(k, old[k]) for k in NEED_FIELDS}
        changes = diff(old, new)
        for name, value in new.items():
            setattr(need, name, value)
        need.updated_at = timezone.now()
        need.save(update_fields=[*NEED_FIELDS, "updated_at"])
        if themes is not None:
            need.themes.set(themes)
        if changes:
            log_action(actor=by, action="need.edited", target=need, changes=changes)
    return need


def draft_need_for_organisation(
    *,
    organisation: Organisation,
    call: Call,
    fields: dict[str, Any],
    submitter: Any,
    by: Any,
) -> Need:
    """A coordinator drafts a need for an organisation that raised it elsewhere (DESIGN.md:
    "(new) → draft by coordinator"); `submitter`, a member of it, finds it among their
    drafts, and the organisation confirms it by submitting. Whoever drew it keeps the link
    to where it came from: calls knows nothing of it."""
    require_coordinator(by)
    if not is_member_of(submitter, organisation.pk):
        raise DomainError(
            gettext_lazy("De indiener is geen lid van %(organisation)s.")
            % {"organisation": organisation.name}
        )
    if not call.is_open():
        raise DomainError(gettext_lazy("Deze oproep staat niet open."))
    if not str(fields.get("title", "")).strip() or not str(fields.get("problem", "")).strip():
        raise DomainError(gettext_lazy("Geef minstens een titel en het probleem of de kans."))
    with transaction.atomic():
        need = Need.objects.create(
            organisation=organisation,
            call=call,
            submitted_by=submitter,
            **{k: str(fields.get(k, "")).strip() for k in NEED_FIELDS},
        )
        log_action(
            actor=by,
            action="need.drafted_for_organisation",
            target=need,
            changes={"status": [None, Status.DRAFT], "organisation": [None, organisation.name]},
        )
    return need


def _transition(need: Need, to: str, by: Any, role: str) -> str:
    allowed = Need.TRANSITIONS.get(need.status, {})
    if allowed.get(to) != role:
        raise DomainError(
            gettext_lazy("Een nood met status '%(status)s' kan niet naar '%(to)s'.")
            % {"status": need.get_status_display(), "to": Status(to).label}
        )
    return need.status


def _check_submitter(need: Need, by: Any) -> None:
    if not can_act_for_need(by, need):
        raise DomainError(gettext_lazy("Je mag deze nood niet indienen of wijzigen."))


def _check_call_open(need: Need, now: datetime) -> Call:
    if need.call is None:
        raise DomainError(gettext_lazy("Koppel de nood eerst aan een open oproep."))
    if need.call.status_at(now) == Call.Status.UPCOMING:
        raise DomainError(
            gettext_lazy("De oproep is nog niet open; je ontwerp blijft bewaard tot ze opent.")
        )
    if not need.call.is_open(now):
        raise DomainError(
            gettext_lazy(
                "De oproep is gesloten; je ontwerp blijft bewaard, maar indienen kan niet meer."
            )
        )
    return need.call


def submit_need(*, need: Need, by: Any, now: datetime | None = None) -> Need:
    """Submit a draft while its call (round) is open, by server time."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the need's row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join to `call` (an ideeënbus draft has none).
        need = Need.objects.select_for_update(of=("self",)).select_related("call").get(pk=need.pk)
        _check_submitter(need, by)
        if need.status == Status.SUBMITTED:
            return need  # a double click or a retried request: already done
        old = _transition(need, Status.SUBMITTED, by, "submitter")
        call = _check_call_open(need, now)
        if not need.title.strip() or not need.problem.strip():
            raise DomainError(gettext_lazy("Geef minstens een titel en het probleem of de kans."))
        need.status = Status.SUBMITTED
        need.submitted_at = need.submitted_at or now
        need.review_round = call.round_for(now) if call.is_rolling else None
        need.save(update_fields=["status", "submitted_at", "review_round"])
        log_action(
            actor=by,
            action="need.submitted",
            target=need,
            changes={"status": [old, Status.SUBMITTED]},
        )
        _mail_status(need, by=by)
        schedule_reindex(need.pk)
    return need


def amend_need(*, need: Need, by: Any, now: datetime | None = None) -> Need:
    """Take a submitted need back to draft to change it, while the call is open."""
    return _submitter_move(need, Status.DRAFT, "need.amended", by, now)


def withdraw_need(*, need: Need, by: Any, now: datetime | None = None) -> Need:
    return _submitter_move(need, Status.WITHDRAWN, "need.withdrawn", by, now)


def _submitter_move(need: Need, to: str, action: str, by: Any, now: datetime | None) -> Need:
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the need's row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join to `call` (an ideeënbus draft has none).
        need = Need.objects.select_for_update(of=("self",)).select_related("call").get(pk=need.pk)
        _check_submitter(need, by)
        old = _transition(need, to, by, "submitter")
        _check_call_open(need, now)
        if need.review_round is not None and need.review_round.cutoff_at <= now:
            raise DomainError(
                gettext_lazy("De ronde van deze nood is afgesloten en wordt beoordeeld.")
            )
        need.status = to
        need.save(update_fields=["status"])
        log_action(actor=by, action=action, target=need, changes={"status": [old, to]})
        _mail_status(need, by=by)
        schedule_reindex(need.pk)
    return need


def attach_to_call(*, need: Need, call: Call, by: Any) -> Need:
    """Move an ideeënbus draft into an open call."""
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        _check_submitter(need, by)
        if need.status != Status.DRAFT:
            raise DomainError(
                gettext_lazy("Alleen een ontwerp kan aan een oproep gekoppeld worden.")
            )
        if not call.is_open():
            raise DomainError(gettext_lazy("Deze oproep staat niet open."))
        old = need.call_id
        need.call = call
        need.save(update_fields=["call"])
        log_action(
            actor=by, action="need.attached_to_call", target=need, changes={"call": [old, call.pk]}
        )
    return need


INTAKE_ACTIONS: dict[str, str] = {
    Status.RETAINED: "need.retained",
    Status.DECLINED: "need.declined",
    Status.BACKLOG: "need.backlogged",
}


def decide_intake(*, need: Need, to: str, motivation: str, by: Any) -> Need:
    """A coordinator retains, declines or parks a need (intake), with a motivation the
    submitter sees."""
    require_coordinator(by)
    if to not in INTAKE_ACTIONS:
        raise DomainError(gettext_lazy("Onbekende beslissing."))
    if not motivation.strip():
        raise DomainError(gettext_lazy("Geef een motivering; de indiener krijgt ze te zien."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        old = _transition(need, to, by, "coordinator")
        if old == Status.BACKLOG:
            raise DomainError(
                gettext_lazy(
                    "Een nood uit de wachtrij neem je mee naar een latere oproep of ronde."
                )
            )
        if to != Status.RETAINED:
            need.published_at = None
        _record_decision(
            need, old=old, to=to, motivation=motivation, action=INTAKE_ACTIONS[to], by=by
        )
    return need


def _record_decision(
    need: Need, *, old: str, to: str, motivation: str, action: str, by: Any
) -> None:
    """Save a coordinator's decision on a locked need, log it, tell the submitter and
    re-index the need (the caller has checked the transition)."""
    need.status = to
    need.decision_motivation = motivation
    need.decided_at = timezone.now()
    need.save(update_fields=["status", "decision_motivation", "decided_at", "published_at"])
    log_action(
        actor=by,
        action=action,
        target=need,
        changes={"status": [old, to], "motivation": [None, motivation]},
    )
    _mail_status(need, by=by)
    schedule_reindex(need.pk)
    search.schedule(need)


def carry_backlog(*, need: Need, call: Call, motivation: str, by: Any) -> Need:
    """Take a backlog need into a later call (or round) as retained."""
    require_coordinator(by)
    if not motivation.strip():
        raise DomainError(gettext_lazy("Geef een motivering; de indiener krijgt ze te zien."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        old = _transition(need, Status.RETAINED, by, "coordinator")
        now = timezone.now()
        new_round = call.round_for(now) if call.is_rolling else None
        if call.pk == need.call_id and (not call.is_rolling or new_round == need.review_round):
            raise DomainError(gettext_lazy("Kies een latere oproep of ronde."))
        if not call.is_open(now):
            raise DomainError(gettext_lazy("Deze oproep staat niet open."))
        old_call = need.call_id
        need.call = call
        need.status = Status.RETAINED
        need.decision_motivation = motivation
        need.decided_at = timezone.now()
        need.review_round = new_round
        need.save(
            update_fields=["call", "status", "decision_motivation", "decided_at", "review_round"]
        )
        log_action(
            actor=by,
            action="need.carried_over",
            target=need,
            changes={"status": [old, Status.RETAINED], "call": [old_call, call.pk]},
        )
        _mail_status(need, by=by)
        schedule_reindex(need.pk)
    return need


def merge_need(*, need: Need, into: Need, motivation: str, by: Any) -> Need:
    """Merge a need into another that describes the same; both submitters stay linked and
    are told."""
    require_coordinator(by)
    if need.pk == into.pk:
        raise DomainError(gettext_lazy("Een nood kan niet in zichzelf opgaan."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        into = Need.objects.select_for_update().get(pk=into.pk)
        if into.status in (Status.DRAFT, Status.WITHDRAWN, Status.MERGED, Status.DECLINED):
            raise DomainError(gettext_lazy("Voeg samen met een ingediende of weerhouden nood."))
        old = _transition(need, Status.MERGED, by, "coordinator")
        need.status = Status.MERGED
        need.merged_into = into
        need.decision_motivation = motivation
        need.decided_at = timezone.now()
        need.published_at = None
        need.save(
            update_fields=[
                "status",
                "merged_into",
                "decision_motivation",
                "decided_at",
                "published_at",
            ]
        )
        # Every organisation that submitted the merged need (its confirmed co-submitters too)
        # becomes a confirmed co-submitter of the need it merges into.
        joint = [(need.organisation_id, need.submitted_by)] + [
            (c.organisation_id, c.confirmed_by)
            for c in need.co_submitters.filter(confirmed_at__isnull=False).select_related(
                "confirmed_by"
            )
        ]
        for organisation_id, confirmed_by in joint:
            if organisation_id == into.organisation_id:
                continue
            link, _created = CoSubmitter.objects.get_or_create(
                need=into, organisation_id=organisation_id, defaults={"invited_by": by}
            )
            if link.confirmed_at is None:  # an open invitation is settled by the merge
                link.confirmed_by = confirmed_by
                link.confirmed_at = timezone.now()
                link.save(update_fields=["confirmed_by", "confirmed_at"])
        log_action(
            actor=by,
            action="need.merged",
            target=need,
            changes={"status": [old, Status.MERGED], "merged_into": [None, into.pk]},
        )
        _mail_status(need, by=by)
        schedule_reindex(need.pk)
        search.schedule(need)
        notify(
            user=into.submitted_by,
            kind="calls.need_status",
            title=gettext_lazy(
                "'%(other)s' van %(organisation)s is samengevoegd met je nood '%(need)s'"
            ),
            params={
                "other": need.title,
                "organisation": need.organisation.name,
                "need": into.title,
            },
            url=reverse("calls:need", args=[into.pk]),
        )
    return need


def publish_challenge(*, need: Need, by: Any, published: bool = True) -> Need:
    """Make a retained need a public challenge the sector can support (or take it down)."""
    require_coordinator(by)
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if published and need.status not in (Status.RETAINED, Status.SELECTED):
            raise DomainError(gettext_lazy("Alleen een weerhouden nood wordt een uitdaging."))
        old = need.published_at
        need.published_at = timezone.now() if published else None
        need.save(update_fields=["published_at"])
        log_action(
            actor=by,
            action="need.published" if published else "need.unpublished",
            target=need,
            changes={"published": [old is not None, published]},
        )
        schedule_reindex(need.pk)
        search.schedule(need)
    return need


def _mail_status(need: Need, *, by: Any) -> None:
    """Tell every active member who submitted (the submitter) of the new status, in their
    language, through the outbox."""
    submitter = need.submitted_by
    if not submitter.is_active:
        return
    queue_mail(
        to=submitter.email,
        user=submitter,
        kind="calls.need_status",
        template="calls/email/need_status",
        context={"need": need, "user": submitter},
    )


# Co-submitters ----------------------------------------------------------------------------


def invite_co_submitter(*, need: Need, organisation: Organisation, by: Any) -> CoSubmitter:
    with transaction.atomic():
        _check_submitter(need, by)
        if organisation.pk == need.organisation_id:
            raise DomainError(gettext_lazy("Deze organisatie dient de nood al in."))
        if need.status not in (Status.DRAFT, Status.SUBMITTED):
            raise DomainError(
                gettext_lazy("Mede-indieners nodig je uit zolang de nood niet beoordeeld is.")
            )
        invite, created = CoSubmitter.objects.get_or_create(
            need=need, organisation=organisation, defaults={"invited_by": by}
        )
        if created:
            log_action(
                actor=by,
                action="need.co_submitter_invited",
                target=need,
                changes={"organisation": [None, organisation.name]},
            )
            for membership in (
                Membership.objects.active().filter(organisation=organisation).select_related("user")
            ):
                notify(
                    user=membership.user,
                    kind="calls.co_submission",
                    title=gettext_lazy(
                        "%(organisation)s nodigt je organisatie uit als mede-indiener van '%(need)s'"
                    ),
                    params={"organisation": need.organisation.name, "need": need.title},
                    url=reverse("calls:need", args=[need.pk]),
                )
    return invite


def confirm_co_submission(*, invite: CoSubmitter, by: Any) -> CoSubmitter:
    with transaction.atomic():
        invite = CoSubmitter.objects.select_for_update().get(pk=invite.pk)
        if not is_member_of(by, invite.organisation_id):
            raise DomainError(
                gettext_lazy("Alleen een lid van de uitgenodigde organisatie bevestigt.")
            )
        if invite.confirmed_at:
            return invite
        invite.confirmed_by = by
        invite.confirmed_at = timezone.now()
        invite.save(update_fields=["confirmed_by", "confirmed_at"])
        log_action(
            actor=by,
            action="need.co_submission_confirmed",
            target=invite.need,
            changes={"organisation": [None, invite.organisation.name]},
        )
    return invite


# Attachments ------------------------------------------------------------------------------


def add_attachment(*, need: Need, upload: IO[bytes], name: str, size: int, by: Any) -> Attachment:
    with transaction.atomic():
        need = Need.objects.select_related("call").get(pk=need.pk)
        _check_submitter(need, by)
        if need.status != Status.DRAFT:
            raise DomainError(gettext_lazy("Bijlagen voeg je toe aan een ontwerp."))
        allowed = need.call.allowed_attachments if need.call else [c.value for c in Call.Attachment]
        content_type = check_upload(upload, size=size, allowed=allowed)
        attachment = Attachment(
            need=need,
            original_name=name[:200],
            content_type=content_type,
            size=size,
            uploaded_by=by,
        )
        attachment.file.save(slugify_filename(name), File(upload), save=False)
        attachment.save()
        log_action(
            actor=by,
            action="need.attachment_added",
            target=need,
            changes={"attachment": [None, name]},
        )
    return attachment


def slugify_filename(name: str) -> str:
    stem, _dot, extension = name.rpartition(".")
    return f"{slugify(stem or extension)[:80] or 'bijlage'}.{slugify(extension)[:10] if stem else 'bin'}"


def remove_attachment(*, attachment: Attachment, by: Any) -> None:
    with transaction.atomic():
        need = attachment.need
        _check_submitter(need, by)
        if need.status != Status.DRAFT:
            raise DomainError(gettext_lazy("Bijlagen verwijder je uit een ontwerp."))
        name = attachment.original_name
        attachment.file.delete(save=False)
        attachment.delete()
        log_action(
            actor=by,
            action="need.attachment_removed",
            target=need,
            changes={"attachment": [name, None]},
        )


# Sector support ---------------------------------------------------------------------------


def support_need(*, need: Need, organisation: Organisation, comment: str = "", by: Any) -> Support:
    """ "Wij hebben deze nood ook": once per organisation, only from outside the need's own
    municipalities."""
    with transaction.atomic():
        if not can_support(by, need, organisation):
            raise DomainError(
                gettext_lazy(
                    "Je organisatie kan deze uitdaging niet steunen (eigen gemeente, of geen lid)."
                )
            )
        if Support.objects.active().filter(need=need, organisation=organisation).exists():
            raise DomainError(gettext_lazy("Je organisatie steunt deze uitdaging al."))
        try:
            with transaction.atomic():
                support = Support.objects.create(
                    need=need, organisation=organisation, user=by, comment=comment
                )
        except IntegrityError as error:
            raise DomainError(gettext_lazy("Je organisatie steunt deze uitdaging al.")) from error
        log_action(
            actor=by,
            action="support.given",
            target=need,
            changes={"organisation": [None, organisation.name]},
        )
    return support


def withdraw_support(*, support: Support, by: Any) -> Support:
    with transaction.atomic():
        support = Support.objects.select_for_update().get(pk=support.pk)
        if not is_member_of(by, support.organisation_id) and not is_coordinator(by):
            raise DomainError(
                gettext_lazy("Alleen een lid van de organisatie trekt haar steun in.")
            )
        if support.withdrawn_at:
            return support
        support.withdrawn_at = timezone.now()
        support.save(update_fields=["withdrawn_at"])
        log_action(
            actor=by,
            action="support.withdrawn",
            target=support.need,
            changes={"organisation": [support.organisation.name, None]},
        )
    return support


def send_support_summaries() -> int:
    """At most one e-mail a day per submitter, summarising the new support for their needs."""
    pending = list(
        Support.objects.active()
        .filter(notified_at__isnull=True)
        .select_related("need__submitted_by", "organisation")
        .order_by("need_id")
    )
    by_user: dict[int, list[Support]] = {}
    for support in pending:
        by_user.setdefault(support.need.submitted_by_id, []).append(support)
    sent = 0
    for supports in by_user.values():
        user = supports[0].need.submitted_by
        with transaction.atomic():
            if not Support.objects.filter(
                pk__in=[s.pk for s in supports], notified_at__isnull=True
            ).update(notified_at=timezone.now()):
                continue
            if user.is_active:
                queue_mail(
                    to=user.email,
                    user=user,
                    kind="calls.support_summary",
                    template="calls/email/support_summary",
                    context={"supports": supports, "user": user},
                )
                sent += 1
    return sent


# Import of needs from earlier calls ---------------------------------------------------------


def start_import(*, call: Call, upload: IO[bytes], name: str, size: int, by: Any) -> NeedImport:
    """Store the spreadsheet and let a task check it line by line; nothing is imported yet."""
    require_coordinator(by)
    if not name.lower().endswith((".csv", ".xlsx")):
        raise DomainError(gettext_lazy("Kies een CSV- of Excel-bestand (.csv of .xlsx)."))
    if size > 20 * 1024 * 1024:
        raise DomainError(gettext_lazy("Dit bestand is te groot (maximaal 20 MB)."))
    from .tasks import validate_import

    with transaction.atomic():
        batch = NeedImport(call=call, original_name=name[:200], created_by=by)
        batch.file.save(slugify_filename(name), File(upload), save=False)
        batch.save()
        log_action(actor=by, action="import.started", target=call, changes={"file": [None, name]})
        transaction.on_commit(lambda: validate_import.enqueue(batch.pk))
    return batch


PROGRESS_EVERY = 200


def validate_import(batch_id: int) -> NeedImport:
    batch = NeedImport.objects.get(pk=batch_id)
    municipalities = {m.nis_code: m for m in Municipality.objects.all()}
    try:
        with batch.file.open("rb") as handle:
            rows = list(read_rows(handle, batch.original_name))
    except UnreadableFile as error:
        NeedImport.objects.filter(pk=batch.pk).update(
            status=NeedImport.Status.FAILED, error=str(error)
        )
        batch.refresh_from_db()
        return batch
    NeedImport.objects.filter(pk=batch.pk).update(total=len(rows), processed=0)
    batch.rows.all().delete()
    pending: list[NeedImportRow] = []
    for line, data in enumerate(rows, start=2):
        pending.append(
            NeedImportRow(
                batch=batch, line=line, data=data, errors=validate_row(data, municipalities)
            )
        )
        if len(pending) >= PROGRESS_EVERY:
            NeedImportRow.objects.bulk_create(pending)
            NeedImport.objects.filter(pk=batch.pk).update(processed=line - 1)
            pending = []
    NeedImportRow.objects.bulk_create(pending)
    NeedImport.objects.filter(pk=batch.pk).update(
        status=NeedImport.Status.VALIDATED, processed=len(rows)
    )
    batch.refresh_from_db()
    return batch


def set_import_row_skipped(*, row: NeedImportRow, skip: bool, by: Any) -> NeedImportRow:
    require_coordinator(by)
    if row.batch.status != NeedImport.Status.VALIDATED:
        raise DomainError(gettext_lazy("Deze import loopt al of is klaar."))
    row.skip = skip
    row.save(update_fields=["skip"])
    return row


def run_import(*, batch: NeedImport, by: Any) -> NeedImport:
    """Start the import once every line is valid or skipped on purpose."""
    require_coordinator(by)
    from .tasks import import_needs

    with transaction.atomic():
        batch = NeedImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != NeedImport.Status.VALIDATED:
            raise DomainError(gettext_lazy("Deze import loopt al of is klaar."))
        if batch.rows.filter(skip=False).exclude(errors=[]).exists():
            raise DomainError(gettext_lazy("Verbeter of sla eerst elke regel met fouten over."))
        batch.status = NeedImport.Status.IMPORTING
        batch.processed = 0
        batch.total = batch.rows.filter(skip=False).count()
        batch.save(update_fields=["status", "processed", "total"])
        log_action(
            actor=by,
            action="import.confirmed",
            target=batch.call,
            changes={"lines": [None, batch.total]},
        )
        transaction.on_commit(lambda: import_needs.enqueue(batch.pk))
    return batch


def import_needs(batch_id: int) -> NeedImport:
    """Create the needs of a confirmed import as submitted, keeping their original date and
    organisation (DESIGN.md: the coordinator's import of earlier calls)."""
    batch = NeedImport.objects.select_related("call", "created_by").get(pk=batch_id)
    municipalities = {m.nis_code: m for m in Municipality.objects.all()}
    users = {u.email.lower(): u for u in get_user_model().objects.filter(is_active=True)}
    done = 0
    rows = batch.rows.filter(skip=False, need__isnull=True).order_by("line")
    for row in rows.iterator(chunk_size=500):
        data = row.data
        with transaction.atomic():
            municipality = municipalities[data["nis_code"]]
            organisation = Organisation.objects.filter(
                name__iexact=data["organisation"], municipalities=municipality
            ).first()
            if organisation is None:
                organisation = create_organisation(
                    name=data["organisation"],
                    kind=Organisation.Kind.OTHER,
                    municipalities=[municipality],
                    by=batch.created_by,
                )
            submitter = users.get(data.get("email", "").lower()) or batch.created_by
            if submitter is None:
                raise DomainError(gettext_lazy("Wie de import startte, bestaat niet meer."))
            day = parse_date(data["submitted_on"])
            submitted_at = (
                timezone.make_aware(datetime(day.year, day.month, day.day, 12))
                if day
                else timezone.now()
            )
            need = Need.objects.create(
                call=batch.call,
                organisation=organisation,
                submitted_by=submitter,
                status=Status.SUBMITTED,
                submitted_at=submitted_at,
                created_at=submitted_at,
                **{field: data.get(field, "") for field in NEED_FIELDS},
            )
            row.need = need
            row.save(update_fields=["need"])
            log_action(
                actor=batch.created_by,
                action="need.imported",
                target=need,
                changes={"status": [None, Status.SUBMITTED]},
            )
            schedule_reindex(need.pk)
        done += 1
        if done % 50 == 0:
            NeedImport.objects.filter(pk=batch.pk).update(processed=done)
    NeedImport.objects.filter(pk=batch.pk).update(status=NeedImport.Status.DONE, processed=done)
    batch.refresh_from_db()
    return batch


REVIEW_ACTIONS: dict[str, str] = {
    Status.SELECTED: "need.selected",
    Status.DECLINED: "need.declined",
    Status.BACKLOG: "need.backlogged",
}


def decide_after_review(*, need: Need, to: str, motivation: str, by: Any) -> Need:
    """Publish a decision taken after review: a retained need is selected, declined or
    parked; the submitter is told with the motivation (reviews publishes these together)."""
    require_coordinator(by)
    if to not in REVIEW_ACTIONS:
        raise DomainError(gettext_lazy("Onbekende beslissing."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != Status.RETAINED:
            raise DomainError(
                gettext_lazy("Alleen over een weerhouden nood wordt na beoordeling beslist.")
            )
        old = _transition(need, to, by, "coordinator")
        _record_decision(
            need, old=old, to=to, motivation=motivation, action=REVIEW_ACTIONS[to], by=by
        )
        if need.is_challenge:
            notify_followers(
                need,
                title=gettext_lazy("Er is beslist over de uitdaging '%(title)s': %(status)s"),
                params={"title": need.title, "status": Need.Status(to).label},
                url=reverse("calls:challenge", args=[need.pk]),
                exclude=by,
            )
    return need
