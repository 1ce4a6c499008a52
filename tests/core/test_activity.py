"""The activity log: who changed what, with old and new values, shown to coordinators only."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.activity import diff, log_action
from proeftuin.core.models import ActivityLog
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa_prompt(settings):
    """Coordinators are sent to set up two-factor authentication first (tested with the
    accounts); here they are past that."""
    settings.REQUIRE_MFA_FOR_STAFF = False


def rename(organisation, *, to: str, by):
    old = {"name": organisation.name}
    organisation.name = to
    organisation.save(update_fields=["name"])
    return log_action(
        actor=by,
        action="organisation.renamed",
        target=organisation,
        changes=diff(old, {"name": organisation.name}),
    )


def activity_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("core:activity", args=[content_type.pk, obj.pk])


def test_it_logs_a_change_with_its_action_code_and_old_and_new_values(personas):
    organisation = personas.organisation

    rename(organisation, to="Bib Gent", by=personas.coordinator)

    (entry,) = ActivityLog.objects.for_object(organisation)
    assert entry.action == "organisation.renamed"
    assert entry.actor == personas.coordinator
    assert entry.changes == {"name": ["Bibliotheek Gent", "Bib Gent"]}
    assert entry.target == organisation
    assert not ActivityLog.objects.for_object(personas.other_organisation).exists()


def test_it_logs_an_anonymous_or_system_change_without_an_actor(personas):
    entry = log_action(
        actor=AnonymousUser(), action="organisation.synced", target=personas.organisation
    )
    system = log_action(actor=None, action="organisation.synced", target=personas.organisation)

    assert entry.actor is None and system.actor is None
    assert entry.changes == {}


def test_it_shows_an_objects_activity_to_a_coordinator(personas):
    organisation = personas.organisation
    rename(organisation, to="Bib Gent", by=personas.org_admin)
    rename(personas.other_organisation, to="CC Herentals", by=personas.coordinator)

    response = client_for(personas.coordinator).get(activity_url(organisation))

    assert response.status_code == 200
    text = response.text
    assert "organisation.renamed" in text
    assert "Ann Beheerder" in text
    assert "Bibliotheek Gent" in text and "Bib Gent" in text
    assert "CC Herentals" not in text


@pytest.mark.parametrize("persona", ["outsider", "org_admin", "submitter", "expert"])
def test_it_hides_the_activity_page_from_everyone_but_coordinators(personas, persona):
    rename(personas.organisation, to="Bib Gent", by=personas.coordinator)

    response = client_for(getattr(personas, persona)).get(activity_url(personas.organisation))

    assert response.status_code == 404
    assert "organisation.renamed" not in response.text


def test_it_answers_an_anonymous_visitor_of_the_activity_page_with_404(client, personas):
    rename(personas.organisation, to="Bib Gent", by=personas.coordinator)

    response = client.get(activity_url(personas.organisation))

    assert response.status_code == 404


def test_it_hides_the_activity_page_from_a_coordinator_who_was_deactivated(personas):
    coordinator = personas.coordinator
    client = client_for(coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert client.get(activity_url(personas.organisation)).status_code == 404


def test_it_answers_404_for_an_unknown_object_or_kind_of_object(personas):
    client = client_for(personas.coordinator)
    organisation_type = ContentType.objects.get_for_model(personas.organisation)
    vanished_type = ContentType.objects.create(app_label="verdwenen", model="oudding")

    for content_type_id, object_id in [
        (organisation_type.pk, "999999"),
        (organisation_type.pk, "geen-nummer"),
        (999999, str(personas.organisation.pk)),
        (vanished_type.pk, "1"),
    ]:
        url = reverse("core:activity", args=[content_type_id, object_id])
        assert client.get(url).status_code == 404, url


def test_it_lists_activity_in_a_fixed_number_of_queries(personas):
    client = client_for(personas.coordinator)
    organisation = personas.organisation
    rename(organisation, to="Naam 0", by=UserFactory())
    with CaptureQueriesContext(connection) as few:
        client.get(activity_url(organisation))
    for number in range(1, 15):
        rename(organisation, to=f"Naam {number}", by=UserFactory())

    with CaptureQueriesContext(connection) as many:
        response = client.get(activity_url(organisation))

    assert response.text.count("organisation.renamed") == 15
    assert len(many) == len(few)
