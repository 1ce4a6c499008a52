"""The team's pages: build a form, open it, print its QR code and codes, bind the
experiment's metric, read the results and export them. Anyone outside the team gets a 404
on every page; the results and the list keep a fixed number of queries."""

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.participation import services
from proeftuin.participation.models import ParticipationForm, Question
from proeftuin.projects.models import Experiment

from ..conftest import client_for
from .conftest import Kind, form_fields, question, store


def form_urls(survey: ParticipationForm, experiment: Experiment) -> list[str]:
    pk, form_pk = experiment.project_id, survey.pk
    q_pk = survey.questions.first().pk  # type: ignore[union-attr]
    names = [
        "form",
        "form_status",
        "question_add",
        "codes",
        "qr",
        "qr_svg",
        "qr_png",
        "metric",
        "results",
        "results_csv",
    ]
    return [
        reverse("participation:experiment_forms", args=[pk, experiment.pk]),
        *[reverse(f"participation:{name}", args=[pk, form_pk]) for name in names],
        *[
            reverse(f"participation:{name}", args=[pk, form_pk, q_pk])
            for name in ("question_edit", "question_move", "question_remove")
        ],
    ]


@pytest.mark.parametrize("who", ["outsider", "other_member", "expert", "reviewer"])
def test_anyone_outside_the_team_gets_404_everywhere(
    survey: ParticipationForm, experiment: Experiment, personas: Any, who: str
) -> None:
    client = client_for(getattr(personas, who))
    for url in form_urls(survey, experiment):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"action": "open", "title": "x"}).status_code in (404, 405), url
    assert survey.questions.count() == 8
    assert ParticipationForm.objects.get().status == "draft"


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, survey: ParticipationForm, experiment: Experiment
) -> None:
    for url in form_urls(survey, experiment):
        assert client.get(url).status_code in (302, 405)


