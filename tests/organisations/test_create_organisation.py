"""A coordinator adds an organisation in one municipality, or an intergemeentelijke
samenwerking in several."""

import pytest
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.organisations import services
from proeftuin.organisations.models import Municipality, Organisation

from ..conftest import client_for
from ..factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("organisations:create")
ONLY_INTERMUNICIPAL = "Alleen een intergemeentelijke samenwerking noemt meerdere gemeenten."


@pytest.fixture
def kempen() -> list[Municipality]:
    return [
        MunicipalityFactory(nis_code="13008", name="Geel"),
        MunicipalityFactory(nis_code="13040", name="Turnhout"),
    ]


def test_it_creates_an_organisation_in_one_municipality(personas, kempen):
    response = client_for(personas.coordinator).post(
        CREATE,
        {
            "name": "Bibliotheek Geel",
            "kind": "bibliotheek",
            "municipalities": [kempen[0].pk],
            "email": "bib@geel.be",
            "website": "https://bib.geel.be",
        },
    )
    organisation = Organisation.objects.get(name="Bibliotheek Geel")
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[organisation.slug])
    assert organisation.slug == "bibliotheek-geel-geel"
    assert list(organisation.municipalities.all()) == [kempen[0]]
    assert organisation.email == "bib@geel.be"
    entry = ActivityLog.objects.get(action="organisation.created")
    assert entry.actor == personas.coordinator
    assert entry.changes == {"name": [None, "Bibliotheek Geel"], "kind": [None, "bibliotheek"]}


def test_it_creates_an_intergemeentelijke_samenwerking_in_several_municipalities(personas, kempen):
    client_for(personas.coordinator).post(
        CREATE,
        {
            "name": "Cultuurregio Kempen",
            "kind": "intergemeentelijk",
            "municipalities": [m.pk for m in kempen],
        },
    )
    organisation = Organisation.objects.get(name="Cultuurregio Kempen")
    assert set(organisation.municipalities.all()) == set(kempen)


def test_it_refuses_several_municipalities_for_another_kind(personas, kempen):
    response = client_for(personas.coordinator).post(
        CREATE,
        {
            "name": "Bibliotheek Kempen",
            "kind": "bibliotheek",
            "municipalities": [m.pk for m in kempen],
        },
    )
    assert response.status_code == 400
    assert ONLY_INTERMUNICIPAL in response.text
    assert not Organisation.objects.filter(name="Bibliotheek Kempen").exists()


def test_the_service_refuses_several_municipalities_for_another_kind(personas, kempen):
    with pytest.raises(DomainError) as error:
        services.create_organisation(
            name="Bibliotheek Kempen",
            kind="bibliotheek",
            municipalities=kempen,
            by=personas.coordinator,
        )
    assert str(error.value.message) == ONLY_INTERMUNICIPAL
    with pytest.raises(DomainError):
        services.create_organisation(
            name="Nergens", kind="bibliotheek", municipalities=[], by=personas.coordinator
        )


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Zonder gemeente", "kind": "bibliotheek"},
        {"name": "Rare soort", "kind": "kerncentrale", "municipalities": ["1"]},
        {"name": "Onbekende gemeente", "kind": "museum", "municipalities": ["999999"]},
        {"name": "Geen getal", "kind": "museum", "municipalities": ["abc"]},
        {"name": "Slecht adres", "kind": "museum", "municipalities": ["1"], "email": "geen-adres"},
    ],
)
def test_it_answers_400_with_the_errors_to_an_invalid_form(personas, kempen, data):
    response = client_for(personas.coordinator).post(CREATE, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Organisation.objects.count() == 2


def test_it_gives_organisations_with_the_same_name_their_own_address(personas, kempen):
    first = services.create_organisation(
        name="Bibliotheek", kind="bibliotheek", municipalities=[kempen[0]], by=personas.coordinator
    )
    second = services.create_organisation(
        name="Bibliotheek", kind="bibliotheek", municipalities=[kempen[0]], by=personas.coordinator
    )
    assert first.slug != second.slug


def test_it_shows_the_form_to_a_coordinator(personas):
    assert client_for(personas.coordinator).get(CREATE).status_code == 200


@pytest.mark.parametrize("who", ["org_admin", "submitter", "other_member", "outsider", "expert"])
def test_it_answers_404_to_everyone_else(personas, kempen, who):
    client = client_for(getattr(personas, who))
    assert client.get(CREATE).status_code == 404
    response = client.post(
        CREATE, {"name": "Stiekem", "kind": "bibliotheek", "municipalities": [kempen[0].pk]}
    )
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="Stiekem").exists()
    with pytest.raises(DomainError):
        services.create_organisation(
            name="Stiekem",
            kind="bibliotheek",
            municipalities=[kempen[0]],
            by=getattr(personas, who),
        )


def test_it_answers_404_to_anonymous_visitors(client, personas):
    assert client.get(CREATE).status_code == 404
