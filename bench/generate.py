"""Fill a database with Proeftuin data at the programme's full size, and time every stage.

    .venv/bin/python bench/generate.py            # or: make bench
    SCALE=0.05 .venv/bin/python bench/generate.py  # a quick run at 5 %

Without DATABASE_URL in the environment it writes a fresh SQLite file,
bench/out/bench.sqlite3 (a DATABASE_URL in .env is ignored on purpose, so `make bench` never
writes into your working database). With DATABASE_URL set it writes there: it first removes
what an earlier run generated, and refuses to touch a database that holds anything else
unless --force is given (even then it only removes generated rows).

Generated rows are recognisable: people have an address @bench.proeftuin.invalid,
organisations a slug starting with "bench-". Everyone's password is BENCH_PASSWORD.

Every later issue adds its stages to STAGES (a function that bulk-creates rows and returns
how many, and a function that removes them again), so the bench keeps covering the whole
platform. Timings are printed and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_DB = OUT / "bench.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"

BENCH_DOMAIN = "bench.proeftuin.invalid"
BENCH_SLUG_PREFIX = "bench-"
BENCH_PASSWORD = "proeftuin-bench"  # noqa: S105 - generated test data only
BATCH = 2000

# Full size (SCALE=1): the programme after a few years, every municipality taking part.
FULL_ORGANISATIONS = 3000
FULL_PEOPLE = 20000
COORDINATORS = 8  # programme staff does not grow with the sector

if "DATABASE_URL" in os.environ:
    EXPLICIT_DATABASE = True
else:
    EXPLICIT_DATABASE = False
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402 - the environment above must be set before Django loads

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from proeftuin.accounts.models import User  # noqa: E402
from proeftuin.calls.models import (  # noqa: E402
    Call,
    Criterion,
    MatchDocument,
    MatchPosting,
    Need,
    NeedCluster,
    NeedSimilarity,
    Support,
    ThesaurusConcept,
)
from proeftuin.canvases.compute import MINUTES_PER_UNIT, WASTES  # noqa: E402
from proeftuin.canvases.models import (  # noqa: E402
    CanvasItem,
    Snapshot,
    ValueProposition,
    ValueStream,
)
from proeftuin.canvases.models import Step as StreamStep  # noqa: E402
from proeftuin.core.models import ActivityLog, Theme  # noqa: E402
from proeftuin.knowledge.models import Article  # noqa: E402
from proeftuin.organisations.management.commands.load_municipalities import (  # noqa: E402
    load_municipalities,
)
from proeftuin.organisations.models import Membership, Municipality, Organisation  # noqa: E402
from proeftuin.participation.metrics import Measure, measure  # noqa: E402
from proeftuin.participation.models import (  # noqa: E402
    Answer,
    MetricBinding,
    ParticipationForm,
    Question,
    Response,
)
from proeftuin.projects.models import (  # noqa: E402
    BudgetWarning,
    Comment,
    Experiment,
    ExpertProfile,
    GateDecision,
    Hypothesis,
    Learning,
    Method,
    PhaseBudget,
    Project,
    Spending,
    TestSite,
)
from proeftuin.projects.models import Membership as ProjectMembership  # noqa: E402
from proeftuin.projects.outcomes import (  # noqa: E402
    Evidence,
    experiment_result,
    hypothesis_verdict,
)
from proeftuin.reviews.models import Decision, Review, ReviewerRole, Score  # noqa: E402
from proeftuin.scaling.models import (  # noqa: E402
    Adoption,
    AdoptionEvent,
    Feedback,
    Release,
    Service,
    ServiceRequest,
    ServiceSurvey,
)

# With DEBUG on (as in a development .env) the ORM keeps the SQL of every query, which
# costs time and memory on bulk inserts of thousands of rows.
settings.DEBUG = False

Kind = Organisation.Kind
NeedStatus = Need.Status
TeamRole = ProjectMembership.Role
Status = Membership.Status
Role = Membership.Role

FIRST_NAMES = [
    "An", "Annelies", "Anaïs", "Bart", "Bram", "Charlotte", "Chloë", "Dirk", "Eline", "Elke",
    "Emma", "Evi", "Frederik", "Geert", "Hanne", "Hilde", "Ine", "Inge", "Jan", "Jana", "Jef",
    "Joke", "Joris", "Karen", "Katrien", "Koen", "Lien", "Lieve", "Lotte", "Louise", "Luc",
    "Marie", "Marijke", "Mathias", "Nele", "Noël", "Pieter", "Renée", "Ruben", "Sander",
    "Sara", "Sofie", "Stijn", "Tine", "Tom", "Veerle", "Wim", "Wout", "Zoë",
]  # fmt: skip
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Vermeulen", "Van den Broeck", "De Vos", "Hermans", "Pauwels",
    "Aerts", "Michiels", "Verhoeven", "Lambrechts", "Van Damme", "Smets", "Martens",
    "De Clercq", "Bogaert", "Cools", "Vandenberghe", "Verstraete", "Van Dyck", "Stevens",
    "Segers", "Dewitte", "Coppens", "Van de Velde", "Wuyts", "Mahieu", "Hendrickx",
    "Verbruggen", "Thys", "Claeys", "Dierckx", "Geerts", "Baert", "Van Hoof", "Moens",
    "Lemmens", "Vervoort", "Verlinden", "Van Looy", "Nys", "Daems", "Engelen", "D'hondt",
    "Vanhoutte", "Schepens", "Van Acker", "De Backer", "Çelik", "El Amrani", "Nowak",
]  # fmt: skip

# How often each kind occurs, and its usual names (alternatives when the first is taken).
KIND_WEIGHTS = {
    Kind.LIBRARY: 17,
    Kind.CULTURAL_CENTRE: 13,
    Kind.MUNICIPALITY: 12,
    Kind.ACADEMY: 11,
    Kind.YOUTH_SERVICE: 11,
    Kind.MUSEUM: 9,
    Kind.HERITAGE_CELL: 7,
    Kind.INTERMUNICIPAL: 5,
    Kind.OTHER: 15,
}
NAMES = {
    Kind.LIBRARY: ["Bibliotheek {m}", "Openbare Bibliotheek {m}", "Bib {m}"],
    Kind.CULTURAL_CENTRE: ["Cultuurcentrum {m}", "CC {m}", "Cultuurhuis {m}"],
    Kind.MUNICIPALITY: ["Gemeentebestuur {m}", "Dienst Cultuur {m}", "Vrijetijdsdienst {m}"],
    Kind.ACADEMY: [
        "Academie {m}",
        "Academie voor Muziek, Woord en Dans {m}",
        "Academie voor Beeldende Kunsten {m}",
    ],
    Kind.YOUTH_SERVICE: ["Jeugddienst {m}", "Jeugdhuis {m}", "Speelpleinwerking {m}"],
    Kind.MUSEUM: ["Stedelijk Museum {m}", "Museum {m}", "Erfgoedhuis {m}"],
    Kind.HERITAGE_CELL: ["Erfgoedcel {m}", "Erfgoeddienst {m}", "Stadsarchief {m}"],
    Kind.OTHER: [
        "Kunstencentrum {m}",
        "Muziekcentrum {m}",
        "Cultuurraad {m}",
        "Filmhuis {m}",
        "Vrijwilligerscentrale {m}",
    ],
}
# The Dutch-speaking culture organisations of the Brussels municipalities (VGC).
BRUSSELS_NAMES = {
    Kind.LIBRARY: ["Nederlandstalige Bibliotheek {m}", "Bibliotheek {m}"],
    Kind.CULTURAL_CENTRE: ["Gemeenschapscentrum {m}", "GC {m}"],
    Kind.MUNICIPALITY: ["Dienst Nederlandstalige Cultuur {m}"],
}
INTERMUNICIPAL_NAMES = [
    "Cultuurregio {a}-{b}",
    "Erfgoedcel {a} en omstreken",
    "Bibliotheeknetwerk regio {a}",
    "Intergemeentelijke samenwerking {a}-{b}",
    "Projectvereniging {a}-{b}",
]


@dataclass
class Context:
    """What one run generates, shared by the stages that build on each other."""

    scale: float
    rng: random.Random
    now: datetime
    municipalities: list[Municipality] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    organisation_municipalities: dict[int, list[Municipality]] = field(default_factory=dict)
    people: list[User] = field(default_factory=list)
    coordinators: list[User] = field(default_factory=list)
    password_hash: str = ""
    memberships: list[Membership] = field(default_factory=list)
    # organisation pk -> the user pk of its founding admin
    founders: dict[int, int] = field(default_factory=dict)
    # When a membership left (it keeps only its last decision date), for the activity log.
    approved_at: dict[int, datetime] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    # (pk, organisation pk) of the published challenges, which the sector can support
    needs: list[tuple[int, int]] = field(default_factory=list)
    need_count: int = 0
    review_bases: list[int] = field(default_factory=list)
    score_count: int = 0
    # The projects that stop (chosen once, so every lean stage agrees)
    stopped_projects: set[int] = field(default_factory=set)

    def count(self, full: int) -> int:
        return max(1, round(full * self.scale))

    def moment_between(self, start: datetime, end: datetime, share: float = 1.0) -> datetime:
        """A random moment in the first `share` of [start, end]."""
        if end <= start:
            return start
        return start + (end - start) * (self.rng.random() * share)


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Context], int]
    clear: Callable[[], int] | None = None


def bulk_create[M: Model](model: type[M], objects: Sequence[M]) -> list[M]:
    """Insert in batches; the primary keys come back (SQLite >= 3.35 and PostgreSQL)."""
    created = model._default_manager.bulk_create(objects, batch_size=BATCH)
    assert not created or created[0].pk is not None, "bulk_create returned no keys"
    return created


def ascii_part(text: str) -> str:
    """'Zoë D'hondt' -> 'zoe.dhondt' for an e-mail address."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join("".join(c for c in word if c.isalnum()) for word in plain.lower().split())


# --- stages -----------------------------------------------------------------------------


def make_municipalities(ctx: Context) -> int:
    load_municipalities()
    ctx.municipalities = list(Municipality.objects.order_by("nis_code"))
    return len(ctx.municipalities)


def make_organisations(ctx: Context) -> int:
    rng = ctx.rng
    # Larger municipalities (more postal codes, i.e. more former municipalities) have more
    # organisations; the weight is a rough proxy for size.
    weights = [1 + len(m.postal_codes.split()) for m in ctx.municipalities]
    by_district: dict[str, list[Municipality]] = defaultdict(list)
    for municipality in ctx.municipalities:
        by_district[municipality.nis_code[:2]].append(municipality)
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    used_names: set[str] = set()
    used_slugs: set[str] = set()
    organisations = []
    for _ in range(ctx.count(FULL_ORGANISATIONS)):
        kind = rng.choices(kinds, kind_weights)[0]
        anchor = rng.choices(ctx.municipalities, weights)[0]
        if kind == Kind.INTERMUNICIPAL:
            # Neighbours: municipalities of the same arrondissement (first two NIS digits).
            district = by_district[anchor.nis_code[:2]]
            size = min(rng.randint(2, 5), len(district))
            members = [anchor, *rng.sample([m for m in district if m != anchor], size - 1)]
            templates = rng.sample(INTERMUNICIPAL_NAMES, len(INTERMUNICIPAL_NAMES))
            options = [t.format(a=members[0].name, b=members[-1].name) for t in templates]
        else:
            members = [anchor]
            templates = NAMES[kind]
            if anchor.region == Municipality.Region.BRUSSELS:
                templates = BRUSSELS_NAMES.get(kind, templates)
            options = [t.format(m=anchor.name) for t in templates]
            # When the usual names are taken (a second library), it is a branch in one of
            # the former municipalities, named after its postal code.
            options += [
                f"{options[0]} - filiaal {code}" for code in anchor.postal_codes.split()[1:]
            ]
        name = next((n for n in options if n not in used_names), None)
        if name is None:
            name = f"{options[0]} {sum(n.startswith(options[0]) for n in used_names) + 1}"
        used_names.add(name)
        slug = f"{BENCH_SLUG_PREFIX}{slugify(name)}"[:200]
        base, n = slug, 1
        while slug in used_slugs:
            n += 1
            slug = f"{base}-{n}"
        used_slugs.add(slug)
        organisations.append(
            Organisation(
                name=name,
                slug=slug,
                kind=kind,
                email=f"info.{slug.removeprefix(BENCH_SLUG_PREFIX)[:60]}@{BENCH_DOMAIN}",
                website=f"https://{slug}.example.be" if rng.random() < 0.5 else "",
                created_at=ctx.now - timedelta(days=rng.uniform(400, 900)),
            )
        )
        ctx.organisation_municipalities[len(organisations) - 1] = members
    ctx.organisations = bulk_create(Organisation, organisations)
    # Re-key the municipalities by primary key now that the rows have one.
    ctx.organisation_municipalities = {
        ctx.organisations[i].pk: members for i, members in ctx.organisation_municipalities.items()
    }
    return len(ctx.organisations)


