"""The 285 Flemish and 19 Brussels municipalities, and the demo programme, load once."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from proeftuin.organisations import demo
from proeftuin.organisations.models import Municipality, Organisation

pytestmark = pytest.mark.django_db

FLEMISH_PROVINCES = {
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
}


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[str, ...]]:
    return list(
        Municipality.objects.order_by("nis_code").values_list(
            "pk", "nis_code", "name", "province", "region", "postal_codes"
        )
    )


def test_it_loads_285_flemish_and_19_brussels_municipalities():
    assert run("load_municipalities").strip() == "municipalities: 304 created, 0 updated"

    assert Municipality.objects.flemish().count() == 285
    assert Municipality.objects.brussels().count() == 19
    assert set(Municipality.objects.flemish().values_list("province", flat=True)) == (
        FLEMISH_PROVINCES
    )
    assert set(Municipality.objects.brussels().values_list("province", flat=True)) == {"Brussel"}
    assert Municipality.objects.values("nis_code").distinct().count() == 304
    gent = Municipality.objects.get(nis_code="44021")
    assert (gent.name, gent.province) == ("Gent", "Oost-Vlaanderen")
    assert "9000" in gent.postal_codes.split()
    # After the 2025 mergers.
    assert Municipality.objects.get(nis_code="71072").name == "Hasselt"


def test_it_changes_nothing_when_run_twice():
    run("load_municipalities")
    before = snapshot()

    assert run("load_municipalities").strip() == "municipalities: 0 created, 0 updated"
    assert snapshot() == before


def test_it_corrects_a_municipality_that_was_changed_by_hand():
    run("load_municipalities")
    Municipality.objects.filter(nis_code="44021").update(name="Gend", province="?")

    assert run("load_municipalities").strip() == "municipalities: 0 created, 1 updated"
    gent = Municipality.objects.get(nis_code="44021")
    assert (gent.name, gent.province) == ("Gent", "Oost-Vlaanderen")


def test_it_keeps_the_organisations_of_existing_municipalities(personas):
    # The personas' Gent and Herentals exist before the load; they are kept, not duplicated.
    gent = Municipality.objects.get(nis_code="44021")
    run("load_municipalities")
    assert Municipality.objects.count() == 304
    assert Municipality.objects.get(nis_code="44021").pk == gent.pk
    assert list(personas.organisation.municipalities.all()) == [gent]


def counts() -> dict[str, int]:
    """Rows per model, over every installed app (each app adds its own demo data)."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


def test_it_loads_the_demo_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run("load_demo")
    first = counts()

    assert first["organisations.Municipality"] == 304
    assert first["core.Theme"] == 8
    for name, kind, _codes in demo.ORGANISATIONS:
        assert Organisation.objects.get(name=name).kind == kind
    kempen = Organisation.objects.get(name="Cultuurregio Kempen")
    assert kempen.kind == Organisation.Kind.INTERMUNICIPAL
    assert set(kempen.municipalities.values_list("name", flat=True)) == {
        "Herentals",
        "Geel",
        "Turnhout",
    }
    # Every other organisation lies in exactly one municipality.
    for organisation in Organisation.objects.exclude(kind=Organisation.Kind.INTERMUNICIPAL):
        assert organisation.municipalities.count() == 1, organisation
    coordinator = get_user_model().objects.get(email="coordinator@demo.proeftuin.be")
    assert coordinator.is_coordinator
    assert EmailAddress.objects.get(user=coordinator).verified

    run("load_demo")
    assert counts() == first


def test_it_shows_where_the_municipalities_come_from(client):
    run("load_municipalities")
    response = client.get(reverse("organisations:about_data"))
    assert response.status_code == 200
    assert "285 Vlaamse gemeenten" in response.text
    assert "19 Brusselse gemeenten" in response.text
    assert "CC BY 4.0" in response.text
