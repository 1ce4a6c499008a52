"""Faults: the database away, a task worker killed in the middle of a task, a task run twice."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from proeftuin.core import workers
from proeftuin.core.mail import queue_mail
from proeftuin.core.management.commands import run_scheduler
from proeftuin.core.models import Heartbeat, OutboxMessage
from proeftuin.core.tasks import send_outbox_message
from proeftuin.core.workers import heartbeat_name, release_tasks_of, requeue_abandoned_tasks
from tests.factories import UserFactory

from .test_settings import start_django

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


@pytest.fixture
def fault_urls(settings):
    settings.ROOT_URLCONF = "tests.core.fault_urls"


@pytest.mark.usefixtures("fault_urls")
@pytest.mark.parametrize("path", ["/test-fouten/database/", "/test-fouten/verbinding/"])
def test_it_answers_a_friendly_503_when_the_database_cannot_be_reached(path):
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "<h1>Even niet bereikbaar</h1>" in response.text
    assert "probeer het over een minuut opnieuw" in response.text
    # Nothing of the error reaches the visitor: no traceback, no host name.
    for leak in ("Traceback", "OperationalError", "10.0.0.5", "connection"):
        assert leak not in response.text


def test_it_answers_503_when_a_middleware_loses_the_database(monkeypatch):
    """The session is loaded by a middleware, before any view: the 503 covers it too."""

    def unreachable(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32

    response = client.get("/")

    assert response.status_code == 503
    assert "<h1>Even niet bereikbaar</h1>" in response.text


@pytest.mark.usefixtures("fault_urls")
def test_it_keeps_the_500_page_for_any_other_error():
    client = Client(raise_request_exception=False)

    response = client.get("/test-fouten/500/")

    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in response.text
    assert "Retry-After" not in response


def running_task(*, worker_id: str, started_ago: timedelta, claims: int = 1) -> DBTaskResult:
    """A task row as django-tasks-db leaves it while (or after) a worker runs it."""
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started_ago,
        worker_ids=[f"earlier-{n}" for n in range(claims - 1)] + [worker_id],
        args_kwargs={"args": [], "kwargs": {}},
        task_path="proeftuin.core.tasks.worker_heartbeat",
        backend_name="default",
        run_after=get_date_max(),
    )


def beat_ago(worker_id: str, ago: timedelta) -> None:
    Heartbeat.objects.create(name=heartbeat_name(worker_id), beat_at=timezone.now() - ago)


def test_it_requeues_a_task_whose_worker_stopped_beating_and_leaves_a_live_workers_task(
    settings,
):
    settings.WORKER_STALE_SECONDS = 120
    beat_ago("dead", timedelta(minutes=5))
    beat_ago("alive", timedelta(seconds=5))
    killed = running_task(worker_id="dead", started_ago=timedelta(minutes=6))
    never_beat = running_task(worker_id="gone", started_ago=timedelta(minutes=6))
    long_task = running_task(worker_id="alive", started_ago=timedelta(minutes=30))
    just_started = running_task(worker_id="new", started_ago=timedelta(seconds=10))

    assert requeue_abandoned_tasks() == 2

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        killed.pk: TaskResultStatus.READY,
        never_beat.pk: TaskResultStatus.READY,
        long_task.pk: TaskResultStatus.RUNNING,
        just_started.pk: TaskResultStatus.RUNNING,
    }
    # Requeued as if never taken: a worker picks it up again.
    assert set(DBTaskResult.objects.ready()) == {killed, never_beat}
    assert requeue_abandoned_tasks() == 0


def test_it_fails_a_task_that_keeps_killing_its_worker(settings):
    settings.WORKER_STALE_SECONDS = 120
    poison = running_task(
        worker_id="dead", started_ago=timedelta(minutes=6), claims=workers.MAX_CLAIMS
    )

    assert requeue_abandoned_tasks() == 1

    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "proeftuin.core.workers.WorkerLost"
    assert poison.finished_at is not None


def test_it_forgets_the_heartbeats_of_workers_gone_for_a_day():
    beat_ago("long-gone", timedelta(days=2))
    beat_ago("alive", timedelta(seconds=5))
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timedelta(days=2))

    requeue_abandoned_tasks()

    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"worker:alive", "worker"}


def test_it_lets_a_worker_that_lost_the_database_put_back_only_its_own_tasks():
    own = running_task(worker_id="me", started_ago=timedelta(seconds=3))
    other = running_task(worker_id="other", started_ago=timedelta(seconds=3))

    assert release_tasks_of("me") == 1

    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, own.started_at) == (TaskResultStatus.READY, None)
    assert other.status == TaskResultStatus.RUNNING


def test_it_beats_for_a_worker_under_its_own_name():
    workers.beat("abc123")

    beat = Heartbeat.objects.get(name="worker:abc123")
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)


@pytest.fixture
def queued_mail(settings, mail_templates, django_capture_on_commit_callbacks):
    """One outbox row, not sent yet (its sending task has not run)."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=False):
        return queue_mail(
            to=UserFactory().email,
            template="core_tests/email/greeting",
            context={"when": date(2026, 1, 5)},
        )


def test_it_sends_an_outbox_mail_once_when_a_requeued_send_task_runs_again(queued_mail):
    assert send_outbox_message.call(queued_mail.pk) is True
    # The sweeper requeued the task (its worker was killed after sending): it runs again.
    assert send_outbox_message.call(queued_mail.pk) is False

    assert len(mail.outbox) == 1
    queued_mail.refresh_from_db()
    assert (queued_mail.status, queued_mail.attempts) == (Status.SENT, 1)


def test_it_does_not_send_a_mail_another_worker_is_sending(queued_mail):
    # A worker claimed the row a moment ago and is talking to the mail server.
    OutboxMessage.objects.filter(pk=queued_mail.pk).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert send_outbox_message.call(queued_mail.pk) is False

    assert mail.outbox == []


class Stop(Exception):
    pass


def test_it_keeps_the_scheduler_running_while_the_database_is_away(monkeypatch):
    ticks = []

    def unreachable():
        ticks.append("tick")
        raise OperationalError("connection refused")

    def sleep(seconds):
        if len(ticks) == 3:
            raise Stop

    monkeypatch.setattr(run_scheduler, "run_due_jobs", unreachable)
    monkeypatch.setattr(run_scheduler.time, "sleep", sleep)

    with pytest.raises(Stop):
        call_command("run_scheduler")

    assert len(ticks) == 3


PRINT_DATABASE = (
    "import django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(db['OPTIONS']['connect_timeout'], db['CONN_HEALTH_CHECKS'])"
)


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("postgres://proeftuin@db.example.be/proeftuin", "3 True"),
        ("postgres://proeftuin@db.example.be/proeftuin?connect_timeout=10", "10 True"),
    ],
)
def test_it_gives_up_connecting_to_postgresql_after_seconds_and_checks_kept_connections(
    url, printed
):
    started = start_django(["-c", PRINT_DATABASE], DATABASE_URL=url)

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == printed
