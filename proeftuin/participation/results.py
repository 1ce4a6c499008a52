"""A form's results for the team, per question, in a fixed number of queries whatever the
number of responses: counts per option, figures of number questions, and the free texts."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import timezone

from .metrics import rounded
from .models import Answer, ParticipationForm, Question, Response

Kind = Question.Kind
# Free texts shown on the page (most recent first); the CSV export holds them all.
TEXTS_SHOWN = 200


@dataclass
class Bar:
    label: str
    count: int
    percent: Decimal


# The bar chart's geometry, in SVG user units.
ROW, BAR, LABEL_WIDTH, BAR_WIDTH = 28, 18, 230, 300


@dataclass(frozen=True)
class DrawnBar:
    bar: Bar
    y: int
    width: Decimal


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    texts: list[tuple[datetime, str]] = field(default_factory=list)

    @property
    def chart(self) -> list[DrawnBar]:
        """The bars laid out: one row each, the width proportional to the percentage."""
        return [
            DrawnBar(bar=bar, y=n * ROW, width=(bar.percent * BAR_WIDTH / 100).quantize(Decimal(1)))
            for n, bar in enumerate(self.bars)
        ]

    @property
    def chart_height(self) -> int:
        return len(self.bars) * ROW


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]


def period(since: date | None, until: date | None) -> Q:
    """Responses submitted from `since` through `until` (whole days, Brussels time)."""
    q = Q()
    if since:
        q &= Q(submitted_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        q &= Q(submitted_at__lte=timezone.make_aware(datetime.combine(until, time.max)))
    return q


def _answers(survey: ParticipationForm, within: Q) -> QuerySet[Answer]:
    responses = Response.objects.filter(within, form=survey).values("pk")
    return Answer.objects.filter(question__form=survey, response__in=responses)


def results(
    survey: ParticipationForm, since: date | None = None, until: date | None = None
) -> Results:
    """Five queries: questions, responses, counts per option, answered per question with
    the figures of numbers, and the latest free texts."""
    within = period(since, until)
    questions = list(survey.questions.all())
    answers = _answers(survey, within)
    counted = (
        answers.exclude(question__kind__in=[Kind.NUMBER, *Question.TEXTS])
        .values("question_id", "choice", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures = {
        row["question_id"]: row
        for row in answers.values("question_id")
        .annotate(
            answered=Count("response", distinct=True),
            mean=Avg("number"),
            low=Min("number"),
            high=Max("number"),
        )
        .order_by()
    }
    tally: dict[int, dict[str, int]] = defaultdict(dict)
    for option in counted:
        key = option["choice"] if option["number"] is None else str(int(option["number"]))
        tally[option["question_id"]][key] = option["n"]
    texts: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for question_id, submitted_at, text in (
        answers.filter(question__kind__in=Question.TEXTS)
        .exclude(text="")
        .order_by("-response__submitted_at", "-pk")
        .values_list("question_id", "response__submitted_at", "text")[:TEXTS_SHOWN]
    ):
        texts[question_id].append((submitted_at, text))
    out = []
    for question in questions:
        row: dict[str, Any] = dict(figures.get(question.pk, {}))
        result = QuestionResult(question=question, answered=row.get("answered", 0))
        if question.kind in Question.TEXTS:
            result.texts = texts[question.pk]
        elif question.kind == Kind.NUMBER:
            if result.answered:
                result.mean = rounded(Decimal(row["mean"]))
                result.low, result.high = row["low"], row["high"]
        else:
            counts = tally[question.pk]
            result.bars = [
                Bar(
                    label=label,
                    count=counts.get(stored, 0),
                    percent=rounded(Decimal(100 * counts.get(stored, 0)) / result.answered)
                    if result.answered
                    else Decimal(0),
                )
                for stored, label in question.choices
            ]
        out.append(result)
    return Results(responses=Response.objects.filter(within, form=survey).count(), questions=out)


def csv_rows(survey: ParticipationForm, questions: list[Question], within: Q) -> Any:
    """One row per response, one column per question (options of a multiple choice joined
    with " | "), streamed in chunks: the responses and their answers are read in pages of a
    fixed size, so the export's memory does not grow with the form."""
    page = 1000
    last = 0
    while True:
        chunk = list(
            Response.objects.filter(within, form=survey, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "submitted_at")[:page]
        )
        if not chunk:
            return
        values: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for response_id, question_id, choice, number, text in Answer.objects.filter(
            response_id__in=[pk for pk, _ in chunk]
        ).values_list("response_id", "question_id", "choice", "number", "text"):
            shown = choice or text or ("" if number is None else f"{number.normalize():f}")
            values[response_id][question_id].append(shown)
        for response_id, submitted_at in chunk:
            answered = values[response_id]
            yield [
                timezone.localtime(submitted_at).isoformat(timespec="seconds"),
                *[" | ".join(answered.get(q.pk, [])) for q in questions],
            ]
        last = chunk[-1][0]
