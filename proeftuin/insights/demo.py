"""Demo: a second year of history, so that every chart of the dashboard says something.

The call of the spring before the decided spring call, closed and decided, with needs from
municipalities in every Flemish province and Brussels: some declined at intake, some after
review, one parked, four selected. Its projects went through their phases with experiments
over the months after the selection: one scaled up into a service that municipalities
adopted, one continued locally, and two stopped with their lesson (one in verkennen, one
after its pilot). None still runs, so the other demos, which work on running projects,
leave them alone.

Everything is written through the services, as the people would have done it, so the
activity log, the statuses and the derived evidence are those of real work. But the
services stamp "now", and the dashboard measures time between those stamps: a demo loaded
today would have a whole year happen in a second. So after each step its timestamps are
moved back to the moment the story gives it — the model's own time fields and the
activity-log rows (and notifications) the step wrote — with queryset updates. That is the
demo's only way to have a past; nothing else in the platform writes a timestamp back.

Runs at stage 4, after every other app's demo (the spring call it builds before is the
calls' demo's, the coordinator the organisations' demo's), and only once.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Model

from proeftuin.calls import services as calls_services
from proeftuin.calls.demo import _organisation_for
from proeftuin.calls.models import Call, Need
from proeftuin.core.models import ActivityLog, Notification, OutboxMessage, Theme
from proeftuin.organisations.models import Municipality
from proeftuin.projects import services as project_services
from proeftuin.projects.models import (
    Experiment,
    GateDecision,
    Hypothesis,
    Learning,
    Membership,
    Method,
    PhaseBudget,
    Project,
)
from proeftuin.reviews import services as review_services
from proeftuin.reviews.demo import AGREEMENT
from proeftuin.reviews.models import Decision
from proeftuin.scaling import services as scaling_services
from proeftuin.scaling.models import (
    Adoption,
    AdoptionEvent,
    ScaleCriterion,
    ScaleEvaluation,
    Service,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
Kind = Hypothesis.Kind
Gate = GateDecision.Decision
Status = Need.Status


@dataclass(frozen=True)
class Test:
    """A test card: run from `start` to `end` (days after the selection; no end: still
    running) on the hypothesis `kind`, with the value it measured against "at least 10"."""

    kind: str
    method: str
    title: str
    start: int
    end: int | None = None
    value: str = "12"
    data_points: int = 20


@dataclass(frozen=True)
class Phase:
    tests: list[Test]
    gate: str | None = None  # closed with this decision…
    gate_day: int = 0  # …this many days after the selection


@dataclass(frozen=True)
class Story:
    municipality: str
    title: str
    problem: str
    site_day: int = 10
    phases: list[Phase] = field(default_factory=list)
    evaluation: tuple[int, int, str] | None = None  # started, decided, decision
    service_day: int = 0  # the service became available
    adopters: list[tuple[str, int, int | None]] = field(default_factory=list)


# Submitted needs that never became a project: municipality, title, intake decision,
# decision after review (None: declined at intake).
OTHER_NEEDS = [
    ("Roeselare", "Vrijwilligers vinden hun shiften niet terug", Status.DECLINED, None),
    ("Turnhout", "Onze tentoonstellingen missen jonge bezoekers", Status.DECLINED, None),
    (
        "Sint-Niklaas",
        "Het erfgoedarchief is alleen ter plaatse te raadplegen",
        Status.RETAINED,
        "declined",
    ),
    ("Aalst", "Inschrijven voor de academie gebeurt nog op papier", Status.RETAINED, "backlog"),
    ("Oostende", "Verenigingen weten niet welke materialen ze kunnen lenen", Status.DECLINED, None),
    (
        "Anderlecht",
        "Nederlandstalige activiteiten raken niet bij nieuwe Brusselaars",
        Status.DECLINED,
        None,
    ),
]

STORIES = [
    Story(
        "Mechelen",
        "Bibliotheekboeken aan huis voor wie niet meer tot bij ons raakt",
        "Minder mobiele inwoners lenen niet meer; vrijwilligers brengen boeken rond met lijstjes op papier.",
        phases=[
            Phase(
                [Test(Kind.DESIRABILITY, "interview", "Gesprekken met mantelzorgers", 25, 55)],
                Gate.ADVANCE,
                70,
            ),
            Phase(
                [
                    Test(
                        Kind.FEASIBILITY,
                        "wizard-of-oz",
                        "Vrijwilligers plannen met een gedeelde kalender",
                        90,
                        130,
                    ),
                    Test(
                        Kind.VIABILITY,
                        "landingspagina",
                        "Interesse van andere bibliotheken",
                        100,
                        140,
                        "7",
                    ),
                ],
                Gate.ADVANCE,
                150,
            ),
            Phase(
                [
                    Test(
                        Kind.VIABILITY,
                        "pilot",
                        "Een pilootronde in drie deelgemeenten",
                        170,
                        230,
                        "16",
                    )
                ],
                Gate.ADVANCE,
                245,
            ),
        ],
        evaluation=(260, 285, "opschalen"),
        service_day=315,
        adopters=[
            ("Mechelen", 318, 330),
            ("Leuven", 320, 338),
            ("Brugge", 325, 345),
            ("Genk", 328, None),
            ("Hasselt", 332, None),
        ],
    ),
    Story(
        "Leuven",
        "Eén agenda voor alle activiteiten in de stad",
        "Elke dienst publiceert zijn activiteiten op een eigen plek; inwoners vinden ze niet.",
        site_day=14,
        phases=[
            Phase(
                [Test(Kind.DESIRABILITY, "enquete", "Hoe zoeken inwoners activiteiten?", 35, 75)],
                Gate.ADVANCE,
                85,
            ),
            Phase(
                [Test(Kind.FEASIBILITY, "concierge", "Eén redacteur voert alles in", 105, 150)],
                Gate.ADVANCE,
                165,
            ),
            Phase(
                [Test(Kind.VIABILITY, "pilot", "De agenda drie maanden live", 185, 270, "11")],
                Gate.ADVANCE,
                280,
            ),
        ],
        evaluation=(292, 305, "lokaal"),
    ),
    Story(
        "Genk",
        "Erfgoedfoto's laten beschrijven door buurtbewoners",
        "Duizenden foto's zonder beschrijving; wie ze herkent, kan ze nergens kwijt.",
        site_day=20,
        phases=[
            Phase(
                [
                    Test(
                        Kind.DESIRABILITY,
                        "landingspagina",
                        "Een oproep in de lokale krant",
                        30,
                        60,
                        "4",
                    ),
                    Test(
                        Kind.DESIRABILITY,
                        "interview",
                        "Gesprekken met heemkundige kringen",
                        65,
                        90,
                        "6",
                    ),
                ],
                Gate.STOP,
                100,
            )
        ],
    ),
    Story(
        "Brugge",
        "Kampen en speelpleinen boeken zonder wachtrij om middernacht",
        "Ouders zitten 's nachts klaar om in te schrijven; de site valt om en wie geen computer heeft, valt uit de boot.",
        site_day=15,
        phases=[
            Phase(
                [Test(Kind.DESIRABILITY, "enquete", "Bevraging van ouders", 40, 80)],
                Gate.ADVANCE,
                95,
            ),
            Phase(
                [
                    Test(
                        Kind.FEASIBILITY,
                        "wizard-of-oz",
                        "Loting in plaats van wie eerst komt",
                        120,
                        170,
                    ),
                    Test(
                        Kind.VIABILITY,
                        "landingspagina",
                        "Betalen bij de inschrijving",
                        130,
                        175,
                        "10",
                        3,
                    ),
                ],
                Gate.ADVANCE,
                190,
            ),
            Phase(
                [Test(Kind.VIABILITY, "pilot", "De zomerkampen met loting", 215, 300, "6")],
                Gate.STOP,
                310,
            ),
        ],
    ),
]

# Every project starts from the same three beliefs (written as "Wij geloven dat …").
STATEMENTS: dict[str, str] = {
    Kind.DESIRABILITY: "inwoners dit echt gebruiken als het er is",
    Kind.FEASIBILITY: "we dit met onze eigen ploeg en vrijwilligers kunnen organiseren",
    Kind.VIABILITY: "het betaalbaar blijft zonder projectgeld",
}
# Per phase: internal hours, external euros, local investment in euros.
BUDGETS = {
    "verkennen": (40, 2_500, 0),
    "valideren": (60, 4_000, 1_500),
    "piloteren": (80, 6_000, 8_000),
    "evalueren": (24, 1_500, 0),
}
# The first costs: days after the selection, kind, description, euros.
COSTS = [
    (12, "external_expertise", "Begeleiding van de eerste workshop met inwoners", 1200),
    (20, "participants", "Bonnen voor de inwoners die meetestten", 150),
]
# What a test of each method cost these teams, in euro.
METHOD_COST = {"interview": 80, "enquete": 120, "landingspagina": 250, "pilot": 3500}
MOTIVATION = "Beslist door het programmateam, zoals besproken met de indiener."


def _moment(day: datetime, days: int, hour: int = 10) -> datetime:
    return (day + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@contextmanager
def _dated(moment: datetime) -> Iterator[None]:
    """What the services write in this block happened at `moment`: the activity-log rows,
    notifications and e-mails they wrote are moved back to it afterwards."""
    marks = {
        model: model.objects.aggregate(last=Max("pk"))["last"] or 0
        for model in (ActivityLog, Notification, OutboxMessage)
    }
    yield
    ActivityLog.objects.filter(pk__gt=marks[ActivityLog]).update(created_at=moment)
    Notification.objects.filter(pk__gt=marks[Notification]).update(created_at=moment)
    OutboxMessage.objects.filter(pk__gt=marks[OutboxMessage]).update(created_at=moment)


def _set(obj: Model, **fields: Any) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)  # type: ignore[attr-defined]


def load() -> None:
    # The latest spring call is the calls' demo's; this one comes the year before it.
    spring = (
        Call.objects.filter(slug__startswith="proeftuin-voorjaar-").order_by("-opens_at").first()
    )
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if spring is None or coordinator is None:
        return
    year = spring.opens_at.astimezone(BRUSSELS).year - 1
    # Not "proeftuin-voorjaar-…": the other apps' demos find their spring call by that.
    slug = f"voorjaar-{year}"
    if Call.objects.filter(slug=slug).exists():
        return
    municipalities = {m.name: m for m in Municipality.objects.all()}
    wanted = {s.municipality for s in STORIES} | {row[0] for row in OTHER_NEEDS}
    wanted |= {name for s in STORIES for name, _day, _active in s.adopters}
    if not wanted <= set(municipalities):
        return
    with transaction.atomic():
        _load(year, slug, coordinator, municipalities)


def _load(year: int, slug: str, coordinator: Any, municipalities: dict[str, Municipality]) -> None:
    opens = datetime(year, 3, 1, 9, tzinfo=BRUSSELS)
    closes = datetime(year, 4, 30, 23, tzinfo=BRUSSELS)
    selected_on = datetime(year, 6, 14, 10, tzinfo=BRUSSELS)
    # The call is open while its needs are submitted (the services check it), and then
    # gets its real dates.
    call = Call.objects.create(
        slug=slug,
        title=f"Proeftuin voorjaar {year}",
        introduction="De experimenteerruimte van het voorjaar: welke **digitale nood** houdt jouw werking bezig?",
        opens_at=opens,
        closes_at=None,
        max_projects=len(STORIES),
        published_at=opens - timedelta(days=14),
    )
    call.themes.set(Theme.objects.all())
    rows: list[tuple[str, str, str, str | None, str]] = [
        (s.municipality, s.title, Status.RETAINED, "selected", s.problem) for s in STORIES
    ]
    rows += [(m, t, intake, after, "") for m, t, intake, after in OTHER_NEEDS]
    needs = []
    for n, (place, title, intake, after, problem) in enumerate(rows):
        organisation, user = _organisation_for(municipalities[place], 200 + n)
        submitted = _moment(opens, 3 + n * 5, 9 + n % 8)
        with _dated(submitted):
            need = calls_services.save_need_draft(
                organisation=organisation,
                call=call,
                fields={
                    "title": title,
                    "problem": problem
                    or f"{title}: dat vraagt vandaag veel handwerk en inwoners haken af.",
                    "target_groups": "Inwoners en bezoekers, vrijwilligers en medewerkers.",
                    "current_handling": "Met telefoon, e-mail, papieren lijsten en Excel.",
                    "citizen_value": "Minder drempels voor inwoners, meer tijd voor inhoudelijk werk.",
                },
                by=user,
            )
            need = calls_services.submit_need(need=need, by=user)
        _set(need, created_at=submitted, updated_at=submitted, submitted_at=submitted)
        intake_at = _moment(submitted, 18 + n % 5, 14)
        with _dated(intake_at):
            calls_services.decide_intake(
                need=need, to=intake, motivation=MOTIVATION, by=coordinator
            )
        _set(need, decided_at=intake_at)
        needs.append((need, after))
    Call.objects.filter(pk=call.pk).update(closes_at=closes)
    call.refresh_from_db()
    with _dated(selected_on):
        for need, after in needs:
            if after:
                review_services.prepare_decision(
                    need=need, outcome=after, motivation=MOTIVATION, by=coordinator
                )
        review_services.publish_decisions(call=call, by=coordinator)
        calls_services.decide_call(call=call, by=coordinator)
    Call.objects.filter(pk=call.pk).update(decided_at=selected_on)
    Need.objects.filter(call=call, review_decision__isnull=False).update(decided_at=selected_on)
    Decision.objects.filter(need__call=call).update(
        prepared_at=selected_on, published_at=selected_on
    )
    methods = {m.slug: m for m in Method.objects.all()}
    for story in STORIES:
        project = Project.objects.get(need__call=call, need__title=story.title)
        _set(project, created_at=selected_on)
        project.team.update(invited_at=selected_on, accepted_at=selected_on)
        _tell(story, project, coordinator, municipalities, methods, selected_on)


def _tell(
    story: Story,
    project: Project,
    coordinator: Any,
    municipalities: dict[str, Municipality],
    methods: dict[str, Method],
    selected_on: datetime,
) -> None:
    def at(days: int, hour: int = 10) -> datetime:
        return _moment(selected_on, days, hour)

    with _dated(at(1)):
        # The submitter leads the project, as in the spring call's projects.
        project_services.add_team_member(
            project=project,
            email=project.need.submitted_by.email,
            role=Membership.Role.PROJECT_LEADER,
            by=coordinator,
        )
    project.team.filter(role=Membership.Role.PROJECT_LEADER).update(
        invited_at=at(1), accepted_at=at(1)
    )
    with _dated(at(story.site_day)):
        project_services.add_test_site(
            project=project,
            municipality=municipalities[story.municipality],
            organisation=project.need.organisation,
            committed_on=at(story.site_day).date(),
            agreement=io.BytesIO(AGREEMENT),
            agreement_name="samenwerkingsovereenkomst.pdf",
            agreement_size=len(AGREEMENT),
            by=coordinator,
        )
    _budget(project, coordinator, at)
    hypotheses: dict[str, Hypothesis] = {}
    with _dated(at(5)):
        for importance, kind in zip([5, 4, 4], Kind.values, strict=True):
            hypotheses[kind] = project_services.write_hypothesis(
                project=project,
                statement=STATEMENTS[kind],
                kind=kind,
                importance=importance,
                by=coordinator,
            )
    Hypothesis.objects.filter(project=project).update(created_at=at(5))
    for phase in story.phases:
        done = [_run(test, project, hypotheses, methods, coordinator, at) for test in phase.tests]
        if phase.gate is None:
            continue
        project.refresh_from_db()
        closing = (
            {
                "observation": "De experimenten haalden hun criterium niet, ook niet na bijsturing.",
                "insight": "De nood leeft minder dan we dachten; een oplossing moet elders liggen.",
                "actions": "We delen wat we leerden met de sector.",
            }
            if phase.gate == Gate.STOP
            else None
        )
        with _dated(at(phase.gate_day, 16)):
            gate = project_services.record_gate_decision(
                project=project,
                decision=phase.gate,
                motivation="Besloten op basis van de experimenten van deze fase.",
                experiments=[e for e in done if e.status == Experiment.Status.COMPLETED],
                learnings=list(Learning.objects.filter(experiment__in=done)),
                closing_learning=closing,
                by=coordinator,
            )
        _set(gate, decided_at=at(phase.gate_day, 16))
        Learning.objects.filter(project=project, experiment__isnull=True).update(
            created_at=at(phase.gate_day, 16)
        )
        if phase.gate == Gate.STOP:
            Project.objects.filter(pk=project.pk).update(outcome_at=at(phase.gate_day, 16))
    if story.evaluation:
        _evaluate(story, project, coordinator, municipalities, at)


def _budget(project: Project, coordinator: Any, at: Any) -> None:
    """Every phase's budget, set at the start, and the first costs, as every project has."""
    with _dated(at(3)):
        for phase, (hours, external, local) in BUDGETS.items():
            project_services.set_phase_budget(
                project=project,
                phase=phase,
                internal_hours=hours,
                external_cents=external * 100,
                local_investment_cents=local * 100,
                by=coordinator,
            )
    PhaseBudget.objects.filter(project=project).update(updated_at=at(3))
    for days, kind, description, euros in COSTS:
        with _dated(at(days, 15)):
            spending = project_services.record_spending(
                project=project,
                phase=Project.Phase.EXPLORE,
                spent_on=at(days).date(),
                amount_cents=euros * 100,
                kind=kind,
                description=description,
                by=coordinator,
            )
        _set(spending, recorded_at=at(days, 15))


