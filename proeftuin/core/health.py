"""What `/health` reports to load balancers and monitoring.

Three checks, each one query: the database answers; the task backlog (tasks ready to run
that no worker has taken yet) is not piling up; the task worker wrote its heartbeat recently
(the `core.worker_heartbeat` job, every minute). The answer is 200 when all pass and 503
when one fails, with the figures as JSON either way — counts and times only, never who or
what.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Heartbeat

WORKER = "worker"


@dataclass
class Report:
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return all(check["ok"] for check in self.checks.values())

    def as_json(self) -> dict[str, Any]:
        return {"status": "ok" if self.healthy else "fail", "checks": self.checks}


def record_heartbeat(name: str = WORKER) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def check() -> Report:
    report = Report()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report.checks["database"] = {"ok": True}
    except DatabaseError as error:
        # The class name only: a driver's message may name hosts or users.
        report.checks["database"] = {"ok": False, "error": type(error).__name__}
        report.checks["tasks"] = {"ok": False, "error": "database unavailable"}
        report.checks["worker"] = {"ok": False, "error": "database unavailable"}
        return report

    ready = DBTaskResult.objects.ready().count()
    report.checks["tasks"] = {
        "ok": ready <= settings.HEALTH_MAX_READY_TASKS,
        "ready": ready,
        "max_ready": settings.HEALTH_MAX_READY_TASKS,
    }

    beat_at = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    max_age = timedelta(seconds=settings.HEALTH_MAX_HEARTBEAT_AGE_SECONDS)
    if beat_at is None:
        report.checks["worker"] = {"ok": False, "error": "no heartbeat yet"}
    else:
        age = timezone.now() - beat_at
        report.checks["worker"] = {
            "ok": age <= max_age,
            "last_heartbeat": beat_at.isoformat(),
            "age_seconds": int(age.total_seconds()),
            "max_age_seconds": int(max_age.total_seconds()),
        }
    return report
