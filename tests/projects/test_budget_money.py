"""Money in euro cents: what people type in euros becomes exact cents, and a call's budget
is set on the call form by coordinators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from proeftuin.calls.models import Call
from proeftuin.core.money import EuroField, euro_to_cents, format_euro

from ..calls.conftest import CRITERIA, CallFactory
from ..calls.test_call_lifecycle import call_form_data
from ..conftest import client_for


@pytest.mark.parametrize(
    ("euros", "cents"),
    [
        ("0.29", 29),  # 0.29 * 100 is 28.999… in binary floating point
        ("1.15", 115),
        ("12.345", 1235),  # half a cent rounds up
        ("12.344", 1234),
        ("-0.005", -1),  # and away from zero
        ("1000000", 100_000_000),
    ],
)
def test_it_converts_euros_to_cents_exactly(euros, cents):
    assert euro_to_cents(Decimal(euros)) == cents


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1250", 125_000),
        ("1250,50", 125_050),
        ("1.250,5", 125_050),
        ("1.250", 125_000),
        ("1.250.000", 125_000_000),
        ("12.5", 1_250),
        ("12.50", 1_250),
        ("€ 0,29", 29),
        ("", None),
    ],
)
def test_it_reads_euros_as_people_in_flanders_type_them(typed, cents):
    assert EuroField(required=False).clean(typed) == cents


@pytest.mark.parametrize("typed", ["-5", "12,345", "veel", "1e400"])
def test_it_refuses_a_negative_or_unreadable_amount(typed):
    field = EuroField()
    with pytest.raises(Exception) as caught:
        field.clean(typed)
    assert caught.type.__name__ == "ValidationError"


def test_it_formats_cents_as_euros_in_dutch(settings):
    assert format_euro(123_450).replace("\xa0", " ") == "€ 1.234,50"
    assert format_euro(None) == ""


@pytest.mark.django_db
def test_it_lets_a_coordinator_set_a_call_budget_on_the_call_form(personas):
    call = CallFactory(slug="proeftuin-lente", criteria=CRITERIA[:1])

    response = client_for(personas.coordinator).post(
        reverse("calls:edit", args=[call.slug]), call_form_data(budget_cents="250.000,00")
    )

    assert response.status_code == 302
    assert Call.objects.get(pk=call.pk).budget_cents == 25_000_000
    page = client_for(personas.coordinator).get(reverse("calls:edit", args=[call.slug]))
    assert 'value="250000,00"' in page.text


@pytest.mark.django_db
def test_it_keeps_the_input_when_a_call_budget_is_negative(personas):
    response = client_for(personas.coordinator).post(
        reverse("calls:create"), call_form_data(budget_cents="-100")
    )

    assert response.status_code == 400
    assert "niet negatief" in response.text
    assert 'value="-100"' in response.text
    assert not Call.objects.exists()