def _run(
    test: Test,
    project: Project,
    hypotheses: dict[str, Hypothesis],
    methods: dict[str, Method],
    by: Any,
    at: Any,
) -> Experiment:
    project.refresh_from_db()
    start, end = at(test.start, 9), at(test.end, 17) if test.end is not None else None
    with _dated(start):
        experiment = project_services.plan_experiment(
            project=project,
            fields={
                "hypothesis": hypotheses[test.kind],
                "method": methods[test.method],
                "title": test.title,
                "test": test.title,
                "metric": "aantal deelnemers dat het doet",
                "unit": "deelnemers",
                "operator": Experiment.Operator.GTE,
                "threshold": Decimal(10),
                "min_data_points": 5,
                "planned_start": start.date(),
                "planned_end": (end or start + timedelta(days=60)).date(),
                "cost_eur": Decimal(METHOD_COST.get(test.method, 150)),
                "criticality": Experiment.Rating.HIGH,
                "test_cost": Experiment.Rating.MEDIUM,
                "data_reliability": Experiment.Rating.MEDIUM,
                "time_required": Experiment.Rating.MEDIUM,
            },
            by=by,
        )
        experiment = project_services.start_experiment(experiment=experiment, by=by)
    _set(experiment, created_at=start, started_at=start)
    if end is None:
        return experiment
    with _dated(end):
        experiment = project_services.complete_experiment(
            experiment=experiment,
            measured_value=Decimal(test.value),
            data_points=test.data_points,
            observation=f"We maten {test.value} bij {test.data_points} datapunten.",
            insight="Wat we dachten, klopt zo niet helemaal; de cijfers zeggen het.",
            decision=Learning.Decision.PERSEVERE,
            actions="We nemen het mee naar het volgende experiment.",
            by=by,
        )
    _set(experiment, completed_at=end)
    Learning.objects.filter(experiment=experiment).update(created_at=end)
    return experiment


