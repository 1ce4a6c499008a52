"""Demo: two experiments of the project whose gate decision is due (the Herentals ticketing
project in the projects' demo) asked visitors through participation forms — a short
questionnaire after the show whose bound metric validates its hypothesis, and a
recommendation score (NPS) that invalidates its own. Both are completed with their learning
card, so the gate the projectleider has to take rests on real answers.

Everything the team does goes through the services. The responses are written directly, a
few hundred of them spread over the weeks the experiments ran: through `submit_response`
each would queue a recomputation task, and they would all be dated today. Runs after the
projects' demo (stage 1, registered after it). Loading twice changes nothing.
"""

import hashlib
import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from proeftuin.projects import services as project_services
from proeftuin.projects.models import Experiment, Hypothesis, Membership, Method, Project

from . import binding, services
from .models import Answer, MetricBinding, ParticipationForm, Question, Response

Kind = Question.Kind
Aggregate = MetricBinding.Aggregate

AFTER_SHOW = "Korte vragenlijst na de voorstelling"
RECOMMEND = "Aanbevelingsscore van de online verkoop"


def load() -> None:
    project = Project.objects.gate_due().order_by("pk").first()
    if project is None or project.experiments.filter(title=AFTER_SHOW).exists():
        return
    leader = (
        project.team.filter(role=Membership.Role.PROJECT_LEADER, accepted_at__isnull=False)
        .select_related("user")
        .first()
    )
    method = Method.objects.filter(slug="enquete").first() or Method.objects.first()
    hypotheses = list(
        Hypothesis.objects.filter(project=project, kind=Hypothesis.Kind.DESIRABILITY).test_first()
    )
    if leader is None or method is None or not hypotheses:
        return
    rng = random.Random(6)  # the same answers on every machine
    with transaction.atomic():
        _after_show(project, leader.user, method, hypotheses[0], rng)
        _recommend(project, leader.user, method, hypotheses[-1], rng)


def _experiment(
    project: Project, by: Any, method: Method, hypothesis: Hypothesis, **card: Any
) -> Experiment:
    today = timezone.localdate()
    experiment = project_services.plan_experiment(
        project=project,
        fields={
            "hypothesis": hypothesis,
            "method": method,
            "unit": "",
            "planned_start": today - timedelta(days=24),
            "planned_end": today - timedelta(days=3),
            "cost_eur": Decimal("0"),
            "criticality": Experiment.Rating.HIGH,
            "test_cost": Experiment.Rating.LOW,
            "data_reliability": Experiment.Rating.MEDIUM,
            "time_required": Experiment.Rating.LOW,
            **card,
        },
        by=by,
    )
    return project_services.start_experiment(experiment=experiment, by=by)


def _form(experiment: Experiment, by: Any, title: str, introduction: str) -> ParticipationForm:
    return services.create_form(
        owner=experiment,
        fields={
            "title": title,
            "introduction": introduction,
            "consent_text": "We bewaren je antwoorden zonder je naam of e-mailadres, om de "
            "online ticketverkoop van het cultuurcentrum te verbeteren. Na een half jaar "
            "wissen we ze; alleen de cijfers blijven.",
            "retention_until": timezone.localdate() + timedelta(days=180),
            "closes_at": None,
            "max_responses": None,
            "requires_invitation": False,
            "asks_email": False,
            "email_purpose": "",
        },
        by=by,
    )


def _ask(form: ParticipationForm, by: Any, kind: str, text: str, **extra: Any) -> Question:
    return services.add_question(
        form=form,
        fields={
            "kind": kind,
            "text": text,
            "help_text": extra.get("help_text", ""),
            "required": extra.get("required", True),
            "options": extra.get("options", []),
            "min_value": None,
            "max_value": None,
        },
        by=by,
    )


def _store(
    form: ParticipationForm, experiment: Experiment, rows: list[list[tuple[Question, Any]]]
) -> None:
    """The responses, spread over the days the experiment ran, each with a receipt hash
    nobody holds the code of."""
    start = experiment.planned_start
    days = (experiment.planned_end - start).days + 1
    tz = timezone.get_current_timezone()
    responses = Response.objects.bulk_create(
        Response(
            form=form,
            submitted_at=datetime.combine(
                start + timedelta(days=n % days), time(10 + n % 12, (n * 7) % 60), tzinfo=tz
            ),
            receipt_hash=hashlib.sha256(f"demo-{form.pk}-{n}".encode()).hexdigest(),
        )
        for n in range(len(rows))
    )
    answers = []
    for response, row in zip(responses, rows, strict=True):
        for question, value in row:
            if question.kind == Kind.MULTIPLE:
                answers += [Answer(response=response, question=question, choice=c) for c in value]
            elif question.kind in Question.NUMBERS:
                answers.append(Answer(response=response, question=question, number=Decimal(value)))
            elif question.kind in Question.CHOICES:
                answers.append(Answer(response=response, question=question, choice=value))
            elif value:
                answers.append(Answer(response=response, question=question, text=value))
    Answer.objects.bulk_create(answers)


def _complete(
    experiment: Experiment, form: ParticipationForm, by: Any, **learning: str
) -> Experiment:
    services.close_form(form=form, by=by)
    experiment.refresh_from_db()
    assert experiment.measured_value is not None and experiment.data_points is not None
    return project_services.complete_experiment(
        experiment=experiment,
        measured_value=experiment.measured_value,
        data_points=experiment.data_points,
        by=by,
        **learning,
    )


