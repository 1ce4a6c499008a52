"""Demo: the canvases and value streams of Dilbeek's project "Zalen van de gemeente online
reserveren" — the project that pivoted from associations to residents who rent a room for
a family party (see the projects' demo).

- a canvas for "verenigingen", as it stood before the pivot, and one for "ouders met jonge
  kinderen" whose fit is not complete (a gain nothing creates yet), with a gain linked to
  the project's hypothesis about parents;
- the value stream of a room reservation today (e-mail, the shared Outlook agenda, phone
  calls, a paper contract, a key at the desk) and the future state the pilot tests.

Written through the services by the projectleider, so the activity log and the snapshots
are those of real work; the first versions are dated just before the project's first gate
decision, so the history shows how the canvases looked then. The canvases become part of
the project's public page. Runs after the projects' demo (stage 1, registered after it).
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from proeftuin.projects import services as project_services
from proeftuin.projects.models import GateDecision, Membership, Project

from . import services
from .models import Snapshot, ValueProposition

NEED_TITLE = "Zalen van de gemeente online reserveren"

# (kind, text, job type), most important first within each kind.
ASSOCIATIONS = [
    ("job", "Elke week een vaste repetitieruimte hebben", "functional"),
    ("pain", "Elk jaar opnieuw alle repetitiedata doormailen", ""),
    ("pain", "Een dubbele boeking ontdekken op de avond zelf", ""),
    ("gain", "Het hele seizoen in één keer vastleggen", ""),
    ("product_service", "Online reservatiekalender van de zes zalen", ""),
    ("pain_reliever", "Vrije data zichtbaar in de kalender", ""),
]
PARENTS = [
    ("job", "Een zaal vinden voor het verjaardagsfeest van hun kind", "functional"),
    ("job", "Een datum vastleggen die past voor familie en school", "functional"),
    ("job", "Een feest geven waar de andere ouders graag naartoe komen", "social"),
    ("job", "Geen zorgen hebben over wat er mis kan gaan", "emotional"),
    ("pain", "Je kan alleen tijdens de kantooruren bellen of mailen", ""),
    ("pain", "Je weet pas na dagen of de zaal op die datum vrij is", ""),
    ("pain", "Onduidelijk wat de huur kost en wat inbegrepen is: stoelen, keuken, opruimen", ""),
    ("pain", "De sleutel ophalen en terugbrengen tijdens de openingsuren", ""),
    ("pain", "Een papieren contract dat je moet komen tekenen", ""),
    ("gain", "Meteen zien welke zaal op welke dag vrij is", ""),
    ("gain", "In één keer reserveren en betalen, ook 's avonds", ""),
    ("gain", "Een zaal met een speelhoek en een keuken, dicht bij huis", ""),
    ("gain", "Een herinnering met alle praktische afspraken", ""),
    ("product_service", "Online reservatiekalender van de zes gemeentelijke zalen", ""),
    ("product_service", "Fiche per zaal met foto's, capaciteit en huurprijs", ""),
    ("product_service", "Sleutelkluis aan de zaal", ""),
    ("pain_reliever", "Reserveren kan dag en nacht, zonder te bellen", ""),
    ("pain_reliever", "Vrije data zie je meteen in de kalender", ""),
    ("pain_reliever", "Prijs en inbegrepen materiaal staan op de fiche van de zaal", ""),
    ("pain_reliever", "De code van de sleutelkluis staat in de bevestigingsmail", ""),
    (
        "gain_creator",
        "De kalender toont per zaal de vrije momenten van de komende drie maanden",
        "",
    ),
    ("gain_creator", "Reserveren en betalen in één beweging, met Payconiq of overschrijving", ""),
    ("gain_creator", "Bevestigingsmail met de huisregels en een herinnering drie dagen vooraf", ""),
]
# What each reliever or creator addresses: (its text's start, the starts of its targets).
PARENT_LINKS = [
    ("Reserveren kan dag en nacht", ["Je kan alleen tijdens"]),
    ("Vrije data zie je meteen", ["Je weet pas na dagen"]),
    ("Prijs en inbegrepen", ["Onduidelijk wat de huur"]),
    ("De code van de sleutelkluis", ["De sleutel ophalen"]),
    ("De kalender toont", ["Meteen zien welke zaal"]),
    ("Reserveren en betalen", ["In één keer reserveren"]),
    ("Bevestigingsmail", ["Een herinnering met"]),
]
# The parents' canvas as it stood at the first gate: before the relievers were thought out.
PARENTS_EARLY = 14

STEP = {"actor": "", "waiting_unit": "minutes", "process_unit": "minutes", "wastes": []}
TODAY = [
    {
        "name": "Aanvraag per mail of telefoon",
        "actor": "inwoner",
        "waiting_time": 0,
        "process_time": 15,
        "pct_complete_accurate": 60,
        "classification": "value_adding",
        "wastes": ["defects"],
    },
    {
        "name": "Mail doorsturen naar de juiste collega",
        "actor": "onthaal",
        "waiting_time": 4,
        "waiting_unit": "hours",
        "process_time": 5,
        "pct_complete_accurate": 90,
        "classification": "waste",
        "wastes": ["transport", "waiting"],
    },
    {
        "name": "Vrije momenten nakijken in de gedeelde Outlookagenda",
        "actor": "vrijetijdsdienst",
        "waiting_time": 1,
        "waiting_unit": "days",
        "process_time": 20,
        "pct_complete_accurate": 80,
        "classification": "value_adding",
        "wastes": ["motion", "defects"],
    },
    {
        "name": "Terugbellen om datum en uren te bevestigen",
        "actor": "vrijetijdsdienst",
        "waiting_time": 1,
        "waiting_unit": "days",
        "process_time": 15,
        "pct_complete_accurate": 70,
        "classification": "waste",
        "wastes": ["waiting", "overprocessing"],
    },
    {
        "name": "Papieren contract opmaken en opsturen",
        "actor": "vrijetijdsdienst",
        "waiting_time": 2,
        "waiting_unit": "days",
        "process_time": 30,
        "pct_complete_accurate": 85,
        "classification": "necessary_nva",
        "wastes": ["inventory", "overprocessing"],
    },
    {
        "name": "Contract ondertekenen en huur overschrijven",
        "actor": "inwoner",
        "waiting_time": 1,
        "waiting_unit": "weeks",
        "process_time": 20,
        "pct_complete_accurate": 95,
        "classification": "necessary_nva",
        "wastes": ["waiting"],
    },
    {
        "name": "Sleutel ophalen aan het onthaal",
        "actor": "inwoner",
        "waiting_time": 2,
        "waiting_unit": "days",
        "process_time": 20,
        "pct_complete_accurate": 100,
        "classification": "waste",
        "wastes": ["motion", "transport"],
    },
]
TOMORROW = [
    {
        "name": "Vrije momenten bekijken en een zaal kiezen op de website",
        "actor": "inwoner",
        "waiting_time": 0,
        "process_time": 10,
        "pct_complete_accurate": 95,
        "classification": "value_adding",
    },
    {
        "name": "Reserveren en online betalen",
        "actor": "inwoner",
        "waiting_time": 0,
        "process_time": 10,
        "pct_complete_accurate": 95,
        "classification": "value_adding",
    },
    {
        "name": "Reservatie nakijken en goedkeuren",
        "actor": "vrijetijdsdienst",
        "waiting_time": 4,
        "waiting_unit": "hours",
        "process_time": 5,
        "pct_complete_accurate": 98,
        "classification": "necessary_nva",
        "wastes": ["waiting"],
    },
    {
        "name": "Bevestiging met de code van de sleutelkluis",
        "actor": "reservatieplatform",
        "waiting_time": 0,
        "process_time": 1,
        "pct_complete_accurate": 100,
        "classification": "necessary_nva",
    },
]


def load() -> None:
    project = Project.objects.filter(need__title=NEED_TITLE).first()
    if project is None or ValueProposition.objects.filter(project=project).exists():
        return
    leader = project.team.filter(role=Membership.Role.PROJECT_LEADER).select_related("user").first()
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if leader is None or leader.user is None or coordinator is None:
        return
    by = leader.user
    first_gate = GateDecision.objects.filter(project=project).order_by("decided_at").first()
    before_gates = first_gate.decided_at - timedelta(days=1) if first_gate else None

    associations = services.create_canvas(project=project, segment="verenigingen", by=by)
    _fill(associations, ASSOCIATIONS, by)
    services.link_item(
        item=associations.items.get(kind="pain_reliever"),
        addresses=[associations.items.get(kind="pain", rank=2)],
        hypotheses=list(project.hypotheses.filter(statement__contains="verenigingen")),
        by=by,
    )
    services.save_canvas_version(canvas=associations, label="Voor de pivot", by=by)
    parents = services.create_canvas(project=project, segment="ouders met jonge kinderen", by=by)
    _fill(parents, PARENTS[:PARENTS_EARLY], by)
    services.save_canvas_version(canvas=parents, label="Na de eerste gesprekken", by=by)
    if before_gates is not None:
        _backdate(before_gates, associations, parents)
    _fill(parents, PARENTS[PARENTS_EARLY:], by)
    items = {item.text: item for item in parents.items.all()}
    for source, targets in PARENT_LINKS:
        services.link_item(
            item=_starting(items, source),
            addresses=[_starting(items, t) for t in targets],
            hypotheses=[],
            by=by,
        )
    parents_hypothesis = project.hypotheses.filter(statement__contains="ouders").first()
    if parents_hypothesis is not None:
        services.link_item(
            item=_starting(items, "In één keer reserveren"),
            addresses=[],
            hypotheses=[parents_hypothesis],
            by=by,
        )

    today = services.create_stream(
        project=project, name="Een zaal reserveren", state="current", by=by
    )
    for fields in TODAY:
        services.add_step(stream=today, fields=_step(fields), by=by)
    tomorrow = services.create_stream(
        project=project,
        name="Een zaal reserveren, online",
        state="future",
        current=today,
        by=by,
    )
    for step in list(tomorrow.steps.all()):
        services.remove_step(step=step, by=by)
    for fields in TOMORROW:
        services.add_step(stream=tomorrow, fields=_step(fields), by=by)
    services.save_stream_version(stream=tomorrow, label="Zoals de pilot het test", by=by)
    _publish(project, by, coordinator)


def _fill(canvas: ValueProposition, rows: list[tuple[str, str, str]], by: Any) -> None:
    for kind, text, job_type in rows:
        services.add_item(canvas=canvas, kind=kind, text=text, job_type=job_type, by=by)


def _starting(items: dict[str, Any], start: str) -> Any:
    return next(item for text, item in items.items() if text.startswith(start))


def _step(fields: dict[str, Any]) -> dict[str, Any]:
    values = {**STEP, **fields}
    values["waiting_time"] = Decimal(values["waiting_time"])
    values["process_time"] = Decimal(values["process_time"])
    return values


def _backdate(moment: Any, *canvases: ValueProposition) -> None:
    """Date the canvases' first snapshots (fixture data) to `moment`, as if they were
    written before the project's gate decisions."""
    for canvas in canvases:
        Snapshot.objects.filter(canvas=canvas).update(started_at=moment, taken_at=moment)
        ValueProposition.objects.filter(pk=canvas.pk).update(created_at=moment, updated_at=moment)


def _publish(project: Project, by: Any, coordinator: Any) -> None:
    """Add the canvases to what the project shows in public (it is published already)."""
    project.refresh_from_db()
    if not project.is_published or Project.Section.CANVASES in project.public_sections:
        return
    project_services.request_publication(
        project=project,
        sections=[*project.public_sections, Project.Section.CANVASES],
        by=by,
    )
    project_services.approve_publication(project=project, by=coordinator)
