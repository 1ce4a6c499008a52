"""Every change of state of the matcher's data that a person makes: the thesaurus, and the
coordinators' judgements on clusters. (Indexing is not a person's change: the calls
services schedule it.)"""

import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import require_coordinator

from ..models import ClusterJudgement, MatchDocument, MatchState, ThesaurusConcept
from . import index

KEY = re.compile(r"^[A-Z][A-Z0-9_]{1,79}$")


def _thesaurus_changed() -> None:
    """A new thesaurus version; the whole index is rebuilt for it (a task, after commit)."""
    from .tasks import rebuild_index

    index.state()
    MatchState.objects.filter(pk=1).update(thesaurus_version=F("thesaurus_version") + 1)
    version = index.state().thesaurus_version
    transaction.on_commit(lambda: rebuild_index.enqueue(version))


def save_concept(
    *,
    concept: ThesaurusConcept | None = None,
    key: str,
    label: str = "",
    terms: str,
    weight: float = 1.0,
    by: Any,
) -> ThesaurusConcept:
    """Create or change a thesaurus concept; the index follows in a rebuild."""
    require_coordinator(by)
    key = key.strip().upper()
    if not KEY.match(key):
        raise DomainError(
            gettext_lazy("Een code bestaat uit hoofdletters, cijfers en liggende streepjes.")
        )
    cleaned = ", ".join(dict.fromkeys(t.strip().lower() for t in terms.split(",") if t.strip()))
    if not cleaned:
        raise DomainError(gettext_lazy("Geef minstens één term."))
    if not 0 < weight <= 3:
        raise DomainError(gettext_lazy("Het gewicht ligt tussen 0 en 3."))
    with transaction.atomic():
        duplicate = ThesaurusConcept.objects.filter(key=key)
        if concept is not None:
            duplicate = duplicate.exclude(pk=concept.pk)
        if duplicate.exists():
            raise DomainError(gettext_lazy("Er is al een concept met deze code."))
        if concept is None:
            concept = ThesaurusConcept(key=key)
            old: dict[str, Any] = {}
        else:
            concept = ThesaurusConcept.objects.select_for_update().get(pk=concept.pk)
            old = {"key": concept.key, "label": concept.label, "terms": concept.terms}
            old["weight"] = concept.weight
        new = {"key": key, "label": label.strip(), "terms": cleaned, "weight": weight}
        for name, value in new.items():
            setattr(concept, name, value)
        concept.updated_by = by
        concept.updated_at = timezone.now()
        concept.save()
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        log_action(
            actor=by,
            action="thesaurus.concept_saved" if old else "thesaurus.concept_created",
            target=concept,
            changes=changes,
        )
        if changes:
            _thesaurus_changed()
    return concept


def delete_concept(*, concept: ThesaurusConcept, by: Any) -> None:
    require_coordinator(by)
    with transaction.atomic():
        log_action(
            actor=by,
            action="thesaurus.concept_deleted",
            target=concept,
            changes={"key": [concept.key, None], "terms": [concept.terms, None]},
        )
        concept.delete()
        _thesaurus_changed()


def _indexed(need_ids: list[int]) -> list[int]:
    return sorted(
        MatchDocument.objects.filter(need_id__in=need_ids).values_list("need_id", flat=True)
    )


def confirm_cluster(*, need_ids: list[int], note: str = "", by: Any) -> ClusterJudgement:
    """A coordinator confirms that these needs describe the same need; every later
    clustering keeps them together."""
    require_coordinator(by)
    members = _indexed(need_ids)
    if len(members) < 2:
        raise DomainError(gettext_lazy("Een cluster telt minstens twee noden."))
    with transaction.atomic():
        judgement = ClusterJudgement.objects.create(
            kind=ClusterJudgement.Kind.CONFIRM, groups=[members], note=note, by=by
        )
        log_action(
            actor=by,
            action="cluster.confirmed",
            target=judgement,
            changes={"needs": [None, members]},
        )
        index.recluster_around(members)
    return judgement


def split_cluster(*, part: list[int], rest: list[int], note: str = "", by: Any) -> ClusterJudgement:
    """A coordinator says that `part` is another need than `rest`; every later clustering
    keeps the two apart (a confirmation that joined them no longer binds them)."""
    require_coordinator(by)
    part, rest = _indexed(part), _indexed(rest)
    if not part or not rest or set(part) & set(rest):
        raise DomainError(gettext_lazy("Kies de noden die niet bij de rest van de cluster horen."))
    with transaction.atomic():
        judgement = ClusterJudgement.objects.create(
            kind=ClusterJudgement.Kind.SPLIT, groups=[part, rest], note=note, by=by
        )
        # Earlier confirmations that put both sides together give way to the split.
        for earlier in ClusterJudgement.objects.filter(kind=ClusterJudgement.Kind.CONFIRM):
            ids = earlier.need_ids
            if ids & set(part) and ids & set(rest):
                earlier.groups = [
                    sorted(ids - set(part)),
                    sorted(ids & set(part)),
                ]
                earlier.groups = [g for g in earlier.groups if len(g) > 1]
                earlier.save(update_fields=["groups"])
        log_action(
            actor=by,
            action="cluster.split",
            target=judgement,
            changes={"apart": [None, [part, rest]]},
        )
        index.recluster_around(part + rest)
    return judgement
