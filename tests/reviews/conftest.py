"""Factories and fixtures for review and selection.

The calls' factories (CallFactory, NeedFactory) come from tests/calls/conftest.py. Factories
write rows directly (fixture data); what a test is about goes through the services or the
views.
"""

from datetime import timedelta
from typing import Any

import factory
import pytest
from django.utils import timezone

from proeftuin.calls.models import Call, Need
from proeftuin.reviews.models import Decision, Review, ReviewerRole, Score

from ..calls.conftest import CallFactory, NeedFactory
from ..factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory

__all__ = [
    "CallFactory",
    "DecisionFactory",
    "NeedFactory",
    "ReviewFactory",
    "ReviewerRoleFactory",
    "ScoreFactory",
    "score_all",
]

# Weights 3, 2 and 1 make hand-computed weighted means easy to check.
WEIGHTED = [
    {
        "name": "Relevantie voor de burger",
        "weight": 3,
        "meaning_1": "Weinig meerwaarde voor inwoners",
        "meaning_3": "Duidelijke meerwaarde voor een doelgroep",
        "meaning_5": "Grote meerwaarde voor veel inwoners",
    },
    {
        "name": "Haalbaarheid binnen een proeftuin",
        "weight": 2,
        "meaning_1": "Onrealistisch in een jaar",
        "meaning_3": "Haalbaar met extra steun",
        "meaning_5": "Snel te testen",
    },
    {
        "name": "Schaalbaarheid naar andere gemeenten",
        "weight": 1,
        "meaning_1": "Alleen hier bruikbaar",
        "meaning_3": "Bruikbaar in enkele gemeenten",
        "meaning_5": "Bruikbaar in heel Vlaanderen",
    },
]


class ReviewerRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerRole

    call = factory.SubFactory(CallFactory, closed=True)
    user = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    """An open assignment, due in a week."""

    class Meta:
        model = Review

    need = factory.SubFactory(NeedFactory, retained=True)
    reviewer = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    value = 3


class DecisionFactory(factory.django.DjangoModelFactory):
    """A prepared, unpublished decision."""

    class Meta:
        model = Decision

    need = factory.SubFactory(NeedFactory, retained=True)
    outcome = Decision.Outcome.SELECT
    motivation = "Sterk onderbouwd en herkenbaar in veel gemeenten."


def score_all(review: Review, values: list[int], *, submitted: bool = True) -> Review:
    """Fixture data: `values` on the call's criteria in their order, optionally submitted."""
    assert review.need.call is not None
    for criterion, value in zip(review.need.call.criteria.all(), values, strict=True):
        Score.objects.create(review=review, criterion=criterion, value=value)
    if submitted:
        review.submitted_at = timezone.now()
        review.save(update_fields=["submitted_at"])
    return review


@pytest.fixture
def call(db: None) -> Call:
    """A call that closed yesterday, under review, with criteria weighted 3, 2 and 1."""
    return CallFactory(
        title="Proeftuin voorjaar", slug="proeftuin-voorjaar", closed=True, criteria=WEIGHTED
    )


@pytest.fixture
def need(personas: Any, call: Call) -> Need:
    """Ines's retained need for Bibliotheek Gent."""
    return NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Nieuwkomers vinden de weg niet naar onze bib",
        retained=True,
    )


@pytest.fixture
def jury(personas: Any, call: Call) -> list[Any]:
    """Rik (Herentals) and Eva (an expert without organisation) review the call, and so
    does Bert from Brugge."""
    brugge = MunicipalityFactory(nis_code="31005", name="Brugge", province="West-Vlaanderen")
    bert = MembershipFactory(
        organisation=OrganisationFactory(name="Erfgoedcel Brugge", municipalities=[brugge]),
        user__name="Bert Brugge",
    ).user
    people = [personas.reviewer, personas.expert, bert]
    for person in people:
        ReviewerRoleFactory(call=call, user=person)
    return people


@pytest.fixture
def review(personas: Any, need: Need, jury: list[Any]) -> Review:
    """Rik's open scorecard for Ines's need."""
    return ReviewFactory(need=need, reviewer=personas.reviewer)
