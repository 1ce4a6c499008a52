"""What a municipality — or a whole province, or Brussels — does in Proeftuin: the public
page of each municipality and province (knowledge) and the municipality's one-page summary
(PDF, this app) read the same facts from here.

Only what is public is named: published challenges, published projects, public services,
organisations (never a person). What is not public is only counted: the needs submitted
and all projects. An organisation that names several municipalities (an intergemeentelijke
samenwerking) counts for each of them, and once in a province's totals.

Each fact is read as (object, municipality) pairs in one query, so a province's totals and
its table per municipality come from the same rows; the named lists are capped. A summary
runs the same queries whatever the size of the data.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from proeftuin.calls.models import CoSubmitter, Need, NeedSimilarity, Support
from proeftuin.core.models import Theme
from proeftuin.organisations.models import Municipality, Organisation
from proeftuin.projects.models import Project, TestSite
from proeftuin.scaling.models import Adoption, Service

# Named items per list on the page; the rest is counted ("and 12 more").
LIST_LIMIT = 25
# Similar challenges from elsewhere proposed as what to take up next.
SIMILAR_LIMIT = 5
# Similarities read before keeping the best per challenge (each seed brings its own).
# The newest own and supported challenges that seed the proposals: a province's thousands
# would make nearly every challenge "similar" (and overflow a query's parameters).
SEED_LIMIT = 100
SIMILARITY_CANDIDATES = 60

Pair = tuple[int, int]


@dataclass(frozen=True)
class Place:
    """A municipality, or a province (Brussels as its own entry): the municipalities whose
    facts a summary sums."""

    name: str
    province: str
    municipality: Municipality | None = None

    @property
    def is_municipality(self) -> bool:
        return self.municipality is not None

    @property
    def is_brussels(self) -> bool:
        return self.province == BRUSSELS

    @property
    def label(self) -> str:
        """ "Herentals", "Provincie Antwerpen", "Brussels Hoofdstedelijk Gewest"."""
        if self.municipality is not None:
            return self.name
        if self.is_brussels:
            return gettext("Brussels Hoofdstedelijk Gewest")
        return gettext("Provincie %(name)s") % {"name": self.name}

    @property
    def province_label(self) -> str:
        return Place(name=self.province, province=self.province).label

    @property
    def province_slug(self) -> str:
        return slugify(self.province)

    def municipalities(self) -> QuerySet[Municipality]:
        if self.municipality is not None:
            return Municipality.objects.filter(pk=self.municipality.pk)
        return Municipality.objects.filter(province=self.province)


# The province the municipalities data gives the 19 Brussels municipalities (data/README.md).
BRUSSELS = "Brussel"


def municipality_place(municipality: Municipality) -> Place:
    return Place(name=municipality.name, province=municipality.province, municipality=municipality)


def provinces() -> list[Place]:
    """The five Flemish provinces by name, then Brussels."""
    names = Municipality.objects.values_list("province", flat=True).distinct().order_by("province")
    return sorted(
        (Place(name=name, province=name) for name in names),
        key=lambda place: (place.is_brussels, place.name),
    )


def province_place(slug: str) -> Place | None:
    return next((place for place in provinces() if place.province_slug == slug), None)


@dataclass(frozen=True)
class Listed[T]:
    """The first items of a list, and how many there are in all."""

    items: Sequence[T]
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)

    def head(self, count: int) -> "Listed[T]":
        return Listed(self.items[:count], self.total)


@dataclass(frozen=True)
class ServiceUse:
    """A public service and how far the place's municipalities took it up: for one
    municipality its state, for a province the number of municipalities in each state."""

    service: Service
    active: int
    requested: int
    interested: int
    # The state of the one municipality's adoption ("" when it has none, or for a province).
    state: str = ""

    @property
    def state_label(self) -> str:
        return str(Adoption.State(self.state).label) if self.state else ""


@dataclass(frozen=True)
class MunicipalityRow:
    """A province's table: one municipality's figures."""

    municipality: Municipality
    organisations: int
    needs: int
    challenges: int
    supported: int
    projects: int
    services: int


@dataclass(frozen=True)
class Summary:
    place: Place
    municipality_count: int
    organisations: Listed[Organisation]
    # Needs submitted (and not withdrawn), published or not: only a number.
    needs_submitted: int
    # The needs published as challenges, by name.
    challenges: Listed[Need]
    # Published challenges of elsewhere that its organisations support.
    supported: Listed[Need]
    # Published projects that test here (`tests_here`) or grew from a need of here.
    projects: Listed[Project]
    # Every project, published or not: only a number.
    projects_total: int
    services_used: list[ServiceUse]
    # Interest shown or a request made, not (yet) active.
    services_pending: list[ServiceUse]
    # Available services not every municipality of the place uses yet.
    services_next: list[ServiceUse]
    similar: list[Need]
    generated_on: date
    # A province only: its municipalities' figures.
    rows: list[MunicipalityRow] = field(default_factory=list)

    def brief(self, count: int) -> "Summary":
        """The same facts with at most `count` items named per list (the one-page PDF)."""
        return replace(
            self,
            organisations=self.organisations.head(count),
            challenges=self.challenges.head(count),
            supported=self.supported.head(count),
            projects=self.projects.head(count),
        )

    @property
    def takes_part(self) -> bool:
        return bool(
            self.organisations.total
            or self.needs_submitted
            or self.supported.total
            or self.projects_total
            or self.services_used
            or self.services_pending
        )


def _ids(pairs: Iterable[Pair]) -> set[int]:
    return {pk for pk, _municipality in pairs}


def _per_municipality(pairs: Iterable[Pair]) -> Counter[int]:
    return Counter(municipality for _pk, municipality in set(pairs))


def _challenges_first(needs: QuerySet[Need]) -> QuerySet[Need]:
    return (
        needs.select_related("organisation")
        .prefetch_related("organisation__municipalities")
        .order_by("-published_at", "-pk")
    )


def summary(place: Place) -> Summary:
    """Everything the page and the PDF show of a place, in a fixed number of queries."""
    here = place.municipalities()
    municipalities = list(here.order_by("name"))

    organisation_pairs = set(
        Organisation.municipalities.through.objects.filter(municipality__in=here).values_list(
            "organisation_id", "municipality_id"
        )
    )
    organisations = list(
        Organisation.objects.filter(municipalities__in=here)
        .distinct()
        .prefetch_related("municipalities")
        .order_by("name")[:LIST_LIMIT]
    )

    # A need counts for the municipalities of its organisation and of its confirmed
    # co-submitters. Drafts and withdrawn needs were never (or no longer) submitted.
    # (Exists rather than `__in` a subquery: SQLite runs it several times faster.)
    submitted = Need.objects.exclude(status__in=[Need.Status.DRAFT, Need.Status.WITHDRAWN])
    challenges_query = Need.objects.challenges()
    need_rows = set(
        submitted.filter(organisation__municipalities__in=here)
        .annotate(public=Exists(challenges_query.filter(pk=OuterRef("pk"))))
        .values_list("pk", "organisation__municipalities", "public", "published_at")
    ) | set(
        CoSubmitter.objects.filter(
            Exists(submitted.filter(pk=OuterRef("need_id"))),
            confirmed_at__isnull=False,
            organisation__municipalities__in=here,
        )
        .annotate(public=Exists(challenges_query.filter(pk=OuterRef("need_id"))))
        .values_list("need_id", "organisation__municipalities", "public", "need__published_at")
    )
    need_pairs = {(pk, m) for pk, m, _public, _at in need_rows}
    challenge_pairs = {(pk, m) for pk, m, public, _at in need_rows if public}
    # A challenge always has its publication date; the check only tells the type checker.
    challenge_dates = {pk: at for pk, _m, public, at in need_rows if public and at is not None}

    support_rows = set(
        Support.objects.active()
        .filter(
            Exists(challenges_query.filter(pk=OuterRef("need_id"))),
            organisation__municipalities__in=here,
        )
        .values_list("need_id", "organisation__municipalities", "need__published_at")
    )
    support_pairs = {(pk, m) for pk, m, _at in support_rows}
    supported_dates = {pk: at for pk, _m, at in support_rows if at is not None}

    # A project belongs here through a test site or through the need it came from.
    published = Project.objects.published()
    project_rows = set(
        TestSite.objects.filter(municipality__in=here)
        .annotate(public=Exists(published.filter(pk=OuterRef("project_id"))))
        .values_list("project_id", "municipality_id", "public")
    ) | set(
        Project.objects.filter(need__organisation__municipalities__in=here)
        .annotate(public=Exists(published.filter(pk=OuterRef("pk"))))
        .values_list("pk", "need__organisation__municipalities", "public")
    )
    project_pairs = {(pk, m) for pk, m, _public in project_rows}
    published_pairs = {(pk, m) for pk, m, public in project_rows if public}
    projects = list(
        published.filter(
            Q(test_sites__municipality__in=here) | Q(need__organisation__municipalities__in=here)
        )
        .distinct()
        .annotate(
            tests_here=Exists(
                TestSite.objects.filter(project=OuterRef("pk"), municipality__in=here)
            )
        )
        .order_by("-published_at", "-pk")[:LIST_LIMIT]
    )

    adoptions = list(
        Adoption.objects.filter(municipality__in=here, service__in=Service.objects.public())
        .exclude(state=Adoption.State.ENDED)
        .values_list("service_id", "municipality_id", "state")
    )
    uses = _service_uses(place, len(municipalities), adoptions)

    challenges, supported = _newest_challenges(challenge_dates, supported_dates)
    seeds = set(newest(challenge_dates | supported_dates, SEED_LIMIT))
    rows = (
        []
        if place.is_municipality
        else _rows(
            municipalities,
            organisation_pairs,
            need_pairs,
            challenge_pairs,
            support_pairs,
            published_pairs,
            adoptions,
        )
    )
    return Summary(
        place=place,
        municipality_count=len(municipalities),
        organisations=Listed(organisations, len(_ids(organisation_pairs))),
        needs_submitted=len(_ids(need_pairs)),
        challenges=Listed(challenges, len(_ids(challenge_pairs))),
        supported=Listed(supported, len(_ids(support_pairs))),
        projects=Listed(projects, len(_ids(published_pairs))),
        projects_total=len(_ids(project_pairs)),
        services_used=[use for use in uses if use.active],
        services_pending=[
            use for use in uses if not use.active and (use.requested or use.interested)
        ],
        services_next=[
            use
            for use in uses
            if use.service.state == Service.State.AVAILABLE and use.active < len(municipalities)
        ],
        similar=similar_challenges(here, seeds),
        generated_on=timezone.localdate(),
        rows=rows,
    )


def newest(dates: dict[int, datetime], count: int) -> list[int]:
    """The ids of the `count` newest, by date, then id."""
    return sorted(dates, key=lambda pk: (dates[pk], pk), reverse=True)[:count]


def _newest_challenges(
    own: dict[int, datetime], supported: dict[int, datetime]
) -> tuple[list[Need], list[Need]]:
    """The newest of the place's own challenges and of those it supports, in one query."""
    own_ids, supported_ids = newest(own, LIST_LIMIT), newest(supported, LIST_LIMIT)
    found = _challenges_first(Need.objects.filter(pk__in={*own_ids, *supported_ids})).in_bulk()
    return [found[pk] for pk in own_ids if pk in found], [
        found[pk] for pk in supported_ids if pk in found
    ]


