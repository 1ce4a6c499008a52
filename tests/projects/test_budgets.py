"""Means: a project's budget per phase against its spending (recorded costs and the cost of
its started experiments), warnings at 80 % and 100 % told once, the coordinators' overview per
call and per year, and who may see and write what."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog, Notification
from proeftuin.projects import budgets, services
from proeftuin.projects.models import BudgetWarning, Experiment, Hypothesis, Project, Spending

from ..conftest import client_for
from .conftest import PDF, CallFactory, ExperimentFactory, HypothesisFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Phase = Project.Phase


def give_budget(project, by, **per_phase):
    """`verkennen=(hours, external euros, local euros)` and so on, through the service."""
    for phase, (hours, external, local) in per_phase.items():
        services.set_phase_budget(
            project=project,
            phase=phase,
            internal_hours=hours,
            external_cents=external * 100,
            local_investment_cents=local * 100,
            by=by,
        )


def spend(project, by, cents, *, phase=Phase.EXPLORE, on=None, kind="materials"):
    return services.record_spending(
        project=project,
        phase=phase,
        spent_on=on or timezone.localdate(),
        amount_cents=cents,
        kind=kind,
        description="Prototype drukken",
        by=by,
    )


def warnings_sent(project):
    return list(
        Notification.objects.filter(kind="projects.budget").values_list("user__name", flat=True)
    )


# Arithmetic on hand-made cases


def test_it_sums_budget_and_spending_per_phase_in_exact_cents(project, personas):
    give_budget(
        project,
        personas.coordinator,
        verkennen=(40, 1000, 500),
        valideren=(20, 2000, 0),
    )
    spend(project, personas.team_member, 12_345, phase=Phase.EXPLORE)
    spend(project, personas.team_member, 1, phase=Phase.VALIDATE)
    # 0.29 + 0.57 are 0.86 exactly, though neither is exact in binary floating point.
    ExperimentFactory(project=project, phase=Phase.EXPLORE, cost_eur=Decimal("0.29"), running=True)
    ExperimentFactory(
        project=project, phase=Phase.EXPLORE, cost_eur=Decimal("0.57"), completed=True
    )
    # A planned experiment's cost is not spent yet.
    ExperimentFactory(project=project, phase=Phase.EXPLORE, cost_eur=Decimal("999"))

    money = budgets.project_money(project)

    explore, validate, pilot, evaluate = money.phases
    assert (explore.hours, explore.budget_cents, explore.recorded_cents) == (40, 150_000, 12_345)
    assert explore.experiments_cents == 86
    assert explore.spent_cents == 12_431
    assert (validate.budget_cents, validate.spent_cents) == (200_000, 1)
    assert pilot.budget_cents == evaluate.budget_cents == 0
    assert pilot.percent is None
    assert (money.total.hours, money.total.budget_cents, money.total.spent_cents) == (
        60,
        350_000,
        12_432,
    )
    assert money.total.remaining_cents == 337_568
    assert money.total.percent == Decimal("3.6")
    assert money.by_kind == [("materiaal", 12_346)]


def test_it_annotates_many_projects_with_the_same_sums(project, personas):
    give_budget(project, personas.coordinator, verkennen=(8, 100, 0))
    spend(project, personas.team_member, 2_550)
    ExperimentFactory(project=project, cost_eur=Decimal("10.15"), running=True)
    other = ProjectFactory()

    rows = {p.pk: p for p in budgets.with_money(Project.objects.all())}

    assert (rows[project.pk].budget_cents, rows[project.pk].spent_cents) == (10_000, 3_565)
    assert rows[project.pk].hours == 8
    assert (rows[other.pk].budget_cents, rows[other.pk].spent_cents) == (0, 0)


@pytest.mark.parametrize(
    ("spent", "budget", "level"),
    [
        (79_999, 100_000, None),
        (80_000, 100_000, 80),
        (99_999, 100_000, 80),
        (100_000, 100_000, 100),
        (250_000, 100_000, 100),
        (1, 0, None),
    ],
)
def test_it_finds_the_warning_level_exactly_at_80_and_100_percent(spent, budget, level):
    assert budgets.warning_level(spent, budget) == level


def test_it_sums_per_call_and_per_year(personas):
    spring = CallFactory(budget_cents=5_000_000, opens_at=timezone.now() - timedelta(days=400))
    autumn = CallFactory(budget_cents=None)
    first = ProjectFactory(need__call=spring)
    second = ProjectFactory(need__call=spring)
    third = ProjectFactory(need__call=autumn)
    coordinator = personas.coordinator
    give_budget(first, coordinator, verkennen=(0, 1000, 0))
    give_budget(second, coordinator, valideren=(0, 500, 250))
    give_budget(third, coordinator, verkennen=(0, 300, 0))
    this_year = timezone.localdate().year
    spend(first, coordinator, 10_000, on=date(this_year - 1, 12, 31))
    spend(second, coordinator, 5_000, on=date(this_year, 1, 1))
    spend(third, coordinator, 1_000)
    ExperimentFactory(project=first, cost_eur=Decimal("20.05"), running=True)

    calls = {c.pk: c for c in budgets.calls_with_money(CallFactory._meta.model.objects.all())}

    assert (calls[spring.pk].allocated_cents, calls[spring.pk].spent_cents) == (175_000, 17_005)
    assert calls[spring.pk].experiments_cents == 2_005
    assert (calls[autumn.pk].allocated_cents, calls[autumn.pk].spent_cents) == (30_000, 1_000)
    years = {y.year: y for y in budgets.per_year()}
    assert years[this_year].spent_cents == 5_000 + 1_000 + 2_005
    assert years[this_year - 1].spent_cents == 10_000
    assert years[spring.opens_at.year].call_budget_cents == 5_000_000


def test_it_costs_a_validated_hypothesis_by_the_experiments_that_tested_it(project):
    validated = HypothesisFactory(project=project, status=Hypothesis.Status.VALIDATED)
    untested = HypothesisFactory(project=project)
    ExperimentFactory(
        project=project, hypothesis=validated, cost_eur=Decimal("120.10"), completed=True
    )
    ExperimentFactory(
        project=project, hypothesis=validated, cost_eur=Decimal("0.20"), completed=True
    )
    ExperimentFactory(project=project, hypothesis=validated, cost_eur=Decimal("50"))  # planned
    ExperimentFactory(project=project, hypothesis=untested, cost_eur=Decimal("70"), running=True)

    rows = list(budgets.validated_hypotheses_with_cost(Project.objects.filter(pk=project.pk)))

    assert [(h.pk, h.cost_cents) for h in rows] == [(validated.pk, 12_030)]


# Warnings


def test_it_warns_the_leader_and_coordinators_once_at_80_percent(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 1000, 0))

    spend(project, personas.team_member, 79_999)
    assert warnings_sent(project) == []

    spend(project, personas.team_member, 1)  # exactly 80 %
    assert sorted(warnings_sent(project)) == ["Chris Coördinator", "Tom Teamlid"]
    assert "80 %" in Notification.objects.filter(kind="projects.budget").first().title

    spend(project, personas.team_member, 5_000)  # 85 %: not again
    assert len(warnings_sent(project)) == 2
    assert list(project.budget_warnings.values_list("threshold", flat=True)) == [80]


def test_it_warns_again_at_exactly_100_percent_and_not_after(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 1000, 0))
    spend(project, personas.team_member, 90_000)
    Notification.objects.all().delete()

    spend(project, personas.team_member, 10_000)
    assert sorted(warnings_sent(project)) == ["Chris Coördinator", "Tom Teamlid"]
    assert "opgebruikt" in Notification.objects.first().title

    spend(project, personas.team_member, 10_000)
    assert len(warnings_sent(project)) == 2
    assert sorted(project.budget_warnings.values_list("threshold", flat=True)) == [80, 100]


def test_it_warns_once_when_one_cost_passes_both_thresholds(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 100, 0))

    spend(project, personas.team_member, 20_000)

    assert len(warnings_sent(project)) == 2  # the 100 % warning only, to each of the two
    assert ActivityLog.objects.filter(action="project.budget_warning").count() == 1


def test_it_warns_again_after_a_larger_budget_is_crossed_anew(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 1000, 0))
    spend(project, personas.team_member, 85_000)
    give_budget(project, personas.coordinator, verkennen=(0, 2000, 0))  # back to 42.5 %
    assert not project.budget_warnings.exists()
    Notification.objects.all().delete()

    spend(project, personas.team_member, 75_000)  # 80 % of the new budget

    assert len(warnings_sent(project)) == 2


def test_it_counts_an_experiments_cost_when_it_starts(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 100, 0))
    experiment = ExperimentFactory(project=project, cost_eur=Decimal("80.00"))
    assert warnings_sent(project) == []

    services.start_experiment(experiment=experiment, by=personas.team_member)

    assert len(warnings_sent(project)) == 2
    assert project.budget_warnings.get().threshold == 80


def test_it_does_not_warn_a_project_without_budget(project, personas):
    spend(project, personas.team_member, 1_000)

    assert warnings_sent(project) == []


# Services refuse what is not allowed


def test_it_refuses_spending_from_a_member_without_the_leaders_role(project, personas):
    with pytest.raises(DomainError):
        spend(project, personas.submitter, 100)
    with pytest.raises(DomainError):
        spend(project, personas.outsider, 100)
    with pytest.raises(DomainError):
        give_budget(project, personas.team_member, verkennen=(0, 100, 0))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_cents": -1}, "niet negatief"),
        ({"amount_cents": 0}, "nul euro"),
        ({"kind": "bribes"}, "Onbekende soort"),
        ({"phase": "dromen"}, "Onbekende fase"),
        ({"description": "  "}, "waarvoor"),
        ({"spent_on": date.today() + timedelta(days=30)}, "toekomst"),
    ],
)
def test_it_refuses_a_cost_that_cannot_be_recorded(project, personas, changes, message):
    fields = {
        "phase": Phase.EXPLORE,
        "spent_on": timezone.localdate(),
        "amount_cents": 100,
        "kind": "travel",
        "description": "Trein naar Gent",
    } | changes
    with pytest.raises(DomainError, match=message):
        services.record_spending(project=project, by=personas.team_member, **fields)
    assert not Spending.objects.exists()


def test_it_refuses_spending_on_a_project_that_ended(project, personas):
    Project.objects.filter(pk=project.pk).update(outcome=Project.Outcome.STOPPED)
    project.refresh_from_db()

    with pytest.raises(DomainError):
        spend(project, personas.coordinator, 100)


# Pages


def test_it_shows_the_team_the_budget_page_without_the_form(project, personas):
    give_budget(project, personas.coordinator, verkennen=(12, 1234, 0))
    spend(project, personas.team_member, 50_050)

    response = client_for(personas.submitter).get(reverse("projects:budget", args=[project.pk]))

    assert response.status_code == 200
    text = response.text.replace("\xa0", " ")
    assert "€ 1.234,00" in text
    assert "€ 500,50" in text
    assert "40.6 %" in text or "40,6 %" in text
    assert "Een uitgave noteren" not in text


@pytest.mark.parametrize(
    "name", ["projects:budget", "projects:budget_edit", "projects:budget_overview"]
)
def test_it_answers_an_outsider_with_404(project, personas, name):
    args = [] if name == "projects:budget_overview" else [project.pk]

    assert client_for(personas.outsider).get(reverse(name, args=args)).status_code == 404


def test_it_answers_404_to_a_member_without_role_who_writes(project, personas):
    spending = spend(project, personas.team_member, 100)
    member = client_for(personas.submitter)

    assert member.post(reverse("projects:budget", args=[project.pk]), {}).status_code == 404
    assert member.get(reverse("projects:budget_edit", args=[project.pk])).status_code == 404
    remove = reverse("projects:spending_remove", args=[project.pk, spending.pk])
    assert member.post(remove).status_code == 404
    assert member.get(reverse("projects:budget_overview")).status_code == 404
    assert Spending.objects.count() == 1


def test_it_lets_the_leader_record_a_cost_with_its_proof(project, personas, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(personas.team_member).post(
        reverse("projects:budget", args=[project.pk]),
        {
            "spent_on": timezone.localdate().isoformat(),
            "amount_cents": "1.250,50",
            "kind": "external_expertise",
            "phase": Phase.EXPLORE,
            "description": "Workshop met een UX-ontwerper",
            "attachment": SimpleUploadedFile("factuur.pdf", PDF),
        },
    )

    assert response.status_code == 302
    spending = Spending.objects.get()
    assert (spending.amount_cents, spending.attachment_type) == (125_050, "application/pdf")
    download = client_for(personas.submitter).get(
        reverse("projects:spending_attachment", args=[project.pk, spending.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert (
        client_for(personas.outsider)
        .get(reverse("projects:spending_attachment", args=[project.pk, spending.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_cents": "-20"}, "niet negatief"),
        ({"spent_on": "31-02-2026"}, "geldige datum"),
        ({"attachment": "exe"}, "geen PDF"),
    ],
)
def test_it_answers_400_and_keeps_the_input_on_bad_input(
    project, personas, media, changes, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "spent_on": timezone.localdate().isoformat(),
        "amount_cents": "75",
        "kind": "travel",
        "phase": Phase.EXPLORE,
        "description": "Treinticket naar de proeftuin",
    }
    if changes.pop("attachment", None):
        data["attachment"] = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00 not a pdf")
    data |= changes

    response = client_for(personas.team_member).post(
        reverse("projects:budget", args=[project.pk]), data
    )

    assert response.status_code == 400
    assert message in response.text
    assert "Treinticket naar de proeftuin" in response.text
    assert f'value="{data["amount_cents"]}"' in response.text
    assert not Spending.objects.exists()


def test_it_lets_a_coordinator_set_the_budget_per_phase(project, personas):
    data = {}
    for phase in Project.PHASE_ORDER:
        data |= {
            f"{phase}-internal_hours": "10",
            f"{phase}-external_cents": "1000",
            f"{phase}-local_investment_cents": "250,25",
        }

    response = client_for(personas.coordinator).post(
        reverse("projects:budget_edit", args=[project.pk]), data
    )

    assert response.status_code == 302
    assert budgets.project_money(project).total.budget_cents == 4 * 125_025
    bad = client_for(personas.coordinator).post(
        reverse("projects:budget_edit", args=[project.pk]),
        data | {"verkennen-external_cents": "-5"},
    )
    assert bad.status_code == 400
    assert 'value="-5"' in bad.text


def test_it_shows_the_warning_on_the_projects_pages(project, personas):
    give_budget(project, personas.coordinator, verkennen=(0, 100, 0))
    client = client_for(personas.submitter)
    overview = reverse("projects:detail", args=[project.pk])
    assert "budget-warning" not in client.get(overview).text

    spend(project, personas.team_member, 8_000)

    assert "meer dan 80 %" in client.get(overview).text
    assert "meer dan 80 %" in client.get(reverse("projects:budget", args=[project.pk])).text
    spend(project, personas.team_member, 2_000)
    assert "het budget is opgebruikt" in client.get(overview).text


# Query counts


def _fill(project, by, n):
    for i in range(n):
        spend(project, by, 100 + i, kind="travel" if i % 2 else "materials")
        ExperimentFactory(project=project, cost_eur=Decimal("1.10"), running=True)


def test_it_shows_the_budget_page_in_a_fixed_number_of_queries(project, personas):
    give_budget(project, personas.coordinator, verkennen=(1, 100, 0))
    client = client_for(personas.team_member)
    url = reverse("projects:budget", args=[project.pk])
    _fill(project, personas.team_member, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill(project, personas.team_member, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)


def test_it_shows_the_overview_in_a_fixed_number_of_queries(personas):
    client = client_for(personas.coordinator)
    url = reverse("projects:budget_overview")

    def add_project():
        p = ProjectFactory(need__call=CallFactory(budget_cents=100_000))
        give_budget(p, personas.coordinator, verkennen=(1, 100, 0))
        spend(p, personas.coordinator, 8_000)
        ExperimentFactory(project=p, cost_eur=Decimal("3"), running=True)

    add_project()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        add_project()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)
    assert "boven 80 %" in response.text


def test_it_keeps_experiment_statuses_that_count_in_step_with_the_model():
    assert set(budgets.SPENT_STATUSES) == set(Experiment.Status.values) - {"planned"}
    assert BudgetWarning.Threshold.values == [80, 100]


def test_it_lets_the_leader_remove_a_cost_and_forgets_the_warning(project, personas, media):
    give_budget(project, personas.coordinator, verkennen=(0, 100, 0))
    spending = spend(project, personas.team_member, 9_000)
    assert project.budget_warnings.exists()

    response = client_for(personas.team_member).post(
        reverse("projects:spending_remove", args=[project.pk, spending.pk])
    )

    assert response.status_code == 302
    assert not Spending.objects.exists()
    assert not project.budget_warnings.exists()
    assert ActivityLog.objects.filter(action="project.spending_removed").exists()


def test_it_shows_the_current_budget_in_euros_on_the_form(project, personas):
    give_budget(project, personas.coordinator, valideren=(16, 2500, 120))

    page = client_for(personas.coordinator).get(reverse("projects:budget_edit", args=[project.pk]))

    assert 'name="valideren-external_cents" value="2500,00"' in page.text
    assert 'name="valideren-internal_hours" value="16"' in page.text


def test_it_links_the_overview_for_coordinators_only(personas):
    overview = reverse("projects:budget_overview")

    assert overview in client_for(personas.coordinator).get(reverse("projects:list")).text
    assert overview not in client_for(personas.team_member).get(reverse("projects:list")).text


def test_it_exports_the_costs_a_person_recorded(project, personas):
    from proeftuin.projects.mine import export_contributions

    spend(project, personas.team_member, 4_250)

    exported = export_contributions(personas.team_member)["spending"]

    assert [(s["project"], s["amount_cents"]) for s in exported] == [(project.title, 4_250)]
    assert export_contributions(personas.submitter)["spending"] == []
