"""The periodic satisfaction survey: once per period per adoption, whatever the retries, and
its answers give the service's NPS."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.core.models import OutboxMessage
from proeftuin.core.scheduler import run_due_jobs
from proeftuin.participation.models import ParticipationForm, Question
from proeftuin.participation.services import (
    close_form,
    generate_codes,
    show_code,
    submit_response,
)
from proeftuin.scaling import feedback as figures
from proeftuin.scaling import surveys
from proeftuin.scaling.models import Adoption, Service, ServiceSurvey, SurveyDispatch

from .conftest import AdoptionFactory, ServiceFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def soon():
    """A moment the job sends, whatever the day the tests run."""
    return surveys.sends_at(timezone.now())


def test_it_names_half_years_in_brussels_time():
    # 23:30 on 30 June in Brussels is 21:30 UTC: still the first half.
    assert surveys.period_of(datetime(2026, 6, 30, 21, 30, tzinfo=ZoneInfo("UTC"))) == "2026-1"
    assert surveys.period_of(datetime(2026, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))) == "2026-2"


def test_it_sends_the_survey_once_per_period_per_adoption_under_retries(db):
    service = ServiceFactory()
    first, second = AdoptionFactory.create_batch(2, service=service)
    AdoptionFactory(service=service, state=Adoption.State.REQUESTED, activated_at=None)
    # Used for a week only: asked next time.
    AdoptionFactory(service=service, activated_at=timezone.now() - timedelta(days=7))

    assert surveys.send_surveys(soon()) == 2
    # The job retried, run twice, or run by a second scheduler: nothing more.
    assert surveys.send_surveys(soon()) == 0
    assert surveys.send_surveys(soon()) == 0

    assert SurveyDispatch.objects.count() == 2
    assert ServiceSurvey.objects.count() == 1
    sent = OutboxMessage.objects.filter(kind="scaling.survey")
    assert sorted(sent.values_list("recipient", flat=True)) == sorted(
        [first.contact_email, second.contact_email]
    )
    form = ServiceSurvey.objects.get().form
    assert form.status == ParticipationForm.Status.OPEN
    assert form.requires_invitation
    assert form.codes.count() == 2
    body = sent.first().body_text
    assert reverse("participation:answer", args=[form.token]) in body


def test_a_dispatch_already_claimed_is_not_sent_again(db):
    """A second run that reaches the same adoption (it read the list before the first run
    committed) finds the claim and sends nothing."""
    adoption = AdoptionFactory()
    period = surveys.period_of(soon())
    survey = surveys.survey_for(adoption.service, period)
    assert surveys.dispatch(survey, adoption) is True
    assert surveys.dispatch(survey, adoption) is False
    assert OutboxMessage.objects.filter(kind="scaling.survey").count() == 1


def test_the_next_period_asks_again(db):
    adoption = AdoptionFactory()
    now = soon()
    later = surveys.sends_at(now + timedelta(days=190))
    assert surveys.send_surveys(now) == 1
    assert surveys.send_surveys(now + timedelta(hours=1)) == 0
    assert surveys.send_surveys(later) == 1
    assert sorted(adoption.survey_dispatches.values_list("period", flat=True)) == sorted(
        [surveys.period_of(now), surveys.period_of(later)]
    )


def test_a_retired_service_is_not_surveyed(db):
    AdoptionFactory(service=ServiceFactory(state=Service.State.RETIRED))
    assert surveys.send_surveys(soon()) == 0


def test_the_scheduler_runs_the_survey_job_once_per_day(db, django_capture_on_commit_callbacks):
    AdoptionFactory()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert "scaling.surveys" in run_due_jobs()
    with django_capture_on_commit_callbacks(execute=True):
        assert "scaling.surveys" not in run_due_jobs()
    # Sent today, unless today is in a period's last two weeks.
    assert SurveyDispatch.objects.count() == (1 if surveys.sends_at(now) == now else 0)


def _answer(form, score):
    nps = form.questions.get(kind=Question.Kind.NPS)
    (code,) = generate_codes(form=form, count=1, by=None)
    submit_response(form=form, answers={nps.pk: score}, invitation=code.code)


def test_the_nps_is_promoters_minus_detractors(db):
    service = ServiceFactory()
    form = surveys.survey_for(service, surveys.period_of(soon())).form
    # 10 answers: 4 promoters (9, 10), 3 passives (7, 8), 3 detractors (0 to 6).
    for score in [10, 9, 9, 10, 7, 8, 8, 6, 0, 3]:
        _answer(form, score)

    nps = figures.nps_by_service([service.pk])[service.pk]
    assert (nps.answers, nps.promoters, nps.detractors) == (10, 4, 3)
    assert nps.value == Decimal("10.0")  # 40 % - 30 %


def test_the_nps_per_period_and_without_answers(db):
    service = ServiceFactory()
    this = surveys.period_of(soon())
    next_ = surveys.period_of(soon() + timedelta(days=190))
    for score in [10, 10, 0]:
        _answer(surveys.survey_for(service, this).form, score)
    for score in [9, 8]:
        _answer(surveys.survey_for(service, next_).form, score)

    periods = [(p, n.value) for p, n in figures.nps_by_period(service.pk)]
    assert periods == [(this, Decimal("33.3")), (next_, Decimal("50.0"))]
    assert figures.nps_by_service([ServiceFactory().pk]) == {}
    assert figures.Nps(0, 0, 0).value is None


def test_an_invitation_code_answers_once(db):
    service = ServiceFactory()
    form = surveys.survey_for(service, surveys.period_of(soon())).form
    nps = form.questions.get(kind=Question.Kind.NPS)
    (code,) = generate_codes(form=form, count=1, by=None)
    submit_response(form=form, answers={nps.pk: 9}, invitation=code.code)
    with pytest.raises(DomainError):
        submit_response(form=form, answers={nps.pk: 0}, invitation=code.code)


def test_only_coordinators_manage_a_service_survey(personas):
    form = surveys.survey_for(ServiceFactory(), surveys.period_of(soon())).form
    assert surveys.may_manage(personas.coordinator, form.owner)
    assert not surveys.may_manage(personas.submitter, form.owner)
    with pytest.raises(DomainError):
        close_form(form=form, by=personas.submitter)


def test_a_contact_answers_through_the_public_link(db, client):
    adoption = AdoptionFactory()
    surveys.send_surveys(soon())
    form = ServiceSurvey.objects.get().form
    code = form.codes.get()
    nps = form.questions.get(kind=Question.Kind.NPS)
    link = OutboxMessage.objects.get(kind="scaling.survey").body_text.split("/f/")[1].split()[0]
    page = client.get(f"/f/{link}")
    assert adoption.service.name in page.content.decode()
    # The link carries the code: the contact does not type it.
    assert f'value="{show_code(code.code)}"' in page.content.decode()
    client.post(
        reverse("participation:answer", args=[form.token]),
        {"invitation": code.code, f"q{nps.pk}": "9"},
    )
    assert figures.nps_by_service()[adoption.service_id].answers == 1


def test_nothing_is_sent_in_the_last_two_weeks_of_a_period(db):
    AdoptionFactory(activated_at=datetime(2025, 1, 1, tzinfo=BRUSSELS))
    assert surveys.send_surveys(datetime(2026, 12, 20, 12, tzinfo=BRUSSELS)) == 0
    assert not SurveyDispatch.objects.exists()


def test_it_sends_from_the_next_period_when_this_one_is_nearly_over():
    late = datetime(2026, 12, 20, 12, tzinfo=BRUSSELS)
    assert surveys.sends_at(late) == datetime(2027, 1, 1, 9, tzinfo=BRUSSELS)
    early = datetime(2026, 12, 10, 12, tzinfo=BRUSSELS)
    assert surveys.sends_at(early) == early
