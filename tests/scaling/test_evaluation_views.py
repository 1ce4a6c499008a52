"""The scale evaluation page: who sees it, scoring, the refusal and the decision."""

from django.urls import reverse

from proeftuin.projects.models import Project
from proeftuin.scaling.models import ScaleCriterion, ScaleEvaluation, Service

from ..conftest import client_for
from .conftest import SERVICE, scored


def url(project, name="evaluation"):
    return reverse(f"scaling:{name}", args=[project.pk])


def test_outsider_gets_404(personas, evaluating):
    assert client_for(personas.outsider).get(url(evaluating)).status_code == 404
    assert client_for(personas.outsider).post(url(evaluating, "start")).status_code == 404


def test_the_projectleider_starts_and_scores(personas, evaluating):
    client = client_for(personas.team_member)
    page = client.get(url(evaluating))
    assert "Evaluatie starten" in page.content.decode()

    client.post(url(evaluating, "start"))
    criterion = ScaleCriterion.objects.first()
    response = client.post(
        reverse("scaling:score", args=[evaluating.pk, criterion.pk]),
        {f"c{criterion.pk}-score": "4", f"c{criterion.pk}-motivation": "sterk"},
    )

    assert response.status_code == 302
    assert ScaleEvaluation.objects.get().scores.get().score == 4


def test_an_invalid_score_is_a_400_that_keeps_the_input(personas, evaluating):
    client = client_for(personas.team_member)
    client.post(url(evaluating, "start"))
    criterion = ScaleCriterion.objects.first()
    response = client.post(
        reverse("scaling:score", args=[evaluating.pk, criterion.pk]),
        {f"c{criterion.pk}-score": "4", f"c{criterion.pk}-motivation": ""},
    )
    assert response.status_code == 400