def _service_uses(
    place: Place, size: int, adoptions: list[tuple[int, int, str]]
) -> list[ServiceUse]:
    counts: Counter[tuple[int, str]] = Counter(
        (service, state) for service, _municipality, state in adoptions
    )
    own_state = {service: state for service, _municipality, state in adoptions}
    State = Adoption.State
    return [
        ServiceUse(
            service=service,
            active=counts[service.pk, State.ACTIVE],
            requested=counts[service.pk, State.REQUESTED],
            interested=counts[service.pk, State.INTERESTED],
            state=own_state.get(service.pk, "") if place.is_municipality else "",
        )
        for service in Service.objects.public().order_by("name")
    ]


def _rows(
    municipalities: list[Municipality],
    organisation_pairs: set[Pair],
    need_pairs: set[Pair],
    challenge_pairs: set[Pair],
    support_pairs: set[Pair],
    project_pairs: set[Pair],
    adoptions: list[tuple[int, int, str]],
) -> list[MunicipalityRow]:
    organisations = _per_municipality(organisation_pairs)
    needs = _per_municipality(need_pairs)
    challenges = _per_municipality(challenge_pairs)
    supported = _per_municipality(support_pairs)
    projects = _per_municipality(project_pairs)
    services = _per_municipality(
        (service, municipality)
        for service, municipality, state in adoptions
        if state == Adoption.State.ACTIVE
    )
    return [
        MunicipalityRow(
            municipality=m,
            organisations=organisations[m.pk],
            needs=needs[m.pk],
            challenges=challenges[m.pk],
            supported=supported[m.pk],
            projects=projects[m.pk],
            services=services[m.pk],
        )
        for m in municipalities
    ]


