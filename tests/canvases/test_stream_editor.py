"""The value stream editor: steps saved as they are typed, moved with buttons, refused with
a message when a time is negative or %C&A above 100; the map with its figures and table, and
a future state beside its current one."""

import pytest
from django.urls import reverse

from proeftuin.canvases import services
from proeftuin.canvases.models import ValueStream

from ..conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, stream, *args):
    return reverse(f"canvases:{name}", args=[stream.project_id, stream.pk, *args])


def step_data(step, **change):
    data = {
        "name": step.name,
        "actor": step.actor,
        "waiting_time": step.waiting_time,
        "waiting_unit": step.waiting_unit,
        "process_time": step.process_time,
        "process_unit": step.process_unit,
        "pct_complete_accurate": step.pct_complete_accurate,
        "classification": step.classification,
        "wastes": step.wastes,
        **change,
    }
    return {f"step-{step.pk}-{key}": value for key, value in data.items()}


def test_it_creates_a_current_and_a_future_state_from_the_overview(personas, project):
    client = client_for(personas.team_member)
    create = reverse("canvases:stream_create", args=[project.pk])
    client.post(create, {"name": "boeken aan huis", "state": "current"})
    current = ValueStream.objects.get()

    response = client.post(
        create, {"name": "boeken aan huis, morgen", "state": "future", "current": current.pk}
    )

    future = ValueStream.objects.get(state="future")
    assert response.url == url("stream", future)
    assert future.current == current
    refused = client.post(create, {"name": "zonder", "state": "future"})
    assert refused.status_code == 400
    assert "verwijst naar een huidige toestand" in refused.content.decode()


def test_the_map_shows_the_figures_and_a_table_of_the_steps(personas, stream):
    page = client_for(personas.team_member).get(url("stream", stream)).content.decode()

    assert 'role="img"' in page
    assert f'id="stream-{stream.pk}-title"' in page
    assert "Doorlooptijd 4 werkdagen 2 uur, bewerkingstijd 2 uur 40 minuten" in page
    assert "1,9 %" in page  # process cycle efficiency
    assert "45 %" in page  # rolled %C&A
    assert "3 werkdagen voor 'boeken brengen'" in page
    assert "<caption>De stappen van 'boeken aan huis aanvragen' in woorden</caption>" in page
    assert "▼1" in page and "⚠ transport, wachten" in page


def test_a_future_state_shows_the_differences_with_its_current_state(personas, stream):
    tom = personas.team_member
    future = services.create_stream(
        project=stream.project, name="morgen", state="future", current=stream, by=tom
    )
    services.remove_step(step=future.steps.get(position=2), by=tom)

    page = client_for(tom).get(url("stream", future)).content.decode()

    assert (
        "Deze toekomstige toestand tegenover de huidige toestand 'boeken aan huis aanvragen'"
        in page
    )
    # Lead time: the step of 2 hours and its day of waiting less (with a minus sign).
    assert "\u2212 1 werkdag 2 uur" in page
    assert "+ 45 procentpunt" in page  # rolled %C&A: 90 % of 100 % instead of 90 % of 50 %
    current_page = client_for(tom).get(url("stream", stream)).content.decode()
    assert "Toekomstige toestanden:" in current_page


def test_a_step_is_saved_as_it_is_typed(personas, stream):
    step = stream.steps.get(position=2)
    response = client_for(personas.team_member).post(
        url("step_change", stream, step.pk),
        step_data(step, waiting_time="1.5", waiting_unit="weeks", wastes=["waiting", "defects"]),
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "stream-changed"
    assert "Stap 2 bewaard om" in response.content.decode()
    step.refresh_from_db()
    assert (step.waiting_minutes, step.wastes) == (3600, ["waiting", "defects"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"process_time": "-5"}, "Een tijd kan niet negatief zijn."),
        ({"pct_complete_accurate": "120"}, "%C&amp;A is een percentage tussen 0 en 100."),
        ({"waiting_time": "veel"}, "Voer een getal in."),
    ],
)
def test_a_negative_time_or_a_pca_above_100_is_refused_with_a_message(
    personas, stream, change, message
):
    step = stream.steps.get(position=1)
    client = client_for(personas.team_member)

    response = client.post(
        url("step_change", stream, step.pk), step_data(step, **change), headers=HTMX
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "HX-Trigger" not in response

    plain = client.post(url("step_change", stream, step.pk), step_data(step, **change))
    assert plain.status_code == 400
    assert message in plain.content.decode()
    step.refresh_from_db()
    assert (step.process_time, step.pct_complete_accurate) == (10, 90)


def test_it_adds_a_step_and_keeps_what_was_typed_when_it_is_refused(personas, stream):
    client = client_for(personas.team_member)
    fields = {
        "new-name": "bedanken",
        "new-actor": "vrijwilliger",
        "new-waiting_time": "2",
        "new-waiting_unit": "hours",
        "new-process_time": "-1",
        "new-process_unit": "minutes",
        "new-pct_complete_accurate": "100",
        "new-classification": "waste",
    }
    refused = client.post(url("step_add", stream), fields, headers=HTMX)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Een tijd kan niet negatief zijn." in body
    assert 'value="vrijwilliger"' in body

    added = client.post(url("step_add", stream), {**fields, "new-process_time": "5"}, headers=HTMX)
    assert added.status_code == 200
    assert "Stap 4 is toegevoegd." in added.content.decode()
    assert stream.steps.get(position=4).waiting_minutes == 120


def test_steps_move_with_buttons(personas, stream):
    last = stream.steps.get(position=3)
    client = client_for(personas.team_member)
    response = client.post(url("step_move", stream, last.pk), {"direction": "up"}, headers=HTMX)

    assert "&#x27;boeken brengen&#x27; is nu stap 2." in response.content.decode()
    assert f'id="step-{last.pk}-up"' in response.content.decode()
    plain = client.post(url("step_move", stream, last.pk), {"direction": "down"})
    assert plain.url.endswith(f"#step-{last.pk}")
    last.refresh_from_db()
    assert last.position == 3


def test_it_removes_a_step_and_renames_the_stream(personas, stream):
    client = client_for(personas.team_member)
    first = stream.steps.get(position=1)
    response = client.post(url("step_remove", stream, first.pk), headers=HTMX)

    assert "De stap &#x27;aanvraag noteren&#x27; is verwijderd." in response.content.decode()
    assert list(stream.steps.values_list("position", flat=True)) == [1, 2]
    renamed = client.post(url("stream_rename", stream), {"name": "aan-huis-dienst"}, headers=HTMX)
    assert "Naam bewaard om" in renamed.content.decode()
    stream.refresh_from_db()
    assert stream.name == "aan-huis-dienst"
