"""The public challenge page shows the outcome of the review once it is published, and not
before (DESIGN.md: "the challenge page shows the outcome only at publication")."""

from django.urls import reverse

from proeftuin.calls import services
from proeftuin.calls.models import Need

from .conftest import NeedFactory


def test_it_shows_the_outcome_only_once_the_decision_is_published(client, personas):
    need = NeedFactory(
        organisation=personas.organisation, submitted_by=personas.submitter, challenge=True
    )
    url = reverse("calls:challenge", args=[need.pk])
    assert "Uitkomst" not in client.get(url).text

    services.decide_after_review(
        need=need,
        to=Need.Status.SELECTED,
        motivation="Sterke nood, veel steun.",
        by=personas.coordinator,
    )

    page = client.get(url).text
    assert "Geselecteerd als proefproject." in page
    assert "Sterke nood, veel steun." in page
