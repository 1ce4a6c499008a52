"""Demo: the scale evaluations of two projects and the service that came of one.

- Dilbeek's room reservation (in "evalueren"): its projectleider's request to scale up is
  refused — no validated hypothesis about viability — and a coordinator overrides with a
  written motivation; the project becomes the service "Zalen online reserveren", available,
  with adoptions spread over the provinces in every state.
- Kapellen's single place for its youth rooms and party hall (in "evalueren"): continued
  locally — what worked is an agreement between its own services of sport, youth and
  culture, not a service for other municipalities. Poperinge keeps running in "piloteren".

Runs at stage 2, after the projects' and the canvases' demos (stage 1) it builds on.
Idempotent: it does nothing once Dilbeek's project has an evaluation.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from proeftuin.core.errors import DomainError
from proeftuin.organisations.models import Membership as OrganisationMembership
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import Membership, Project

from . import services
from .models import Adoption, EndReason, ScaleCriterion, ScaleEvaluation, Service

ROOMS = "Zalen van de gemeente online reserveren"
YOUTH_ROOMS = "Jeugdlokalen en fuifzaal vastleggen op één plek"
Decision = ScaleEvaluation.Decision
State = Adoption.State

ROOM_SCORES = {
    "Vraag in andere gemeenten": (
        5,
        "Zes gemeenten in vier provincies dienden dezelfde nood in of steunden hem.",
    ),
    "Overdraagbaarheid (technisch)": (
        4,
        "De module koppelt aan de twee zalenagenda's die de meeste gemeenten gebruiken.",
    ),
    "Overdraagbaarheid (organisatorisch)": (
        3,
        "De sleutelafspraken verschillen per gemeente; een draaiboek vangt dat op.",
    ),
    "Kost per gemeente": (4, "Ongeveer 600 euro per jaar, ook voor een kleine gemeente haalbaar."),
    "Bewijs van waarde": (4, "De pilot haalde 38 % online reservaties buiten de openingsuren."),
    "Eigenaarschap en duurzaamheid": (
        3,
        "Het steunpunt beheert de module; de financiering is voor drie jaar rond.",
    ),
    "Privacy en juridisch": (4, "Verwerkersovereenkomst en aanbesteding via de raamovereenkomst."),
    "Toegankelijkheid": (4, "Getest met een schermlezer; reserveren aan de balie blijft kunnen."),
}
YOUTH_ROOM_SCORES = {
    "Vraag in andere gemeenten": (
        2,
        "Eén andere gemeente steunt de nood; wie zalen online wil verhuren, kan de dienst "
        "'Zalen online reserveren' aanvragen.",
    ),
    "Overdraagbaarheid (technisch)": (
        3,
        "Een aanvraagpagina en een gedeelde kalender; er is geen eigen software.",
    ),
    "Overdraagbaarheid (organisatorisch)": (
        2,
        "De winst zit in de afspraken tussen sport, jeugd en cultuur van Kapellen.",
    ),
    "Kost per gemeente": (4, "Vrijwel niets buiten de uren van de jeugdconsulent."),
    "Bewijs van waarde": (
        4,
        "In de pilot was 92 % van de aanvragen binnen twee werkdagen bevestigd.",
    ),
    "Eigenaarschap en duurzaamheid": (4, "De jeugddienst houdt de pagina en de kalender bij."),
    "Privacy en juridisch": (
        4,
        "Alleen de contactgegevens van de aanvrager; geen nieuwe verwerking.",
    ),
    "Toegankelijkheid": (3, "De pagina is getest met een schermlezer; mailen blijft kunnen."),
}
SERVICE = {
    "name": "Zalen online reserveren",
    "summary": "Inwoners zien 's avonds welke gemeentelijke zaal vrij is, wat ze kost, en "
    "leggen ze meteen vast.",
    "offer": "Een reservatiemodule gekoppeld aan de zalenagenda van de gemeente, een "
    "draaiboek voor de sleutelafspraken en een opleiding voor de vrijetijdsdienst.",
    "conditions": "600 euro per jaar per gemeente; de gemeente houdt haar eigen tarieven en "
    "reglement.",
    "how_to_start": "Vraag de dienst aan; we plannen een startgesprek en zetten de zalen "
    "samen met de vrijetijdsdienst online.",
    "contact_email": "zalen@steunpunt.example.be",
}
# Municipality (with a demo member), the furthest state its adoption reaches.
ADOPTIONS = [
    ("Dilbeek", State.ACTIVE),
    ("Asse", State.ACTIVE),
    ("Halle", State.ACTIVE),
    ("Herentals", State.ACTIVE),
    ("Mechelen", State.ACTIVE),
    ("Genk", State.ACTIVE),
    ("Brugge", State.ACTIVE),
    ("Lokeren", State.ACTIVE),
    ("Vilvoorde", State.REQUESTED),
    ("Turnhout", State.REQUESTED),
    ("Hasselt", State.REQUESTED),
    ("Kortrijk", State.REQUESTED),
    ("Aarschot", State.INTERESTED),
    ("Lier", State.INTERESTED),
    ("Sint-Truiden", State.INTERESTED),
    ("Roeselare", State.INTERESTED),
    ("Zele", State.INTERESTED),
    ("Ninove", State.INTERESTED),
    ("Tienen", State.ENDED),
]

TIENEN_END = (
    "De vrijetijdsdienst en de cultuurdienst van Tienen gaan samen in één nieuw "
    "vrijetijdsloket met een eigen boekingssysteem voor zalen en sport; de reservatiemodule "
    "past daar niet in."
)


def load() -> None:
    rooms = Project.objects.filter(need__title=ROOMS, phase=Project.Phase.EVALUATE).first()
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if rooms is None or coordinator is None or hasattr(rooms, "scale_evaluation"):
        return
    with transaction.atomic():
        service = _scale_rooms(rooms, coordinator)
        if service is not None:
            _adoptions(service, coordinator)
        youth_rooms = Project.objects.filter(
            need__title=YOUTH_ROOMS, phase=Project.Phase.EVALUATE
        ).first()
        if youth_rooms is not None and youth_rooms.is_running:
            _continue_youth_rooms(youth_rooms)


def _leader(project: Project) -> Any:
    membership = (
        project.team.filter(role=Membership.Role.PROJECT_LEADER, accepted_at__isnull=False)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _score(project: Project, by: Any, scores: dict[str, tuple[int, str]]) -> ScaleEvaluation:
    evaluation = services.start_evaluation(project=project, by=by)
    for criterion in ScaleCriterion.objects.filter(active=True):
        score, motivation = scores.get(criterion.name, (3, "Geen bijzonderheden."))
        services.score_criterion(
            evaluation=evaluation, criterion=criterion, score=score, motivation=motivation, by=by
        )
    return evaluation


def _scale_rooms(project: Project, coordinator: Any) -> Service | None:
    leader = _leader(project)
    if leader is None:
        return None
    evaluation = _score(project, leader, ROOM_SCORES)
    motivation = (
        "De pilot in twee zalen toont dat inwoners 's avonds online reserveren, en zes "
        "gemeenten vragen hetzelfde."
    )
    try:
        services.decide(
            evaluation=evaluation,
            decision=Decision.SCALE_UP,
            motivation=motivation,
            service_fields=SERVICE,
            by=leader,
        )
    except DomainError:
        # Refused: no validated hypothesis about viability. The coordinator overrides.
        services.decide(
            evaluation=evaluation,
            decision=Decision.SCALE_UP,
            motivation=motivation,
            override_motivation=(
                "De levensvatbaarheid is niet met een experiment gevalideerd, maar de "
                "raamovereenkomst legt de kost per gemeente vast en zes gemeenten vragen erom. We "
                "meten de kost in de eerste gemeenten die starten en sturen bij."
            ),
            service_fields=SERVICE,
            by=coordinator,
        )
    service = Service.objects.get(evaluations__project=project)
    return services.set_service_state(
        service=service, state=Service.State.AVAILABLE, by=coordinator
    )


def member_of(municipality: Municipality) -> Any:
    membership = (
        OrganisationMembership.objects.filter(
            organisation__municipalities=municipality,
            status=OrganisationMembership.Status.ACTIVE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _adoptions(service: Service, coordinator: Any) -> None:
    places = {m.name: m for m in Municipality.objects.filter(name__in=[n for n, _s in ADOPTIONS])}
    for name, furthest in ADOPTIONS:
        municipality = places.get(name)
        member = member_of(municipality) if municipality else None
        if municipality is None or member is None:
            continue
        first = State.INTERESTED if furthest == State.INTERESTED else State.REQUESTED
        adoption = services.register_adoption(
            service=service,
            municipality=municipality,
            state=first,
            contact_name=f"Vrijetijdsdienst {name}",
            contact_email=f"vrije-tijd@{municipality.nis_code}.demo.proeftuin.be",
            by=member,
        )
        if furthest in (State.ACTIVE, State.ENDED):
            adoption = services.activate_adoption(adoption=adoption, by=coordinator)
        if furthest == State.ENDED:
            services.end_adoption(
                adoption=adoption,
                reason=EndReason.REORGANISED,
                explanation=TIENEN_END,
                by=coordinator,
            )


def _continue_youth_rooms(project: Project) -> None:
    """Kapellen keeps its single place for the youth rooms: what worked is an agreement
    between its own services, not a service for other municipalities."""
    leader = _leader(project)
    if leader is None:
        return
    evaluation = _score(project, leader, YOUTH_ROOM_SCORES)
    services.decide(
        evaluation=evaluation,
        decision=Decision.CONTINUE_LOCALLY,
        motivation="Jongeren krijgen binnen twee dagen zekerheid en de diensten winnen tijd, "
        "maar de winst zit in de afspraken tussen sport, jeugd en cultuur van Kapellen, niet "
        "in een tool. Andere gemeenten die zalen online willen verhuren, kunnen 'Zalen online "
        "reserveren' aanvragen. Kapellen houdt de aanvraagpagina en de gedeelde kalender.",
        by=leader,
    )
