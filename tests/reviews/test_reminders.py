"""Reviewers are reminded by e-mail before their deadline, by a periodic job through the
outbox, once per scorecard; their open scorecards wait on "Mijn Proeftuin"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.models import OutboxMessage
from proeftuin.reviews.models import Review
from proeftuin.reviews.services import send_review_reminders

from ..conftest import client_for
from ..factories import UserFactory
from .conftest import NeedFactory, ReviewFactory, score_all

pytestmark = pytest.mark.django_db


def reminders(user=None):
    messages = OutboxMessage.objects.filter(kind="reviews.reminder")
    return messages.filter(recipient=user.email) if user else messages


@pytest.fixture
def due(personas, call):
    """Rik's scorecards: due in two days, in five days, overdue, submitted, conflicted."""
    now = timezone.now()

    def scorecard(title, days, **fields):
        need = NeedFactory(
            call=call, organisation=personas.organisation, retained=True, title=title
        )
        return ReviewFactory(
            need=need, reviewer=personas.reviewer, deadline=now + timedelta(days=days), **fields
        )

    cards = {
        "soon": scorecard("Binnenkort", 2),
        "later": scorecard("Later", 5),
        "overdue": scorecard("Te laat", -1),
        "submitted": scorecard("Al ingediend", 1),
        "conflicted": scorecard("Conflict", 1, conflict_declared_at=now),
    }
    score_all(cards["submitted"], [3, 3, 3])
    return cards


def test_it_mails_one_reminder_per_open_scorecard_due_within_three_days(personas, due):
    assert send_review_reminders() == 1

    (message,) = reminders()
    assert message.recipient == personas.reviewer.email
    assert "Binnenkort" in message.subject
    assert reverse("reviews:scorecard", args=[due["soon"].pk]) in message.body_text
    assert Review.objects.filter(reminded_at__isnull=False).get() == due["soon"]


def test_it_never_reminds_twice(personas, due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_review_reminders()
        second = send_review_reminders()

    assert (first, second) == (1, 0)
    assert reminders().count() == 1
    assert len([m for m in mail.outbox if m.to == [personas.reviewer.email]]) == 1


def test_it_reminds_a_scorecard_when_its_deadline_comes_near(personas, due):
    send_review_reminders()
    four_days_on = timezone.now() + timedelta(days=4)

    assert send_review_reminders(four_days_on) == 1
    assert set(reminders().values_list("subject", flat=True)) == {
        "Herinnering: beoordeel 'Binnenkort'",
        "Herinnering: beoordeel 'Later'",
    }


def test_it_reminds_in_the_reviewers_language(personas, due):
    personas.reviewer.language = "en"
    personas.reviewer.save()

    send_review_reminders()

    assert reminders().get().language == "en"


def test_it_does_not_mail_a_reviewer_whose_account_was_closed(personas, due):
    personas.reviewer.is_active = False
    personas.reviewer.save()

    assert send_review_reminders() == 0
    assert not reminders().exists()


def test_it_runs_as_a_periodic_job(personas, due, django_capture_on_commit_callbacks):
    from proeftuin.core.scheduler import jobs, run_due_jobs

    with django_capture_on_commit_callbacks(execute=True):
        started = run_due_jobs(timezone.now())
        again = run_due_jobs(timezone.now())

    assert "reviews.reminders" in started
    assert "reviews.reminders" not in again
    assert jobs["reviews.reminders"].every_seconds <= 24 * 60 * 60
    assert reminders(personas.reviewer).count() == 1


def test_it_shows_open_scorecards_on_mijn_proeftuin(personas, due):
    ReviewFactory(reviewer=UserFactory(), need__title="Van iemand anders")

    page = client_for(personas.reviewer).get(reverse("accounts:mine")).content.decode()

    for key in ("soon", "later", "overdue"):
        review = due[key]
        assert review.need.title in page
        assert reverse("reviews:scorecard", args=[review.pk]) in page
    for title in ("Al ingediend", "Conflict", "Van iemand anders"):
        assert title not in page
    assert page.index("Te laat") < page.index("Binnenkort") < page.index("Later")
