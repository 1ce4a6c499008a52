"""Demo programme: a decided call of last spring and an open call with about forty needs
from real Flemish municipalities, in every state, with sector support.

Fixture data: rows are written directly (with their history), not through the services, so
loading the demo sends no e-mail."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from proeftuin.core.models import Theme
from proeftuin.organisations.demo import DEMO_PASSWORD
from proeftuin.organisations.models import Membership, Municipality, Organisation

from .matching import tasks as matching_tasks
from .models import Call, Criterion, Need, Support

BRUSSELS = ZoneInfo("Europe/Brussels")
KINDS = [
    ("Cultuurcentrum", Organisation.Kind.CULTURAL_CENTRE),
    ("Bibliotheek", Organisation.Kind.LIBRARY),
    ("Vrijetijdsdienst", Organisation.Kind.MUNICIPALITY),
    ("Erfgoedcel", Organisation.Kind.HERITAGE_CELL),
    ("Jeugddienst", Organisation.Kind.YOUTH_SERVICE),
]
FIRST_NAMES = [
    "An",
    "Bart",
    "Charlotte",
    "Dirk",
    "Els",
    "Filip",
    "Griet",
    "Hilde",
    "Jan",
    "Katrien",
    "Lieven",
    "Marleen",
    "Nele",
    "Pieter",
    "Sofie",
    "Tom",
    "Wim",
    "Zoë",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Vermeulen",
    "Van den Broeck",
    "De Clercq",
]
THEME_BY_GROUP = {
    "online-ticketing": "ticketing",
    "event-materials-lending": "uitleen",
    "room-booking": "zaalverhuur",
    "volunteer-shift-planning": "vrijwilligers",
    "technical-crew-scheduling": "vrijwilligers",
    "heritage-photo-crowdsourcing": "erfgoed",
    "heritage-audio-walks": "erfgoed",
    "library-home-delivery": "participatie",
    "holiday-camp-registration": "ticketing",
    "art-academy-enrolment": "data",
    "unified-event-calendar": "communicatie",
    "digital-skills-helpdesk": "participatie",
}
CRITERIA = [
    (
        "Relevantie voor de burger",
        3,
        "Weinig meerwaarde voor inwoners",
        "Duidelijke meerwaarde voor een doelgroep",
        "Grote meerwaarde voor veel inwoners",
    ),
    (
        "Gedeelde nood in de sector",
        2,
        "Eén gemeente",
        "Enkele gemeenten herkennen dit",
        "Leeft in veel gemeenten",
    ),
    (
        "Haalbaarheid binnen een proeftuin",
        2,
        "Onrealistisch in een jaar",
        "Haalbaar met extra steun",
        "Snel te testen",
    ),
    ("Leerwaarde voor de sector", 1, "Weinig nieuw", "Interessante lessen", "Opent nieuwe wegen"),
]
# Six selected needs: the projects' demo shows a running project in each phase up to
# "piloteren", a stopped one, and two in "evalueren" that the scaling demo scales up and
# continues locally. Kapellen's comes after Dilbeek's, so the support Dilbeek's need gathers
# (the demand its scale evaluation cites) stays as it was.
SPRING_STATES = [
    "selected",
    "selected",
    "backlog",
    "selected",
    "declined",
    "merged",
    "declined",
    "selected",
    "selected",
    "declined",
    "selected",
    "backlog",
]
OPEN_STATES = [
    "submitted",
    "retained*",
    "submitted",
    "declined",
    "retained*",
    "draft",
    "backlog",
    "submitted",
    "retained",
    "withdrawn",
    "retained*",
    "merged",
    "submitted",
    "retained*",
    "submitted",
    "draft",
    "retained",
    "declined",
    "submitted",
    "retained*",
    "backlog",
    "submitted",
    "retained*",
    "submitted",
    "draft",
    "submitted",
    "retained",
    "declined",
    "submitted",
    "retained*",
    "submitted",
    "withdrawn",
    "submitted",
    "retained",
    "submitted",
    "draft",
    "submitted",
    "retained*",
    "submitted",
    "submitted",
]
MOTIVATIONS = {
    "retained": "Een herkenbare nood die in meerdere gemeenten leeft; we nemen hem mee naar de beoordeling.",
    "declined": "Deze vraag vraagt eerder een aankoop dan een experiment; we verwijzen door naar de bestaande raamcontracten.",
    "backlog": "Relevant, maar we wachten op de resultaten van een lopend proefproject rond hetzelfde thema.",
    "merged": "Beschrijft dezelfde nood als een andere indiening; we voegen ze samen zodat beide gemeenten betrokken blijven.",
    "selected": "Geselecteerd als proefproject: sterke nood, veel steun en snel te testen met burgers.",
}


def _moment(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BRUSSELS)


def _call(
    slug: str,
    title: str,
    intro: str,
    opens: datetime,
    closes: datetime,
    decided: bool,
    max_projects: int,
) -> Call:
    call, created = Call.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "introduction": intro,
            "opens_at": opens,
            "closes_at": closes,
            "max_projects": max_projects,
            "allowed_attachments": [c.value for c in Call.Attachment],
            "published_at": opens - timedelta(days=14),
            "decided_at": closes + timedelta(days=45) if decided else None,
        },
    )
    if created:
        call.themes.set(Theme.objects.all())
        Criterion.objects.bulk_create(
            Criterion(
                call=call,
                name=name,
                weight=weight,
                meaning_1=m1,
                meaning_3=m3,
                meaning_5=m5,
                position=i,
            )
            for i, (name, weight, m1, m3, m5) in enumerate(CRITERIA)
        )
    return call


def _organisation_for(municipality: Municipality, n: int) -> tuple[Organisation, Any]:
    """The n-th demo submitter's organisation: the same on every run (no shared state), and
    never a second organisation with the name of one that exists."""
    prefix, kind = KINDS[n % len(KINDS)]
    slug = f"demo-{slugify(municipality.name)}"
    name = f"{prefix} {municipality.name}"
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation, created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )
        if created:
            organisation.municipalities.set([municipality])
    users = get_user_model().objects
    email = f"{slug.removeprefix('demo-')}@demo.proeftuin.be"
    user = users.filter(email=email).first()
    if user is None:
        person = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}"
        user = users.create_user(email, DEMO_PASSWORD, name=person)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": "admin", "status": "active"}
    )
    return organisation, user


def load() -> None:
    if Call.objects.filter(slug="proeftuin-winter").exists():
        return
    now = timezone.now()
    year = now.astimezone(BRUSSELS).year
    # The spring call is decided in mid-June; before then the decided one is last year's.
    spring_year = year if now >= _moment(year, 6, 15) else year - 1
    winter_year = year if now.astimezone(BRUSSELS).month >= 7 else year - 1
    spring = _call(
        f"proeftuin-voorjaar-{spring_year}",
        f"Proeftuin voorjaar {spring_year}",
        "De experimenteerruimte van het voorjaar: **welke digitale nood** houdt jouw cultuurwerking al lang bezig?",
        _moment(spring_year, 3, 1, 9),
        _moment(spring_year, 4, 30, 23),
        decided=True,
        max_projects=6,
    )
    current = _call(
        "proeftuin-winter",
        f"Proeftuin winter {winter_year}-{winter_year + 1}",
        "Dien tot eind januari je **digitale noden** in. We zoeken problemen en kansen, geen oplossingen.\n\n"
        "- Beschrijf wat je burgers of bezoekers vandaag missen\n"
        "- Vertel hoe je het nu oplost\n"
        "- Andere gemeenten kunnen je uitdaging steunen",
        now - timedelta(days=20),
        now + timedelta(days=60),
        decided=False,
        max_projects=4,
    )
    themes = {t.slug: t for t in Theme.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    rows = [
        json.loads(line)
        for line in (Path(settings.BASE_DIR) / "data" / "demo-needs.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    plan = [(spring, state) for state in SPRING_STATES] + [
        (current, state) for state in OPEN_STATES
    ]
    created: list[Need] = []
    for (call, state), row in zip(plan, rows, strict=False):
        organisation, user = _organisation_for(municipalities[row["municipality"]], len(created))
        published = state.endswith("*")
        state = state.rstrip("*")
        # Spread the submissions over the days the call has been open (never in the future).
        open_days = 25 if call.decided_at else max(1, (now - call.opens_at).days - 1)
        submitted_at = call.opens_at + timedelta(
            days=len(created) % open_days + 1, hours=len(created) % 7
        )
        need = Need.objects.create(
            call=call,
            organisation=organisation,
            submitted_by=user,
            title=row["title"],
            problem=row["text"],
            target_groups="Inwoners en bezoekers van onze werking, vrijwilligers en medewerkers.",
            current_handling="Met telefoon, e-mail, papieren lijsten en Excel.",
            citizen_value="Minder drempels en wachttijd voor inwoners, meer tijd voor inhoudelijk werk.",
            status="submitted" if state == "merged" else state,
            submitted_at=None if state == "draft" else submitted_at,
            decision_motivation=MOTIVATIONS.get(state, ""),
            decided_at=submitted_at + timedelta(days=10) if state in MOTIVATIONS else None,
            published_at=submitted_at + timedelta(days=12)
            if published or (state in ("selected",))
            else None,
            created_at=submitted_at - timedelta(days=1),
        )
        theme = themes.get(THEME_BY_GROUP.get(row["group"], ""))
        if theme:
            need.themes.set([theme])
        created.append(need)
    # A merged need points at an earlier need of the same call.
    for need in created:
        if need.decision_motivation == MOTIVATIONS["merged"]:
            target = next(
                n
                for n in created
                if n.call_id == need.call_id
                and n.pk != need.pk
                and n.status in ("submitted", "retained", "selected")
            )
            Need.objects.filter(pk=need.pk).update(
                status="merged", merged_into=target, published_at=None
            )
    _support(created)
    _ines_needs(current, themes)
    # The rows above bypass the services, so the shared-need index is built once, by the worker.
    transaction.on_commit(matching_tasks.rebuild_index.enqueue)


def _support(needs: list[Need]) -> None:
    """Organisations elsewhere say "wij hebben deze nood ook" on the published challenges."""
    challenges = [(n, n.published_at) for n in needs if n.published_at]
    supporters = list(
        Organisation.objects.filter(slug__startswith="demo-").prefetch_related(
            "municipalities", "memberships__user"
        )
    )
    for i, (need, published_at) in enumerate(challenges):
        own = set(need.organisation.municipalities.values_list("pk", flat=True))
        count = 0
        for organisation in supporters[i % 7 :: 3]:
            if count >= 1 + i % 5:
                break
            member = next((m.user for m in organisation.memberships.all()), None)
            if member is None or own & {m.pk for m in organisation.municipalities.all()}:
                continue
            Support.objects.create(
                need=need,
                organisation=organisation,
                user=member,
                comment="Bij ons speelt exact hetzelfde." if count == 0 else "",
                created_at=published_at + timedelta(days=count + 1),
                notified_at=published_at + timedelta(days=count + 2),
            )
            count += 1


def _ines_needs(call: Call, themes: dict[str, Theme]) -> None:
    """The demo submitter of Bibliotheek Gent has a draft and a submitted need."""
    user = get_user_model().objects.filter(email="indiener@demo.proeftuin.be").first()
    organisation = Organisation.objects.filter(slug="demo-bibliotheek-gent").first()
    if user is None or organisation is None:
        return
    submitted = Need.objects.create(
        call=call,
        organisation=organisation,
        submitted_by=user,
        title="Anderstalige nieuwkomers vinden de weg niet naar onze bib",
        problem="Nieuwkomers die Nederlands leren, kennen onze bibliotheek niet of denken dat ze er niets te zoeken hebben. "
        "Onze folders en website zijn enkel in het Nederlands en ons inschrijvingsformulier is lang en ingewikkeld.",
        target_groups="Anderstalige nieuwkomers, leerkrachten NT2, onthaalbureau.",
        current_handling="Eén keer per jaar een rondleiding voor een NT2-klas; verder niets.",
        citizen_value="Nieuwkomers vinden sneller boeken, cursussen en hulp in hun buurt.",
        status=Need.Status.SUBMITTED,
        submitted_at=call.opens_at + timedelta(days=3),
    )
    submitted.themes.set([themes["participatie"]])
    Need.objects.create(
        call=call,
        organisation=organisation,
        submitted_by=user,
        title="Leesclubs voor jongeren online opvolgen",
        problem="Onze leesclubs voor tieners draaien op WhatsApp-groepjes en papieren lijstjes; "
        "we verliezen jongeren uit het oog.",
        status=Need.Status.DRAFT,
    )
