"""The periodic satisfaction survey of the municipalities that use a service.

Every half year each service gets a participation form it owns (see participation's
`owners.py`), with a recommendation question from 0 to 10 that gives the service's NPS and
an open question. The scheduler's daily job sends it to the contact of each active
adoption — with a single-use invitation code, so each municipality answers once per
period — claiming a row per (adoption, period) first: however often the job runs or is
retried, a contact gets one survey per period.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from proeftuin.core.activity import log_action
from proeftuin.core.mail import queue_mail
from proeftuin.core.permissions import is_coordinator
from proeftuin.participation import services as participation
from proeftuin.participation.models import Question
from proeftuin.participation.owners import OwnerKind, register_owner

from . import tokens
from .models import Adoption, Service, ServiceSurvey, SurveyDispatch

# A municipality is asked once it has used the service for a while, not on its first day.
SURVEY_AFTER = timedelta(days=30)
# Nor in a period's last two weeks, when the form would close before it could answer: it is
# asked at the start of the next one.
TOO_LATE = timedelta(days=14)
# Answers are kept two years after the period, long enough to compare a year with the next.
RETENTION = timedelta(days=2 * 365)
BATCH = 500


def may_manage(user: Any, service: Service) -> bool:
    """Coordinators; `None` is the platform itself (the scheduler's job builds the form)."""
    return user is None or is_coordinator(user)


def _answered(service: Service) -> None:
    # An anonymous answer changes the service's NPS: logged so that whatever caches the
    # figures (insights) knows they changed. Nothing about the respondent is kept.
    log_action(actor=None, action="scaling.survey_answered", target=service)


register_owner(
    Service,
    OwnerKind(
        may_manage=may_manage, log_target=lambda service: service, responses_changed=_answered
    ),
)


def period_of(moment: datetime) -> str:
    """The half year, in Brussels time: "2026-1" (January to June) or "2026-2"."""
    day = timezone.localdate(moment)
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def period_bounds(period: str) -> tuple[date, date]:
    """The first and the last day of a period."""
    year, half = (int(part) for part in period.split("-"))
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def period_label(period: str) -> str:
    year, half = period.split("-")
    if half == "1":
        return gettext("eerste helft %(year)s") % {"year": year}
    return gettext("tweede helft %(year)s") % {"year": year}


def sends_at(now: datetime) -> datetime:
    """When the job sends next: now, or in a period's last two weeks the next period's
    first morning."""
    _first, last = period_bounds(period_of(now))
    if last - timezone.localdate(now) >= TOO_LATE:
        return now
    return timezone.make_aware(datetime.combine(last + timedelta(days=1), time(9)))


def survey_for(service: Service, period: str) -> ServiceSurvey:
    """The period's survey of a service, made and opened the first time it is needed."""
    existing = ServiceSurvey.objects.filter(service=service, period=period).first()
    if existing is not None:
        return existing
    _first, last = period_bounds(period)
    closes_at = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    try:
        with transaction.atomic():
            form = participation.create_form(
                owner=service,
                fields={
                    "title": gettext("Hoe tevreden is je gemeente over '%(service)s'?")
                    % {"service": service.name},
                    "introduction": gettext(
                        "Twee vragen over de dienst in de %(period)s; het duurt een minuut."
                    )
                    % {"period": period_label(period)},
                    "consent_text": gettext(
                        "We bewaren je antwoorden zonder naam tot %(until)s, om de dienst te "
                        "verbeteren. Elke gemeente antwoordt één keer met haar code."
                    )
                    % {"until": (last + RETENTION).strftime("%d-%m-%Y")},
                    "retention_until": last + RETENTION,
                    "closes_at": closes_at,
                    "max_responses": None,
                    "requires_invitation": True,
                    "asks_email": False,
                    "email_purpose": "",
                },
                by=None,
            )
            participation.add_question(
                form=form,
                fields={
                    "kind": Question.Kind.NPS,
                    "text": gettext(
                        "Hoe waarschijnlijk is het dat je deze dienst aanraadt aan een andere "
                        "gemeente?"
                    ),
                    "help_text": gettext("0 = helemaal niet, 10 = zeker"),
                    "required": True,
                },
                by=None,
            )
            participation.add_question(
                form=form,
                fields={
                    "kind": Question.Kind.LONG_TEXT,
                    "text": gettext("Wat zou de dienst voor je gemeente beter maken?"),
                    "required": False,
                },
                by=None,
            )
            participation.open_form(form=form, by=None)
            return ServiceSurvey.objects.create(service=service, period=period, form=form)
    except IntegrityError:
        # Another run made it a moment ago; this run's form was rolled back with it.
        return ServiceSurvey.objects.get(service=service, period=period)


def dispatch(survey: ServiceSurvey, adoption: Adoption) -> bool:
    """Send the survey to the adoption's contact unless this period's was sent: the claim,
    the invitation code and the outbox row are written together. False when claimed."""
    try:
        with transaction.atomic():
            claim = SurveyDispatch.objects.create(
                survey=survey, adoption=adoption, period=survey.period
            )
            (code,) = participation.generate_codes(form=survey.form, count=1, by=None)
            claim.message = queue_mail(
                to=adoption.contact_email,
                template="scaling/email/survey",
                context={
                    "adoption": adoption,
                    "service": survey.service,
                    "period": period_label(survey.period),
                    "url": tokens.absolute(
                        reverse("participation:answer", args=[survey.form.token])
                        + "?"
                        + urlencode({"code": participation.show_code(code.code)})
                    ),
                    "code": participation.show_code(code.code),
                },
                kind="scaling.survey",
            )
            claim.save(update_fields=["message"])
    except IntegrityError:
        return False
    return True


def send_surveys(now: datetime | None = None) -> int:
    """The daily job: this period's survey to every active adoption (of a service still
    offered, used for at least SURVEY_AFTER) that has not had it, unless the period is
    nearly over; returns how many this run sent."""
    now = now or timezone.now()
    if sends_at(now) != now:
        return 0
    period = period_of(now)
    pending = (
        Adoption.objects.filter(state=Adoption.State.ACTIVE, activated_at__lte=now - SURVEY_AFTER)
        .exclude(service__state=Service.State.RETIRED)
        .exclude(survey_dispatches__period=period)
        .select_related("service", "municipality")
        .order_by("pk")
    )
    surveys: dict[int, ServiceSurvey] = {}
    sent, after = 0, 0
    while batch := list(pending.filter(pk__gt=after)[:BATCH]):
        for adoption in batch:
            if adoption.service_id not in surveys:
                surveys[adoption.service_id] = survey_for(adoption.service, period)
            sent += dispatch(surveys[adoption.service_id], adoption)
        after = batch[-1].pk
    return sent
