"""Every change of state of a participation form, one function each.

The team's changes check `may_manage` of the form's owner (see `owners.py`) and are logged
on the owner's log target. A form's questions and its consent text are fixed once it opens:
the answers must mean what the citizen read. A closed form can reopen, with new limits.
"""

import hashlib
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import diff, log_action
from proeftuin.core.errors import DomainError

from .models import Answer, InvitationCode, ParticipationForm, Question, Response
from .owners import kind_of

Status = ParticipationForm.Status
Kind = Question.Kind

FORM_FIELDS = [
    "title",
    "introduction",
    "consent_text",
    "retention_until",
    "closes_at",
    "max_responses",
    "requires_invitation",
    "asks_email",
    "email_purpose",
]
# What a closed form may still change, to reopen it for longer or for more people.
LIMIT_FIELDS = ["retention_until", "closes_at", "max_responses"]
QUESTION_FIELDS = ["kind", "text", "help_text", "required", "options", "min_value", "max_value"]

# Codes people copy from paper: no 0/O, 1/I/L.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12  # 31^12: about 59 bits
INVITATION_LENGTH = 8
MAX_CODES = 500
NUMBER_LIMIT = Decimal("1e10")


def _log(form: ParticipationForm, action: str, by: Any, changes: dict[str, Any]) -> None:
    target = kind_of(form.owner).log_target(form.owner)
    log_action(
        actor=by, action=action, target=target, changes={"form": [form.pk, form.title], **changes}
    )


def _require_manager(user: Any, owner: Any) -> None:
    if not kind_of(owner).may_manage(user, owner):
        raise DomainError(
            gettext_lazy("Alleen wie dit experiment uitvoert, beheert zijn formulieren.")
        )


def _require_draft(form: ParticipationForm) -> None:
    if form.status != Status.DRAFT:
        raise DomainError(
            gettext_lazy("De vragen liggen vast zodra het formulier open is geweest.")
        )


def _check_form(fields: dict[str, Any]) -> None:
    if not fields["title"].strip():
        raise DomainError(gettext_lazy("Geef het formulier een titel."))
    if not fields["consent_text"].strip():
        raise DomainError(gettext_lazy("Zeg wat je bewaart, waarom en tot wanneer."))
    if fields["asks_email"] and not fields["email_purpose"].strip():
        raise DomainError(gettext_lazy("Zeg waarvoor je het e-mailadres vraagt."))
    if fields["max_responses"] is not None and fields["max_responses"] < 1:
        raise DomainError(gettext_lazy("Een maximum is minstens één antwoord."))
    closes_at: datetime | None = fields["closes_at"]
    if closes_at is not None and timezone.localdate(closes_at) > fields["retention_until"]:
        raise DomainError(gettext_lazy("Het formulier sluit voor de antwoorden gewist worden."))


def _clean_form(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: fields[key] for key in FORM_FIELDS}
    for key in ("title", "introduction", "consent_text", "email_purpose"):
        cleaned[key] = cleaned[key].strip()
    if not cleaned["asks_email"]:
        cleaned["email_purpose"] = ""
    return cleaned


def create_form(*, owner: Model, fields: dict[str, Any], by: Any) -> ParticipationForm:
    """A new form, in draft, for `owner`. `fields` holds FORM_FIELDS."""
    _require_manager(by, owner)
    _check_form(fields)
    with transaction.atomic():
        form = ParticipationForm(owner=owner, created_by=by, **_clean_form(fields))
        form.save()
        _log(form, "participation.form_created", by, {})
    return form


def update_form(*, form: ParticipationForm, fields: dict[str, Any], by: Any) -> ParticipationForm:
    """Everything while in draft; only the limits (dates, maximum) once it has been open."""
    _require_manager(by, form.owner)
    _check_form(fields)
    new = _clean_form(fields)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        if form.status == Status.OPEN:
            raise DomainError(gettext_lazy("Sluit het formulier eerst om het te wijzigen."))
        old = {key: getattr(form, key) for key in FORM_FIELDS}
        changes = diff(old, new)
        if form.status != Status.DRAFT and set(changes) - set(LIMIT_FIELDS):
            raise DomainError(
                gettext_lazy(
                    "Na opening wijzigen alleen de sluitdatum, het maximum en de bewaartermijn."
                )
            )
        if changes:
            for key in changes:
                setattr(form, key, new[key])
            form.save(update_fields=list(changes))
            _log(form, "participation.form_changed", by, {"fields": sorted(changes)})
    return form


