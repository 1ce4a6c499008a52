"""Demo: an expert pool of thirty people, internal (the programme's own staff and the
sector-support organisation's advisers) and external (bureaus, freelancers, a university),
with mixed expertise and load. Eva Expert (expert@demo.proeftuin.be), external expert of
every demo team, commits hours to the running ones; other experts are invited from the
proposals of each running project: some accepted, one invitation still open, and a few
experts end up fully booked, so the pool shows every state.

Runs after the projects' and the scaling demos (stage 3), through the services. Password `proeftuin-demo`.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from proeftuin.calls.models import ThesaurusConcept
from proeftuin.core.models import Theme
from proeftuin.organisations.demo import DEMO_PASSWORD

from . import experts as queries
from .models import ExpertProfile, Membership, Project
from .services import accept_invitation
from .services.experts import ProfileData, create_expert_profile, invite_expert, set_commitment

INTERN, EXTERN = ExpertProfile.Kind.INTERNAL, ExpertProfile.Kind.EXTERNAL

# (e-mail name, name, kind, organisation, themes, concepts, languages, hours a month,
#  day rate in euro for external experts)
POOL: list[tuple[str, str, str, str, list[str], list[str], list[str], int, str | None]] = [
    (
        "expert",
        "Eva Expert",
        EXTERN,
        "Eva Expert bv",
        ["ticketing", "data", "zaalverhuur"],
        ["TICKETING", "ONLINE_PAYMENT", "ROOM_BOOKING", "DASHBOARD_DATA"],
        ["nl", "en"],
        40,
        "720",
    ),
    (
        "lotte.peeters",
        "Lotte Peeters",
        INTERN,
        "Proeftuin-team",
        ["participatie", "communicatie"],
        ["CITIZEN_PARTICIPATION", "SURVEY_FEEDBACK", "AUDIENCE_RESEARCH_CRM"],
        ["nl", "en"],
        24,
        None,
    ),
    (
        "pieter.claes",
        "Pieter Claes",
        INTERN,
        "Proeftuin-team",
        ["data"],
        ["DASHBOARD_DATA", "INTEGRATION_API", "VISITOR_COUNTING"],
        ["nl", "en"],
        16,
        None,
    ),
    (
        "nadia.elamrani",
        "Nadia El Amrani",
        INTERN,
        "Proeftuin-team",
        ["participatie"],
        ["INCLUSIVE_PARTICIPATION", "NEWCOMERS_DIVERSITY", "DIGITAL_INCLUSION_HELPDESK"],
        ["nl", "fr", "en"],
        20,
        None,
    ),
    (
        "wim.desmet",
        "Wim De Smet",
        INTERN,
        "Proeftuin-team",
        ["uitleen", "zaalverhuur"],
        ["LENDING_EVENT_MATERIALS", "ROOM_BOOKING", "AVAILABILITY_CALENDAR"],
        ["nl"],
        12,
        None,
    ),
    (
        "sofie.maes",
        "Sofie Maes",
        INTERN,
        "Steunpunt cultuur",
        ["erfgoed"],
        ["HERITAGE_GENERAL", "PHOTO_COLLECTIONS", "METADATA_DISCOVERY"],
        ["nl", "en"],
        16,
        None,
    ),
    (
        "bart.jacobs",
        "Bart Jacobs",
        INTERN,
        "Steunpunt cultuur",
        ["vrijwilligers"],
        ["VOLUNTEERS", "VOLUNTEER_ADMIN", "SHIFT_SCHEDULING"],
        ["nl"],
        8,
        None,
    ),
    (
        "els.willems",
        "Els Willems",
        INTERN,
        "Steunpunt cultuur",
        ["communicatie"],
        ["NEWSLETTER_MAILING", "SOCIAL_MEDIA", "WEBSITE_CMS"],
        ["nl", "en"],
        12,
        None,
    ),
    (
        "koen.mertens",
        "Koen Mertens",
        INTERN,
        "Steunpunt cultuur",
        ["ticketing"],
        ["TICKETING", "SEATING_PLAN", "CULTURAL_CENTRE"],
        ["nl", "fr"],
        8,
        None,
    ),
    (
        "an.goossens",
        "An Goossens",
        INTERN,
        "Steunpunt cultuur",
        ["uitleen"],
        ["LIBRARY_GENERAL", "LIBRARY_OF_THINGS", "DEVICE_LENDING"],
        ["nl"],
        12,
        None,
    ),
    (
        "tom.wouters",
        "Tom Wouters",
        INTERN,
        "Departement Cultuur",
        ["data"],
        ["POLICY_PLANNING_REPORTING", "OVERVIEW_TRANSPARENCY"],
        ["nl", "en"],
        6,
        None,
    ),
    (
        "marie.dubois",
        "Marie Dubois",
        INTERN,
        "Departement Cultuur",
        ["participatie"],
        ["YOUTH_PARTICIPATION_VOTING", "YOUTH_WORK"],
        ["nl", "fr"],
        8,
        None,
    ),
    (
        "jonas.vermeulen",
        "Jonas Vermeulen",
        INTERN,
        "Steunpunt cultuur",
        ["zaalverhuur"],
        ["ROOM_BOOKING", "KEYS_SMART_ACCESS", "ROOM_SETUP"],
        ["nl"],
        8,
        None,
    ),
    (
        "hanne.vandamme",
        "Hanne Van Damme",
        INTERN,
        "Proeftuin-team",
        ["erfgoed", "participatie"],
        ["ORAL_HISTORY", "CROWDSOURCING_DESCRIPTION"],
        ["nl", "en"],
        10,
        None,
    ),
    (
        "yusuf.demir",
        "Yusuf Demir",
        INTERN,
        "Proeftuin-team",
        ["communicatie", "data"],
        ["CHATBOT_FAQ", "AI_AUTOMATION"],
        ["nl", "en", "de"],
        16,
        None,
    ),
    (
        "greet.hermans",
        "Greet Hermans",
        EXTERN,
        "Hermans Advies",
        ["vrijwilligers", "participatie"],
        ["VOLUNTEER_RECRUITMENT_MATCHING", "ASSOCIATION_SUPPORT"],
        ["nl"],
        20,
        "650",
    ),
    (
        "dries.vandenberghe",
        "Dries Vandenberghe",
        EXTERN,
        "Studio Ontwerp",
        ["communicatie"],
        ["WEB_ACCESSIBILITY_PLAIN_LANGUAGE", "WEBSITE_CMS", "MOBILE_APP"],
        ["nl", "en"],
        32,
        "840",
    ),
    (
        "ilse.deckers",
        "Ilse Deckers",
        EXTERN,
        "Deckers & Co",
        ["ticketing", "zaalverhuur"],
        ["ONLINE_PAYMENT", "PRICING_TARIFFS", "ROOM_BOOKING"],
        ["nl"],
        16,
        "700",
    ),
    (
        "thomas.lambert",
        "Thomas Lambert",
        EXTERN,
        "Lambert Data",
        ["data"],
        ["DASHBOARD_DATA", "SENSORS_IOT", "VISITOR_COUNTING"],
        ["nl", "fr", "en"],
        24,
        "900",
    ),
    (
        "laura.smets",
        "Laura Smets",
        EXTERN,
        "Smets UX",
        ["participatie", "communicatie"],
        ["SURVEY_FEEDBACK", "AUDIENCE_RESEARCH_CRM", "WEB_ACCESSIBILITY_PLAIN_LANGUAGE"],
        ["nl", "en"],
        16,
        "780",
    ),
    (
        "michiel.vos",
        "Michiel Vos",
        EXTERN,
        "Vos Erfgoedadvies",
        ["erfgoed"],
        ["ARCHIVES_DIGITISATION", "SCANNING_DIGITISATION", "DIGITAL_PRESERVATION"],
        ["nl"],
        12,
        "620",
    ),
    (
        "sara.vanacker",
        "Sara Van Acker",
        EXTERN,
        "Universiteit Gent",
        ["data", "participatie"],
        ["CITIZEN_PARTICIPATION", "DASHBOARD_DATA"],
        ["nl", "en"],
        8,
        "550",
    ),
    (
        "kevin.deroo",
        "Kevin De Roo",
        EXTERN,
        "Roo Software",
        ["ticketing", "uitleen"],
        ["INTEGRATION_API", "TICKETING", "LENDING_EVENT_MATERIALS"],
        ["nl", "en"],
        40,
        "950",
    ),
    (
        "julie.martens",
        "Julie Martens",
        EXTERN,
        "Martens Communicatie",
        ["communicatie"],
        ["MARKETING_PROMOTION", "PROGRAMME_BROCHURE", "SOCIAL_MEDIA"],
        ["nl", "fr"],
        20,
        "600",
    ),
    (
        "filip.geerts",
        "Filip Geerts",
        EXTERN,
        "Geerts Facility",
        ["zaalverhuur", "uitleen"],
        ["FACILITY_MAINTENANCE", "INVENTORY_ASSETS"],
        ["nl"],
        12,
        "580",
    ),
    (
        "chloe.lemaire",
        "Chloé Lemaire",
        EXTERN,
        "Atelier Bruxelles",
        ["participatie", "erfgoed"],
        ["NEWCOMERS_DIVERSITY", "INTANGIBLE_HERITAGE_TRADITIONS"],
        ["fr", "nl", "en"],
        16,
        "690",
    ),
    (
        "arne.dewilde",
        "Arne De Wilde",
        EXTERN,
        "De Wilde Consult",
        ["vrijwilligers", "data"],
        ["VOLUNTEER_ADMIN", "TIME_REGISTRATION"],
        ["nl"],
        8,
        "640",
    ),
    (
        "eline.bogaert",
        "Eline Bogaert",
        EXTERN,
        "Bogaert Toegankelijkheid",
        ["communicatie"],
        ["PHYSICAL_ACCESSIBILITY", "WEB_ACCESSIBILITY_PLAIN_LANGUAGE", "SURTITLES_CAPTIONS"],
        ["nl", "en"],
        12,
        "730",
    ),
    (
        "ruben.coppens",
        "Ruben Coppens",
        EXTERN,
        "Coppens Podiumtechniek",
        ["ticketing"],
        ["STAGE_TECHNOLOGY", "PERFORMING_ARTS_PROGRAMMING", "STREAMING_LIVESTREAM"],
        ["nl"],
        16,
        "670",
    ),
    (
        "lien.verbeke",
        "Lien Verbeke",
        EXTERN,
        "Verbeke Leesbevordering",
        ["uitleen"],
        ["READING_PROMOTION", "LITERACY_LANGUAGE", "LIBRARY_GENERAL"],
        ["nl", "en"],
        8,
        "560",
    ),
]


def _person(local: str, name: str) -> Any:
    email = f"{local}@demo.proeftuin.be"
    users = get_user_model().objects
    user = users.filter(email=email).first()
    if user is None:
        user = users.create_user(email, DEMO_PASSWORD, name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def load() -> None:
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if coordinator is None or ExpertProfile.objects.exists():
        return
    themes = {t.slug: t for t in Theme.objects.all()}
    concepts = {c.key: c for c in ThesaurusConcept.objects.all()}
    for local, name, kind, organisation, theme_slugs, keys, languages, hours, rate in POOL:
        user = _person(local, name)
        create_expert_profile(
            email=user.email,
            data=ProfileData(
                kind=kind,
                organisation=organisation,
                summary="",
                languages=languages,
                hours_per_month=hours,
                day_rate_cents=int(Decimal(rate) * 100) if rate else None,
                themes=[themes[s] for s in theme_slugs if s in themes],
                concepts=[concepts[k] for k in keys if k in concepts],
            ),
            by=coordinator,
        )
    _commit_eva(coordinator)
    _compose_teams(coordinator)


def _commit_eva(coordinator: Any) -> None:
    """Eva already works in every team; in the running ones she commits eight hours a month
    until three months from now."""
    until = timezone.localdate() + timedelta(days=90)
    for membership in Membership.objects.filter(
        user__email="expert@demo.proeftuin.be",
        role__in=[Membership.Role.INTERNAL_EXPERT, Membership.Role.EXTERNAL_EXPERT],
        project__outcome=Project.Outcome.RUNNING,
    ).select_related("project"):
        set_commitment(
            membership=membership, hours_per_month=8, starts_on=None, ends_on=until, by=coordinator
        )


def _compose_teams(coordinator: Any) -> None:
    """Each running project gets the experts the platform proposes first: the best one
    accepts with all their free hours (so some experts are fully booked), the second with a
    few hours; in the last project the second invitation is left open."""
    running = list(Project.objects.running().order_by("pk"))
    for index, project in enumerate(running):
        for rank, expert in enumerate(queries.proposals(project)[:2]):
            hours = (
                queries.free_hours_of(expert)
                if rank == 0 and index % 2 == 0
                else min(4, queries.free_hours_of(expert))
            )
            membership = invite_expert(
                project=project,
                expert=expert,
                hours_per_month=hours,
                starts_on=None,
                ends_on=None if rank == 0 else timezone.localdate() + timedelta(days=150),
                by=coordinator,
            )
            if not (index == len(running) - 1 and rank == 1):
                accept_invitation(token=membership.token, by=expert.user)
