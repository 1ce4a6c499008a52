"""Continuous service design, every change of state one function: adopters' feedback,
releases and their e-mails (with the contacts' opt-out), and a request turned into a new
need in an open call. The periodic survey lives in `surveys.py`."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from proeftuin.calls.models import Call, Need
from proeftuin.calls.services import draft_need_for_organisation
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.mail import queue_mail
from proeftuin.core.notifications import notify
from proeftuin.core.permissions import require_coordinator
from proeftuin.organisations.models import Membership, Municipality, Organisation

from . import tokens
from .models import (
    Adoption,
    Feedback,
    Release,
    ReleaseMail,
    Service,
    ServiceNeed,
    ServiceRequest,
)

State = Adoption.State
BATCH = 500


def organisations_for(user: Any, adoption: Adoption) -> "list[Organisation]":
    """The organisations in the adoption's municipality a person is an active member of:
    they speak for the municipality about the service."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            municipalities=adoption.municipality_id,
            memberships__user=user,
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("name")
    )


def give_feedback(
    *,
    adoption: Adoption,
    organisation: Organisation,
    satisfaction: int,
    works: str = "",
    fails: str = "",
    new_request: str = "",
    new_request_kind: str = ServiceRequest.Kind.REQUEST,
    backed: list[ServiceRequest] | None = None,
    by: Any,
) -> Feedback:
    """A member of an organisation in the municipality of an active adoption says how the
    service works for them: satisfaction 1 to 5, what works, what does not, a new request
    or problem, and the earlier requests they share."""
    if adoption.state != State.ACTIVE:
        raise DomainError(
            gettext_lazy("Feedback geef je over een dienst die je gemeente gebruikt.")
        )
    if organisation not in organisations_for(by, adoption):
        raise DomainError(
            gettext_lazy("Alleen een lid van een organisatie in %(municipality)s doet dit.")
            % {"municipality": adoption.municipality.name}
        )
    if satisfaction not in range(1, 6):
        raise DomainError(gettext_lazy("Tevredenheid gaat van 1 tot 5."))
    if new_request_kind not in ServiceRequest.Kind.values:
        raise DomainError(gettext_lazy("Kies of het een verzoek of een probleem is."))
    backed = backed or []
    if any(request.service_id != adoption.service_id for request in backed):
        raise DomainError(gettext_lazy("Kies verzoeken over deze dienst."))
    with transaction.atomic():
        feedback = Feedback.objects.create(
            adoption=adoption,
            organisation=organisation,
            given_by=by,
            satisfaction=satisfaction,
            works=works.strip(),
            fails=fails.strip(),
        )
        raised = list(backed)
        if new_request.strip():
            raised.append(
                ServiceRequest.objects.create(
                    service_id=adoption.service_id,
                    kind=new_request_kind,
                    text=new_request.strip()[:300],
                )
            )
        feedback.requests.set(raised)
        log_action(
            actor=by,
            action="scaling.feedback_given",
            target=adoption,
            changes={"satisfaction": [None, satisfaction], "requests": [None, len(raised)]},
        )
    return feedback


# Releases -----------------------------------------------------------------------------


def publish_release(
    *, service: Service, title: str, notes: str, released_on: date, by: Any
) -> Release:
    """A coordinator puts a new version on the service's public changelog; a task then
    e-mails the contacts of its active adoptions that did not turn that off."""
    require_coordinator(by)
    if service.state == Service.State.RETIRED:
        raise DomainError(gettext_lazy("Deze dienst is stopgezet."))
    if not title.strip() or not notes.strip():
        raise DomainError(gettext_lazy("Geef de nieuwe versie een titel en zeg wat er verandert."))
    with transaction.atomic():
        release = Release.objects.create(
            service=service,
            title=title.strip(),
            notes=notes.strip(),
            released_on=released_on,
            published_by=by,
        )
        log_action(
            actor=by,
            action="scaling.release_published",
            target=service,
            changes={"release": [None, release.title]},
        )
        transaction.on_commit(lambda: _enqueue_release_mails(release.pk))
    return release


def _enqueue_release_mails(release_id: int) -> None:
    from .tasks import send_release_mails

    send_release_mails.enqueue(release_id)