def make_organisation_municipalities(ctx: Context) -> int:
    through = Organisation.municipalities.through
    links = [
        through(organisation_id=organisation_id, municipality_id=municipality.pk)
        for organisation_id, members in ctx.organisation_municipalities.items()
        for municipality in members
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return len(links)


def make_password_hash(ctx: Context) -> int:
    # Hashing is deliberately slow (hundreds of milliseconds); one hash serves everyone.
    ctx.password_hash = make_password(BENCH_PASSWORD)
    return 0


def make_people(ctx: Context) -> int:
    rng = ctx.rng
    people = []
    for i in range(ctx.count(FULL_PEOPLE)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        coordinator = i < COORDINATORS
        people.append(
            User(
                email=f"{ascii_part(first)}.{ascii_part(last)}.{i + 1}@{BENCH_DOMAIN}",
                name=f"{first} {last}",
                password=ctx.password_hash,
                language="en" if rng.random() < 0.08 else settings.LANGUAGE_CODE,
                is_coordinator=coordinator,
                date_joined=ctx.now - timedelta(days=rng.uniform(0, 730)),
            )
        )
    ctx.people = bulk_create(User, people)
    ctx.coordinators = [person for person in ctx.people if person.is_coordinator]
    return len(ctx.people)


def make_email_addresses(ctx: Context) -> int:
    # Verified, as after sign-up: allauth lets only verified addresses sign in.
    addresses = [
        EmailAddress(user_id=person.pk, email=person.email, verified=True, primary=True)
        for person in ctx.people
    ]
    bulk_create(EmailAddress, addresses)
    return len(addresses)


def make_memberships(ctx: Context) -> int:
    """Every organisation gets a founding admin (approved by a coordinator); most other people
    are in one or two organisations, often both in their own municipality; some experts are
    in none. The others' requests are decided by the founding admin: most approved, some
    still pending, declined, or since left."""
    rng = ctx.rng
    pool = [p for p in ctx.people if not p.is_coordinator]
    experts = set(rng.sample(range(len(pool)), k=len(pool) * 7 // 100))
    members = [person for i, person in enumerate(pool) if i not in experts]
    by_municipality: dict[int, list[Organisation]] = defaultdict(list)
    for organisation in ctx.organisations:
        for municipality in ctx.organisation_municipalities[organisation.pk]:
            by_municipality[municipality.pk].append(organisation)
    founder: dict[int, Membership] = {}
    memberships: list[Membership] = []
    taken: set[tuple[int, int]] = set()

    def join(person: User, organisation: Organisation) -> None:
        if (person.pk, organisation.pk) in taken:
            return
        taken.add((person.pk, organisation.pk))
        first = founder.get(organisation.pk)
        if first is None:  # the founding admin, approved by a coordinator
            requested = ctx.moment_between(
                max(person.date_joined, organisation.created_at), ctx.now, 0.2
            )
            decided: datetime | None = requested + timedelta(hours=rng.uniform(1, 72))
            membership = Membership(
                user_id=person.pk,
                organisation_id=organisation.pk,
                role=Role.ADMIN,
                status=Status.ACTIVE,
                requested_at=requested,
                decided_at=decided,
                decided_by_id=rng.choice(ctx.coordinators).pk,
            )
            founder[organisation.pk] = membership
            memberships.append(membership)
            return
        assert first.decided_at is not None
        requested = ctx.moment_between(max(person.date_joined, first.decided_at), ctx.now, 0.9)
        status = rng.choices(
            [Status.ACTIVE, Status.PENDING, Status.DECLINED, Status.LEFT], [85, 7, 3, 5]
        )[0]
        decided = None
        if status != Status.PENDING:
            decided = min(requested + timedelta(hours=rng.uniform(1, 120)), ctx.now)
        role = Role.ADMIN if status == Status.ACTIVE and rng.random() < 0.08 else Role.MEMBER
        membership = Membership(
            user_id=person.pk,
            organisation_id=organisation.pk,
            role=role,
            status=status,
            motivation=rng.choice(["", "", "Ik werk hier als cultuurbeleidscoördinator."]),
            requested_at=requested,
            decided_at=decided,
            decided_by_id=first.user_id if decided else None,
        )
        if status == Status.LEFT and decided is not None:
            membership.decided_at = ctx.moment_between(decided, ctx.now)
            ctx.approved_at[id(membership)] = decided
        memberships.append(membership)

    for i, person in enumerate(members):
        # The first people found the organisations, so every organisation has an admin
        # (whoever joins an organisation first becomes its founding admin).
        founding = i < len(ctx.organisations)
        first_organisation = ctx.organisations[i] if founding else rng.choice(ctx.organisations)
        join(person, first_organisation)
        extra = rng.choices([0, 1, 2], [65, 30, 5])[0]
        for _ in range(extra):
            home = ctx.organisation_municipalities[first_organisation.pk][0]
            nearby = by_municipality[home.pk]
            if rng.random() < 0.7 and len(nearby) > 1:
                join(person, rng.choice(nearby))
            else:
                join(person, rng.choice(ctx.organisations))
    approved_at = {
        i: ctx.approved_at[id(m)] for i, m in enumerate(memberships) if id(m) in ctx.approved_at
    }
    ctx.memberships = bulk_create(Membership, memberships)
    ctx.approved_at = {ctx.memberships[i].pk: moment for i, moment in approved_at.items()}
    ctx.founders = {pk: m.user_id for pk, m in founder.items()}
    return len(ctx.memberships)


def make_activity_log(ctx: Context) -> int:
    """The rows the organisations' services write: organisation.created, and per membership
    membership.requested, then .approved / .declined, then .left."""
    rng = ctx.rng
    membership_type = ContentType.objects.get_for_model(Membership)
    organisation_type = ContentType.objects.get_for_model(Organisation)
    names = {person.pk: person.name for person in ctx.people}
    rows = [
        ActivityLog(
            actor_id=rng.choice(ctx.coordinators).pk,
            action="organisation.created",
            content_type=organisation_type,
            object_id=str(organisation.pk),
            changes={"name": [None, organisation.name], "kind": [None, organisation.kind]},
            created_at=organisation.created_at,
        )
        for organisation in ctx.organisations
    ]

    def log(m: Membership, actor: int | None, action: str, at: datetime, **changes: Any) -> None:
        rows.append(
            ActivityLog(
                actor_id=actor,
                action=action,
                content_type=membership_type,
                object_id=str(m.pk),
                changes=changes,
                created_at=at,
            )
        )

    for m in ctx.memberships:
        log(m, m.user_id, "membership.requested", m.requested_at, status=[None, Status.PENDING])
        if m.status == Status.PENDING or m.decided_at is None:
            continue
        if m.status == Status.DECLINED:
            changes = {"status": [Status.PENDING, Status.DECLINED], "role": [Role.MEMBER] * 2}
            log(m, m.decided_by_id, "membership.declined", m.decided_at, **changes)
            continue
        approved = ctx.approved_at.get(m.pk, m.decided_at)
        role = Role.MEMBER if m.status == Status.LEFT else m.role
        changes = {"status": [Status.PENDING, Status.ACTIVE], "role": [Role.MEMBER, role]}
        log(m, m.decided_by_id, "membership.approved", approved, **changes)
        if m.status == Status.LEFT:
            changes = {
                "status": [Status.ACTIVE, Status.LEFT],
                "role": [Role.MEMBER, Role.MEMBER],
                "successor": [None, names[ctx.founders[m.organisation_id]]],
            }
            log(m, m.decided_by_id, "membership.left", m.decided_at, **changes)
    ActivityLog.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def analyze(ctx: Context) -> int:
    """Fresh planner statistics, as a database that grew over years would have."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return 0


# --- removing what an earlier run generated ---------------------------------------------


def bench_people() -> Any:
    return User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")


def bench_organisations() -> Any:
    return Organisation.objects.filter(slug__startswith=BENCH_SLUG_PREFIX)


def clear_activity_log() -> int:
    # Every generated row has a generated actor (a member or a coordinator).
    return ActivityLog.objects.filter(actor__in=bench_people()).delete()[0]


def clear_memberships() -> int:
    return Membership.objects.filter(user__in=bench_people()).delete()[0]


def clear_email_addresses() -> int:
    return EmailAddress.objects.filter(user__in=bench_people()).delete()[0]


def clear_people() -> int:
    return bench_people().delete()[0]


def clear_organisation_municipalities() -> int:
    through = Organisation.municipalities.through
    return through.objects.filter(organisation__in=bench_organisations()).delete()[0]


def clear_organisations() -> int:
    return bench_organisations().delete()[0]


# --- calls, needs and sector support (issue 3) -------------------------------------------

FULL_CALLS = 40
FULL_NEEDS = 100_000
FULL_SUPPORTS = 300_000
CALL_SEASONS = ["voorjaar", "najaar"]
NEED_STATUS_WEIGHTS = {
    NeedStatus.SUBMITTED: 20,
    NeedStatus.RETAINED: 25,
    NeedStatus.DECLINED: 25,
    NeedStatus.BACKLOG: 10,
    NeedStatus.MERGED: 5,
    NeedStatus.SELECTED: 5,
    NeedStatus.WITHDRAWN: 3,
    NeedStatus.DRAFT: 7,
}
OPENINGS = [
    "In onze {kind} lopen we vast op het volgende.",
    "Bij ons in {place} merken we al jaren hetzelfde probleem.",
    "Onze medewerkers en vrijwilligers verliezen veel tijd hieraan.",
    "Inwoners van {place} vragen er steeds vaker naar.",
]


def _demo_texts() -> list[dict[str, str]]:
    import json

    lines = (ROOT / "data" / "demo-needs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def make_calls(ctx: Context) -> int:
    """Two calls a year going back in time, the newest still open, one of them rolling."""
    calls = []
    count = ctx.count(FULL_CALLS)
    for i in range(count):
        year = ctx.now.year - i // 2
        season = CALL_SEASONS[i % 2]
        opens = datetime(year, 3 if season == "voorjaar" else 9, 1, 9, tzinfo=ctx.now.tzinfo)
        if opens > ctx.now:
            opens -= timedelta(days=365)
        closes = opens + timedelta(days=75)
        current = closes > ctx.now
        calls.append(
            Call(
                title=f"Proeftuin {season} {opens.year} ({i + 1})",
                slug=f"{BENCH_SLUG_PREFIX}oproep-{i + 1}",
                introduction="Dien je **digitale noden** in: problemen en kansen, geen oplossingen.",
                opens_at=opens,
                closes_at=closes,
                max_projects=ctx.rng.choice([2, 3, 4, 5]),
                allowed_attachments=["pdf", "image", "office"],
                published_at=opens - timedelta(days=14),
                decided_at=None if current else closes + timedelta(days=45),
                created_by_id=ctx.coordinators[0].pk,
                created_at=opens - timedelta(days=30),
            )
        )
    ctx.calls = bulk_create(Call, calls)
    criteria = [
        Criterion(call_id=call.pk, name=name, weight=weight, position=n)
        for call in ctx.calls
        for n, (name, weight) in enumerate(
            [("Relevantie voor de burger", 3), ("Gedeelde nood", 2), ("Haalbaarheid", 2)]
        )
    ]
    bulk_create(Criterion, criteria)
    return len(ctx.calls)


def make_needs(ctx: Context) -> int:
    """Needs in realistic Dutch: the demo needs' sentences recombined per municipality, so
    search and shared-need matching have real text to work on."""
    rng = ctx.rng
    texts = _demo_texts()
    sentences = [s.strip() + "." for row in texts for s in row["text"].split(".") if s.strip()]
    members: dict[int, list[int]] = defaultdict(list)
    for m in ctx.memberships:
        if m.status == Status.ACTIVE:
            members[m.organisation_id].append(m.user_id)
    organisations = [o for o in ctx.organisations if members[o.pk]]
    statuses, weights = zip(*NEED_STATUS_WEIGHTS.items(), strict=True)
    needs = []
    for _ in range(ctx.count(FULL_NEEDS)):
        call = ctx.calls[min(int(rng.expovariate(1 / 6)), len(ctx.calls) - 1)]
        organisation = rng.choice(organisations)
        place = ctx.organisation_municipalities[organisation.pk][0].name
        status = rng.choices(statuses, weights)[0]
        open_call = call.closes_at is not None and call.closes_at > ctx.now
        if not open_call and status == NeedStatus.SUBMITTED:
            status = NeedStatus.DECLINED
        source = rng.choice(texts)
        body = " ".join(rng.sample(sentences, k=3))
        opening = rng.choice(OPENINGS).format(kind=organisation.get_kind_display(), place=place)
        assert call.closes_at is not None
        submitted = ctx.moment_between(call.opens_at, min(call.closes_at, ctx.now))
        decided = status not in (NeedStatus.SUBMITTED, NeedStatus.DRAFT, NeedStatus.WITHDRAWN)
        needs.append(
            Need(
                call_id=call.pk,
                organisation_id=organisation.pk,
                submitted_by_id=rng.choice(members[organisation.pk]),
                title=f"{source['title']} ({place})"[:200],
                problem=f"{opening} {source['text']} {body}",
                target_groups="Inwoners, bezoekers en vrijwilligers van onze werking.",
                current_handling="Met telefoon, e-mail en Excel-lijsten.",
                citizen_value="Minder drempels en wachttijd voor inwoners.",
                status=status,
                submitted_at=None if status == NeedStatus.DRAFT else submitted,
                decision_motivation="Motivering van de intake." if decided else "",
                decided_at=submitted + timedelta(days=20) if decided else None,
                published_at=submitted + timedelta(days=25)
                if status in (NeedStatus.RETAINED, NeedStatus.SELECTED) and rng.random() < 0.6
                else None,
                created_at=submitted - timedelta(days=1),
                updated_at=submitted,
            )
        )
        if len(needs) >= BATCH * 5:
            ctx.needs += [
                (n.pk, n.organisation_id) for n in bulk_create(Need, needs) if n.published_at
            ]
            ctx.need_count += len(needs)
            needs = []
    ctx.needs += [(n.pk, n.organisation_id) for n in bulk_create(Need, needs) if n.published_at]
    ctx.need_count += len(needs)
    return ctx.need_count


def make_supports(ctx: Context) -> int:
    """ "Wij hebben deze nood ook" on published challenges, from organisations outside the
    need's own municipalities, once per organisation."""
    rng = ctx.rng
    if not ctx.needs:
        return 0
    places = {
        o.pk: {m.pk for m in ctx.organisation_municipalities[o.pk]} for o in ctx.organisations
    }
    members: dict[int, int] = {}
    for m in ctx.memberships:
        if m.status == Status.ACTIVE:
            members.setdefault(m.organisation_id, m.user_id)
    supporters = [o.pk for o in ctx.organisations if o.pk in members]
    target = ctx.count(FULL_SUPPORTS)
    taken: set[tuple[int, int]] = set()
    supports = []
    created = 0
    attempts = 0
    while created + len(supports) < target and attempts < target * 3:
        attempts += 1
        need_id, owner = ctx.needs[
            min(int(rng.paretovariate(1.2)) - 1, len(ctx.needs) - 1)
            if rng.random() < 0.3
            else rng.randrange(len(ctx.needs))
        ]
        organisation = rng.choice(supporters)
        if (need_id, organisation) in taken or places[organisation] & places[owner]:
            continue
        taken.add((need_id, organisation))
        supports.append(
            Support(
                need_id=need_id,
                organisation_id=organisation,
                user_id=members[organisation],
                comment=rng.choice(["", "", "", "Bij ons speelt exact hetzelfde."]),
                created_at=ctx.now - timedelta(days=rng.uniform(0, 700)),
                notified_at=ctx.now,
            )
        )
        if len(supports) >= BATCH * 5:
            created += len(bulk_create(Support, supports))
            supports = []
    created += len(bulk_create(Support, supports))
    return created


def bench_calls() -> Any:
    return Call.objects.filter(slug__startswith=BENCH_SLUG_PREFIX)


def clear_supports() -> int:
    return Support.objects.filter(need__call__in=bench_calls()).delete()[0]


def clear_needs() -> int:
    return Need.objects.filter(call__in=bench_calls()).delete()[0]


def clear_calls() -> int:
    return bench_calls().delete()[0]


# --- reviews, decisions and projects (issue 4) ------------------------------------------

REVIEWERS_PER_CALL = 20
REVIEWS_PER_NEED = 3


def make_reviews(ctx: Context) -> int:
    """Each call has its jury; every retained or selected need has three submitted
    scorecards (one score per criterion), the open call's retained ones partly still open."""
    rng = ctx.rng
    pool = [p.pk for p in ctx.people if not p.is_coordinator]
    roles = []
    jury: dict[int, list[int]] = {}
    for call in ctx.calls:
        jury[call.pk] = rng.sample(pool, k=min(REVIEWERS_PER_CALL, len(pool)))
        roles += [
            ReviewerRole(call_id=call.pk, user_id=u, added_at=call.opens_at) for u in jury[call.pk]
        ]
    bulk_create(ReviewerRole, roles)
    criteria: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(call__in=ctx.calls):
        criteria[criterion.call_id].append(criterion)
    rows = list(
        Need.objects.filter(
            call__in=ctx.calls, status__in=[NeedStatus.RETAINED, NeedStatus.SELECTED]
        ).values_list("pk", "call_id", "submitted_by_id", "status", "decided_at")
    )
    reviews: list[Review] = []
    created = 0
    for need_id, call_id, submitter, status, decided_at in rows:
        base = 4 if status == NeedStatus.SELECTED else rng.choice([2, 3, 3, 4])
        moment = decided_at or ctx.now
        for reviewer in rng.sample(
            [u for u in jury[call_id] if u != submitter], k=REVIEWS_PER_NEED
        ):
            submitted = (
                None
                if moment > ctx.now - timedelta(days=1) and rng.random() < 0.4
                else moment + timedelta(days=5)
            )
            reviews.append(
                Review(
                    need_id=need_id,
                    reviewer_id=reviewer,
                    deadline=moment + timedelta(days=21),
                    assigned_at=moment,
                    submitted_at=submitted,
                    remark=rng.choice(["", "", "Sterke nood, duidelijk beschreven."]),
                )
            )
            ctx.review_bases.append(base)
        if len(reviews) >= BATCH * 5:
            created += _save_reviews(ctx, reviews, criteria)
            reviews = []
    created += _save_reviews(ctx, reviews, criteria)
    return created


def _save_reviews(ctx: Context, reviews: list[Review], criteria: dict[int, list[Criterion]]) -> int:
    saved = bulk_create(Review, reviews)
    call_of = dict(
        Need.objects.filter(pk__in={r.need_id for r in saved}).values_list("pk", "call_id")
    )
    bases = ctx.review_bases[-len(saved) :] if saved else []
    scores = [
        Score(
            review_id=review.pk,
            criterion_id=c.pk,
            value=max(1, min(5, base + ctx.rng.choice([-1, 0, 0, 1]))),
        )
        for review, base in zip(saved, bases, strict=True)
        if review.submitted_at
        for c in criteria[call_of[review.need_id]]
    ]
    Score.objects.bulk_create(scores, batch_size=BATCH)
    ctx.score_count += len(scores)
    return len(saved)


def make_projects(ctx: Context) -> int:
    """Every selected need has its published decision and a project with its submitter as
    projectleider and lokale indiener, an expert, and a test site in its municipality."""
    rng = ctx.rng
    coordinator = ctx.coordinators[0].pk
    selected = list(
        Need.objects.filter(call__in=ctx.calls, status=NeedStatus.SELECTED).values_list(
            "pk", "title", "organisation_id", "submitted_by_id", "decided_at"
        )
    )
    bulk_create(
        Decision,
        [
            Decision(
                need_id=pk,
                outcome="selected",
                motivation="Geselecteerd na beoordeling.",
                prepared_by_id=coordinator,
                prepared_at=decided,
                published_at=decided,
            )
            for pk, _t, _o, _s, decided in selected
        ],
    )
    projects = bulk_create(
        Project,
        [
            Project(
                need_id=pk,
                title=title,
                phase=rng.choice(Project.PHASE_ORDER),
                created_at=decided or ctx.now,
                created_by_id=coordinator,
            )
            for pk, title, _o, _s, decided in selected
        ],
    )
    experts = [p.pk for p in ctx.people if not p.is_coordinator]
    team = []
    sites = []
    for project, (_pk, _title, organisation, submitter, decided) in zip(
        projects, selected, strict=True
    ):
        accepted = decided or ctx.now
        team += [
            ProjectMembership(
                project_id=project.pk,
                user_id=submitter,
                role=TeamRole.PROJECT_LEADER,
                token=f"bench-{project.pk}-l",
                accepted_at=accepted,
            ),
            ProjectMembership(
                project_id=project.pk,
                user_id=submitter,
                role=TeamRole.LOCAL_SUBMITTER,
                token=f"bench-{project.pk}-s",
                accepted_at=accepted,
            ),
            ProjectMembership(
                project_id=project.pk,
                user_id=rng.choice(experts),
                role=TeamRole.EXTERNAL_EXPERT,
                token=f"bench-{project.pk}-e",
                accepted_at=accepted,
            ),
        ]
        sites.append(
            TestSite(
                project_id=project.pk,
                municipality_id=ctx.organisation_municipalities[organisation][0].pk,
                organisation_id=organisation,
                agreement="bench/samenwerkingsovereenkomst.pdf",
                agreement_name="samenwerkingsovereenkomst.pdf",
                committed_on=accepted.date(),
            )
        )
    bulk_create(ProjectMembership, team)
    bulk_create(TestSite, sites)
    return len(projects)


def clear_projects() -> int:
    projects = Project.objects.filter(need__call__in=bench_calls())
    return (
        TestSite.objects.filter(project__in=projects).delete()[0]
        + ProjectMembership.objects.filter(project__in=projects).delete()[0]
        + projects.delete()[0]
        + Decision.objects.filter(need__call__in=bench_calls()).delete()[0]
    )


def clear_reviews() -> int:
    return (
        Score.objects.filter(review__need__call__in=bench_calls()).delete()[0]
        + Review.objects.filter(need__call__in=bench_calls()).delete()[0]
        + ReviewerRole.objects.filter(call__in=bench_calls()).delete()[0]
    )


# --- the lean cycle: hypotheses, test cards, learning cards, gates, discussion (issue 5) ----

HYPOTHESES_PER_PROJECT = (5, 11)  # about 8
EXPERIMENTS_PER_PROJECT = (6, 14)  # about 10: 50,000 for 5,000 projects
COMMENTS_PER_PROJECT = (1, 6)
STOPPED_SHARE = 0.12
PUBLISHED_SHARE = 0.25
AWAITING_APPROVAL_SHARE = 0.04
LEAN_CHUNK = 500  # projects generated and inserted together
PHASES = [str(phase) for phase in Project.PHASE_ORDER]
ExperimentStatus = Experiment.Status
ExperimentResult = Experiment.Result
GateKind = GateDecision.Decision
LearningDecision = Learning.Decision

GROUPS = [
    "ouders van jonge kinderen", "senioren", "jongeren tussen 12 en 18 jaar",
    "nieuwkomers die Nederlands leren", "verenigingen", "vrijwilligers", "leerkrachten",
    "werkende inwoners", "mensen met een kansentarief", "bezoekers van het cultuurcentrum",
    "leden van de bibliotheek", "leerlingen van de academie", "erfgoedvrijwilligers",
    "buurtbewoners", "jeugdbewegingen", "mensen met een beperking",
]  # fmt: skip
CLAIMS = {
    Hypothesis.Kind.DESIRABILITY: [
        "{g} liever online reserveren dan aan de balie",
        "{g} zelf willen zien wat er vrij is voor ze bellen",
        "{g} een herinnering per sms op prijs stellen",
        "{g} vaker komen als ze vooraf weten wat er te doen is",
        "{g} hun inschrijving liever op de smartphone doen",
        "{g} graag zelf oude foto's uit het stadsarchief beschrijven",
        "{g} een vaste contactpersoon belangrijker vinden dan een app",
        "{g} het aanbod beter vinden in één gezamenlijke kalender",
        "{g} ook 's avonds een ticket willen kopen",
        "{g} de weg naar de bibliotheek vinden als de folder in hun taal is",
    ],
    Hypothesis.Kind.FEASIBILITY: [
        "het bibliotheeksysteem de beschikbaarheid automatisch kan doorgeven",
        "onze vrijwilligers de planning zelf kunnen bijhouden op een tablet",
        "de gegevens uit de UiTdatabank zonder handwerk overkomen",
        "de medewerkers aan het onthaal het nieuwe systeem na één opleiding beheersen",
        "de betaalmodule van de gemeente ook online tickets aankan",
        "de gedeelde agenda betrouwbaar genoeg is om de vrije momenten online te tonen",
        "we de foto's van het stadsarchief veilig online kunnen zetten",
        "de magazijniers de voorraad dagelijks kunnen bijwerken",
    ],
    Hypothesis.Kind.VIABILITY: [
        "de dienst minstens vier uur per week wint aan telefoons en mails",
        "de licentiekost lager ligt dan wat we nu aan drukwerk uitgeven",
        "meerdere gemeenten de kosten van een gedeeld platform willen delen",
        "een kleine servicekost bezoekers niet afschrikt",
        "het project na de proeftuin zonder extra personeel verder kan",
        "er minder vrijwilligers afhaken als de planning online staat",
    ],
}
KIND_WEIGHTS_LEAN = {
    Hypothesis.Kind.DESIRABILITY: 45,
    Hypothesis.Kind.FEASIBILITY: 30,
    Hypothesis.Kind.VIABILITY: 25,
}
TESTS = {
    "verkennen": [
        "{n} mensen uit de doelgroep bevragen over hoe ze het vandaag regelen",
        "twee weken aan de balie en aan de telefoon turven wie wat vraagt",
        "{n} deelnemers een paar weken laten noteren wanneer ze ons nodig hebben",
    ],
    "valideren": [
        "met {n} mensen de schermen op papier doorlopen",
        "een aankondiging in het infoblad en op de website zetten met een knop om in te schrijven",
        "{n} mensen zonder uitleg een klikbaar prototype laten gebruiken",
    ],
    "piloteren": [
        "een testversie {w} weken echt laten gebruiken in de proeftuin",
        "de dienst {w} weken met de hand leveren aan een kleine groep",
        "twee versies van de uitnodiging naar willekeurige groepen sturen",
    ],
    "evalueren": [
        "de tijd van de medewerkers bijhouden, voor en na",
        "de kosten van vandaag naast die van de nieuwe aanpak zetten",
        "{n} gebruikers van de pilot bevragen over wat ze zouden missen",
    ],
}
# metric, unit, operator, threshold range
METRICS = [
    ("aandeel deelnemers dat het zonder hulp lukt", "%", Experiment.Operator.GTE, (60, 90)),
    ("aandeel bezoekers dat op 'reserveer' klikt", "%", Experiment.Operator.GTE, (10, 30)),
    ("gemiddelde wachttijd aan de balie", "minuten", Experiment.Operator.LTE, (3, 10)),
    ("uren per week die de dienst bespaart", "uur", Experiment.Operator.GTE, (2, 8)),
    ("aantal inschrijvingen in de eerste maand", "inschrijvingen", Experiment.Operator.GTE, (20, 150)),
    ("aandeel respondenten dat dit wil gebruiken", "%", Experiment.Operator.GTE, (40, 75)),
    ("aantal fouten in de planning", "fouten", Experiment.Operator.LTE, (0, 5)),
    ("aandeel aanvragen dat online binnenkomt", "%", Experiment.Operator.GT, (30, 60)),
]  # fmt: skip
METHODS_BY_PHASE = {
    "verkennen": ["interview", "enquete", "observatie", "dagboekstudie", "zoekwoordenonderzoek"],
    "valideren": [
        "papieren-prototype", "klikbaar-prototype", "landingspagina", "uitlegvideo",
        "technische-spike", "voorinschrijving",
    ],
    "piloteren": ["pilot", "pop-up", "wizard-of-oz", "concierge", "ab-test"],
    "evalueren": ["kostenvergelijking", "pilot", "enquete", "ab-test"],
}  # fmt: skip
OBSERVATIONS: dict[str, list[str]] = {
    ExperimentResult.VALIDATED: [
        "We haalden {value} {unit} bij {points} datapunten; de drempel was {threshold} {unit}.",
        "De meeste deelnemers deden wat we hoopten, ook zonder uitleg.",
    ],
    ExperimentResult.INVALIDATED: [
        "We bleven steken op {value} {unit} bij {points} datapunten; de drempel was {threshold} {unit}.",
        "Mensen zeiden in gesprekken ja, maar deden het in de praktijk niet.",
    ],
    ExperimentResult.INCONCLUSIVE: [
        "We verzamelden maar {points} datapunten, minder dan de {minimum} die we nodig hadden.",
    ],
}  # fmt: skip
INSIGHTS: dict[str, list[str]] = {
    ExperimentResult.VALIDATED: [
        "De hypothese houdt stand; we kunnen een stap verder.",
        "Het werkt, maar de balie blijft nodig voor wie niet online gaat.",
        "Mensen doen het ook echt, niet alleen in een gesprek.",
    ],
    ExperimentResult.INVALIDATED: [
        "Wat mensen zeggen, is niet wat ze doen.",
        "De nood ligt elders dan we dachten: eerst beter kijken naar de doelgroep.",
        "Voor deze doelgroep is dit geen probleem; we bergen de hypothese op.",
    ],
    ExperimentResult.INCONCLUSIVE: [
        "Te weinig data om iets te besluiten; we moeten de doelgroep anders bereiken.",
        "De periode was te kort en viel in de vakantie.",
    ],
}
ACTIONS = [
    "Een volgend experiment plannen met meer deelnemers.",
    "De resultaten bespreken met de proeftuin en de vrijwilligers.",
    "De folder en de website aanpassen en opnieuw testen.",
    "",
]
GATE_MOTIVATIONS: dict[str, list[str]] = {
    GateKind.ADVANCE: [
        "De experimenten van deze fase geven genoeg bewijs om verder te gaan.",
        "Burgers gebruiken het echt; tijd voor de volgende stap.",
    ],
    GateKind.PERSEVERE: ["We blijven in deze fase: het bewijs is nog te mager."],
    GateKind.PIVOT: ["De doelgroep reageert anders dan verwacht; we sturen bij."],
    GateKind.STOP: ["Het bewijs wijst niet de goede kant op; verder testen levert te weinig op."],
}
PIVOTS = [
    ("segment", "We richten ons voortaan op inwoners die af en toe een zaal huren."),
    ("approach", "In plaats van een eigen platform sluiten we aan bij het regionale systeem."),
    ("value_proposition", "Niet het reserveren maar het zicht op wat vrij is, maakt het verschil."),
]
CLOSING = [
    (
        "Het publiek bleef bellen en langskomen, ook toen online kon.",
        "Een eigen oplossing voor zo weinig gebruikers is niet levensvatbaar; test eerst wat er "
        "in de regio al bestaat.",
    ),
    (
        "De vrijwilligers vonden de tool omslachtiger dan hun papieren lijst.",
        "Wie vrijwilligers wil ontlasten, begint bij hun gewoontes, niet bij een app.",
    ),
]
COMMENTS = [
    "{h}kun jij de resultaten nog nakijken voor vrijdag?",
    "De proeftuin wil graag meedoen met de volgende test.",
    "Ik heb de leerkaart aangevuld met wat we aan de balie hoorden.",
    "{h}de planning voor de pilot staat bij de gedeelde documenten.",
    "Opvallend: bijna niemand gebruikte de QR-code op de affiche.",
    "Goed idee, laten we dat volgende week met de vrijwilligers bespreken.",
]
SUMMARIES = [
    "We testen met {g} of een digitale aanpak de drempel verlaagt en de werking tijd bespaart.",
    "Na gesprekken met {g} en een eerste prototype weten we beter wat echt het probleem is.",
]


@dataclass
class LeanProject:
    """What the lean stages need of one generated project."""

    pk: int
    title: str
    phase: int  # index in PHASES
    start: datetime
    leader: int
    expert: int
    stopped: bool


def lean_projects(ctx: Context) -> list[LeanProject]:
    """The generated projects, read back (each stage streams over them in chunks). Which
    ones stop is fixed once, by the seed, so every stage agrees."""
    team: dict[int, dict[str, int]] = defaultdict(dict)
    for project_id, role, user_id in ProjectMembership.objects.filter(
        project__need__call__in=ctx.calls
    ).values_list("project_id", "role", "user_id"):
        team[project_id][role] = user_id
    rows = Project.objects.filter(need__call__in=ctx.calls).order_by("pk")
    if not ctx.stopped_projects:
        pks = list(rows.values_list("pk", flat=True))
        ctx.stopped_projects = set(ctx.rng.sample(pks, k=round(len(pks) * STOPPED_SHARE)))
    return [
        LeanProject(
            pk=pk,
            title=title,
            phase=PHASES.index(phase),
            start=created_at,
            leader=team[pk][TeamRole.PROJECT_LEADER],
            expert=team[pk][TeamRole.EXTERNAL_EXPERT],
            stopped=pk in ctx.stopped_projects,
        )
        for pk, title, phase, created_at in rows.values_list("pk", "title", "phase", "created_at")
    ]


def phase_slots(project: LeanProject, now: datetime) -> list[tuple[datetime, datetime]]:
    """When the project was in each phase it reached. A running project's current phase runs
    up to now (its last four months at most); the earlier phases share the time before. A
    stopped project ended after at most a year and a half."""
    start = min(project.start, now - timedelta(days=60))
    if project.stopped:
        end = min(now - timedelta(days=7), start + timedelta(days=540))
        current = start + (end - start) * (project.phase / (project.phase + 1))
    else:
        end = now
        current = max(start + (now - start) * 0.5, now - timedelta(days=120))
        if project.phase == 0:
            current = start
    slots = []
    for i in range(project.phase):
        slot_start = start + (current - start) * (i / project.phase)
        slots.append((slot_start, start + (current - start) * ((i + 1) / project.phase)))
    slots.append((current, end))
    return slots


def chunks[T](items: list[T], size: int = LEAN_CHUNK) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def make_hypotheses(ctx: Context) -> int:
    """About eight hypotheses per project, "Wij geloven dat …", of the three kinds; their
    evidence and status are computed from their experiments by the next stage."""
    rng = ctx.rng
    kinds, weights = list(KIND_WEIGHTS_LEAN), list(KIND_WEIGHTS_LEAN.values())
    created = 0
    for chunk in chunks(lean_projects(ctx)):
        hypotheses = []
        for project in chunk:
            # Every kind at least once, then as the weights say.
            count = rng.randint(*HYPOTHESES_PER_PROJECT)
            chosen = [*kinds, *rng.choices(kinds, weights, k=count - len(kinds))]
            for i, kind in enumerate(chosen):
                claim = rng.choice(CLAIMS[kind]).format(g=rng.choice(GROUPS))
                hypotheses.append(
                    Hypothesis(
                        project_id=project.pk,
                        statement=f"{claim}.",
                        kind=kind,
                        importance=rng.choices([1, 2, 3, 4, 5], [5, 10, 25, 35, 25])[0],
                        created_by_id=project.leader,
                        created_at=min(project.start, ctx.now - timedelta(days=60))
                        + timedelta(hours=i + 1),
                    )
                )
        created += len(bulk_create(Hypothesis, hypotheses))
    return created


def _measurement(rng: random.Random, operator: str, threshold: Decimal, result: str) -> Decimal:
    """A measured value that meets the criterion (validated) or misses it."""
    step = max(threshold * Decimal("0.3"), Decimal(1))
    above = Decimal(rng.randint(0, 100)) / 100 * step
    meets = result != ExperimentResult.INVALIDATED
    if operator in (Experiment.Operator.GTE, Experiment.Operator.GT):
        value = threshold + above + Decimal("0.01") if meets else threshold - above - Decimal("0.5")
    else:
        value = threshold - above if meets else threshold + above + Decimal("0.5")
    return max(value, Decimal(0)).quantize(Decimal("0.01"))


def _schedule(
    ctx: Context, project: LeanProject, slots: list[tuple[datetime, datetime]], count: int
) -> list[tuple[int, str, date, date]]:
    """(phase, status, planned start, planned end) of a project's test cards, by start: at
    least one completed per phase reached (a gate advances only on a completed one)."""
    rng = ctx.rng
    phases = sorted(
        [*range(project.phase + 1)]
        + [rng.randint(0, project.phase) for _ in range(count - project.phase - 1)]
    )
    cards = []
    for n, phase in enumerate(phases):
        slot_start, slot_end = slots[phase]
        if phase < project.phase or n == 0 or phases[n - 1] != phase:
            status = ExperimentStatus.COMPLETED
        elif project.stopped:
            status = rng.choices([ExperimentStatus.COMPLETED, ExperimentStatus.PLANNED], [80, 20])[
                0
            ]
        else:
            status = rng.choices(
                [ExperimentStatus.COMPLETED, ExperimentStatus.RUNNING, ExperimentStatus.PLANNED],
                [50, 25, 25],
            )[0]
        if status == ExperimentStatus.PLANNED and not project.stopped:
            start = (ctx.now + timedelta(days=rng.randint(3, 40))).date()
            end = start + timedelta(days=rng.randint(7, 45))
        elif status == ExperimentStatus.RUNNING:
            start = ctx.moment_between(slot_start, ctx.now).date()
            end = (ctx.now + timedelta(days=rng.randint(3, 60))).date()
        else:
            begin = ctx.moment_between(slot_start, slot_end, 0.7)
            start = begin.date()
            end = ctx.moment_between(begin, slot_end).date()
        cards.append((phase, status, start, end))
    return sorted(cards, key=lambda card: card[2])


def make_experiments(ctx: Context) -> int:
    """About ten test cards per project, spread over the phases it reached: the earlier
    phases' all completed, the current phase's completed, running or planned (a stopped
    project's completed or left planned). Each completed card has its measurement, its
    computed result and its learning card; then every hypothesis gets the evidence and
    status its experiments give (`outcomes.hypothesis_verdict`), and a learning that
    retires it takes it off the list."""
    rng = ctx.rng
    methods = {m.slug: m for m in Method.objects.filter(active=True)}
    by_phase = {
        phase: [methods[s] for s in slugs if s in methods] or list(methods.values())
        for phase, slugs in METHODS_BY_PHASE.items()
    }
    created = 0
    for chunk in chunks(lean_projects(ctx)):
        hypotheses: dict[int, list[Hypothesis]] = defaultdict(list)
        for hypothesis in Hypothesis.objects.filter(project_id__in=[p.pk for p in chunk]):
            hypotheses[hypothesis.project_id].append(hypothesis)
        experiments: list[Experiment] = []
        learnings: list[Learning] = []
        for project in chunk:
            slots = phase_slots(project, ctx.now)
            count = rng.randint(*EXPERIMENTS_PER_PROJECT)
            retired: set[int] = set()
            # In the order they started, so a hypothesis retired by a learning card is not
            # picked by a test card written after it.
            for phase, status, start, end in _schedule(ctx, project, slots, count):
                open_hypotheses = [h for h in hypotheses[project.pk] if h.pk not in retired]
                hypothesis = rng.choice(open_hypotheses or hypotheses[project.pk])
                method = rng.choice(by_phase[PHASES[phase]])
                metric, unit, operator, (low, high) = rng.choice(METRICS)
                threshold = Decimal(rng.randint(low, high))
                minimum = rng.choice([1, 5, 10, 20, 30, 50, 100, 200])
                by = project.leader if rng.random() < 0.7 else project.expert
                started = datetime.combine(start, datetime.min.time(), tzinfo=ctx.now.tzinfo)
                finished = min(
                    datetime.combine(end, datetime.min.time(), tzinfo=ctx.now.tzinfo)
                    + timedelta(hours=17),
                    ctx.now,
                )
                experiment = Experiment(
                    project_id=project.pk,
                    hypothesis_id=hypothesis.pk,
                    method_id=method.pk,
                    phase=PHASES[phase],
                    title=f"{method.name} met {rng.choice(GROUPS)}",
                    test=rng.choice(TESTS[PHASES[phase]]).format(
                        n=rng.randint(5, 30), w=rng.randint(2, 8)
                    ),
                    metric=metric,
                    unit=unit,
                    operator=operator,
                    threshold=threshold,
                    min_data_points=minimum,
                    planned_start=start,
                    planned_end=end,
                    cost_eur=Decimal(method.typical_cost_eur),
                    criticality=min(3, max(1, hypothesis.importance - 2)),
                    test_cost=rng.choice([1, 2, 3]),
                    data_reliability=min(3, max(1, method.evidence_strength - 1)),
                    time_required=rng.choice([1, 2, 3]),
                    status=status,
                    created_by_id=by,
                    created_at=max(
                        min(started - timedelta(days=rng.randint(1, 10)), ctx.now),
                        hypothesis.created_at,
                    ),
                )
                if status != ExperimentStatus.PLANNED:
                    experiment.started_at = started
                if status == ExperimentStatus.COMPLETED:
                    intended = rng.choices(list(ExperimentResult), [55, 30, 15])[0]
                    points = (
                        rng.randint(0, minimum - 1)
                        if intended == ExperimentResult.INCONCLUSIVE and minimum > 1
                        else minimum + rng.randint(0, minimum)
                    )
                    experiment.measured_value = _measurement(rng, operator, threshold, intended)
                    experiment.data_points = points
                    experiment.result = experiment_result(
                        operator=operator,
                        threshold=threshold,
                        measured=experiment.measured_value,
                        data_points=points,
                        min_data_points=minimum,
                    )
                    experiment.completed_at = max(finished, started)
                    decision = {
                        ExperimentResult.VALIDATED: rng.choices(
                            [LearningDecision.PERSEVERE, LearningDecision.KEEP_TESTING], [80, 20]
                        )[0],
                        ExperimentResult.INVALIDATED: rng.choices(
                            [
                                LearningDecision.RETIRE,
                                LearningDecision.PIVOT,
                                LearningDecision.KEEP_TESTING,
                            ],
                            [50, 30, 20],
                        )[0],
                        ExperimentResult.INCONCLUSIVE: LearningDecision.KEEP_TESTING,
                    }[ExperimentResult(experiment.result)]
                    # A hypothesis is retired once, and then no longer tested.
                    if decision == LearningDecision.RETIRE and len(open_hypotheses) > 1:
                        retired.add(hypothesis.pk)
                        if hypothesis.retired_at is None:
                            hypothesis.retired_at = experiment.completed_at
                    elif decision == LearningDecision.RETIRE:
                        decision = LearningDecision.KEEP_TESTING
                    learnings.append(
                        Learning(
                            project_id=project.pk,
                            experiment=experiment,
                            observation=rng.choice(OBSERVATIONS[experiment.result]).format(
                                value=experiment.measured_value,
                                unit=unit,
                                points=points,
                                threshold=threshold,
                                minimum=minimum,
                            ),
                            insight=rng.choice(INSIGHTS[experiment.result]),
                            decision=decision,
                            actions=rng.choice(ACTIONS),
                            created_by_id=by,
                            created_at=experiment.completed_at,
                        )
                    )
                experiments.append(experiment)
        created += len(bulk_create(Experiment, experiments))
        # The learning cards point at their experiments, which have their keys now.
        created += len(bulk_create(Learning, learnings))
        _refresh_hypotheses(hypotheses, experiments)
    return created


def _refresh_hypotheses(
    hypotheses: dict[int, list[Hypothesis]], experiments: list[Experiment]
) -> None:
    """What `services.refresh_hypothesis` computes, for a chunk at once."""
    strength = dict(Method.objects.values_list("pk", "evidence_strength"))
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for e in experiments:
        if e.status == ExperimentStatus.COMPLETED and e.completed_at is not None:
            evidence[e.hypothesis_id].append(
                Evidence(
                    result=e.result, strength=strength[e.method_id], completed_at=e.completed_at
                )
            )
    changed = []
    for hypothesis in (h for group in hypotheses.values() for h in group):
        verdict = hypothesis_verdict(evidence[hypothesis.pk])
        if verdict != (1, Hypothesis.Status.UNTESTED) or hypothesis.retired_at:
            hypothesis.evidence, hypothesis.status = verdict
            changed.append(hypothesis)
    Hypothesis.objects.bulk_update(
        changed, ["evidence", "status", "retired_at"], batch_size=BATCH // 4
    )


def make_gate_decisions(ctx: Context) -> int:
    """Per project, an advance at the end of every phase it left, resting on that phase's
    completed experiments and their learning cards; sometimes a pivot or a persevere before
    it; a persevere in the current phase for most running projects with a completed test
    card there (the others have a decision due); a stop with its closing learning card for
    the stopped ones, whose outcome becomes "gestopt"."""
    rng = ctx.rng
    through_experiments = GateDecision.experiments.through
    through_learnings = GateDecision.learnings.through
    created = 0
    for chunk in chunks(lean_projects(ctx)):
        completed: dict[tuple[int, str], list[tuple[int, int, datetime]]] = defaultdict(list)
        for pk, project_id, phase, completed_at, learning in (
            Experiment.objects.filter(
                project_id__in=[p.pk for p in chunk], status=ExperimentStatus.COMPLETED
            )
            .values_list("pk", "project_id", "phase", "completed_at", "learning")
            .order_by("completed_at")
        ):
            assert completed_at is not None  # a completed test card has its moment
            completed[(project_id, phase)].append((pk, learning, completed_at))
        gates: list[GateDecision] = []
        closings: list[Learning] = []
        links: list[tuple[int, list[tuple[int, int, datetime]]]] = []
        stopped: list[Project] = []
        for project in chunk:
            slots = phase_slots(project, ctx.now)
            for i, (_slot_start, slot_end) in enumerate(slots):
                phase = PHASES[i]
                basis = completed[(project.pk, phase)]
                last = max((at for _, _, at in basis), default=slot_end)
                decisions: list[str] = []
                if i < project.phase:
                    extra = rng.choices([None, GateKind.PIVOT, GateKind.PERSEVERE], [70, 15, 15])
                    decisions = [d for d in (extra[0], GateKind.ADVANCE) if d]
                elif project.stopped:
                    decisions = [GateKind.STOP]
                elif basis and rng.random() < 0.7:
                    decisions = [GateKind.PERSEVERE]
                for n, decision in enumerate(decisions):
                    decided_at = min(max(last, slot_end) + timedelta(hours=n + 1), ctx.now)
                    aspect, description = rng.choice(PIVOTS)
                    gates.append(
                        GateDecision(
                            project_id=project.pk,
                            phase=phase,
                            decision=decision,
                            motivation=rng.choice(GATE_MOTIVATIONS[decision]),
                            pivot_aspects=[aspect] if decision == GateKind.PIVOT else [],
                            pivot_description=description if decision == GateKind.PIVOT else "",
                            decided_by_id=project.leader,
                            decided_at=decided_at,
                        )
                    )
                    links.append((len(gates) - 1, basis))
                    if decision == GateKind.STOP:
                        observation, insight = rng.choice(CLOSING)
                        closings.append(
                            Learning(
                                project_id=project.pk,
                                observation=observation,
                                insight=insight,
                                decision=LearningDecision.RETIRE,
                                actions="De les delen met de sector.",
                                created_by_id=project.leader,
                                created_at=decided_at,
                            )
                        )
                        stopped.append(
                            Project(
                                pk=project.pk,
                                outcome=Project.Outcome.STOPPED,
                                outcome_at=decided_at,
                            )
                        )
        gates = bulk_create(GateDecision, gates)
        closings = bulk_create(Learning, closings)
        Project.objects.bulk_update(stopped, ["outcome", "outcome_at"], batch_size=BATCH // 4)
        closing_of = {c.project_id: c.pk for c in closings}
        experiment_links = []
        learning_links = []
        for index, basis in links:
            gate = gates[index]
            experiment_links += [
                through_experiments(gatedecision_id=gate.pk, experiment_id=pk) for pk, _, _ in basis
            ]
            learning_links += [
                through_learnings(gatedecision_id=gate.pk, learning_id=learning)
                for _, learning, _ in basis
                if learning
            ]
            if gate.decision == GateKind.STOP:
                learning_links.append(
                    through_learnings(
                        gatedecision_id=gate.pk, learning_id=closing_of[gate.project_id]
                    )
                )
        through_experiments.objects.bulk_create(experiment_links, batch_size=BATCH)
        through_learnings.objects.bulk_create(learning_links, batch_size=BATCH)
        created += len(gates) + len(closings) + len(experiment_links) + len(learning_links)
    return created


def make_comments(ctx: Context) -> int:
    """A few messages per project between the projectleider and the expert, some in an
    experiment's discussion, some @mentioning the other."""
    rng = ctx.rng
    names = {person.pk: person.name for person in ctx.people}
    mentioned = Comment.mentioned.through
    created = 0
    for chunk in chunks(lean_projects(ctx)):
        experiments: dict[int, list[int]] = defaultdict(list)
        for pk, project_id in Experiment.objects.filter(
            project_id__in=[p.pk for p in chunk]
        ).values_list("pk", "project_id"):
            experiments[project_id].append(pk)
        comments: list[Comment] = []
        mentions: list[int | None] = []
        for project in chunk:
            start = min(project.start, ctx.now - timedelta(days=60))
            moments = sorted(
                ctx.moment_between(start, ctx.now)
                for _ in range(rng.randint(*COMMENTS_PER_PROJECT))
            )
            for moment in moments:
                author, other = rng.choice(
                    [(project.leader, project.expert), (project.expert, project.leader)]
                )
                template = rng.choice(COMMENTS)
                mention = other if "{h}" in template else None
                comments.append(
                    Comment(
                        project_id=project.pk,
                        experiment_id=rng.choice(experiments[project.pk])
                        if experiments[project.pk] and rng.random() < 0.3
                        else None,
                        author_id=author,
                        body=template.format(h=f"@{slugify(names[other])}, " if mention else ""),
                        created_at=moment,
                    )
                )
                mentions.append(mention)
        comments = bulk_create(Comment, comments)
        links = [
            mentioned(comment_id=comment.pk, user_id=person)
            for comment, person in zip(comments, mentions, strict=True)
            if person is not None
        ]
        mentioned.objects.bulk_create(links, batch_size=BATCH)
        created += len(comments) + len(links)
    return created


def make_profiles_and_publication(ctx: Context) -> int:
    """Every project's question, target groups, summary and next steps; a quarter published
    (a coordinator approved the sections the team asked for, the projectleider consented
    to their name where the team is shown), a few awaiting approval. Returns the projects
    updated."""
    rng = ctx.rng
    sections = [str(s) for s in Project.Section.values]
    updated = 0
    for chunk in chunks(lean_projects(ctx)):
        projects = []
        consenting = []
        for project in chunk:
            groups = rng.sample(GROUPS, k=3)
            title = project.title.split(" (")[0]
            title = title[:1].lower() + title[1:]
            row = Project(
                pk=project.pk,
                question=f"Helpt een digitale aanpak {groups[0]} bij '{title}', en wint de "
                "werking er tijd mee?",
                target_groups=f"{groups[0].capitalize()}, {groups[1]} en {groups[2]}; de "
                "medewerkers van de werking.",
                summary=rng.choice(SUMMARIES).format(g=groups[0]),
                next_steps=rng.choice(ACTIONS) or "De resultaten delen met de sector.",
            )
            draw = rng.random()
            if draw < PUBLISHED_SHARE + AWAITING_APPROVAL_SHARE:
                chosen = {"summary", *rng.sample(sections[1:], k=rng.randint(0, 3))}
                requested_at = ctx.moment_between(
                    min(project.start, ctx.now - timedelta(days=30)), ctx.now
                )
                row.requested_sections = [s for s in sections if s in chosen]
                row.publication_requested_at = requested_at
                if draw < PUBLISHED_SHARE:
                    row.public_sections = list(row.requested_sections)
                    row.published_at = ctx.moment_between(requested_at, ctx.now)
                    row.published_by_id = rng.choice(ctx.coordinators).pk
                    if "team" in chosen and rng.random() < 0.6:
                        consenting.append(project.pk)
            projects.append(row)
        Project.objects.bulk_update(
            projects,
            [
                "question",
                "target_groups",
                "summary",
                "next_steps",
                "requested_sections",
                "publication_requested_at",
                "public_sections",
                "published_at",
                "published_by",
            ],
            batch_size=BATCH // 10,
        )
        # The projectleider's name (their lokale indiener row too); the expert did not consent.
        ProjectMembership.objects.filter(project_id__in=consenting).exclude(
            role=TeamRole.EXTERNAL_EXPERT
        ).update(name_public=True)
        updated += len(projects)
    return updated


def make_lean_activity_log(ctx: Context) -> int:
    """The rows the lean services write, at the moments the stages above gave: profile
    changed, hypothesis written, experiment planned / started / completed, gate decided
    (and phase changed), publication requested and published."""
    project_type = ContentType.objects.get_for_model(Project)
    rows: list[ActivityLog] = []
    created = 0

    def log(actor: int | None, action: str, project: int, at: datetime, **changes: Any) -> None:
        nonlocal rows, created
        rows.append(
            ActivityLog(
                actor_id=actor,
                action=action,
                content_type=project_type,
                object_id=str(project),
                changes=changes,
                created_at=at,
            )
        )
        if len(rows) >= BATCH * 5:
            ActivityLog.objects.bulk_create(rows, batch_size=BATCH)
            created += len(rows)
            rows = []

    projects = Project.objects.filter(need__call__in=ctx.calls)
    leaders = dict(
        ProjectMembership.objects.filter(
            project__in=projects, role=TeamRole.PROJECT_LEADER
        ).values_list("project_id", "user_id")
    )
    for (
        pk,
        question,
        created_at,
        requested,
        requested_at,
        public,
        published_at,
        by,
    ) in projects.values_list(
        "pk",
        "question",
        "created_at",
        "requested_sections",
        "publication_requested_at",
        "public_sections",
        "published_at",
        "published_by",
    ).iterator(chunk_size=BATCH):
        at = min(created_at + timedelta(days=2), ctx.now)
        log(leaders[pk], "project.profile_changed", pk, at, question=["", question[:200]])
        if requested_at:
            log(
                leaders[pk],
                "project.publication_requested",
                pk,
                requested_at,
                requested_sections=[[], requested],
            )
        if published_at:
            log(by, "project.published", pk, published_at, public_sections=[[], public])
    hypotheses = Hypothesis.objects.filter(project__in=projects)
    for project, actor, statement, at in hypotheses.values_list(
        "project_id", "created_by", "statement", "created_at"
    ).iterator(chunk_size=BATCH):
        log(actor, "project.hypothesis_written", project, at, hypothesis=[None, statement[:200]])
    experiments = Experiment.objects.filter(project__in=projects)
    for pk, project, actor, title, created_at, started, completed, result, decision in (
        experiments.values_list(
            "pk", "project_id", "created_by", "title", "created_at", "started_at",
            "completed_at", "result", "learning__decision",
        ).iterator(chunk_size=BATCH)
    ):  # fmt: skip
        log(actor, "experiment.planned", project, created_at, experiment=[None, title])
        if started:
            log(
                actor,
                "experiment.started",
                project,
                started,
                experiment=[pk, title],
                status=["planned", "running"],
            )
        if completed:
            log(
                actor,
                "experiment.completed",
                project,
                completed,
                experiment=[pk, title],
                status=["running", "completed"],
                result=[None, result],
                decision=[None, decision],
            )
    gates = GateDecision.objects.filter(project__in=projects)
    for project, actor, phase, decision, at in gates.values_list(
        "project_id", "decided_by", "phase", "decision", "decided_at"
    ).iterator(chunk_size=BATCH):
        changes: dict[str, Any] = {"decision": [None, decision]}
        if decision == GateKind.ADVANCE:
            following = PHASES[PHASES.index(phase) + 1]
            changes["phase"] = [phase, following]
        elif decision == GateKind.STOP:
            changes["outcome"] = ["", Project.Outcome.STOPPED]
        log(actor, "project.gate_decided", project, at, **changes)
        if "phase" in changes:
            log(actor, "project.phase_changed", project, at, phase=changes["phase"])
    ActivityLog.objects.bulk_create(rows, batch_size=BATCH)
    return created + len(rows)


def bench_projects() -> Any:
    return Project.objects.filter(need__call__in=bench_calls())


def clear_comments() -> int:
    return Comment.objects.filter(project__in=bench_projects()).delete()[0]


def clear_gate_decisions() -> int:
    return GateDecision.objects.filter(project__in=bench_projects()).delete()[0]


def clear_experiments() -> int:
    return (
        Learning.objects.filter(project__in=bench_projects()).delete()[0]
        + Experiment.objects.filter(project__in=bench_projects()).delete()[0]
    )


def clear_hypotheses() -> int:
    return Hypothesis.objects.filter(project__in=bench_projects()).delete()[0]


def make_matching_index(ctx: Context) -> int:
    """Shared-need matching: index every need from scratch, as after a thesaurus change
    (vectors, postings, similar needs, clusters). The rows go when their needs go."""
    from proeftuin.calls.matching import index

    return index.rebuild()


# --- canvases and value streams (issue 7) -----------------------------------------------

CANVAS_SHARE = 0.7  # projects with at least one value proposition canvas
STREAM_SHARE = 0.6  # projects that mapped a value stream
FUTURE_SHARE = 0.5  # of those, the ones that drew its future state too
SEGMENTS = [
    "ouders met jonge kinderen",
    "senioren die minder mobiel zijn",
    "verenigingen",
    "jongeren tussen 14 en 18",
    "nieuwkomers die Nederlands leren",
    "vrijwilligers",
    "bezoekers van het cultuurcentrum",
    "leerkrachten van de basisschool",
    "mensen met een beperking",
]
CANVAS_TEXTS = {
    "job": [
        "een activiteit vinden die in de gezinsagenda past",
        "iets leuks doen met de kinderen in het weekend",
        "erbij horen in de buurt",
        "zich welkom voelen in een gebouw van de gemeente",
        "een zaal of materiaal vastleggen voor een feest",
        "op de hoogte blijven van wat er in de gemeente gebeurt",
    ],
    "pain": [
        "je kan alleen tijdens de kantooruren bellen",
        "je weet pas na dagen of het lukt",
        "formulieren op papier die je moet komen afgeven",
        "onduidelijk wat het kost",
        "de website werkt niet op de smartphone",
        "je moet alles twee keer invullen",
        "wachten aan de balie",
    ],
    "gain": [
        "meteen zekerheid",
        "alles op één plek",
        "ook 's avonds kunnen regelen",
        "een herinnering vooraf",
        "korting met de UiTPAS",
        "samen met vrienden kunnen reserveren",
    ],
    "product_service": [
        "online reservatiekalender",
        "digitaal aanvraagformulier",
        "e-loket van de gemeente",
        "sleutelkluis",
        "nieuwsbrief per wijk",
    ],
    "pain_reliever": [
        "reserveren kan dag en nacht",
        "vrije data zie je meteen",
        "één formulier voor alles",
        "de prijs staat erbij",
        "werkt op elke smartphone",
    ],
    "gain_creator": [
        "bevestiging per mail met een herinnering",
        "alles in één overzicht",
        "UiTPAS-korting wordt vanzelf verrekend",
        "uitnodiging doorsturen naar vrienden",
    ],
}
CANVAS_SIZES = {
    "job": (2, 4),
    "pain": (3, 6),
    "gain": (3, 5),
    "product_service": (1, 3),
    "pain_reliever": (2, 4),
    "gain_creator": (1, 3),
}
JOB_TYPES = ["functional", "functional", "social", "emotional"]
CURRENT_STEPS = [
    ("aanvraag per telefoon of mail", "inwoner"),
    ("aanvraag overtypen in Excel", "onthaal"),
    ("beschikbaarheid nakijken in de agenda", "vrijetijdsdienst"),
    ("terugbellen om te bevestigen", "vrijetijdsdienst"),
    ("papieren formulier laten tekenen", "inwoner"),
    ("betaling op de rekening controleren", "financiële dienst"),
    ("bevestiging per post", "vrijetijdsdienst"),
    ("materiaal klaarzetten", "technische dienst"),
    ("sleutel afhalen aan het onthaal", "inwoner"),
    ("uitlening terugnemen en nakijken", "magazijnier"),
]
FUTURE_STEPS = [
    ("aanvraag online, met de vrije data erbij", "inwoner"),
    ("online betalen", "inwoner"),
    ("aanvraag nakijken en goedkeuren", "vrijetijdsdienst"),
    ("automatische bevestiging met een herinnering", "reservatieplatform"),
    ("code voor de sleutelkluis", "reservatieplatform"),
    ("materiaal klaarzetten", "technische dienst"),
]
WAIT_UNITS = [("hours", 1, 6), ("days", 1, 3), ("weeks", 1, 2)]


def _canvas_snapshot(segment: str, items: list[CanvasItem], links: dict[int, list[int]]) -> dict:
    """What `canvases.history.canvas_json` writes, without reading the rows back."""
    return {
        "segment": segment,
        "items": [
            {
                "key": i.pk,
                "kind": i.kind,
                "text": i.text,
                "rank": i.rank,
                "job_type": i.job_type,
                "addresses": sorted(links.get(i.pk, [])),
                "assumptions": [],
            }
            for i in items
        ],
    }


def _stream_snapshot(stream: ValueStream, steps: list[StreamStep]) -> dict:
    """What `canvases.history.stream_json` writes, without reading the rows back."""
    return {
        "name": stream.name,
        "state": stream.state,
        "current": stream.current_id,
        "steps": [
            {
                "key": s.pk,
                "name": s.name,
                "actor": s.actor,
                "process_minutes": str(s.process_minutes),
                "waiting_minutes": str(s.waiting_minutes),
                "pct_complete_accurate": s.pct_complete_accurate,
                "classification": s.classification,
                "wastes": list(s.wastes),
                "process_time": str(s.process_time),
                "process_unit": s.process_unit,
                "waiting_time": str(s.waiting_time),
                "waiting_unit": s.waiting_unit,
            }
            for s in steps
        ],
    }


def _steps(
    rng: random.Random, stream: ValueStream, names: list[tuple[str, str]], future: bool
) -> list[StreamStep]:
    steps = []
    for position, (name, actor) in enumerate(names, start=1):
        unit, low, high = rng.choice(WAIT_UNITS[:2] if future else WAIT_UNITS)
        waiting = Decimal(0) if position == 1 else Decimal(rng.randint(low, high))
        process = Decimal(rng.choice([5, 10, 15, 20, 30, 45]))
        classification = rng.choices(
            ["value_adding", "necessary_nva", "waste"], weights=[3, 4, 1 if future else 3]
        )[0]
        wastes = sorted(rng.sample(WASTES, k=rng.randint(0, 1 if future else 3)), key=WASTES.index)
        steps.append(
            StreamStep(
                stream=stream,
                position=position,
                name=name,
                actor=actor,
                process_time=process,
                process_unit="minutes",
                process_minutes=process,
                waiting_time=waiting,
                waiting_unit=unit,
                waiting_minutes=waiting * MINUTES_PER_UNIT[unit],
                pct_complete_accurate=rng.randint(85, 100) if future else rng.randint(50, 100),
                classification=classification,
                wastes=wastes,
            )
        )
    return steps


def make_canvases(ctx: Context) -> int:
    """Value proposition canvases (one or two segments, about 18 items, relievers and
    creators linked to the pains and gains they address) and value streams (a current state
    of 6-10 steps, half of them with a future state), each with its snapshot."""
    rng = ctx.rng
    created = 0
    for chunk in chunks(lean_projects(ctx)):
        canvases: list[ValueProposition] = []
        for project in chunk:
            if rng.random() >= CANVAS_SHARE:
                continue
            at = ctx.moment_between(project.start, ctx.now, 0.5)
            for position, segment in enumerate(rng.sample(SEGMENTS, k=rng.choice([1, 1, 2])), 1):
                canvases.append(
                    ValueProposition(
                        project_id=project.pk,
                        segment=segment,
                        position=position,
                        created_by_id=project.leader,
                        created_at=at,
                        updated_at=at,
                    )
                )
        canvases = bulk_create(ValueProposition, canvases)
        items: list[CanvasItem] = []
        for canvas in canvases:
            for kind, (low, high) in CANVAS_SIZES.items():
                texts = rng.sample(
                    CANVAS_TEXTS[kind], k=min(rng.randint(low, high), len(CANVAS_TEXTS[kind]))
                )
                for rank, text in enumerate(texts, start=1):
                    items.append(
                        CanvasItem(
                            canvas=canvas,
                            kind=kind,
                            text=text,
                            rank=rank,
                            job_type=rng.choice(JOB_TYPES) if kind == "job" else "",
                            created_at=canvas.created_at,
                            updated_at=canvas.created_at,
                        )
                    )
        items = bulk_create(CanvasItem, items)
        by_canvas: dict[int, list[CanvasItem]] = defaultdict(list)
        for item in items:
            by_canvas[item.canvas_id].append(item)
        Link = CanvasItem.addresses.through
        links: list[Any] = []
        addressed: dict[int, list[int]] = defaultdict(list)
        for canvas_items in by_canvas.values():
            pains = [i for i in canvas_items if i.kind == "pain"]
            gains = [i for i in canvas_items if i.kind == "gain"]
            for item in canvas_items:
                targets = {"pain_reliever": pains, "gain_creator": gains}.get(item.kind)
                if not targets:
                    continue
                for target in rng.sample(targets, k=rng.randint(1, min(2, len(targets)))):
                    links.append(Link(from_canvasitem_id=item.pk, to_canvasitem_id=target.pk))
                    addressed[item.pk].append(target.pk)
        bulk_create(Link, links)
        snapshots = [
            Snapshot(
                project_id=canvas.project_id,
                canvas=canvas,
                data=_canvas_snapshot(canvas.segment, by_canvas[canvas.pk], addressed),
                author_id=canvas.created_by_id,
                started_at=canvas.created_at,
                taken_at=canvas.created_at,
            )
            for canvas in canvases
        ]

        currents: list[ValueStream] = []
        for project in chunk:
            if rng.random() >= STREAM_SHARE:
                continue
            at = ctx.moment_between(project.start, ctx.now, 0.6)
            currents.append(
                ValueStream(
                    project_id=project.pk,
                    name="een aanvraag behandelen",
                    state=ValueStream.State.CURRENT,
                    created_by_id=project.leader,
                    created_at=at,
                    updated_at=at,
                )
            )
        currents = bulk_create(ValueStream, currents)
        futures = bulk_create(
            ValueStream,
            [
                ValueStream(
                    project_id=current.project_id,
                    name="een aanvraag behandelen, online",
                    state=ValueStream.State.FUTURE,
                    current=current,
                    created_by_id=current.created_by_id,
                    created_at=current.created_at,
                    updated_at=current.created_at,
                )
                for current in currents
                if rng.random() < FUTURE_SHARE
            ],
        )
        steps: list[StreamStep] = []
        per_stream: dict[int, list[StreamStep]] = {}
        for stream in currents + futures:
            names = (
                FUTURE_STEPS[: rng.randint(3, len(FUTURE_STEPS))]
                if stream.state == ValueStream.State.FUTURE
                else CURRENT_STEPS[: rng.randint(6, len(CURRENT_STEPS))]
            )
            per_stream[stream.pk] = _steps(
                rng, stream, names, stream.state == ValueStream.State.FUTURE
            )
            steps += per_stream[stream.pk]
        bulk_create(StreamStep, steps)
        snapshots += [
            Snapshot(
                project_id=stream.project_id,
                stream=stream,
                data=_stream_snapshot(stream, per_stream[stream.pk]),
                author_id=stream.created_by_id,
                started_at=stream.created_at,
                taken_at=stream.created_at,
            )
            for stream in currents + futures
        ]
        bulk_create(Snapshot, snapshots)
        created += (
            len(canvases)
            + len(items)
            + len(links)
            + len(currents)
            + len(futures)
            + len(steps)
            + len(snapshots)
        )
    return created


def clear_canvases() -> int:
    projects = bench_projects()
    # A future state protects its current state: the futures go first.
    return (
        ValueStream.objects.filter(project__in=projects, state=ValueStream.State.FUTURE).delete()[0]
        + ValueStream.objects.filter(project__in=projects).delete()[0]
        + ValueProposition.objects.filter(project__in=projects).delete()[0]
    )


def canvas_counts() -> list[tuple[str, int]]:
    return [
        ("canvases", ValueProposition.objects.count()),
        ("canvas items", CanvasItem.objects.count()),
        ("value streams", ValueStream.objects.count()),
        ("  of which future states", ValueStream.objects.filter(state="future").count()),
        ("value stream steps", StreamStep.objects.count()),
        ("canvas and stream snapshots", Snapshot.objects.count()),
    ]


# --- participation forms (issue 6) ---------------------------------------------------------

PARTICIPATION_SHARE = 0.2
FULL_RESPONSES = 1_000_000
FORMS_PER_BATCH = 20
FORM_TITLES = [
    "Hoe was je bezoek?",
    "Wat vind je van online reserveren?",
    "Zou je dit aanraden?",
    "Korte vragenlijst na de voorstelling",
    "Jouw mening over de nieuwe website",
]
PARTICIPATION_CONSENT = (
    "We bewaren je antwoorden anoniem tot het einde van het experiment; daarna blijven "
    "alleen de cijfers."
)


def make_participation(ctx: Context) -> int:
    """A participation form for about 20 % of the running test cards: a scale, an NPS and a
    free-text question, FULL_RESPONSES responses over all forms (a quarter to 1.75 times the
    average per form) since the card started (scale answered by all,
    NPS by about 85 %, text by about 30 %), the card's metric bound to "share of the scale
    at least 4" and its measured value recorded, as the recomputation after each response
    leaves it."""
    rng = ctx.rng
    experiment_type = ContentType.objects.get_for_model(Experiment)
    running = list(
        Experiment.objects.filter(project__in=bench_projects(), status=Experiment.Status.RUNNING)
        .order_by("pk")
        .values_list("pk", "started_at", "created_by_id")
    )
    # Responses per form, on average, so that the whole programme has FULL_RESPONSES.
    per_form = round(ctx.count(FULL_RESPONSES) / max(len(running) * PARTICIPATION_SHARE, 1))
    created = 0
    for chunk in chunks(running):
        picked = [row for row in chunk if rng.random() < PARTICIPATION_SHARE]
        forms = bulk_create(
            ParticipationForm,
            [
                ParticipationForm(
                    owner_type=experiment_type,
                    owner_id=pk,
                    title=rng.choice(FORM_TITLES),
                    consent_text=PARTICIPATION_CONSENT,
                    retention_until=(ctx.now + timedelta(days=180)).date(),
                    status=ParticipationForm.Status.OPEN,
                    created_by_id=by,
                    created_at=started or ctx.now,
                )
                for pk, started, by in picked
            ],
        )
        questions = bulk_create(
            Question,
            [
                Question(form=form, position=position, kind=kind, text=text, required=required)
                for form in forms
                for position, (kind, text, required) in enumerate(
                    [
                        (Question.Kind.SCALE, "Hoe makkelijk was het?", True),
                        (Question.Kind.NPS, "Zou je het aanraden aan een vriend?", False),
                        (Question.Kind.LONG_TEXT, "Wat kan beter?", False),
                    ],
                    start=1,
                )
            ],
        )
        scale, nps, text = (
            {q.form_id: q for q in questions if q.kind == kind}
            for kind in (Question.Kind.SCALE, Question.Kind.NPS, Question.Kind.LONG_TEXT)
        )
        answered = 0
        for group in chunks(forms, FORMS_PER_BATCH):
            answered += make_responses(ctx, group, per_form, scale, nps, text)
        bindings = bulk_create(
            MetricBinding,
            [
                MetricBinding(
                    experiment_id=form.owner_id,
                    form=form,
                    aggregate=MetricBinding.Aggregate.SHARE,
                    question=scale[form.pk],
                    condition=MetricBinding.Condition.GTE,
                    number=Decimal(4),
                )
                for form in forms
            ],
        )
        for binding in bindings:
            measured = measure(
                binding.form_id,
                Measure(
                    aggregate=binding.aggregate,
                    question=binding.question,
                    condition=binding.condition,
                    number=binding.number,
                ),
            )
            Experiment.objects.filter(pk=binding.experiment_id).update(
                measured_value=measured.value, data_points=measured.data_points
            )
        created += len(forms) + len(questions) + answered + len(bindings)
    return created


def make_responses(
    ctx: Context,
    forms: list[ParticipationForm],
    per_form: int,
    scale: dict[int, Question],
    nps: dict[int, Question],
    text: dict[int, Question],
) -> int:
    """The responses of a few forms and their answers, inserted together and then let go, so
    a million responses never sit in memory at once."""
    rng = ctx.rng
    responses = bulk_create(
        Response,
        [
            Response(
                form=form,
                submitted_at=ctx.moment_between(form.created_at, ctx.now),
                receipt_hash=f"bench-{form.pk}-{n}",
            )
            for form in forms
            for n in range(rng.randint(max(per_form // 4, 1), max(per_form * 7 // 4, 1)))
        ],
    )
    answers: list[Answer] = []
    for response in responses:
        form_id = response.form_id
        answers.append(
            Answer(
                response=response,
                question=scale[form_id],
                number=rng.choices(range(1, 6), weights=[5, 10, 20, 35, 30])[0],
            )
        )
        if rng.random() < 0.85:
            answers.append(
                Answer(response=response, question=nps[form_id], number=rng.randint(0, 10))
            )
        if rng.random() < 0.3:
            answers.append(
                Answer(response=response, question=text[form_id], text="Graag ook 's avonds.")
            )
    return len(responses) + len(bulk_create(Answer, answers))


def clear_participation() -> int:
    experiments = Experiment.objects.filter(project__in=bench_projects()).values("pk")
    return ParticipationForm.objects.filter(
        owner_type=ContentType.objects.get_for_model(Experiment), owner_id__in=experiments
    ).delete()[0]


def participation_counts() -> list[tuple[str, int]]:
    return [
        ("participation forms", ParticipationForm.objects.count()),
        ("participation responses", Response.objects.count()),
        ("participation answers", Answer.objects.count()),
        ("bound metrics", MetricBinding.objects.count()),
    ]


# --- knowledge base (issue 10) ----------------------------------------------------------

FULL_ARTICLES = 10000
ARTICLE_SUBJECTS = [
    "zalen online reserveren",
    "een uitleendienst voor materiaal",
    "vrijwilligers plannen",
    "tickets voor kleine voorstellingen",
    "erfgoedfoto's laten beschrijven door inwoners",
    "een gedeelde evenementenkalender",
    "inschrijven voor de academie",
    "boeken aan huis leveren",
]
ARTICLE_TITLES = {
    "case_study": "Zo pakte {gemeente} {onderwerp} aan",
    "guide": "Handleiding: {onderwerp} testen met inwoners",
    "news": "Nieuw in {gemeente}: {onderwerp}",
    "lesson": "Wat {gemeente} leerde over {onderwerp}",
}


def make_articles(ctx: Context) -> int:
    """The knowledge base: FULL_ARTICLES articles of the four kinds, by the coordinators,
    about 85 % published over the last years (the rest draft or in review), each with one or
    two themes; case studies and lessons link one published project."""
    themes = list(Theme.objects.values_list("pk", flat=True))
    projects = list(
        Project.objects.filter(
            need__call__in=bench_calls(), published_at__isnull=False
        ).values_list("pk", flat=True)
    )
    kinds = list(ARTICLE_TITLES)
    start = ctx.now - timedelta(days=4 * 365)
    articles = []
    for n in range(ctx.count(FULL_ARTICLES)):
        kind = kinds[n % len(kinds)]
        municipality = ctx.rng.choice(ctx.municipalities).name
        subject = ctx.rng.choice(ARTICLE_SUBJECTS)
        title = ARTICLE_TITLES[kind].format(gemeente=municipality, onderwerp=subject)
        created = ctx.moment_between(start, ctx.now)
        roll = ctx.rng.random()
        status = "published" if roll < 0.85 else ("in_review" if roll < 0.93 else "draft")
        articles.append(
            Article(
                kind=kind,
                title=title[:200],
                slug=f"{BENCH_SLUG_PREFIX}artikel-{n}",
                summary=f"{municipality} over {subject}: wat werkte, wat niet, en wat nu.",
                body=(
                    f"## Waarom\n\nIn {municipality} liep {subject} stroef.\n\n"
                    "## Wat we deden\n\n1. Gesprekken met **inwoners**\n"
                    "2. Een kleine test\n3. Een leerkaart\n\n"
                    "## Wat we leerden\n\nKlein beginnen en meten loont."
                ),
                status=status,
                author=ctx.rng.choice(ctx.coordinators),
                submitted_at=created if status != "draft" else None,
                published_at=ctx.moment_between(created, ctx.now)
                if status == "published"
                else None,
                created_at=created,
                updated_at=created,
            )
        )
    created_articles = bulk_create(Article, articles)
    through_themes = Article.themes.through
    through_projects = Article.projects.through
    theme_rows, project_rows = [], []
    for article in created_articles:
        for theme in ctx.rng.sample(themes, k=min(len(themes), ctx.rng.choice([1, 2]))):
            theme_rows.append(through_themes(article_id=article.pk, theme_id=theme))
        if projects and article.kind in ("case_study", "lesson"):
            project_rows.append(
                through_projects(article_id=article.pk, project_id=ctx.rng.choice(projects))
            )
    bulk_create(through_themes, theme_rows)
    bulk_create(through_projects, project_rows)
    return len(created_articles) + len(theme_rows) + len(project_rows)


def clear_articles() -> int:
    return Article.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).delete()[0]


# --- scaling (issue 9) -------------------------------------------------------------------

SERVICES_FULL = 200
ADOPTIONS_FULL = 20_000
# How far an adoption got, and how often: most municipalities only look.
ADOPTION_STATES = [("interested", 4), ("requested", 2), ("active", 3), ("ended", 1)]
ADOPTION_STEPS = ["interested", "requested", "active", "ended"]


def make_services(ctx: Context) -> int:
    """Services born from bench projects, most available, and their adoptions: one per
    municipality and service, each with the history of the states it went through."""
    projects = list(bench_projects().values_list("pk", flat=True))
    services = bulk_create(
        Service,
        [
            Service(
                name=f"Dienst {n}",
                slug=f"{BENCH_SLUG_PREFIX}dienst-{n}",
                summary="Een dienst die elke gemeente kan afnemen.",
                offer="Software, een draaiboek en een opleiding.",
                conditions="500 euro per jaar.",
                how_to_start="Vraag de dienst aan.",
                contact_email=f"dienst-{n}@bench.proeftuin.invalid",
                state=ctx.rng.choices(
                    ["in_development", "available", "retired"], weights=[2, 7, 1]
                )[0],
                created_at=ctx.now - timedelta(days=ctx.rng.randint(30, 900)),
            )
            for n in range(ctx.count(SERVICES_FULL))
        ],
    )
    through = Service.projects.through
    links = (
        [
            through(service_id=service.pk, project_id=project)
            for service in services
            for project in ctx.rng.sample(projects, k=min(len(projects), ctx.rng.randint(1, 2)))
        ]
        if projects
        else []
    )
    bulk_create(through, links)
    municipalities = [m.pk for m in ctx.municipalities]
    per_service = max(1, ctx.count(ADOPTIONS_FULL) // len(services))
    states, weights = zip(*ADOPTION_STATES, strict=True)
    people = [p.pk for p in ctx.people if not p.is_coordinator]
    adoptions = []
    for service in services:
        for municipality in ctx.rng.sample(municipalities, k=min(per_service, len(municipalities))):
            state = ctx.rng.choices(states, weights=weights)[0]
            start = ctx.moment_between(service.created_at, ctx.now, 0.5)
            steps = ADOPTION_STEPS[: ADOPTION_STEPS.index(state) + 1]
            if state != "interested":
                steps = steps[1:]
            moments = sorted(ctx.moment_between(start, ctx.now) for _ in steps)
            at = dict(zip(steps, moments, strict=True))
            adoptions.append(
                Adoption(
                    service_id=service.pk,
                    municipality_id=municipality,
                    state=state,
                    contact_name="Contactpersoon",
                    contact_email="contact@bench.proeftuin.invalid",
                    created_by_id=ctx.rng.choice(people) if people else None,
                    interested_at=at.get("interested"),
                    requested_at=at.get("requested"),
                    activated_at=at.get("active"),
                    ended_at=at.get("ended"),
                )
            )
    created = bulk_create(Adoption, adoptions)
    events = [
        AdoptionEvent(adoption_id=adoption.pk, state=step, at=moment)
        for adoption in created
        for step, moment in (
            ("interested", adoption.interested_at),
            ("requested", adoption.requested_at),
            ("active", adoption.activated_at),
            ("ended", adoption.ended_at),
        )
        if moment is not None
    ]
    bulk_create(AdoptionEvent, events)
    return len(services) + len(links) + len(created) + len(events)


def clear_services() -> int:
    return Service.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).delete()[0]


# --- continuous service design (issue 15) ----------------------------------------------

END_REASONS = ["cost", "little_used", "own_solution", "missing", "work", "reorganised", "other"]
# Feedback about every two months while an adoption is (was) active, at most a year's worth.
FEEDBACK_EVERY_DAYS = 60
REQUESTS_PER_SERVICE = 12
SURVEY_ANSWER_SHARE = 0.5


def make_service_design(ctx: Context) -> int:
    """Around the bench services: the reason of every ended adoption, feedback from active
    and ended adoptions (backing the service's requests), two to five releases per service,
    and this half year's survey (a form owned by the service, an NPS question) answered by
    about half of the active adoptions."""
    rng = ctx.rng
    services = list(Service.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).order_by("pk"))
    adoptions = list(
        Adoption.objects.filter(service__in=services, activated_at__isnull=False).order_by("pk")
    )
    ended = [a for a in adoptions if a.state == "ended"]
    for adoption in ended:
        adoption.end_reason = rng.choice(END_REASONS)
        adoption.end_explanation = "Toelichting van de gemeente."
    Adoption.objects.bulk_update(ended, ["end_reason", "end_explanation"], batch_size=BATCH)
    requests = bulk_create(
        ServiceRequest,
        [
            ServiceRequest(
                service_id=service.pk,
                kind=rng.choice(["request", "problem"]),
                text=f"Verzoek {n} over {service.name}",
                created_at=ctx.moment_between(service.created_at, ctx.now),
            )
            for service in services
            for n in range(REQUESTS_PER_SERVICE)
        ],
    )
    by_service: dict[int, list[int]] = defaultdict(list)
    for request in requests:
        by_service[request.service_id].append(request.pk)
    organisation_of = dict(
        Organisation.municipalities.through.objects.filter(
            organisation__slug__startswith=BENCH_SLUG_PREFIX
        ).values_list("municipality_id", "organisation_id")
    )
    feedback = []
    for adoption in adoptions:
        organisation = organisation_of.get(adoption.municipality_id)
        if organisation is None or adoption.activated_at is None:
            continue
        until: datetime = adoption.ended_at or ctx.now
        start = max(adoption.activated_at, until - timedelta(days=365))
        moment = start + timedelta(days=rng.randint(7, FEEDBACK_EVERY_DAYS))
        while moment < until:
            feedback.append(
                Feedback(
                    adoption_id=adoption.pk,
                    organisation_id=organisation,
                    satisfaction=rng.choices(range(1, 6), weights=[1, 2, 4, 6, 3])[0],
                    works="Het reserveren loopt vlot.",
                    fails="" if rng.random() < 0.6 else "De koppeling met de agenda hapert.",
                    given_at=moment,
                )
            )
            moment += timedelta(days=rng.randint(FEEDBACK_EVERY_DAYS // 2, FEEDBACK_EVERY_DAYS))
    feedback = bulk_create(Feedback, feedback)
    service_of = {a.pk: a.service_id for a in adoptions}
    links = bulk_create(
        Feedback.requests.through,
        [
            Feedback.requests.through(feedback_id=f.pk, servicerequest_id=request)
            for f in feedback
            if rng.random() < 0.4
            for request in rng.sample(by_service[service_of[f.adoption_id]], k=rng.randint(1, 2))
        ],
    )
    releases = bulk_create(
        Release,
        [
            Release(
                service_id=service.pk,
                title=f"Versie {n + 1}",
                notes="- Sneller reserveren.\n- Een **duidelijkere** bevestiging.",
                released_on=moment.date(),
                published_at=moment,
            )
            for service in services
            for n, moment in enumerate(
                sorted(
                    ctx.moment_between(service.created_at, ctx.now)
                    for _ in range(rng.randint(2, 5))
                )
            )
        ],
    )
    return (
        len(ended)
        + len(requests)
        + len(feedback)
        + len(links)
        + len(releases)
        + (_make_service_surveys(ctx, services, adoptions))
    )


def _make_service_surveys(ctx: Context, services: list[Service], adoptions: list[Any]) -> int:
    rng = ctx.rng
    day = timezone.localdate(ctx.now)
    period = f"{day.year}-{1 if day.month <= 6 else 2}"
    service_type = ContentType.objects.get_for_model(Service)
    forms = bulk_create(
        ParticipationForm,
        [
            ParticipationForm(
                owner_type=service_type,
                owner_id=service.pk,
                title=f"Hoe tevreden is je gemeente over '{service.name}'?",
                consent_text="We bewaren je antwoorden zonder naam.",
                retention_until=(ctx.now + timedelta(days=900)).date(),
                requires_invitation=True,
                status=ParticipationForm.Status.OPEN,
            )
            for service in services
        ],
    )
    bulk_create(
        ServiceSurvey,
        [
            ServiceSurvey(service_id=service.pk, period=period, form_id=form.pk)
            for service, form in zip(services, forms, strict=True)
        ],
    )
    questions = bulk_create(
        Question,
        [
            Question(form=form, position=1, kind=Question.Kind.NPS, text="Zou je het aanraden?")
            for form in forms
        ],
    )
    question_of = {service.pk: q for service, q in zip(services, questions, strict=True)}
    answering = [a for a in adoptions if a.state == "active" and rng.random() < SURVEY_ANSWER_SHARE]
    responses = bulk_create(
        Response,
        [
            Response(
                form_id=question_of[a.service_id].form_id,
                submitted_at=ctx.now,
                receipt_hash=f"bench-survey-{a.pk}",
            )
            for a in answering
        ],
    )
    answers = bulk_create(
        Answer,
        [
            Answer(
                response_id=response.pk,
                question=question_of[a.service_id],
                number=Decimal(rng.choices(range(11), weights=[1] * 6 + [2, 3, 4, 5, 4])[0]),
            )
            for a, response in zip(answering, responses, strict=True)
        ],
    )
    return len(forms) * 3 + len(responses) + len(answers)


def clear_service_design() -> int:
    """The survey forms hang on their service by a generic relation: removed by hand; the
    rest goes with the services."""
    return ParticipationForm.objects.filter(
        service_survey__service__slug__startswith=BENCH_SLUG_PREFIX
    ).delete()[0]


# --- the expert pool (issue 14) ---------------------------------------------------------

FULL_EXPERTS = 600


def make_experts(ctx: Context) -> int:
    """A pool of experts: everyone who is an expert in a generated team, topped up with
    other people, each with a few themes and thesaurus concepts; the team's expert rows get
    the hours they commit and a period around now, so the pool's load has work to do."""
    rng = ctx.rng
    in_teams = set(
        ProjectMembership.objects.filter(
            project__need__call__in=ctx.calls, role=TeamRole.EXTERNAL_EXPERT
        ).values_list("user_id", flat=True)
    )
    others = [p.pk for p in ctx.people if not p.is_coordinator and p.pk not in in_teams]
    wanted = max(ctx.count(FULL_EXPERTS) - len(in_teams), 0)
    users = sorted(in_teams) + rng.sample(others, min(wanted, len(others)))
    languages = [" nl ", " nl en ", " nl fr ", " nl fr en ", " nl de "]
    profiles = bulk_create(
        ExpertProfile,
        [
            ExpertProfile(
                user_id=user,
                kind=kind,
                organisation="Bureau" if kind == "extern" else "Steunpunt",
                languages=rng.choice(languages),
                hours_per_month=rng.choice([8, 12, 16, 20, 24, 32, 40]),
                day_rate_cents=rng.randrange(45_000, 110_000, 500) if kind == "extern" else None,
            )
            for user in users
            for kind in [rng.choice(["intern", "extern"])]
        ],
    )
    themes = list(Theme.objects.values_list("pk", flat=True))
    concepts = list(ThesaurusConcept.objects.values_list("pk", flat=True))
    bulk_create(
        ExpertProfile.themes.through,
        [
            ExpertProfile.themes.through(expertprofile_id=p.pk, theme_id=theme)
            for p in profiles
            for theme in rng.sample(themes, min(2, len(themes)))
        ],
    )
    bulk_create(
        ExpertProfile.concepts.through,
        [
            ExpertProfile.concepts.through(expertprofile_id=p.pk, thesaurusconcept_id=concept)
            for p in profiles
            for concept in rng.sample(concepts, min(4, len(concepts)))
        ],
    )
    rows = list(
        ProjectMembership.objects.filter(
            project__need__call__in=ctx.calls, role=TeamRole.EXTERNAL_EXPERT
        )
    )
    today = ctx.now.date()
    for row in rows:
        row.hours_per_month = rng.choice([2, 4, 6, 8])
        row.starts_on = today - timedelta(days=rng.randrange(0, 400))
        row.ends_on = (
            None if rng.random() < 0.3 else row.starts_on + timedelta(days=rng.randrange(60, 540))
        )
    ProjectMembership.objects.bulk_update(
        rows, ["hours_per_month", "starts_on", "ends_on"], batch_size=BATCH
    )
    return len(profiles) + len(rows)


def clear_experts() -> int:
    return ExpertProfile.objects.filter(user__email__endswith=f"@{BENCH_DOMAIN}").delete()[0]


# --- budgets and spending (issue 14) ----------------------------------------------------

SPENDING_KINDS = [kind for kind, _label in Spending.Kind.choices]
SPENDING_TEXTS = [
    "Begeleiding door een externe UX-ontwerper",
    "Materiaal voor de prototypes",
    "Verplaatsingen naar de proeftuin",
    "Bonnen voor de burgers die meetestten",
    "Tablet voor het onthaal van de proeftuin",
    "Drukwerk voor de bevraging",
]


def make_budgets(ctx: Context) -> int:
    """Every call a budget; every generated project a budget for each phase and a few
    recorded costs in the phases it reached (a tenth of the projects spend 80-110 % of their
    budget that way, the rest less; their started experiments' costs come on top); and the
    warnings those crossings left (projects.services.budgets), from the sums in SQL."""
    from proeftuin.projects.budgets import warning_level, with_money

    rng = ctx.rng
    for call in ctx.calls:
        call.budget_cents = rng.randrange(150, 600) * 100_000
    Call.objects.bulk_update(ctx.calls, ["budget_cents"], batch_size=BATCH)
    budgets, spendings = [], []
    for project in lean_projects(ctx):
        scale = rng.uniform(0.6, 1.6)
        total = 0
        for index, phase in enumerate(PHASES):
            external = round(rng.randrange(1_000, 6_000) * scale) * 100
            local = round(rng.randrange(0, 8_000) * scale) * 100 if index >= 1 else 0
            total += external + local
            budgets.append(
                PhaseBudget(
                    project_id=project.pk,
                    phase=phase,
                    internal_hours=round(rng.randrange(16, 90) * scale),
                    external_cents=external,
                    local_investment_cents=local,
                )
            )
        share = rng.uniform(0.8, 1.1) if rng.random() < 0.1 else rng.uniform(0.05, 0.6)
        slots = phase_slots(project, ctx.now)
        count = rng.randrange(3, 9)
        for _cost in range(count):
            phase_index = rng.randrange(len(slots))
            start, end = slots[phase_index]
            spendings.append(
                Spending(
                    project_id=project.pk,
                    phase=PHASES[phase_index],
                    spent_on=ctx.moment_between(start, end).date(),
                    amount_cents=max(1, round(total * share / count)),
                    kind=rng.choice(SPENDING_KINDS),
                    description=rng.choice(SPENDING_TEXTS),
                    recorded_by_id=project.leader,
                    recorded_at=end,
                )
            )
    bulk_create(PhaseBudget, budgets)
    bulk_create(Spending, spendings)
    # Annotated with the sums, which the type checker cannot see.
    summed: Any = with_money(Project.objects.filter(need__call__in=ctx.calls).only("pk"))
    warnings = [
        BudgetWarning(project_id=p.pk, threshold=threshold, warned_at=ctx.now)
        for p in summed.iterator()
        for threshold in BudgetWarning.Threshold.values
        if (warning_level(p.spent_cents, p.budget_cents) or 0) >= threshold
    ]
    bulk_create(BudgetWarning, warnings)
    return len(ctx.calls) + len(budgets) + len(spendings) + len(warnings)


def clear_budgets() -> int:
    projects = Project.objects.filter(need__call__in=bench_calls())
    return sum(
        model.objects.filter(project__in=projects).delete()[0]
        for model in (BudgetWarning, Spending, PhaseBudget)
    )


STAGES = [
    Stage("municipalities", make_municipalities),
    Stage("organisations", make_organisations, clear_organisations),
    Stage(
        "organisation municipalities",
        make_organisation_municipalities,
        clear_organisation_municipalities,
    ),
    Stage("(password hash, once)", make_password_hash),
    Stage("people", make_people, clear_people),
    Stage("e-mail addresses", make_email_addresses, clear_email_addresses),
    Stage("memberships", make_memberships, clear_memberships),
    Stage("activity log", make_activity_log, clear_activity_log),
    Stage("calls", make_calls, clear_calls),
    Stage("needs", make_needs, clear_needs),
    Stage("supports", make_supports, clear_supports),
    Stage("reviews and scores", make_reviews, clear_reviews),
    Stage("decisions and projects", make_projects, clear_projects),
    Stage("hypotheses", make_hypotheses, clear_hypotheses),
    Stage("test cards and learning cards", make_experiments, clear_experiments),
    Stage("gate decisions", make_gate_decisions, clear_gate_decisions),
    Stage("discussion messages", make_comments, clear_comments),
    Stage("project profiles, publication", make_profiles_and_publication),
    Stage("activity log (lean cycle)", make_lean_activity_log),
    Stage("matching index (issue 8)", make_matching_index),
    Stage("canvases and value streams (issue 7)", make_canvases, clear_canvases),
    Stage("participation forms and responses (issue 6)", make_participation, clear_participation),
    Stage("knowledge base articles (issue 10)", make_articles, clear_articles),
    Stage("services and adoptions (issue 9)", make_services, clear_services),
    Stage(
        "service design: feedback, releases, surveys (issue 15)",
        make_service_design,
        clear_service_design,
    ),
    Stage("expert pool and committed hours (issue 14)", make_experts, clear_experts),
    Stage("budgets and spending (issue 14)", make_budgets, clear_budgets),
    Stage("analyze", analyze),
]


# --- running ----------------------------------------------------------------------------


def foreign_rows() -> int:
    """Rows this generator did not make: people and organisations are where all data hangs."""
    tables = set(connection.introspection.table_names())
    if User._meta.db_table not in tables or Organisation._meta.db_table not in tables:
        return 0
    return (
        User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").count()
        + Organisation.objects.exclude(slug__startswith=BENCH_SLUG_PREFIX).count()
    )


def engine_label() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return connection.vendor


def timed(
    label: str,
    action: Callable[[], int],
    results: list[tuple[str, int, float]],
    *,
    atomic: bool = True,
) -> None:
    """Run one stage (in one transaction unless told otherwise) and record its time."""
    start = time.perf_counter()
    if atomic:
        with transaction.atomic():
            rows = action()
    else:
        rows = action()
    seconds = time.perf_counter() - start
    results.append((label, rows, seconds))
    print(f"  {label:28} {rows:>9,} rows  {seconds:8.2f} s", flush=True)


def table(results: list[tuple[str, int, float]]) -> str:
    lines = ["| stage | rows | seconds | rows/s |", "|---|---:|---:|---:|"]
    for label, rows, seconds in results:
        rate = f"{rows / seconds:,.0f}" if rows and seconds > 0 else ""
        lines.append(f"| {label} | {rows:,} | {seconds:.2f} | {rate} |")
    generated = sum(rows for label, rows, _ in results if not label.startswith("("))
    total = sum(seconds for _, _, seconds in results)
    lines.append(f"| **total** | {generated:,} | {total:.2f} | |")
    return "\n".join(lines)


def database_counts() -> list[tuple[str, int]]:
    counts = [
        ("municipalities", Municipality.objects.count()),
        ("organisations", Organisation.objects.count()),
        (
            "  of which intermunicipal",
            Organisation.objects.filter(kind=Kind.INTERMUNICIPAL).count(),
        ),
        ("people", User.objects.count()),
    ]
    for status in Status:
        counts.append(
            (f"memberships {status.value}", Membership.objects.filter(status=status).count())
        )
    counts += [
        ("organisation admins (active)", Membership.objects.admins().count()),
        ("activity log", ActivityLog.objects.count()),
        ("calls", Call.objects.count()),
        ("needs", Need.objects.count()),
        ("  of which published challenges", Need.objects.challenges().count()),
        ("supports", Support.objects.count()),
        ("reviews", Review.objects.count()),
        ("  of which submitted", Review.objects.filter(submitted_at__isnull=False).count()),
        ("scores", Score.objects.count()),
        ("projects", Project.objects.count()),
        ("  of which stopped", Project.objects.filter(outcome=Project.Outcome.STOPPED).count()),
        ("  of which published", Project.objects.published().count()),
        ("test sites", TestSite.objects.count()),
        ("hypotheses", Hypothesis.objects.count()),
        (
            "  of which validated",
            Hypothesis.objects.filter(status=Hypothesis.Status.VALIDATED).count(),
        ),
        (
            "  of which invalidated",
            Hypothesis.objects.filter(status=Hypothesis.Status.INVALIDATED).count(),
        ),
        ("experiments", Experiment.objects.count()),
    ]
    for experiment_status in Experiment.Status:
        counts.append(
            (
                f"  {experiment_status.value}",
                Experiment.objects.filter(status=experiment_status).count(),
            )
        )
    for result in Experiment.Result:
        counts.append(
            (f"  completed {result.value}", Experiment.objects.filter(result=result).count())
        )
    counts += [
        ("learning cards", Learning.objects.count()),
        ("gate decisions", GateDecision.objects.count()),
        ("discussion messages", Comment.objects.count()),
        ("matching: indexed needs", MatchDocument.objects.count()),
        ("matching: similar-need rows", NeedSimilarity.objects.count()),
        ("matching: postings", MatchPosting.objects.count()),
        ("matching: clusters", NeedCluster.objects.count()),
    ]
    counts.append(("articles", Article.objects.count()))
    return counts + canvas_counts() + participation_counts()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a database that holds data this generator did not make",
    )
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    args = parser.parse_args()
    scale = float(os.environ.get("SCALE", "1"))
    if scale <= 0:
        parser.error("SCALE must be a positive number, e.g. SCALE=0.05")

    results: list[tuple[str, int, float]] = []
    if not EXPLICIT_DATABASE:
        OUT.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    elif (foreign := foreign_rows()) and not args.force:
        sys.exit(
            f"This database holds {foreign} people or organisations that bench/generate.py "
            "did not make. Point DATABASE_URL at an empty database, or pass --force to add "
            "the bench data beside them."
        )

    engine = engine_label()
    print(f"Proeftuin bench: {engine}, SCALE={scale:g}, {connection.settings_dict['NAME']}")

    def migrate() -> int:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        return 0

    # Migrations manage their own transactions (SQLite cannot alter tables inside one).
    timed("(migrate)", migrate, results, atomic=False)
    if EXPLICIT_DATABASE:

        def clear() -> int:
            return sum(s.clear() for s in reversed(STAGES) if s.clear is not None)

        timed("(remove earlier bench rows)", clear, results)

    ctx = Context(scale=scale, rng=random.Random(args.seed), now=timezone.now())
    for stage in STAGES:
        timed(stage.name, partial(stage.run, ctx), results)

    report = table(results)
    counts = database_counts()
    print()
    print(report)
    print()
    for label, value in counts:
        print(f"  {label:32} {value:>9,}")
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        size = sum(
            path.stat().st_size for path in (Path(name), Path(f"{name}-wal")) if path.exists()
        )
        print(f"\n  database file (with its WAL): {size / 1e6:.1f} MB")

    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    python = f"Python {platform.python_version()}"
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Bench results\n\nAppended by `bench/generate.py` (see bench/README.md), "
            "newest last.\n",
            encoding="utf-8",
        )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(
            f"\n## {stamp} — {engine}, SCALE={scale:g}\n\n{machine}, {python}, "
            f"seed {args.seed}.\n\n{report}\n"
        )
    print(f"\nAppended to {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
