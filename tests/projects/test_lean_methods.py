"""The experiment-method library: seeded with the methods the programme starts with and
maintained by coordinators only."""

import pytest

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.projects import services
from proeftuin.projects.models import Method

from .conftest import MethodFactory

pytestmark = pytest.mark.django_db


def fields(**overrides):
    return {
        "name": "Straatinterview",
        "description": "Korte gesprekken met voorbijgangers aan de bibliotheek.",
        "category": Method.Category.DISCOVERY,
        "typical_cost_eur": 0,
        "typical_duration_days": 2,
        "evidence_strength": 1,
        "active": True,
        **overrides,
    }


def test_it_starts_with_the_seeded_library():
    methods = Method.objects.all()

    assert methods.count() == 17
    assert {m.evidence_strength for m in methods} == {1, 2, 3, 4, 5}
    assert {m.category for m in methods} == set(Method.Category.values)
    assert all(m.active and m.description for m in methods)
    assert {"interview", "enquete", "landingspagina", "wizard-of-oz", "pilot"} <= {
        m.slug for m in methods
    }
    assert methods.get(slug="interview").evidence_strength == 1
    assert methods.get(slug="pilot").evidence_strength == 5


def test_it_lets_a_coordinator_add_a_method(personas):
    method = services.save_method(fields=fields(name="  Straatinterview "), by=personas.coordinator)

    assert (method.name, method.slug) == ("Straatinterview", "straatinterview")
    assert (method.category, method.evidence_strength) == (Method.Category.DISCOVERY, 1)
    row = ActivityLog.objects.for_object(method).get(action="method.saved")
    assert row.actor == personas.coordinator


def test_it_lets_a_coordinator_change_a_method_and_take_it_out_of_use(personas):
    interview = Method.objects.get(slug="interview")

    services.save_method(
        method=interview,
        fields=fields(name="Interview", evidence_strength=2, active=False),
        by=personas.coordinator,
    )

    interview.refresh_from_db()
    assert (interview.name, interview.evidence_strength, interview.active) == (
        "Interview",
        2,
        False,
    )
    row = ActivityLog.objects.for_object(interview).get(action="method.saved")
    assert row.changes["evidence_strength"] == [1, 2]
    assert row.changes["active"] == [True, False]
    assert "name" not in row.changes


@pytest.mark.parametrize("persona", ["team_member", "submitter", "org_admin", "outsider"])
def test_it_lets_only_coordinators_maintain_the_library(personas, persona):
    interview = Method.objects.get(slug="interview")

    with pytest.raises(DomainError, match="coördinatoren"):
        services.save_method(fields=fields(), by=getattr(personas, persona))
    with pytest.raises(DomainError, match="coördinatoren"):
        services.save_method(
            method=interview, fields=fields(name="Interview"), by=getattr(personas, persona)
        )

    assert Method.objects.count() == 17
    interview.refresh_from_db()
    assert interview.description != fields()["description"]


@pytest.mark.parametrize("name", ["interview", "INTERVIEW", " Interview ", "ENQUÊTE", "enquête"])
def test_it_refuses_a_second_method_with_the_same_name(personas, name):
    with pytest.raises(DomainError, match="al een methode met die naam"):
        services.save_method(fields=fields(name=name), by=personas.coordinator)

    assert Method.objects.count() == 17


def test_it_refuses_to_rename_a_method_to_the_name_of_another(personas):
    method = MethodFactory(name="Straatinterview")

    with pytest.raises(DomainError, match="al een methode met die naam"):
        services.save_method(method=method, fields=fields(name="Pop-Up"), by=personas.coordinator)

    method.refresh_from_db()
    assert method.name == "Straatinterview"


def test_it_lets_a_method_keep_its_own_name_in_other_letters(personas):
    pop_up = Method.objects.get(slug="pop-up")

    services.save_method(method=pop_up, fields=fields(name="POP-UP"), by=personas.coordinator)

    pop_up.refresh_from_db()
    assert pop_up.name == "POP-UP"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"evidence_strength": 0}, "tussen 1 en 5"),
        ({"evidence_strength": 6}, "tussen 1 en 5"),
        ({"name": "   "}, "naam"),
        ({"category": "speculation"}, "categorie"),
    ],
)
def test_it_refuses_a_method_that_is_not_well_formed(personas, overrides, message):
    with pytest.raises(DomainError, match=message):
        services.save_method(fields=fields(**overrides), by=personas.coordinator)

    assert Method.objects.count() == 17
