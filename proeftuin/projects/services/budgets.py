"""Means: setting a project's phase budgets, recording what it spends, and warning when
spending passes 80 % and 100 % of the budget."""

from datetime import date
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from proeftuin.calls.uploads import check_upload
from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.money import MAX_CENTS, format_euro
from proeftuin.core.notifications import notify

from ..budgets import percent, warning_level, with_money
from ..models import BudgetWarning, Membership, PhaseBudget, Project, Spending
from ..permissions import can_record_spending, can_set_budget

MAX_HOURS = 100_000


def _check_cents(cents: int) -> None:
    if cents < 0:
        raise DomainError(gettext_lazy("Een bedrag is niet negatief."))
    if cents >= MAX_CENTS:
        raise DomainError(gettext_lazy("Dit bedrag is te groot."))


def set_phase_budget(
    *,
    project: Project,
    phase: str,
    internal_hours: int,
    external_cents: int,
    local_investment_cents: int,
    by: Any,
) -> PhaseBudget:
    """Coordinators set what a project may spend in a phase. A budget raised above the
    spending re-arms the warnings it had passed; one lowered under it warns now."""
    if not can_set_budget(by, project):
        raise DomainError(gettext_lazy("Alleen coördinatoren bepalen het budget."))
    if phase not in Project.Phase.values:
        raise DomainError(gettext_lazy("Onbekende fase."))
    if not 0 <= internal_hours < MAX_HOURS:
        raise DomainError(gettext_lazy("Het aantal uren ligt tussen 0 en 100.000."))
    _check_cents(external_cents)
    _check_cents(local_investment_cents)
    with transaction.atomic():
        project = _locked(project)
        budget, created = PhaseBudget.objects.get_or_create(project=project, phase=phase)
        fields = ["internal_hours", "external_cents", "local_investment_cents"]
        old = {f: getattr(budget, f) for f in fields}
        new = {
            "internal_hours": internal_hours,
            "external_cents": external_cents,
            "local_investment_cents": local_investment_cents,
        }
        changes = {f: [old[f], new[f]] for f in fields if old[f] != new[f] or created}
        if changes:
            for name, value in new.items():
                setattr(budget, name, value)
            budget.updated_by, budget.updated_at = by, timezone.now()
            budget.save(update_fields=[*fields, "updated_by", "updated_at"])
            log_action(
                actor=by,
                action="project.budget_set",
                target=project,
                changes={"phase": [None, phase], **changes},
            )
            check_budget_thresholds(project)
    return budget


def record_spending(
    *,
    project: Project,
    phase: str,
    spent_on: date,
    amount_cents: int,
    kind: str,
    description: str,
    by: Any,
    upload: IO[bytes] | None = None,
    name: str = "",
    size: int = 0,
) -> Spending:
    """The project leader (or a coordinator) records a cost, with an optional proof (a PDF,
    picture or office document, checked by its content, 10 MB at most). Passing 80 % or
    100 % of the budget tells the project leader and the coordinators, once."""
    if not can_record_spending(by, project):
        raise DomainError(
            gettext_lazy("Uitgaven noteren de projectleider en coördinatoren, zolang het loopt.")
        )
    if phase not in Project.Phase.values:
        raise DomainError(gettext_lazy("Onbekende fase."))
    if kind not in Spending.Kind.values:
        raise DomainError(gettext_lazy("Onbekende soort uitgave."))
    _check_cents(amount_cents)
    if amount_cents == 0:
        raise DomainError(gettext_lazy("Een uitgave van nul euro hoeft niet genoteerd."))
    description = description.strip()
    if not description:
        raise DomainError(gettext_lazy("Zeg waarvoor het geld diende."))
    if len(description) > 300:
        raise DomainError(gettext_lazy("Een omschrijving telt hoogstens 300 tekens."))
    if spent_on > timezone.localdate():
        raise DomainError(gettext_lazy("Een uitgave ligt niet in de toekomst."))
    content_type = (
        check_upload(upload, size=size, allowed=["pdf", "image", "office"]) if upload else ""
    )
    with transaction.atomic():
        project = _locked(project)
        spending = Spending(
            project=project,
            phase=phase,
            spent_on=spent_on,
            amount_cents=amount_cents,
            kind=kind,
            description=description,
            recorded_by=by,
        )
        if upload is not None:
            stem, dot, suffix = name.rpartition(".")
            safe = slugify(stem if dot else suffix)[:80] or "bewijsstuk"
            extension = f".{slugify(suffix)[:8]}" if dot and slugify(suffix) else ""
            spending.attachment.save(f"{safe}{extension}", File(upload), save=False)
            spending.attachment_name = name[:200]
            spending.attachment_type = content_type
        spending.save()
        log_action(
            actor=by,
            action="project.spending_recorded",
            target=project,
            changes={
                "spending": [None, spending.description],
                "amount_cents": [None, amount_cents],
                "phase": [None, phase],
                "kind": [None, kind],
            },
        )
        check_budget_thresholds(project)
    return spending