def _check_question(fields: dict[str, Any]) -> dict[str, Any]:
    kind = fields["kind"]
    if kind not in Kind.values:
        raise DomainError(gettext_lazy("Kies een soort vraag."))
    text = fields["text"].strip()
    if not text:
        raise DomainError(gettext_lazy("Schrijf de vraag."))
    options: list[str] = []
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        seen: set[str] = set()
        for option in fields.get("options") or []:
            option = option.strip()
            if option and option.casefold() not in seen:
                seen.add(option.casefold())
                options.append(option[:200])
        if len(options) < 2:
            raise DomainError(gettext_lazy("Geef minstens twee keuzes, één per regel."))
    low, high = (fields.get("min_value"), fields.get("max_value"))
    if kind != Kind.NUMBER:
        low = high = None
    for bound in (low, high):
        if bound is not None and abs(bound) >= NUMBER_LIMIT:
            raise DomainError(gettext_lazy("Dit getal is te groot."))
    if low is not None and high is not None and low > high:
        raise DomainError(gettext_lazy("Het kleinste getal is groter dan het grootste."))
    return {
        "kind": kind,
        "text": text,
        "help_text": fields.get("help_text", "").strip(),
        "required": bool(fields["required"]),
        "options": options,
        "min_value": low,
        "max_value": high,
    }


def add_question(*, form: ParticipationForm, fields: dict[str, Any], by: Any) -> Question:
    _require_manager(by, form.owner)
    cleaned = _check_question(fields)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        _require_draft(form)
        last = form.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question.objects.create(form=form, position=last + 1, **cleaned)
        _log(form, "participation.question_added", by, {"question": [None, question.text]})
    return question


def update_question(*, question: Question, fields: dict[str, Any], by: Any) -> Question:
    form = question.form
    _require_manager(by, form.owner)
    cleaned = _check_question(fields)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        _require_draft(form)
        changes = diff({key: getattr(question, key) for key in QUESTION_FIELDS}, cleaned)
        if changes:
            for key in changes:
                setattr(question, key, cleaned[key])
            question.save(update_fields=list(changes))
            _log(
                form,
                "participation.question_changed",
                by,
                {"question": [question.pk, question.text]},
            )
    return question


def move_question(*, question: Question, up: bool, by: Any) -> None:
    """One place up or down; the positions stay 1, 2, 3 …"""
    form = question.form
    _require_manager(by, form.owner)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        _require_draft(form)
        rows = list(form.questions.all())
        index = next(i for i, row in enumerate(rows) if row.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])


