"""Forms owned by experiments, and an experiment's metric bound to one of them.

The only module (with its model) where participation knows experiments. The measured value
goes to the experiment through the projects service `record_measurement`: projects never
imports participation.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.projects import services as project_services
from proeftuin.projects.models import Experiment
from proeftuin.projects.permissions import can_work_on

from .metrics import Measure, Measurement, measure
from .models import MetricBinding, ParticipationForm, Question
from .owners import OwnerKind, register_owner

Aggregate = MetricBinding.Aggregate
Condition = MetricBinding.Condition
Kind = Question.Kind
Status = Experiment.Status

NUMBER_CONDITIONS = [Condition.GTE, Condition.GT, Condition.LTE, Condition.LT, Condition.EQ]


def may_manage(user: Any, experiment: Experiment) -> bool:
    return can_work_on(user, experiment.project)


def forms_of(experiment: Experiment) -> Any:
    return ParticipationForm.objects.owned_by(experiment)


def as_measure(binding: MetricBinding) -> Measure:
    return Measure(
        aggregate=binding.aggregate,
        question=binding.question,
        condition=binding.condition,
        number=binding.number,
        choice=binding.choice,
    )


def describe(binding: MetricBinding) -> str:
    """The bound metric in words, for the team."""
    aggregate = binding.get_aggregate_display()
    if binding.aggregate == Aggregate.COUNT or binding.question is None:
        return str(aggregate)
    if binding.aggregate != Aggregate.SHARE:
        return f"{aggregate}: {binding.question.text}"
    if binding.condition == Condition.CHOSEN:
        labels = dict(binding.question.choices)
        what = f"{binding.get_condition_display()} {labels.get(binding.choice, binding.choice)}"
    else:
        assert binding.number is not None
        what = f"{binding.get_condition_display()} {binding.number.normalize():f}"
    return f"{aggregate}: {binding.question.text} — {what}"


def _check(
    form: ParticipationForm,
    aggregate: str,
    question: Question | None,
    condition: str,
    number: Decimal | None,
    choice: str,
) -> Measure:
    """The binding as it may be stored, or a domain error saying what does not fit."""
    if aggregate not in Aggregate.values:
        raise DomainError(gettext_lazy("Kies wat je meet."))
    if aggregate == Aggregate.COUNT:
        return Measure(aggregate=aggregate)
    if question is None or question.form_id != form.pk:
        raise DomainError(gettext_lazy("Kies een vraag van dit formulier."))
    kind = question.kind
    if aggregate == Aggregate.MEAN and kind not in (Kind.SCALE, Kind.NUMBER):
        raise DomainError(gettext_lazy("Een gemiddelde neem je van een schaal of een getal."))
    if aggregate == Aggregate.NPS and kind != Kind.NPS:
        raise DomainError(
            gettext_lazy("De NPS volgt uit een vraag van 0 tot 10 (aanbevelingsscore).")
        )
    if aggregate != Aggregate.SHARE:
        return Measure(aggregate=aggregate, question=question)
    if kind in Question.TEXTS:
        raise DomainError(gettext_lazy("Een aandeel telt keuzes of getallen, geen vrije tekst."))
    if kind in Question.CHOICES:
        if choice not in {stored for stored, _label in question.choices}:
            raise DomainError(gettext_lazy("Kies het antwoord dat telt."))
        return Measure(
            aggregate=aggregate, question=question, condition=Condition.CHOSEN, choice=choice
        )
    if condition not in NUMBER_CONDITIONS or number is None:
        raise DomainError(gettext_lazy("Kies een vergelijking en een waarde."))
    return Measure(aggregate=aggregate, question=question, condition=condition, number=number)


def bind_metric(
    *,
    experiment: Experiment,
    form: ParticipationForm,
    aggregate: str,
    question: Question | None = None,
    condition: str = "",
    number: Decimal | None = None,
    choice: str = "",
    by: Any,
) -> MetricBinding:
    """Bind the experiment's metric to a question of one of its forms (or to the number of
    responses), then compute it at once."""
    if not may_manage(by, experiment):
        raise DomainError(gettext_lazy("Alleen het projectteam en coördinatoren werken hieraan."))
    if experiment.status == Status.COMPLETED:
        raise DomainError(gettext_lazy("Dit experiment is al afgerond; zijn meting ligt vast."))
    if not forms_of(experiment).filter(pk=form.pk).exists():
        raise DomainError(gettext_lazy("Kies een formulier van dit experiment."))
    spec = _check(form, aggregate, question, condition, number, choice)
    with transaction.atomic():
        binding, _created = MetricBinding.objects.update_or_create(
            experiment=experiment,
            defaults={
                "form": form,
                "aggregate": spec.aggregate,
                "question": spec.question,
                "condition": spec.condition,
                "number": spec.number,
                "choice": spec.choice,
            },
        )
        log_action(
            actor=by,
            action="participation.metric_bound",
            target=experiment.project,
            changes={
                "experiment": [experiment.pk, experiment.title],
                "metric": [None, describe(binding)],
            },
        )
        recompute(experiment, by=by)
    return binding


def unbind_metric(*, experiment: Experiment, by: Any) -> None:
    """The team measures by hand again; what was recorded stays on the experiment."""
    if not may_manage(by, experiment):
        raise DomainError(gettext_lazy("Alleen het projectteam en coördinatoren werken hieraan."))
    with transaction.atomic():
        deleted, _ = MetricBinding.objects.filter(experiment=experiment).delete()
        if deleted:
            log_action(
                actor=by,
                action="participation.metric_unbound",
                target=experiment.project,
                changes={"experiment": [experiment.pk, experiment.title]},
            )


def current_measurement(experiment: Experiment) -> Measurement | None:
    binding = MetricBinding.objects.select_related("question").filter(experiment=experiment).first()
    return None if binding is None else measure(binding.form_id, as_measure(binding))


def recompute(experiment: Experiment, *, by: Any = None) -> Measurement | None:
    """Compute the bound metric and hand it to the experiment while it runs. With no data
    points (yet) there is no value, and nothing is recorded."""
    measurement = current_measurement(experiment)
    experiment.refresh_from_db(fields=["status"])
    if (
        measurement is None
        or measurement.value is None
        or experiment.status != Status.RUNNING
        or not experiment.project.is_running
    ):
        return measurement
    binding = MetricBinding.objects.get(experiment=experiment)
    project_services.record_measurement(
        experiment=experiment,
        measured_value=measurement.value,
        data_points=measurement.data_points,
        source=f"participation.form:{binding.form_id}",
        by=by,
    )
    return measurement


def _responses_changed(experiment: Experiment) -> None:
    recompute(experiment)


register_owner(
    Experiment,
    OwnerKind(
        may_manage=may_manage,
        log_target=lambda experiment: experiment.project,
        responses_changed=_responses_changed,
    ),
)
