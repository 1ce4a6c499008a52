"""Factories and fixtures for calls, needs and sector support.

Factories write rows directly (fixture data); what a test is about goes through the services
or the views.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import factory
import pytest
from django.utils import timezone

from proeftuin.calls.models import Call, Criterion, Need, ReviewDate, Support

from ..factories import OrganisationFactory, UserFactory

Status = Need.Status

CRITERIA = [
    {
        "name": "Relevantie voor de burger",
        "weight": 3,
        "meaning_1": "Weinig meerwaarde voor inwoners",
        "meaning_3": "Duidelijke meerwaarde voor een doelgroep",
        "meaning_5": "Grote meerwaarde voor veel inwoners",
    },
    {
        "name": "Haalbaarheid binnen een proeftuin",
        "weight": 1,
        "meaning_1": "Onrealistisch in een jaar",
        "meaning_3": "Haalbaar met extra steun",
        "meaning_5": "Snel te testen",
    },
]


def _from_now(**delta: float) -> Any:
    return factory.LazyFunction(lambda: timezone.now() + timedelta(**delta))


class CallFactory(factory.django.DjangoModelFactory):
    """A published call that is open now (ten days in, ten days to go)."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Proeftuin oproep {n}")
    slug = factory.Sequence(lambda n: f"oproep-{n}")
    introduction = "Welke **digitale nood** houdt je werking al lang bezig?"
    opens_at = _from_now(days=-10)
    closes_at = _from_now(days=10)
    published_at = _from_now(days=-20)
    max_projects = 3
    allowed_attachments = factory.LazyFunction(lambda: list(Call.Attachment.values))

    class Params:
        upcoming = factory.Trait(opens_at=_from_now(days=5), closes_at=_from_now(days=40))
        closed = factory.Trait(opens_at=_from_now(days=-40), closes_at=_from_now(days=-1))
        unpublished = factory.Trait(published_at=None)
        decided = factory.Trait(
            opens_at=_from_now(days=-90),
            closes_at=_from_now(days=-60),
            decided_at=_from_now(days=-1),
        )
        rolling = factory.Trait(is_rolling=True, closes_at=None)

    @factory.post_generation
    def criteria(self, create: bool, extracted: list[dict[str, Any]] | None, **kwargs: Any) -> None:
        if create:
            rows = CRITERIA if extracted is None else extracted
            Criterion.objects.bulk_create(
                Criterion(call=self, position=i, **row) for i, row in enumerate(rows)
            )

    @factory.post_generation
    def review_dates(self, create: bool, extracted: list[datetime] | None, **kwargs: Any) -> None:
        if create and extracted:
            ReviewDate.objects.bulk_create(
                ReviewDate(call=self, cutoff_at=moment) for moment in extracted
            )


class NeedFactory(factory.django.DjangoModelFactory):
    """A draft need of an organisation in an open call."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    submitted_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Zaalverhuur loopt via papieren formulieren {n}")
    problem = "Inwoners moeten langskomen om een zaal te huren; wij typen alles over in Excel."
    target_groups = "Verenigingen, inwoners die een feest geven"
    current_handling = "Papieren formulieren en telefoon"
    citizen_value = "Een zaal huren zonder langs te komen"
    status = Status.DRAFT

    class Params:
        submitted = factory.Trait(status=Status.SUBMITTED, submitted_at=_from_now(days=-2))
        retained = factory.Trait(
            status=Status.RETAINED,
            submitted_at=_from_now(days=-2),
            decision_motivation="Een herkenbare nood.",
            decided_at=_from_now(days=-1),
        )
        challenge = factory.Trait(
            status=Status.RETAINED,
            submitted_at=_from_now(days=-2),
            decision_motivation="Een herkenbare nood.",
            decided_at=_from_now(days=-1),
            published_at=_from_now(days=-1),
        )

    @factory.post_generation
    def themes(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.themes.set(extracted)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    need = factory.SubFactory(NeedFactory, challenge=True)
    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def open_call(db: None) -> Call:
    return CallFactory(title="Proeftuin winter", slug="proeftuin-winter")


@pytest.fixture
def draft(personas: Any, open_call: Call) -> Need:
    """Ines's draft for Bibliotheek Gent in the open call."""
    return NeedFactory(
        call=open_call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Nieuwkomers vinden de weg niet naar onze bib",
    )


@pytest.fixture
def submitted(personas: Any, open_call: Call) -> Need:
    return NeedFactory(
        call=open_call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Leesclubs voor jongeren online opvolgen",
        submitted=True,
    )


@contextmanager
def frozen(moment: datetime) -> Iterator[datetime]:
    """Make `timezone.now()` answer `moment` (the models and querysets ask it)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