def remove_question(*, question: Question, by: Any) -> None:
    form = question.form
    _require_manager(by, form.owner)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        _require_draft(form)
        question.delete()
        for position, row in enumerate(form.questions.all(), start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        _log(form, "participation.question_removed", by, {"question": [question.text, None]})


def accepts_responses(form: ParticipationForm, now: datetime, count: int | None = None) -> bool:
    """Open, before its closing date and retention date, and under its maximum."""
    if form.status != Status.OPEN or form.closed_by_date(now):
        return False
    if timezone.localdate(now) > form.retention_until:
        return False
    if form.max_responses is not None:
        if count is None:
            count = form.responses.count()
        return count < form.max_responses
    return True


def open_form(*, form: ParticipationForm, by: Any) -> ParticipationForm:
    _require_manager(by, form.owner)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        if Status.OPEN not in ParticipationForm.TRANSITIONS[Status(form.status)]:
            raise DomainError(gettext_lazy("Dit formulier is al open."))
        if not form.questions.exists():
            raise DomainError(gettext_lazy("Een formulier opent met minstens één vraag."))
        old = form.status
        form.status = Status.OPEN
        if not accepts_responses(form, timezone.now()):
            raise DomainError(
                gettext_lazy(
                    "Het formulier zou meteen weer dicht zijn: kijk de sluitdatum, het maximum "
                    "en de bewaartermijn na."
                )
            )
        form.save(update_fields=["status"])
        _log(form, "participation.form_opened", by, {"status": [old, form.status]})
    return form


def close_form(*, form: ParticipationForm, by: Any) -> ParticipationForm:
    _require_manager(by, form.owner)
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        if form.status != Status.OPEN:
            raise DomainError(gettext_lazy("Alleen een open formulier wordt gesloten."))
        form.status = Status.CLOSED
        form.save(update_fields=["status"])
        _log(form, "participation.form_closed", by, {"status": ["open", "closed"]})
    return form


def _random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """What people type back: any case, with or without dashes and spaces."""
    return "".join(code.split()).replace("-", "").upper()


def show_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def generate_codes(*, form: ParticipationForm, count: int, by: Any) -> list[InvitationCode]:
    """`count` new single-use invitation codes for a closed panel."""
    _require_manager(by, form.owner)
    if not 1 <= count <= MAX_CODES:
        raise DomainError(gettext_lazy("Maak tussen 1 en 500 codes tegelijk."))
    with transaction.atomic():
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        taken = set(form.codes.values_list("code", flat=True))
        fresh: list[str] = []
        while len(fresh) < count:
            code = _random_code(INVITATION_LENGTH)
            if code not in taken:
                taken.add(code)
                fresh.append(code)
        codes = InvitationCode.objects.bulk_create(
            InvitationCode(form=form, code=code) for code in fresh
        )
        _log(form, "participation.codes_generated", by, {"codes": [None, count]})
    return codes


def _hash(receipt: str) -> str:
    return hashlib.sha256(normalise_code(receipt).encode()).hexdigest()


def _answer_rows(question: Question, value: Any) -> list[Answer]:
    """The rows of one answer, refused when its type or range is wrong (the public form
    says so field by field first; this guards every other caller)."""
    wrong = DomainError(gettext_lazy("Een antwoord past niet bij de vraag."))
    if value in (None, "", []):
        if question.required:
            raise DomainError(gettext_lazy("Beantwoord elke verplichte vraag."))
        return []
    kind = question.kind
    allowed = {stored for stored, _label in question.choices}
    if kind == Kind.MULTIPLE:
        if not isinstance(value, list) or not set(value) <= allowed:
            raise wrong
        return [Answer(question=question, choice=choice) for choice in dict.fromkeys(value)]
    if kind in (Kind.SINGLE, Kind.YES_NO):
        if value not in allowed:
            raise wrong
        return [Answer(question=question, choice=value)]
    if kind in Question.NUMBERS:
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise wrong from None
        if not number.is_finite():
            raise wrong
        if kind != Kind.NUMBER and (
            number != number.to_integral_value() or str(int(number)) not in allowed
        ):
            raise wrong
        if (
            abs(number) >= NUMBER_LIMIT
            or abs(number) >= NUMBER_LIMIT
            or number != number.quantize(Decimal("0.01"))
            or (question.min_value is not None and number < question.min_value)
            or (question.max_value is not None and number > question.max_value)
        ):
            raise wrong
        return [Answer(question=question, number=number)]
    return [Answer(question=question, text=str(value))]


def submit_response(
    *,
    form: ParticipationForm,
    answers: dict[int, Any],
    email: str = "",
    email_consent: bool = False,
    invitation: str = "",
) -> tuple[Response, str]:
    """Keep a citizen's answers; returns the response and its receipt code, which is kept
    only as a hash and shown once. A form that does not accept responses keeps nothing."""
    email = email.strip()
    with transaction.atomic():
        # Locked: two last responses at once must not both pass the maximum.
        form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
        if email and not (form.asks_email and email_consent):
            raise DomainError(
                gettext_lazy(
                    "We bewaren je e-mailadres alleen als je daar uitdrukkelijk mee instemt."
                )
            )
        if not accepts_responses(form, timezone.now()):
            raise DomainError(
                gettext_lazy("Dit formulier is gesloten; je antwoorden zijn niet bewaard.")
            )
        questions = list(form.questions.all())
        rows = [
            row
            for question in questions
            for row in _answer_rows(question, answers.get(question.pk))
        ]
        if form.requires_invitation:
            used = InvitationCode.objects.filter(
                form=form, code=normalise_code(invitation), used_at__isnull=True
            ).update(used_at=timezone.now())
            if not used:
                raise DomainError(
                    gettext_lazy("Deze uitnodigingscode klopt niet of werd al gebruikt.")
                )
        receipt = _random_code(RECEIPT_LENGTH)
        response = Response.objects.create(
            form=form,
            receipt_hash=_hash(receipt),
            email=email if form.asks_email and email_consent else "",
            email_consent=bool(email) and email_consent,
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        transaction.on_commit(lambda: _responses_changed(form.pk))
    return response, show_code(receipt)


def erase_response(*, form: ParticipationForm, receipt: str) -> bool:
    """A citizen erases their own response with its receipt code; False if no response of
    this form has that code (any more)."""
    with transaction.atomic():
        erased, _ = Response.objects.filter(form=form, receipt_hash=_hash(receipt)).delete()
        if erased:
            transaction.on_commit(lambda: _responses_changed(form.pk))
    return bool(erased)


def _responses_changed(form_id: int) -> None:
    from .tasks import responses_changed

    responses_changed.enqueue(form_id)


def erase_expired(*, today: date | None = None) -> int:
    """Erase the responses of every form past its retention date and close it. The owner's
    recorded numbers (an experiment's measured value) stay: the owner is not told, so
    nothing is computed again from the emptied form. Returns the number of responses
    erased."""
    today = today or timezone.localdate()
    erased_total = 0
    for form in ParticipationForm.objects.past_retention(today).order_by("pk"):
        with transaction.atomic():
            form = ParticipationForm.objects.select_for_update().get(pk=form.pk)
            count = form.responses.count()
            if not count and form.status != Status.OPEN:
                continue
            form.responses.all().delete()
            changes: dict[str, Any] = {"responses_erased": [count, 0]}
            if form.status == Status.OPEN:
                form.status = Status.CLOSED
                form.save(update_fields=["status"])
                changes["status"] = ["open", "closed"]
            _log(form, "participation.responses_erased", None, changes)
            erased_total += count
    return erased_total
