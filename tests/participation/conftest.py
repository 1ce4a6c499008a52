"""Fixtures for participation: a running experiment of the projects' `project` fixture,
a form it owns with a question of every kind, and a quick way to store responses."""

from datetime import timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from proeftuin.participation import services
from proeftuin.participation.models import Answer, ParticipationForm, Question, Response
from proeftuin.projects.models import Experiment, Project

from ..projects.conftest import ExperimentFactory, media, project, selected

__all__ = ["media", "project", "selected"]

Kind = Question.Kind
_receipts = count()


def form_fields(**changes: Any) -> dict[str, Any]:
    fields = {
        "title": "Reserveren zonder telefoon",
        "introduction": "Vijf vragen, twee minuten.",
        "consent_text": "We bewaren je antwoorden anoniem tot het einde van het experiment.",
        "retention_until": timezone.localdate() + timedelta(days=90),
        "closes_at": None,
        "max_responses": None,
        "requires_invitation": False,
        "asks_email": False,
        "email_purpose": "",
    }
    return {**fields, **changes}


def question_fields(kind: str, **changes: Any) -> dict[str, Any]:
    fields = {
        "kind": kind,
        "text": f"Vraag ({kind})",
        "help_text": "",
        "required": True,
        "options": ["Website", "Telefoon", "Balie"] if kind in (Kind.SINGLE, Kind.MULTIPLE) else [],
        "min_value": None,
        "max_value": None,
    }
    return {**fields, **changes}


@pytest.fixture
def experiment(project: Project) -> Experiment:
    """A running test card: "validated when at least 60 (%)", with at least 5 data points."""
    return ExperimentFactory(
        project=project, running=True, threshold=Decimal("60"), min_data_points=5, unit="%"
    )


@pytest.fixture
def survey(personas: Any, experiment: Experiment) -> ParticipationForm:
    """A draft form of the experiment with one question of every kind, in this order:
    single, multiple, scale, nps, yes/no, number (0 to 100), short text, long text (the
    texts optional)."""
    form = services.create_form(owner=experiment, fields=form_fields(), by=personas.team_member)
    for kind in Kind.values:
        services.add_question(
            form=form,
            fields=question_fields(
                kind,
                required=kind not in (Kind.SHORT_TEXT, Kind.LONG_TEXT),
                min_value=Decimal(0) if kind == Kind.NUMBER else None,
                max_value=Decimal(100) if kind == Kind.NUMBER else None,
            ),
            by=personas.team_member,
        )
    return form


def question(form: ParticipationForm, kind: str) -> Question:
    return form.questions.get(kind=kind)


def store(form: ParticipationForm, rows: list[dict[Question, Any]]) -> None:
    """Store responses as rows, without the public form: {question: value} each; a list
    for multiple choice, a number for scales, NPS and numbers, text otherwise."""
    for values in rows:
        response = Response.objects.create(form=form, receipt_hash=f"test-{next(_receipts)}")
        answers = []
        for q, value in values.items():
            if q.kind == Kind.MULTIPLE:
                answers += [Answer(response=response, question=q, choice=c) for c in value]
            elif q.kind in Question.NUMBERS:
                answers.append(Answer(response=response, question=q, number=Decimal(value)))
            elif q.kind in Question.CHOICES:
                answers.append(Answer(response=response, question=q, choice=value))
            else:
                answers.append(Answer(response=response, question=q, text=value))
        Answer.objects.bulk_create(answers)
