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
from datetime import datetime, timedelta
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
)
from proeftuin.core.models import ActivityLog  # noqa: E402
from proeftuin.organisations.management.commands.load_municipalities import (  # noqa: E402
    load_municipalities,
)
from proeftuin.organisations.models import Membership, Municipality, Organisation  # noqa: E402
from proeftuin.projects.models import Membership as ProjectMembership  # noqa: E402
from proeftuin.projects.models import Project, TestSite  # noqa: E402
from proeftuin.reviews.models import Decision, Review, ReviewerRole, Score  # noqa: E402

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


def make_matching_index(ctx: Context) -> int:
    """Shared-need matching: index every need from scratch, as after a thesaurus change
    (vectors, postings, similar needs, clusters). The rows go when their needs go."""
    from proeftuin.calls.matching import index

    return index.rebuild()


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
    Stage("matching index (issue 8)", make_matching_index),
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
        ("test sites", TestSite.objects.count()),
        ("matching: indexed needs", MatchDocument.objects.count()),
        ("matching: similar-need rows", NeedSimilarity.objects.count()),
        ("matching: postings", MatchPosting.objects.count()),
        ("matching: clusters", NeedCluster.objects.count()),
    ]
    return counts


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