def similar_challenges(here: QuerySet[Municipality], seeds: set[int]) -> list[Need]:
    """Published challenges from elsewhere like the place's own published challenges and the
    ones it supports: first by the shared-need matcher's similarity (the most similar to any
    seed first), then, to fill up, those sharing a theme (the newest first). Only published
    challenges seed the search, so the proposals reveal nothing of an unpublished need."""
    elsewhere = (
        Need.objects.challenges()
        .exclude(pk__in=seeds)
        .exclude(organisation__municipalities__in=here)
    )
    best: dict[int, float] = {}
    for other, score in (
        NeedSimilarity.objects.filter(need__in=seeds, other__in=elsewhere)
        .order_by("-score")
        .values_list("other_id", "score")[:SIMILARITY_CANDIDATES]
    ):
        best.setdefault(other, score)
    ranked = sorted(best, key=lambda pk: -best[pk])[:SIMILAR_LIMIT]
    by_theme = (
        elsewhere.filter(themes__in=Theme.objects.filter(need__in=seeds))
        .exclude(pk__in=ranked)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("-published_at", "-pk")
    )
    ranked += list(by_theme[: SIMILAR_LIMIT - len(ranked)])
    found = _challenges_first(Need.objects.filter(pk__in=ranked)).in_bulk()
    return [found[pk] for pk in ranked if pk in found]
