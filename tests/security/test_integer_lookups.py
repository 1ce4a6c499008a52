"""An id too large for any integer column finds nothing, in `__in` as in `exact`, instead of
an OverflowError (SQLite) or a range error (PostgreSQL) that a form turns into a 500."""

import pytest
from django import forms

from proeftuin.organisations.models import Organisation

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HUGE = 10**23


def test_it_finds_nothing_for_an_id_no_column_can_hold():
    organisation = OrganisationFactory()
    assert not Organisation.objects.filter(pk__in=[HUGE]).exists()
    assert not Organisation.objects.filter(pk__in=[-HUGE]).exists()
    assert list(Organisation.objects.filter(pk__in=[organisation.pk, HUGE])) == [organisation]


def test_it_calls_a_huge_id_an_invalid_choice_in_a_form():
    OrganisationFactory()

    class ChoiceForm(forms.Form):
        organisations = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all())

    form = ChoiceForm({"organisations": [str(HUGE)]})
    assert not form.is_valid()
    assert "organisations" in form.errors