def test_the_page_shows_the_refusal_and_keeps_the_form(personas, evaluating):
    scored(evaluating, personas.team_member)
    response = client_for(personas.team_member).post(
        url(evaluating, "decide"),
        {"decision": "opschalen", "motivation": "het werkt", **SERVICE},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Opschalen kan pas met" in body
    assert "het werkt" in body
    assert not Service.objects.exists()


def test_the_page_asks_the_closing_lesson_when_stopping(personas, evaluating):
    client = client_for(personas.team_member)
    page = client.get(url(evaluating)).content.decode()
    # Not yet started: no decision form.
    assert "Bij stoppen: de afsluitende leerkaart" not in page
    scored(evaluating, personas.team_member)

    page = client.get(url(evaluating)).content.decode()

    assert "Bij stoppen: de afsluitende leerkaart" in page
    for label in ("We zagen dat …", "Daaruit leerden we dat …", "En daarom zullen we …"):
        assert label in page


def test_stopping_without_a_lesson_is_a_400_that_keeps_the_input(personas, evaluating):
    scored(evaluating, personas.team_member)
    response = client_for(personas.team_member).post(
        url(evaluating, "decide"),
        {
            "decision": "stoppen",
            "motivation": "te duur voor anderen",
            "closing_observation": "geen andere gemeente wilde betalen",
            "closing_actions": "overdragen aan de uitleendienst",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Wie stopt, houdt de les" in body
    for kept in ("te duur voor anderen", "geen andere gemeente wilde betalen", "uitleendienst"):
        assert kept in body
    assert 'value="stoppen" required id="id_decision_2" checked' in body
    evaluating.refresh_from_db()
    assert evaluating.is_running
    assert not evaluating.learnings.exists()
    assert ScaleEvaluation.objects.get().status == ScaleEvaluation.Status.DRAFT


def test_stopping_with_a_lesson_closes_the_project(personas, evaluating):
    scored(evaluating, personas.team_member)
    response = client_for(personas.team_member).post(
        url(evaluating, "decide"),
        {
            "decision": "stoppen",
            "motivation": "te duur voor anderen",
            "closing_observation": "geen andere gemeente wilde betalen",
            "closing_insight": "de vraag is lokaal",
            "closing_actions": "",
        },
    )

    assert response.status_code == 302
    evaluating.refresh_from_db()
    assert evaluating.outcome == Project.Outcome.STOPPED
    assert evaluating.learnings.get().insight == "de vraag is lokaal"


def test_a_coordinator_overrides_and_the_page_shows_why(personas, evaluating):
    scored(evaluating, personas.coordinator)
    client = client_for(personas.coordinator)
    response = client.post(
        url(evaluating, "decide"),
        {
            "decision": "opschalen",
            "motivation": "het werkt",
            "override_motivation": "Twintig gemeenten wachten erop.",
            **SERVICE,
        },
    )
    assert response.status_code == 302
    evaluating.refresh_from_db()
    assert evaluating.outcome == Project.Outcome.SCALED
    body = client.get(url(evaluating)).content.decode()
    assert "Twintig gemeenten wachten erop." in body
    assert "Uitzondering op de regel" in body


def test_the_evidence_panel_runs_a_fixed_number_of_queries(
    personas, ready, django_assert_max_num_queries
):
    scored(ready, personas.team_member)
    client = client_for(personas.team_member)
    with django_assert_max_num_queries(40) as first:
        client.get(url(ready))
    from .conftest import validated

    for kind in ("desirability", "feasibility", "viability"):
        validated(ready, kind)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url(ready))


def test_coordinators_maintain_the_criteria(personas):
    assert client_for(personas.team_member).get(reverse("scaling:criteria")).status_code == 404
    client = client_for(personas.coordinator)
    assert client.get(reverse("scaling:criteria")).status_code == 200
    response = client.post(
        reverse("scaling:criteria"),
        {"new-name": "Energieverbruik", "new-weight": "2", "new-position": "9", "new-active": "on"},
    )
    assert response.status_code == 302
    criterion = ScaleCriterion.objects.get(name="Energieverbruik")
    response = client.post(
        reverse("scaling:criterion", args=[criterion.pk]),
        {
            f"c{criterion.pk}-name": "Vraag in andere gemeenten",
            f"c{criterion.pk}-weight": "2",
            f"c{criterion.pk}-position": "9",
        },
    )
    assert response.status_code == 400
    assert "al een criterium" in response.content.decode()


def test_a_requested_adoption_waits_on_the_coordinators_mine_page(personas):
    from proeftuin.scaling.mine import items_for
    from proeftuin.scaling.models import Adoption

    from .conftest import ServiceFactory

    service = ServiceFactory()
    Adoption.objects.create(
        service=service,
        municipality=personas.organisation.municipalities.get(),
        state=Adoption.State.REQUESTED,
        contact_name="x",
        contact_email="x@example.be",
    )
    assert [item.url for item in items_for(personas.coordinator)] == [
        reverse("scaling:service", args=[service.slug])
    ]
    assert items_for(personas.submitter) == []


def test_the_end_report_shows_the_evaluation_and_the_override(personas, evaluating):
    from proeftuin.scaling.services import decide

    evaluation = scored(evaluating, personas.coordinator)
    decide(
        evaluation=evaluation,
        decision=ScaleEvaluation.Decision.SCALE_UP,
        motivation="het werkt",
        override_motivation="Twintig gemeenten wachten erop.",
        service_fields=SERVICE,
        by=personas.coordinator,
    )
    body = (
        client_for(personas.team_member)
        .get(reverse("reports:project", args=[evaluating.pk]))
        .content.decode()
    )
    assert "Schaalbaarheidsevaluatie" in body
    assert "Twintig gemeenten wachten erop." in body
    assert "Zalen online reserveren" in body
    assert "Vraag in andere gemeenten" in body


def test_the_demand_counts_needs_supports_and_interest_in_the_service(personas, evaluating):
    from proeftuin.scaling.evidence import evidence_for
    from proeftuin.scaling.models import Adoption

    from ..projects.conftest import SupportFactory
    from .conftest import ServiceFactory

    gent = personas.organisation.municipalities.get()
    herentals = personas.other_organisation.municipalities.get()
    assert evidence_for(evaluating).demand_municipalities == 1  # Gent's own need

    SupportFactory(need=evaluating.need, organisation=personas.other_organisation)
    service = ServiceFactory(state="in_development")
    service.projects.add(evaluating)
    for place in (gent, herentals):
        Adoption.objects.create(
            service=service,
            municipality=place,
            state=Adoption.State.INTERESTED,
            contact_name="x",
            contact_email="x@example.be",
        )

    evidence = evidence_for(evaluating)
    assert evidence.demand_municipalities == 2
    assert evidence.interested_municipalities == 2
    assert evidence.all_municipalities == 2
