"""Retention after 6 and 12 months, and the reasons for leaving, on hand-made cases."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.scaling import feedback as figures
from proeftuin.scaling.models import Adoption, EndReason
from proeftuin.scaling.services import end_adoption

from ..conftest import client_for
from .conftest import AdoptionFactory, ServiceFactory

ENDED = Adoption.State.ENDED


def ago(days):
    return timezone.now() - timedelta(days=days)


def test_it_computes_retention_after_6_and_12_months(db):
    service = ServiceFactory()
    # Started 400 days ago: still active.
    AdoptionFactory(service=service, activated_at=ago(400))
    # Started 400 days ago, stopped after 200 days: kept at 6 months, not at 12.
    AdoptionFactory(service=service, activated_at=ago(400), state=ENDED, ended_at=ago(200))
    # Started 400 days ago, stopped after 100 days: lost at both.
    AdoptionFactory(service=service, activated_at=ago(400), state=ENDED, ended_at=ago(300))
    # Started 250 days ago, active: counts for 6 months only.
    AdoptionFactory(service=service, activated_at=ago(250))
    # Started 100 days ago: too recent for either.
    AdoptionFactory(service=service, activated_at=ago(100))
    # Never activated: not counted.
    AdoptionFactory(service=service, activated_at=None, state=Adoption.State.REQUESTED)
    # Another service's adoption: not counted.
    AdoptionFactory(activated_at=ago(400), state=ENDED, ended_at=ago(390))

    result = figures.retention(service.pk)
    assert (result.after_6.kept, result.after_6.eligible) == (3, 4)
    assert result.after_6.percent == Decimal("75.0")
    assert (result.after_12.kept, result.after_12.eligible) == (1, 3)
    assert result.after_12.percent == Decimal("33.3")
    assert figures.retention_by_service(Adoption.objects.all())[service.pk] == result


def test_without_old_enough_adoptions_there_is_no_share(db):
    service = ServiceFactory()
    AdoptionFactory(service=service, activated_at=ago(10))
    assert figures.retention(service.pk).after_6.percent is None


def test_ending_asks_and_keeps_the_reason(personas):
    adoption = AdoptionFactory()
    with pytest.raises(DomainError):
        end_adoption(adoption=adoption, reason="", by=personas.coordinator)
    with pytest.raises(DomainError):
        end_adoption(adoption=adoption, reason=EndReason.OTHER, by=personas.coordinator)
    end_adoption(
        adoption=adoption,
        reason=EndReason.TOO_EXPENSIVE,
        explanation="Besparing op de begroting.",
        by=personas.coordinator,
    )
    adoption.refresh_from_db()
    assert (adoption.state, adoption.end_reason, adoption.end_explanation) == (
        ENDED,
        "cost",
        "Besparing op de begroting.",
    )


def test_the_end_form_requires_a_reason(personas):
    adoption = AdoptionFactory()
    url = reverse("scaling:end", args=[adoption.pk])
    assert client_for(personas.submitter).get(url).status_code == 404
    coordinator = client_for(personas.coordinator)
    response = coordinator.post(url, {"explanation": "Ze stoppen."})
    assert response.status_code == 400
    assert "Ze stoppen." in response.content.decode()
    response = coordinator.post(url, {"reason": "other", "explanation": ""})
    assert response.status_code == 400
    response = coordinator.post(url, {"reason": "little_used", "explanation": ""})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.end_reason == "little_used"


def test_the_service_page_shows_retention_and_reasons_not_explanations(personas, client):
    service = ServiceFactory()
    for reason in ("cost", "cost", "own_solution"):
        end_adoption(
            adoption=AdoptionFactory(service=service, activated_at=ago(400)),
            reason=reason,
            explanation="Vertrouwelijke toelichting",
            by=personas.coordinator,
        )
    AdoptionFactory(service=service, activated_at=ago(400))

    assert figures.end_reasons(service.pk) == [
        ("te duur", 2),
        ("eigen of andere oplossing", 1),
    ]
    page = client.get(reverse("scaling:service", args=[service.slug])).content.decode()
    assert "te duur" in page
    # They all stopped today, more than a year after they started.
    assert "4 van 4 gemeenten" in page
    assert "Vertrouwelijke toelichting" not in page
    overview = client_for(personas.coordinator).get(
        reverse("scaling:feedback", args=[service.slug])
    )
    assert "Vertrouwelijke toelichting" in overview.content.decode()
