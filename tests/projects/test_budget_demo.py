"""The demo gives every project a budget and some spending, through the services; the
project that still pilots is past 80 % of its budget, so its pages show the warning."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from proeftuin.projects import budgets
from proeftuin.projects.models import BudgetWarning, PhaseBudget, Project, Spending

from ..calls.conftest import media  # noqa: F401 - the demo's files go to a temporary folder
from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(media):  # noqa: F811
    call_command("load_demo", verbosity=0)


def test_it_gives_every_demo_project_a_budget_and_spending_once(demo):
    rows = list(budgets.with_money(Project.objects.all()))

    assert rows
    assert all(p.budget_cents > 0 and p.recorded_cents > 0 for p in rows)
    assert all(PhaseBudget.objects.filter(project=p).count() == 4 for p in rows)
    counts = (PhaseBudget.objects.count(), Spending.objects.count())
    call_command("load_demo", verbosity=0)
    assert (PhaseBudget.objects.count(), Spending.objects.count()) == counts


def test_it_shows_the_warning_on_the_piloting_project(demo):
    piloting = Project.objects.running().get(phase=Project.Phase.PILOT)
    money = budgets.project_money(piloting)

    assert 80 <= money.total.percent < 100
    assert BudgetWarning.objects.filter(project=piloting, threshold=80).exists()
    leader = piloting.team.get(role="projectleider").user
    page = client_for(leader).get(reverse("projects:detail", args=[piloting.pk]))
    assert "meer dan 80 %" in page.text