def test_the_team_builds_and_opens_a_form(experiment: Experiment, personas: Any) -> None:
    client = client_for(personas.team_member)
    pk = experiment.project_id
    fields = {**form_fields(), "closes_at": "", "max_responses": ""}
    created = client.post(
        reverse("participation:experiment_forms", args=[pk, experiment.pk]), fields
    )
    assert created.status_code == 302
    survey = ParticipationForm.objects.get()
    assert survey.owner == experiment
    add = reverse("participation:question_add", args=[pk, survey.pk])
    refused = client.post(
        add,
        {
            "kind": "single",
            "text": "Hoe reserveer je nu?",
            "required": "on",
            "options_text": "Website",
        },
    )
    assert refused.status_code == 400 and "twee keuzes" in refused.content.decode()
    client.post(
        add,
        {
            "kind": "single",
            "text": "Hoe reserveer je nu?",
            "required": "on",
            "options_text": "Website\nTelefoon",
        },
    )
    client.post(add, {"kind": "scale", "text": "Hoe makkelijk was het?", "required": "on"})
    scale = survey.questions.get(kind="scale")
    client.post(
        reverse("participation:question_move", args=[pk, survey.pk, scale.pk]), {"direction": "up"}
    )
    assert list(survey.questions.values_list("kind", flat=True)) == ["scale", "single"]
    client.post(reverse("participation:form_status", args=[pk, survey.pk]), {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"
    page = client.get(reverse("participation:form", args=[pk, survey.pk]))
    assert f"/f/{survey.token}/" in page.content.decode()


def test_it_draws_the_qr_code_and_prints_codes(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    client = client_for(personas.team_member)
    pk = experiment.project_id
    svg = client.get(reverse("participation:qr_svg", args=[pk, survey.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("participation:qr_png", args=[pk, survey.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert (
        "QR-code naar http://testserver/f/"
        in client.get(reverse("participation:qr", args=[pk, survey.pk])).content.decode()
    )
    made = client.post(reverse("participation:codes", args=[pk, survey.pk]), {"count": "12"})
    assert made.status_code == 302
    page = client.get(reverse("participation:codes", args=[pk, survey.pk]))
    assert len(page.context["unused"]) == 12


def test_the_team_binds_the_metric_and_sees_it_measured(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    services.open_form(form=survey, by=personas.team_member)
    yes_no = question(survey, Kind.YES_NO)
    store(survey, [{yes_no: "yes"}, {yes_no: "yes"}, {yes_no: "no"}, {yes_no: "yes"}])
    client = client_for(personas.team_member)
    url = reverse("participation:metric", args=[experiment.project_id, survey.pk])
    bound = client.post(url, {"aggregate": "share", "question": yes_no.pk, "choice": "ja"})
    assert bound.status_code == 302
    experiment.refresh_from_db()
    assert (experiment.measured_value, experiment.data_points) == (Decimal("75.00"), 4)
    page = client.get(url).content.decode()
    assert "kiest ja" in page and "Nu: 75, met 4 datapunten." in page
    # The experiment page and its completion form start from the measurement.
    exp_url = reverse("projects:experiment_complete", args=[experiment.project_id, experiment.pk])
    complete = client.get(exp_url)
    assert complete.context["form"].initial == {
        "measured_value": Decimal("75.00"),
        "data_points": 4,
    }


def test_the_results_show_charts_tables_and_texts(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    single, long_text, number = (
        question(survey, k) for k in (Kind.SINGLE, Kind.LONG_TEXT, Kind.NUMBER)
    )
    store(
        survey,
        [
            {single: "Website", long_text: "Liefst 's avonds", number: 5},
            {single: "Balie", number: "7.5"},
        ],
    )
    client = client_for(personas.team_member)
    page = client.get(reverse("participation:results", args=[experiment.project_id, survey.pk]))
    html = page.content.decode()
    assert 'role="img"' in html and "<caption" in html
    assert "Liefst &#x27;s avonds" in html
    website = page.context["results"].questions[0].bars[0]
    assert (website.label, website.count, website.percent) == ("Website", 1, Decimal("50.00"))
    assert page.context["results"].questions[5].mean == Decimal("6.25")
    filtered = client.get(
        reverse("participation:results", args=[experiment.project_id, survey.pk]),
        {"since": "2999-01-01"},
    )
    assert filtered.context["results"].responses == 0


def test_the_csv_holds_every_response(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    multiple, scale = question(survey, Kind.MULTIPLE), question(survey, Kind.SCALE)
    store(survey, [{multiple: ["Website", "Balie"], scale: 4}, {scale: 2}])
    client = client_for(personas.team_member)
    response = client.get(
        reverse("participation:results_csv", args=[experiment.project_id, survey.pk])
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))  # type: ignore[arg-type]
    assert rows[0][0] == "Ingediend op" and len(rows[0]) == 9
    assert rows[1][2] == "Website | Balie" and rows[1][3] == "4" and rows[2][3] == "2"


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_results_and_lists_keep_a_fixed_number_of_queries(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    client = client_for(personas.team_member)
    results = reverse("participation:results", args=[experiment.project_id, survey.pk])
    forms = reverse("participation:experiment_forms", args=[experiment.project_id, experiment.pk])
    qs = {k: question(survey, k) for k in Question.Kind.values}
    row = {
        qs["single"]: "Website",
        qs["multiple"]: ["Balie"],
        qs["scale"]: 3,
        qs["nps"]: 8,
        qs["yes_no"]: "no",
        qs["number"]: 4,
        qs["short_text"]: "kort",
        qs["long_text"]: "lang",
    }
    store(survey, [row])
    before = (_queries(client, results), _queries(client, forms))
    store(survey, [row] * 30)
    services.create_form(
        owner=experiment, fields=form_fields(title="Tweede"), by=personas.team_member
    )
    assert (_queries(client, results), _queries(client, forms)) == before


def test_a_stopped_project_keeps_its_forms_as_they_were(
    survey: ParticipationForm, experiment: Experiment, personas: Any
) -> None:
    from proeftuin.projects.models import Project

    Project.objects.filter(pk=experiment.project_id).update(outcome=Project.Outcome.STOPPED)
    client = client_for(personas.team_member)
    url = reverse("participation:form_status", args=[experiment.project_id, survey.pk])
    client.post(url, {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == "draft"
    page = client.get(reverse("participation:form", args=[experiment.project_id, survey.pk]))
    assert page.status_code == 200 and "Formulier openen" not in page.content.decode()


def test_the_retention_job_runs_daily() -> None:
    from proeftuin.core.scheduler import jobs
    from proeftuin.participation.tasks import erase_expired

    assert jobs["participation.retention"].every_seconds == 24 * 60 * 60
    assert jobs["participation.retention"].task is erase_expired
