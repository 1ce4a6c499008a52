"""The demo's municipalities have pages that say something: Dilbeek tests the published
project and uses the service it became, Herentals supports challenges of elsewhere and is
shown similar ones, Waregem's project is counted but not named while it is not shared."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from proeftuin.organisations.models import Municipality

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def page_of(name):
    code = Municipality.objects.get(name=name).nis_code
    response = Client().get(reverse("knowledge:municipality", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_municipalities_have_something_to_show(media):  # noqa: F811
    call_command("load_demo", verbosity=0)

    dilbeek = page_of("Dilbeek")
    assert "Zalen van de gemeente online reserveren" in dilbeek
    assert "test hier" in dilbeek
    assert "Zalen online reserveren" in dilbeek  # the service, in use

    herentals = page_of("Herentals")
    assert "Tickets aanbieden via onze eigen website" in herentals
    assert "Gesteunde uitdagingen van elders" in herentals
    assert "Kaartjes kopen buiten de openingsuren van het onthaal" in herentals  # similar

    waregem = page_of("Waregem")
    assert "Gemeentelijk materiaalpark transparant maken voor aanvragers" in waregem
    assert "1 proefproject, dat zijn werk nog niet deelt met de sector." in waregem

    province = Client().get(reverse("knowledge:province", args=["antwerpen"]))
    assert province.status_code == 200
    assert "Cultuurcentrum Herentals" in province.content.decode()
