"""`/health` tells a load balancer whether the database answers, the task backlog is small
and the task worker is alive — cheaply, without personal data."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from proeftuin.core import scheduler
from proeftuin.core.models import Heartbeat
from proeftuin.core.tasks import send_daily_summaries, worker_heartbeat

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alive() -> None:
    worker_heartbeat.call()


def test_it_answers_200_when_all_is_well(client, alive):
    response = client.get("/health")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["tasks"]["ready"] == 0
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["age_seconds"] < 5


def test_it_answers_over_plain_http_and_to_any_host_name(client, alive, settings):
    """Load balancers ask by the machine's address over http inside the network."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["proeftuin.example.be"]

    response = client.get("/health", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    # Pages still go to https, and other host names are still refused.
    assert client.get("/privacy/", HTTP_HOST="proeftuin.example.be").status_code == 301
    client.raise_request_exception = False
    assert client.get("/privacy/", HTTP_HOST="10.0.0.7:8000", secure=True).status_code == 400


def test_it_answers_503_when_the_worker_has_not_beaten_for_too_long(client, settings):
    assert client.get("/health").json()["checks"]["worker"] == {
        "ok": False,
        "error": "no heartbeat yet",
    }
    Heartbeat.objects.create(
        name="worker",
        beat_at=timezone.now() - timedelta(seconds=settings.HEALTH_MAX_HEARTBEAT_AGE_SECONDS + 1),
    )

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["worker"]["ok"] is False
    assert response.json()["checks"]["database"] == {"ok": True}


def test_it_answers_503_when_the_backlog_grows_too_long(client, alive, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_MAX_READY_TASKS = 2
    for _ in range(3):
        send_daily_summaries.enqueue()
    # A task planned for later is not backlog.
    send_daily_summaries.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    assert DBTaskResult.objects.count() == 4

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == {"ok": False, "ready": 3, "max_ready": 2}


def test_it_answers_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server at db.internal, user proeftuin")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert "db.internal" not in response.content.decode()


def test_it_runs_three_queries_and_shows_no_personal_data(client, alive, django_assert_num_queries):
    user = UserFactory(name="Zoë Verborgen", email="zoe@example.be")
    with django_assert_num_queries(3):
        response = client.get("/health")

    assert response.status_code == 200
    assert user.email not in response.content.decode()
    assert "Verborgen" not in response.content.decode()
    # No session, no cookie.
    assert not response.cookies


def test_the_scheduler_enqueues_the_heartbeat_every_minute(monkeypatch):
    job = scheduler.jobs["core.worker_heartbeat"]
    assert job.every_seconds == 60
    monkeypatch.setattr(scheduler, "jobs", {job.name: job})

    # The tests' task backend runs a task as soon as it is enqueued.
    assert scheduler.run_due_jobs() == ["core.worker_heartbeat"]

    assert Heartbeat.objects.get(name="worker").beat_at > timezone.now() - timedelta(seconds=5)