def mail_release(release: Release, adoption: Adoption) -> bool:
    """Queue the release's e-mail to one adoption's contact unless it has it: the claim row
    and the outbox row are written in one transaction, so a retried task never queues a
    second one. False when already claimed."""
    opt_out_url = tokens.absolute(
        reverse("scaling:release_mails_off", args=[tokens.release_opt_out(adoption.pk)])
    )
    try:
        with transaction.atomic():
            claim = ReleaseMail.objects.create(release=release, adoption=adoption)
            claim.message = queue_mail(
                to=adoption.contact_email,
                template="scaling/email/release",
                context={
                    "release": release,
                    "adoption": adoption,
                    "service_url": tokens.absolute(
                        reverse("scaling:service", args=[release.service.slug])
                    ),
                    "opt_out_url": opt_out_url,
                    "service_contact": release.service.contact_email,
                },
                kind="scaling.release",
                headers={
                    # RFC 8058: a mail program turns these e-mails off with one POST.
                    "List-Unsubscribe": f"<{opt_out_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            claim.save(update_fields=["message"])
    except IntegrityError:
        return False
    return True


def send_release_mails(release_id: int) -> int:
    """E-mail a release to the contacts of the service's active adoptions that still want
    it, once per adoption however often the task runs; returns how many this run queued."""
    release = Release.objects.select_related("service").filter(pk=release_id).first()
    if release is None:
        return 0
    pending = (
        Adoption.objects.filter(service=release.service, state=State.ACTIVE, release_mails=True)
        .exclude(pk__in=ReleaseMail.objects.filter(release=release).values("adoption"))
        .order_by("pk")
    )
    queued, after = 0, 0
    while batch := list(pending.filter(pk__gt=after)[:BATCH]):
        queued += sum(mail_release(release, adoption) for adoption in batch)
        after = batch[-1].pk
    return queued


def turn_off_release_mails(*, adoption: Adoption) -> bool:
    """The contact's one click in a release e-mail (the signed link is the key); True if it
    was still on."""
    with transaction.atomic():
        changed = Adoption.objects.filter(pk=adoption.pk, release_mails=True).update(
            release_mails=False
        )
        if changed:
            log_action(
                actor=None,
                action="scaling.release_mails_off",
                target=adoption,
                changes={"release_mails": [True, False]},
            )
    return bool(changed)


# From a request back to a need ------------------------------------------------------


def raising_organisations(request: ServiceRequest) -> "list[Organisation]":
    """The organisations whose feedback raised or backed the request."""
    return list(
        Organisation.objects.filter(
            pk__in=Feedback.objects.filter(requests=request).values("organisation")
        ).order_by("name")
    )


def _submitter(request: ServiceRequest, organisation: Organisation) -> Any:
    """Who confirms the draft: the latest member of the organisation who raised the request
    and still belongs to it."""
    feedback = (
        Feedback.objects.filter(
            requests=request,
            organisation=organisation,
            given_by__is_active=True,
            given_by__memberships__organisation=organisation,
            given_by__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("given_by")
        .order_by("-given_at")
        .first()
    )
    return feedback.given_by if feedback else None


def turn_request_into_need(
    *,
    request: ServiceRequest,
    call: Call,
    organisation: Organisation,
    title: str,
    problem: str,
    by: Any,
) -> ServiceNeed:
    """A coordinator turns a request or problem about a service into a draft need of an
    organisation that raised it, in an open call: the lean cycle starts over. The draft
    waits for the organisation to confirm and submit it; the link to the service and to
    the municipalities that raised it is kept here."""
    require_coordinator(by)
    if organisation not in raising_organisations(request):
        raise DomainError(gettext_lazy("Kies een organisatie die dit verzoek deed."))
    submitter = _submitter(request, organisation)
    if submitter is None:
        raise DomainError(
            gettext_lazy("Niemand van %(organisation)s die dit vroeg, is er nog lid.")
            % {"organisation": organisation.name}
        )
    with transaction.atomic():
        # Locked: a double click must not draw two needs from one request.
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if ServiceNeed.objects.filter(request=request).exists():
            raise DomainError(gettext_lazy("Van dit verzoek is al een nood gemaakt."))
        need: Need = draft_need_for_organisation(
            organisation=organisation,
            call=call,
            fields={"title": title, "problem": problem},
            submitter=submitter,
            by=by,
        )
        link = ServiceNeed.objects.create(
            need=need, service_id=request.service_id, request=request, created_by=by
        )
        link.municipalities.set(
            Municipality.objects.filter(adoptions__feedback__requests=request).distinct()
        )
        log_action(
            actor=by,
            action="scaling.request_turned_into_need",
            target=request.service,
            changes={"request": [None, request.text], "need": [None, need.pk]},
        )
        notify(
            user=submitter,
            kind="scaling.feedback",
            title=gettext_lazy("Je verzoek over '%(service)s' is een nood in '%(call)s'"),
            params={"service": request.service.name, "call": call.title},
            body=str(
                gettext_lazy("Kijk het ontwerp na en dien het in voor %(organisation)s.")
                % {"organisation": organisation.name}
            ),
            url=reverse("calls:need_edit", args=[need.pk]),
        )
    return link