def remove_spending(*, spending: Spending, by: Any) -> None:
    """A cost recorded by mistake is taken off again (the activity log keeps what it was)."""
    project = spending.project
    if not can_record_spending(by, project):
        raise DomainError(
            gettext_lazy("Uitgaven noteren de projectleider en coördinatoren, zolang het loopt.")
        )
    with transaction.atomic():
        project = _locked(project)
        log_action(
            actor=by,
            action="project.spending_removed",
            target=project,
            changes={
                "spending": [spending.description, None],
                "amount_cents": [spending.amount_cents, None],
            },
        )
        spending.attachment.delete(save=False)
        spending.delete()
        check_budget_thresholds(project)


def _locked(project: Project) -> Project:
    """The project row, locked: two costs recorded at once must not both find no warning
    row and both warn (PostgreSQL, read committed)."""
    return Project.objects.select_for_update().get(pk=project.pk)


def check_budget_thresholds(project: Project) -> list[int]:
    """Warn once for every threshold (80 %, 100 %) the project's spending has newly
    reached; forget the warnings of thresholds it is back under. Runs inside the caller's
    transaction with the project row locked (`_locked`). Returns the thresholds warned now."""
    summed: Any = with_money(Project.objects.filter(pk=project.pk)).get()
    budget, spent = summed.budget_cents, summed.spent_cents
    level = warning_level(spent, budget) or 0
    warned = set(project.budget_warnings.values_list("threshold", flat=True))
    project.budget_warnings.filter(threshold__gt=level).delete()
    new = [t for t in BudgetWarning.Threshold.values if t <= level and t not in warned]
    for threshold in new:
        BudgetWarning.objects.create(project=project, threshold=threshold)
    if new:
        highest = max(new)
        log_action(
            actor=None,
            action="project.budget_warning",
            target=project,
            changes={"threshold": [None, highest], "spent_cents": [None, spent]},
        )
        _warn(project, highest, spent=spent, budget=budget)
    return new


def _warn(project: Project, threshold: int, *, spent: int, budget: int) -> None:
    """Tell the project leader and the coordinators (each once)."""
    leaders = Membership.objects.filter(
        project=project,
        role=Membership.Role.PROJECT_LEADER,
        accepted_at__isnull=False,
        user__is_active=True,
    ).select_related("user")
    people = {m.user.pk: m.user for m in leaders if m.user is not None}
    people |= {u.pk: u for u in get_user_model().objects.coordinators()}
    title = (
        gettext_lazy("'%(project)s' heeft zijn budget opgebruikt")
        if threshold >= 100
        else gettext_lazy("'%(project)s' heeft 80 %% van zijn budget uitgegeven")
    )
    body = f"{format_euro(spent)} / {format_euro(budget)} ({percent(spent, budget)} %)"
    url = reverse("projects:budget", args=[project.pk])
    for person in people.values():
        notify(
            user=person,
            kind="projects.budget",
            title=title,
            params={"project": project.title},
            body=body,
            url=url,
        )