def _evaluate(
    story: Story,
    project: Project,
    coordinator: Any,
    municipalities: dict[str, Municipality],
    at: Any,
) -> None:
    assert story.evaluation is not None
    started, decided, decision = story.evaluation
    project.refresh_from_db()
    with _dated(at(started)):
        evaluation = scaling_services.start_evaluation(project=project, by=coordinator)
        for criterion in ScaleCriterion.objects.filter(active=True):
            scaling_services.score_criterion(
                evaluation=evaluation,
                criterion=criterion,
                score=4,
                motivation="Gewogen met de evidentie van de piloot.",
                by=coordinator,
            )
    with _dated(at(decided, 15)):
        evaluation = scaling_services.decide(
            evaluation=evaluation,
            decision=decision,
            motivation="Besloten na de evaluatie met het team en de testgemeente.",
            service_fields={
                "name": "Boeken aan huis",
                "summary": "Bibliotheken brengen boeken tot bij wie niet meer zelf kan komen.",
                "offer": "Een planningsinstrument voor vrijwilligers en een draaiboek.",
                "conditions": "Gratis voor elke bibliotheek; één contactpersoon per gemeente.",
                "how_to_start": "Vraag de dienst aan; we plannen een opstartgesprek.",
                "contact_email": "boeken-aan-huis@demo.proeftuin.be",
            }
            if decision == ScaleEvaluation.Decision.SCALE_UP
            else None,
            by=coordinator,
        )
    ScaleEvaluation.objects.filter(pk=evaluation.pk).update(
        created_at=at(started), decided_at=at(decided, 15)
    )
    Project.objects.filter(pk=project.pk).update(outcome_at=at(decided, 15))
    service = evaluation.service
    if service is None:
        return
    _set(service, created_at=at(decided, 15))
    with _dated(at(story.service_day)):
        service = scaling_services.set_service_state(
            service=service, state=Service.State.AVAILABLE, by=coordinator
        )
    for place, asked, active in story.adopters:
        _organisation, member = _organisation_for(municipalities[place], 300 + asked)
        with _dated(at(asked)):
            adoption = scaling_services.register_adoption(
                service=service,
                municipality=municipalities[place],
                state=Adoption.State.REQUESTED,
                contact_name=member.name,
                contact_email=member.email,
                by=member,
            )
        _set(adoption, requested_at=at(asked))
        AdoptionEvent.objects.filter(adoption=adoption).update(at=at(asked))
        if active is not None:
            with _dated(at(active)):
                scaling_services.activate_adoption(adoption=adoption, by=coordinator)
            _set(adoption, activated_at=at(active))
            AdoptionEvent.objects.filter(adoption=adoption, state=Adoption.State.ACTIVE).update(
                at=at(active)
            )