def _after_show(
    project: Project, by: Any, method: Method, hypothesis: Hypothesis, rng: random.Random
) -> None:
    experiment = _experiment(
        project,
        by,
        method,
        hypothesis,
        title=AFTER_SHOW,
        test="bezoekers na drie voorstellingen een QR-code op de stoelen laten scannen naar "
        "een korte vragenlijst",
        metric="aandeel bezoekers dat het online ticket makkelijk vond (4 of 5 op 5)",
        unit="%",
        operator=Experiment.Operator.GTE,
        threshold=Decimal("70"),
        min_data_points=50,
    )
    form = _form(
        experiment,
        by,
        "Hoe was je ticket?",
        "Vier korte vragen over je ticket van vanavond. Het duurt een minuut.",
    )
    easy = _ask(form, by, Kind.SCALE, "Hoe makkelijk vond je je ticket in je mailbox terug?")
    evening = _ask(form, by, Kind.YES_NO, "Kocht je je ticket 's avonds of in het weekend?")
    door = _ask(
        form,
        by,
        Kind.SINGLE,
        "Hoe toonde je je ticket aan de deur?",
        options=["Op mijn gsm", "Afgedrukt op papier", "Ik gaf mijn naam aan de balie"],
    )
    better = _ask(form, by, Kind.LONG_TEXT, "Wat kan er beter?", required=False)
    services.open_form(form=form, by=by)
    remarks = [
        "De mail kwam in mijn spam terecht.",
        "Graag een herinnering de dag zelf.",
        "Alles vlot, ook met de gsm van mijn moeder.",
        "",
        "",
        "",
    ]
    rows = [
        [
            (easy, rng.choices([5, 4, 3, 2, 1], weights=[46, 36, 10, 5, 3])[0]),
            (evening, rng.choices(["yes", "no"], weights=[64, 36])[0]),
            (door, rng.choices(door.options, weights=[71, 22, 7])[0]),
            (better, rng.choice(remarks)),
        ]
        for _ in range(236)
    ]
    _store(form, experiment, rows)
    binding.bind_metric(
        experiment=experiment,
        form=form,
        aggregate=Aggregate.SHARE,
        question=easy,
        condition=MetricBinding.Condition.GTE,
        number=Decimal(4),
        by=by,
    )
    _complete(
        experiment,
        form,
        by,
        observation="Vier op de vijf bezoekers vonden hun e-ticket makkelijk terug; bijna twee "
        "derde kocht het 's avonds of in het weekend.",
        insight="Een ticket in de mailbox werkt voor ons publiek, ook buiten de openingsuren.",
        decision="persevere",
        actions="De bevestigingsmail krijgt een duidelijker onderwerp, tegen de spamfilter.",
    )


def _recommend(
    project: Project, by: Any, method: Method, hypothesis: Hypothesis, rng: random.Random
) -> None:
    experiment = _experiment(
        project,
        by,
        method,
        hypothesis,
        title=RECOMMEND,
        test="wie online kocht een dag na de voorstelling de vraag stellen of die het zou aanraden",
        metric="aanbevelingsscore (NPS) van de online ticketverkoop",
        operator=Experiment.Operator.GTE,
        threshold=Decimal("30"),
        min_data_points=40,
    )
    form = _form(
        experiment,
        by,
        "Zou je online tickets kopen aanraden?",
        "Drie vragen over het online kopen van je ticket.",
    )
    score = _ask(
        form,
        by,
        Kind.NPS,
        "Hoe waarschijnlijk is het dat je online tickets kopen bij ons aanraadt aan een vriend?",
    )
    hard = _ask(
        form,
        by,
        Kind.MULTIPLE,
        "Wat vond je lastig?",
        options=["Een account maken", "Betalen", "Mijn plaats kiezen", "Niets"],
        required=False,
    )
    why = _ask(form, by, Kind.SHORT_TEXT, "Waarom die score?", required=False)
    services.open_form(form=form, by=by)
    reasons = ["Te veel stappen voor één ticket.", "Handig!", "Account verplicht, jammer.", ""]
    rows = []
    for _ in range(164):
        nps = rng.choices(range(11), weights=[2, 2, 3, 5, 6, 8, 10, 14, 16, 17, 17])[0]
        chosen = (
            ["Niets"]
            if nps >= 9
            else rng.sample(
                ["Een account maken", "Betalen", "Mijn plaats kiezen"], k=rng.randint(1, 2)
            )
        )
        rows.append([(score, nps), (hard, chosen), (why, rng.choice(reasons))])
    _store(form, experiment, rows)
    binding.bind_metric(
        experiment=experiment, form=form, aggregate=Aggregate.NPS, question=score, by=by
    )
    _complete(
        experiment,
        form,
        by,
        observation="De aanbevelingsscore blijft ver onder 30: veel bezoekers geven een 7 of "
        "een 8, en wie laag scoort, noemt het verplichte account.",
        insight="Online kopen lukt, maar mensen raden het niet aan zolang ze een account "
        "moeten maken.",
        decision="pivot",
        actions="Kopen zonder account testen: alleen een e-mailadres voor het ticket.",
    )
