"""The bound metrics, computed in the database as aggregates over one question's answers.

- share: the percentage of the responses that answered the question and meet the
  condition (scale ≥ 4, choice = X, yes, number < 10 …);
- mean: the arithmetic mean of a scale or number question;
- NPS (Reichheld 2003, "The One Number You Need to Grow"): % promoters (9 to 10) minus
  % detractors (0 to 6) among those who answered, from -100 to 100;
- count: the number of responses to the form.

Each gives a value rounded half up to the cent (as a test card records it) and the number
of data points it rests on: the responses that answered the question (the form's responses
for count). Without data points there is no value.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from .models import Answer, MetricBinding, Question, Response

Aggregate = MetricBinding.Aggregate
Condition = MetricBinding.Condition
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
NUMBER_LOOKUPS: dict[str, str] = {
    Condition.GTE: "number__gte",
    Condition.GT: "number__gt",
    Condition.LTE: "number__lte",
    Condition.LT: "number__lt",
    Condition.EQ: "number",
}


@dataclass(frozen=True)
class Measure:
    """What to compute: an aggregate, of a question (not for count), with a condition for a
    share (`number` for numbers, `choice` for choices)."""

    aggregate: str
    question: Question | None = None
    condition: str = ""
    number: Decimal | None = None
    choice: str = ""


@dataclass(frozen=True)
class Measurement:
    value: Decimal | None
    data_points: int


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def condition_q(measure: Measure) -> Q:
    """The answers that meet a share's condition."""
    if measure.condition == Condition.CHOSEN:
        return Q(choice=measure.choice)
    return Q(**{NUMBER_LOOKUPS[measure.condition]: measure.number})


def measure(form_id: int, measure: Measure) -> Measurement:
    if measure.aggregate == Aggregate.COUNT:
        count = Response.objects.filter(form_id=form_id).count()
        return Measurement(Decimal(count), count)
    assert measure.question is not None
    answers = Answer.objects.filter(question_id=measure.question.pk)
    if measure.aggregate == Aggregate.SHARE:
        # Multiple choice stores a row per chosen option: count responses, not rows.
        distinct = measure.question.kind == Question.Kind.MULTIPLE
        row = answers.aggregate(
            answered=Count("response", distinct=distinct),
            meeting=Count("response", distinct=distinct, filter=condition_q(measure)),
        )
        return _ratio(row["meeting"] * HUNDRED, row["answered"])
    if measure.aggregate == Aggregate.MEAN:
        row = answers.aggregate(total=Sum("number"), answered=Count("number"))
        if not row["answered"]:
            return Measurement(None, 0)
        # SQLite sums decimals as floats; the answers carry at most two decimals, so the
        # sum rounded to the cent is the exact sum, and the mean is taken in Decimal.
        return _ratio(rounded(Decimal(row["total"])), row["answered"])
    if measure.aggregate == Aggregate.NPS:
        row = answers.aggregate(
            answered=Count("number"),
            promoters=Count("number", filter=Q(number__gte=9)),
            detractors=Count("number", filter=Q(number__lte=6)),
        )
        return _ratio((row["promoters"] - row["detractors"]) * HUNDRED, row["answered"])
    raise ValueError(measure.aggregate)


def _ratio(numerator: Decimal, answered: int) -> Measurement:
    if not answered:
        return Measurement(None, 0)
    return Measurement(rounded(Decimal(numerator) / answered), answered)
