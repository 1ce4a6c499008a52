"""The project workspace for its team and the coordinators: the overview, hypotheses and the
assumptions map, test cards, learning cards and gate decisions. Everyone else gets a 404;
a stopped project is kept as it was."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from proeftuin.core.activity import log_action
from proeftuin.core.models import ActivityLog
from proeftuin.core.registry import registry
from proeftuin.projects import services
from proeftuin.projects.models import (
    Experiment,
    GateDecision,
    Hypothesis,
    Learning,
    Method,
    Project,
)

from ..conftest import client_for
from .conftest import SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

Phase = Project.Phase
Status = Experiment.Status
Kind = Hypothesis.Kind

CLOSED = "Dit project is afgesloten; het blijft zoals het was."
CHECK = "kijk de gemarkeerde velden na"


# Making a project's lean cycle through the services ---------------------------------------


def write(project, by, statement="bezoekers reserveren liever online", **fields):
    return services.write_hypothesis(
        project=project,
        statement=statement,
        kind=fields.pop("kind", Kind.DESIRABILITY),
        importance=fields.pop("importance", 4),
        by=by,
    )


def card(hypothesis, **fields):
    """The fields of a test card, as the services take them."""
    return {
        "hypothesis": hypothesis,
        "method": Method.objects.get(slug="landingspagina"),
        "title": "Landingspagina 'Reserveer je zaal'",
        "test": "een pagina aankondigen waarop verenigingen een zaal reserveren",
        "metric": "reservaties in drie weken",
        "unit": "reservaties",
        "operator": Experiment.Operator.GTE,
        "threshold": Decimal("10"),
        "min_data_points": 5,
        "planned_start": date(2025, 3, 1),
        "planned_end": date(2025, 3, 21),
        "cost_eur": Decimal("150"),
        "criticality": 3,
        "test_cost": 1,
        "data_reliability": 2,
        "time_required": 2,
        **fields,
    }


def plan(project, by, hypothesis=None, **fields):
    hypothesis = hypothesis or write(project, by)
    project.refresh_from_db()
    return services.plan_experiment(project=project, fields=card(hypothesis, **fields), by=by)


def run(project, by, **fields):
    experiment = plan(project, by, **fields)
    return services.start_experiment(experiment=experiment, by=by)


def complete(project, by, measured="12", data_points=12, decision="persevere", **fields):
    return services.complete_experiment(
        experiment=run(project, by, **fields),
        measured_value=Decimal(measured),
        data_points=data_points,
        observation="twaalf verenigingen reserveerden online",
        insight="verenigingen willen niet meer bellen",
        decision=decision,
        actions="de pagina in de nieuwsbrief zetten",
        by=by,
    )


def stop(project, by):
    return services.record_gate_decision(
        project=project,
        decision=GateDecision.Decision.STOP,
        motivation="de nood bleek elders al opgelost",
        experiments=[],
        learnings=[],
        closing_learning={
            "observation": "de gemeente koos een regionaal platform",
            "insight": "eerst kijken wat de regio al doet",
        },
        by=by,
    )


def post_card(hypothesis, **fields):
    """A test card as the form sends it."""
    data = card(hypothesis, **fields)
    data["hypothesis"] = hypothesis.pk
    data["method"] = data["method"].pk
    return {key: str(value) for key, value in data.items()}


def urls(project, hypothesis, experiment):
    """Every workspace page of the project, GET and POST alike."""
    pk = project.pk
    return [
        reverse("projects:detail", args=[pk]),
        reverse("projects:profile", args=[pk]),
        reverse("projects:hypotheses", args=[pk]),
        reverse("projects:hypothesis_edit", args=[pk, hypothesis.pk]),
        reverse("projects:experiments", args=[pk]),
        reverse("projects:experiment_new", args=[pk]),
        reverse("projects:experiment", args=[pk, experiment.pk]),
        reverse("projects:experiment_edit", args=[pk, experiment.pk]),
        reverse("projects:experiment_complete", args=[pk, experiment.pk]),
        reverse("projects:learnings", args=[pk]),
        reverse("projects:gate", args=[pk]),
        reverse("projects:team", args=[pk]),
    ]


def writes(project, hypothesis, experiment):
    """The workspace pages that take a POST."""
    return [
        url
        for url in urls(project, hypothesis, experiment)
        if not url.endswith(("/leerkaarten/", "/experimenten/"))
        and url != reverse("projects:detail", args=[project.pk])
        and url != reverse("projects:experiment", args=[project.pk, experiment.pk])
    ]


@pytest.fixture
def planned(personas, project):
    return plan(project, personas.team_member)


# Who sees the workspace ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "other_member", "org_admin", "reviewer", "expert"])
def test_it_answers_404_on_every_workspace_page_to_anyone_outside_the_team(
    personas, project, planned, who
):
    client = client_for(getattr(personas, who))
    pages = urls(project, planned.hypothesis, planned)
    start = reverse("projects:experiment_start", args=[project.pk, planned.pk])

    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in [*writes(project, planned.hypothesis, planned), start]:
        assert client.post(url, {"statement": "x", "kind": "desirability"}).status_code == 404, url
    planned.refresh_from_db()
    assert planned.status == Status.PLANNED
    assert project.hypotheses.count() == 1


@pytest.mark.parametrize("who", ["submitter", "team_member", "coordinator"])
def test_it_opens_every_workspace_page_to_the_team_and_coordinators(
    personas, project, planned, who
):
    client = client_for(getattr(personas, who))
    pages = [
        url
        for url in urls(project, planned.hypothesis, planned)
        if "afronden" not in url  # a planned experiment is not completed yet
        and not (who == "submitter" and url.endswith("/beslismoment/"))
    ]

    for url in pages:
        assert client.get(url).status_code == 200, url


def test_it_keeps_the_gate_to_the_projectleider_and_coordinators(personas, project):
    url = reverse("projects:gate", args=[project.pk])

    assert client_for(personas.submitter).get(url).status_code == 404
    assert client_for(personas.team_member).get(url).status_code == 200
    assert client_for(personas.coordinator).get(url).status_code == 200


def test_it_sends_anonymous_visitors_to_sign_in(client, project, planned):
    for url in urls(project, planned.hypothesis, planned):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login"))


def test_it_marks_the_current_tab(personas, project):
    page = (
        client_for(personas.team_member)
        .get(reverse("projects:hypotheses", args=[project.pk]))
        .content.decode()
    )

    nav = page.split('class="workspace-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("aria-current") == 1
    assert 'aria-current="page">Hypothesen</a>' in nav
    for tab in ("Overzicht", "Experimenten", "Leerkaarten", "Team"):
        assert f">{tab}</a>" in nav


# The overview -------------------------------------------------------------------------------


def test_it_gives_the_team_an_overview_of_the_project(personas, project):
    SiteFactory(project=project)
    tom = personas.team_member
    write(project, tom, "verenigingen lezen de nieuwsbrief", importance=2)
    risky = write(project, tom, "verenigingen willen zelf reserveren", importance=5)
    complete(project, tom, hypothesis=write(project, tom, "de kalender is actueel"))

    page = client_for(personas.submitter).get(reverse("projects:detail", args=[project.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert project.need.title in html
    assert "Ines Indiener" in html and "lokale indiener" in html
    assert 'aria-current="step"' in html and "huidige fase" in html
    assert risky.statement in html.split("Wat testen we eerst?", 1)[1].split("</section>", 1)[0]
    assert "Landingspagina &#x27;Reserveer je zaal&#x27;" in html
    assert "verenigingen willen niet meer bellen" in html
    timeline = html.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert (
        "Tom Teamlid schreef een hypothese: wij geloven dat verenigingen willen zelf reserveren"
        in timeline
    )
    assert "rondde het experiment" in timeline and "gevalideerd" in timeline
    assert "project.hypothesis_written" not in timeline


def test_it_tells_the_canvases_work_on_the_timeline_but_not_every_small_edit(personas, project):
    log_action(
        actor=personas.submitter,
        action="canvas.created",
        target=project,
        changes={"canvas": [None, "verenigingen"]},
    )
    log_action(
        actor=personas.submitter,
        action="canvas.item_moved",
        target=project,
        changes={"canvas": [1, "verenigingen"], "rank": [2, 1]},
    )

    html = (
        client_for(personas.team_member)
        .get(reverse("projects:detail", args=[project.pk]))
        .content.decode()
    )

    timeline = html.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Ines Indiener begon het waardepropositiecanvas &#x27;verenigingen&#x27;" in timeline
    assert timeline.count("<li>") == 2  # the project created, the canvas; not the moved item


def test_it_calls_the_projectleider_to_a_due_gate_decision(personas, project):
    complete(project, personas.submitter)

    leader = client_for(personas.team_member).get(reverse("projects:detail", args=[project.pk]))
    member = client_for(personas.submitter).get(reverse("projects:detail", args=[project.pk]))

    assert "Tijd voor een beslismoment" in leader.content.decode()
    assert reverse("projects:gate", args=[project.pk]) in leader.content.decode()
    assert "Tijd voor een beslismoment" not in member.content.decode()


def test_it_keeps_the_overview_to_a_fixed_number_of_queries(personas, project):
    SiteFactory(project=project)
    tom = personas.team_member
    client = client_for(tom)
    url = reverse("projects:detail", args=[project.pk])

    def count():
        client.get(url)  # warm the content-type and session caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        complete(project, tom)
    few = count()
    for _ in range(10):
        complete(project, tom)
        plan(project, tom)
    many = count()

    assert few == many


def test_it_edits_the_project_profile(personas, project):
    client = client_for(personas.submitter)
    url = reverse("projects:profile", args=[project.pk])

    response = client.post(
        url,
        {
            "question": "Reserveren verenigingen liever online?",
            "target_groups": "verenigingen in Gent",
            "summary": "Zalen online reserveren.",
            "next_steps": "",
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.question == "Reserveren verenigingen liever online?"
    assert ActivityLog.objects.for_object(project).filter(action="project.profile_changed").exists()
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "werkte de projectbeschrijving bij" in page


# Hypotheses ---------------------------------------------------------------------------------


def test_it_writes_a_hypothesis_onto_the_assumptions_map(personas, project):
    client = client_for(personas.submitter)
    url = reverse("projects:hypotheses", args=[project.pk])

    response = client.post(
        url,
        {
            "statement": "verenigingen willen zelf reserveren",
            "kind": "desirability",
            "importance": "5",
        },
        follow=True,
    )

    html = response.content.decode()
    (hypothesis,) = project.hypotheses.all()
    assert (hypothesis.kind, hypothesis.importance, hypothesis.created_by) == (
        Kind.DESIRABILITY,
        5,
        personas.submitter,
    )
    assert "De hypothese staat op de kaart." in html
    assert '<svg viewBox="0 0' in html and 'role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "eerst testen" in html
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    for value in re.findall(r' (?:x|y|cx|cy|r|width|height)="([^"]*)"', svg):
        float(value)  # a number the browser can read, whatever the page's language
    assert reverse("projects:hypothesis_edit", args=[project.pk, hypothesis.pk]) in html


def test_it_shows_the_importance_as_radio_buttons_with_their_meaning(personas, project):
    html = (
        client_for(personas.submitter)
        .get(reverse("projects:hypotheses", args=[project.pk]))
        .content.decode()
    )

    assert html.count('type="radio" name="importance"') == 5
    assert "5 — cruciaal: alles hangt ervan af" in html
    assert "<legend>Belang</legend>" in html


def test_it_sends_a_wrong_hypothesis_back_with_what_was_typed(personas, project):
    response = client_for(personas.submitter).post(
        reverse("projects:hypotheses", args=[project.pk]),
        {"statement": "verenigingen bellen niet graag", "kind": "desirability", "importance": "9"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "verenigingen bellen niet graag" in html
    assert CHECK in html
    assert not project.hypotheses.exists()


def test_it_rewrites_a_hypothesis(personas, project):
    hypothesis = write(project, personas.team_member)
    url = reverse("projects:hypothesis_edit", args=[project.pk, hypothesis.pk])
    client = client_for(personas.submitter)

    assert "bezoekers reserveren liever online" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "statement": "verenigingen reserveren liever online",
            "kind": "viability",
            "importance": "3",
        },
    )

    assert response.status_code == 302
    hypothesis.refresh_from_db()
    assert (hypothesis.statement, hypothesis.kind, hypothesis.importance) == (
        "verenigingen reserveren liever online",
        Kind.VIABILITY,
        3,
    )
    bad = client.post(url, {"statement": "", "kind": "viability", "importance": "3"})
    assert bad.status_code == 400


def test_it_answers_404_for_a_hypothesis_of_another_project(personas, project):
    from .conftest import MemberFactory, ProjectFactory

    other = ProjectFactory()
    MemberFactory(project=other, user=personas.team_member)
    foreign = write(other, personas.team_member)

    response = client_for(personas.team_member).get(
        reverse("projects:hypothesis_edit", args=[project.pk, foreign.pk])
    )

    assert response.status_code == 404


# Test cards ---------------------------------------------------------------------------------


def test_it_plans_a_test_card_in_strategyzers_words(personas, project):
    hypothesis = write(project, personas.team_member)
    client = client_for(personas.submitter)
    url = reverse("projects:experiment_new", args=[project.pk])

    form = client.get(f"{url}?hypothese={hypothesis.pk}").content.decode()
    response = client.post(url, post_card(hypothesis), follow=True)

    for words in ("Wij geloven dat", "Om dat te verifiëren zullen we", "En meten we"):
        assert words in form
    assert "We hebben gelijk als" in form
    assert "Landingspagina — bewijskracht 3/5 (valideren)" in form
    assert f'<option value="{hypothesis.pk}" selected>' in form
    assert form.count('name="criticality"') == 3
    experiment = project.experiments.get()
    assert (experiment.status, experiment.phase, experiment.created_by) == (
        Status.PLANNED,
        Phase.EXPLORE,
        personas.submitter,
    )
    html = response.content.decode()
    assert "We hebben gelijk als" in html and "minstens (≥) 10 reservaties" in html
    assert "Het experiment starten" in html


def test_it_sends_a_wrong_test_card_back_with_what_was_typed(personas, project):
    hypothesis = write(project, personas.team_member)

    response = client_for(personas.submitter).post(
        reverse("projects:experiment_new", args=[project.pk]),
        post_card(hypothesis, planned_end=date(2025, 2, 1), metric="inschrijvingen op de lijst"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Het geplande einde ligt voor de start." in html
    assert "inschrijvingen op de lijst" in html
    assert not project.experiments.exists()


def test_it_rewrites_a_test_card_only_while_planned(personas, project, planned):
    client = client_for(personas.submitter)
    url = reverse("projects:experiment_edit", args=[project.pk, planned.pk])

    response = client.post(url, post_card(planned.hypothesis, threshold="20"))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.threshold == Decimal("20")

    services.start_experiment(experiment=planned, by=personas.submitter)
    response = client.get(url, follow=True)
    assert "Een testkaart verandert niet meer zodra het experiment loopt." in (
        response.content.decode()
    )
    assert client.post(url, post_card(planned.hypothesis, threshold="5")).status_code == 302
    planned.refresh_from_db()
    assert planned.threshold == Decimal("20")


def test_it_runs_and_completes_an_experiment_with_its_learning_card(personas, project, planned):
    client = client_for(personas.submitter)
    experiment_url = reverse("projects:experiment", args=[project.pk, planned.pk])
    complete_url = reverse("projects:experiment_complete", args=[project.pk, planned.pk])

    started = client.post(
        reverse("projects:experiment_start", args=[project.pk, planned.pk]), follow=True
    )
    assert "Het experiment loopt." in started.content.decode()
    assert complete_url in started.content.decode()
    form = client.get(complete_url).content.decode()
    assert "We zagen dat …" in form and "Daaruit leerden we dat …" in form
    assert "En daarom zullen we …" in form
    response = client.post(
        complete_url,
        {
            "measured_value": "14",
            "data_points": "30",
            "observation": "veertien verenigingen reserveerden online",
            "insight": "verenigingen willen zelf reserveren",
            "decision": "persevere",
            "actions": "de pagina echt bouwen",
        },
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == experiment_url
    assert "Het experiment is afgerond. Resultaat: gevalideerd." in html
    assert "Resultaat: gevalideerd" in html
    assert "veertien verenigingen reserveerden online" in html
    planned.refresh_from_db()
    assert (planned.status, planned.result) == (Status.COMPLETED, Experiment.Result.VALIDATED)
    assert planned.learning.decision == Learning.Decision.PERSEVERE
    assert planned.hypothesis.evidence == 3
    assert complete_url not in html


def test_it_computes_inconclusive_with_too_few_data_points(personas, project):
    experiment = run(project, personas.team_member)

    response = client_for(personas.team_member).post(
        reverse("projects:experiment_complete", args=[project.pk, experiment.pk]),
        {
            "measured_value": "40",
            "data_points": "2",
            "observation": "twee reservaties",
            "insight": "te weinig gemeten",
            "decision": "keep_testing",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Resultaat: onbeslist" in html
    assert "minder datapunten dan de 5 die de testkaart vraagt" in html


def test_it_sends_an_incomplete_learning_card_back_with_what_was_typed(personas, project):
    experiment = run(project, personas.team_member)

    response = client_for(personas.team_member).post(
        reverse("projects:experiment_complete", args=[project.pk, experiment.pk]),
        {"measured_value": "12", "data_points": "-3", "observation": "we zagen het anders"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "we zagen het anders" in html
    assert CHECK in html
    experiment.refresh_from_db()
    assert experiment.status == Status.RUNNING


def test_it_completes_only_a_running_experiment(personas, project, planned):
    response = client_for(personas.team_member).get(
        reverse("projects:experiment_complete", args=[project.pk, planned.pk]), follow=True
    )

    assert "Alleen een lopend experiment wordt afgerond." in response.content.decode()


def test_it_lists_experiments_by_status_and_filters_them(personas, project):
    tom = personas.team_member
    plan(project, tom, title="Interviews bij de balie")
    run(project, tom, title="Papieren prototype")
    complete(project, tom, title="Aankondiging op de website")
    client = client_for(tom)
    url = reverse("projects:experiments", args=[project.pk])

    html = client.get(url).content.decode()
    running = client.get(url, {"status": "running"}).content.decode()
    later = client.get(url, {"fase": "piloteren"}).content.decode()

    assert html.index("Interviews bij de balie") < html.index("Papieren prototype")
    assert html.index("Papieren prototype") < html.index("Aankondiging op de website")
    assert "gevalideerd" in html
    assert "Papieren prototype" in running and "Aankondiging op de website" not in running
    assert "0 experimenten" in later


def test_it_keeps_the_experiment_list_to_a_fixed_number_of_queries(personas, project):
    tom = personas.team_member
    client = client_for(tom)
    url = reverse("projects:experiments", args=[project.pk])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    complete(project, tom)
    few = count()
    for _ in range(6):
        complete(project, tom)
        plan(project, tom)
    assert count() == few


@pytest.mark.parametrize("page", ["hypotheses", "learnings", "gate"])
def test_it_keeps_the_workspace_lists_to_a_fixed_number_of_queries(personas, project, page):
    tom = personas.team_member
    client = client_for(tom)
    url = reverse(f"projects:{page}", args=[project.pk])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def decide_on_a_new_experiment():
        done = complete(project, tom)
        services.record_gate_decision(
            project=project,
            decision=GateDecision.Decision.PERSEVERE,
            motivation="nog niet genoeg",
            experiments=[done],
            learnings=[done.learning],
            by=tom,
        )

    decide_on_a_new_experiment()
    few = count()
    for _ in range(5):
        decide_on_a_new_experiment()
    assert count() == few


def test_it_lists_the_learning_cards(personas, project):
    complete(project, personas.team_member)

    html = (
        client_for(personas.submitter)
        .get(reverse("projects:learnings", args=[project.pk]))
        .content.decode()
    )

    assert "twaalf verenigingen reserveerden online" in html
    assert "verenigingen willen niet meer bellen" in html
    assert "de pagina in de nieuwsbrief zetten" in html


# Gate decisions -----------------------------------------------------------------------------


def test_it_advances_the_phase_at_the_gate_resting_on_an_experiment(personas, project):
    SiteFactory(project=project)
    done = complete(project, personas.team_member)
    client = client_for(personas.team_member)
    url = reverse("projects:gate", args=[project.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "decision": "advance",
            "motivation": "veertien reservaties: de nood is echt",
            "experiments": [done.pk],
            "learnings": [done.learning.pk],
        },
        follow=True,
    )

    assert escape(done.title) in form
    html = response.content.decode()
    assert "Het project gaat verder in de fase &#x27;valideren&#x27;." in html
    project.refresh_from_db()
    assert project.phase == Phase.VALIDATE
    gate = project.gate_decisions.get()
    assert list(gate.experiments.all()) == [done]
    assert list(gate.learnings.all()) == [done.learning]
    assert "veertien reservaties: de nood is echt" in client.get(url).content.decode()


def test_it_asks_what_a_pivot_changes(personas, project):
    client = client_for(personas.team_member)
    url = reverse("projects:gate", args=[project.pk])

    response = client.post(url, {"decision": "pivot", "motivation": "de doelgroep klopt niet"})

    assert response.status_code == 400
    assert "Zeg wat de pivot verandert." in response.content.decode()
    assert "de doelgroep klopt niet" in response.content.decode()
    response = client.post(
        url,
        {
            "decision": "pivot",
            "motivation": "de doelgroep klopt niet",
            "pivot_aspects": ["segment"],
            "pivot_description": "scholen in plaats van verenigingen",
        },
    )
    assert response.status_code == 302
    gate = project.gate_decisions.get()
    assert (gate.pivot_aspects, gate.pivot_description) == (
        ["segment"],
        "scholen in plaats van verenigingen",
    )


def test_it_stops_a_project_only_with_a_closing_learning(personas, project):
    client = client_for(personas.coordinator)
    url = reverse("projects:gate", args=[project.pk])

    refused = client.post(url, {"decision": "stop", "motivation": "de regio doet het al"})
    assert refused.status_code == 400
    assert "Wie stopt, houdt de les" in refused.content.decode()
    project.refresh_from_db()
    assert project.is_running

    response = client.post(
        url,
        {
            "decision": "stop",
            "motivation": "de regio doet het al",
            "closing_observation": "de gemeente koos een regionaal platform",
            "closing_insight": "eerst kijken wat de regio al doet",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Het project is gestopt." in html
    assert "uitkomst: gestopt" in html
    project.refresh_from_db()
    assert project.outcome == Project.Outcome.STOPPED
    assert project.learnings.get().insight == "eerst kijken wat de regio al doet"


def test_it_shows_the_gate_decisions_due_on_mijn_proeftuin(personas, project):
    assert "projects.gate" in registry.notification_kinds
    leader = client_for(personas.team_member)
    gate_url = reverse("projects:gate", args=[project.pk])

    assert gate_url not in leader.get(reverse("accounts:mine")).content.decode()
    complete(project, personas.submitter)
    assert gate_url in leader.get(reverse("accounts:mine")).content.decode()
    assert gate_url not in (
        client_for(personas.submitter).get(reverse("accounts:mine")).content.decode()
    )
    services.record_gate_decision(
        project=project,
        decision=GateDecision.Decision.PERSEVERE,
        motivation="nog een experiment",
        experiments=[],
        learnings=[],
        by=personas.team_member,
    )
    assert gate_url not in leader.get(reverse("accounts:mine")).content.decode()


# A stopped project --------------------------------------------------------------------------


def test_it_keeps_a_stopped_project_as_it_was(personas, project):
    hypothesis = write(project, personas.team_member)
    running = run(project, personas.team_member, hypothesis=hypothesis)
    stop(project, personas.coordinator)
    client = client_for(personas.team_member)
    pk = project.pk

    hypotheses = client.get(reverse("projects:hypotheses", args=[pk])).content.decode()
    assert "Op de kaart zetten" not in hypotheses
    assert "Dit project is afgesloten." in hypotheses
    gate = client.get(reverse("projects:gate", args=[pk])).content.decode()
    assert "Beslissing vastleggen" not in gate and "de nood bleek elders al opgelost" in gate
    experiment = client.get(reverse("projects:experiment", args=[pk, running.pk])).content.decode()
    assert "Afronden met het resultaat" not in experiment

    for url, data in [
        (
            reverse("projects:hypotheses", args=[pk]),
            {"statement": "x", "kind": "desirability", "importance": "3"},
        ),
        (
            reverse("projects:hypothesis_edit", args=[pk, hypothesis.pk]),
            {"statement": "x", "kind": "desirability", "importance": "3"},
        ),
        (reverse("projects:experiment_new", args=[pk]), post_card(hypothesis)),
        (reverse("projects:experiment_complete", args=[pk, running.pk]), {"measured_value": "1"}),
        (reverse("projects:profile", args=[pk]), {"question": "nog een vraag"}),
        (reverse("projects:gate", args=[pk]), {"decision": "persevere", "motivation": "toch"}),
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert CLOSED in response.content.decode(), url
    assert project.hypotheses.get().statement == hypothesis.statement
    assert project.experiments.count() == 1
    running.refresh_from_db()
    assert running.status == Status.RUNNING
    assert project.gate_decisions.count() == 1
    assert client.get(reverse("projects:experiment_new", args=[pk])).status_code == 302


# The method library -------------------------------------------------------------------------


def test_it_shows_the_method_library_to_members(personas):
    html = client_for(personas.other_member).get(reverse("projects:methods")).content.decode()

    assert "Wizard of Oz" in html and "Pilot" in html
    assert "5/5" in html
    assert reverse("projects:method_new") not in html


@pytest.mark.parametrize("who", ["submitter", "team_member", "other_member", "outsider"])
def test_it_answers_404_to_non_coordinators_on_the_method_editor(personas, who):
    client = client_for(getattr(personas, who))
    method = Method.objects.get(slug="pilot")

    assert client.get(reverse("projects:method_new")).status_code == 404
    assert client.post(reverse("projects:method_edit", args=[method.pk])).status_code == 404


def test_it_lets_coordinators_maintain_the_method_library(personas):
    client = client_for(personas.coordinator)
    fields = {
        "name": "Schaduwen",
        "description": "Een medewerker een dag volgen.",
        "category": "discovery",
        "typical_cost_eur": "0",
        "typical_duration_days": "2",
        "evidence_strength": "2",
        "active": "on",
    }

    assert client.post(reverse("projects:method_new"), fields).status_code == 302
    method = Method.objects.get(name="Schaduwen")
    response = client.post(
        reverse("projects:method_edit", args=[method.pk]), {**fields, "evidence_strength": "3"}
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.evidence_strength == 3
    taken = client.post(reverse("projects:method_new"), {**fields, "name": "pilot"})
    assert taken.status_code == 400
    assert "Er is al een methode met die naam." in taken.content.decode()
    assert "Een medewerker een dag volgen." in taken.content.decode()
    assert ActivityLog.objects.filter(action="method.saved").count() == 2


def test_it_never_offers_a_method_out_of_use(personas, project):
    Method.objects.filter(slug="pilot").update(active=False)

    form = (
        client_for(personas.team_member)
        .get(reverse("projects:experiment_new", args=[project.pk]))
        .content.decode()
    )
    library = client_for(personas.team_member).get(reverse("projects:methods")).content.decode()

    assert "Pilot —" not in form
    assert ">Pilot" not in library
    assert "niet meer in gebruik" in (
        client_for(personas.coordinator).get(reverse("projects:methods")).content.decode()
    )


def test_it_keeps_the_planned_dates_in_the_form(personas, project):
    today = timezone.localdate()

    form = (
        client_for(personas.team_member)
        .get(reverse("projects:experiment_new", args=[project.pk]))
        .content.decode()
    )

    assert f'value="{today:%Y-%m-%d}"' in form
    assert f'value="{today + timedelta(days=14):%Y-%m-%d}"' in form
