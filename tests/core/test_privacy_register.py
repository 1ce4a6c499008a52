"""The register of personal data (docs/privacy.md) matches the code: every registration,
every model linked to an account, every retention period; and the retention job deletes what
is past its period."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from proeftuin.core import retention, scheduler
from proeftuin.core.mail import queue_rendered_mail
from proeftuin.core.models import Notification, OutboxMessage
from proeftuin.core.notifications import notify
from proeftuin.core.registry import registry

from ..factories import UserFactory

REGISTER = Path(settings.BASE_DIR) / "docs" / "privacy.md"


def register_rows() -> list[dict[str, object]]:
    """The rows of the register table: key (None for "—"), model labels, the text of the
    "how long" and "on account deletion" columns."""
    text = REGISTER.read_text()
    table = text.split("## Register", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        if not line.startswith("| ") or line.startswith(("| Key", "|---")):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 6, f"a register row needs six columns: {line}"
        key, models, _what, _why, how_long, on_deletion = cells
        rows.append(
            {
                "key": None if key == "—" else key.strip("`"),
                "models": re.findall(r"`([\w.]+)`", models),
                "how_long": how_long,
                "on_deletion": on_deletion,
            }
        )
    return rows


def models_linked_to_accounts() -> set[str]:
    user_model = get_user_model()
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def test_every_registration_has_exactly_one_row_and_every_key_is_registered():
    keys = [row["key"] for row in register_rows() if row["key"]]

    assert sorted(keys) == sorted(set(keys)), "a key is listed twice"
    assert set(keys) == set(registry.personal_data), (
        "docs/privacy.md and the registrations differ: "
        f"not registered {set(keys) - set(registry.personal_data)}, "
        f"not in the register {set(registry.personal_data) - set(keys)}"
    )


def test_a_row_says_erased_exactly_when_its_registration_erases():
    for row in register_rows():
        if not row["key"]:
            continue
        entry = registry.personal_data[row["key"]]
        says_erased = row["on_deletion"].startswith("erased")
        assert says_erased == (entry.erase is not None), (
            f"{row['key']}: the register says {row['on_deletion']!r}, "
            f"the registration {'erases' if entry.erase else 'keeps'}"
        )


def test_every_model_linked_to_an_account_is_in_the_register():
    listed = {label for row in register_rows() for label in row["models"]}
    known = {model._meta.label for model in apps.get_models()}

    missing = models_linked_to_accounts() - listed
    assert not missing, (
        f"add {sorted(missing)} to docs/privacy.md: under the key of the registration that "
        "exports (and erases) it, or under — with the reason it is kept"
    )
    assert not listed - known, f"docs/privacy.md names models that do not exist: {listed - known}"


def test_the_register_states_the_retention_periods_the_job_enforces():
    periods = {row["models"][0]: row["how_long"] for row in register_rows() if row["models"]}

    assert periods["core.OutboxMessage"].startswith(f"{retention.OUTBOX_DAYS} days")
    assert periods["django_tasks_database.DBTaskResult"].startswith(
        f"{retention.TASK_RESULT_DAYS} days"
    )
    assert f"notifications {retention.NOTIFICATION_DAYS} days" in periods["core.Notification"]
    assert "expired sessions are deleted nightly" in periods["sessions.Session"]
    # The digest forgets an address that never confirmed once its confirmation link expired.
    from proeftuin.knowledge.digest.tokens import CONFIRM_MAX_AGE

    days = CONFIRM_MAX_AGE // (24 * 60 * 60)
    assert f"never confirmed is deleted after {days} days" in periods["knowledge.Subscriber"]


def test_the_retention_job_runs_every_night():
    job = scheduler.jobs["core.retention"]
    assert job.every_seconds == 24 * 60 * 60


@pytest.mark.django_db
def test_the_retention_job_deletes_only_what_is_past_its_period():
    now = timezone.now()
    user = UserFactory()

    def outbox(status, days_ago):
        queue_rendered_mail(
            to=user.email, subject="Onderwerp", body_text="Tekst", body_html="", language="nl-be"
        )
        message = OutboxMessage.objects.latest("pk")
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=status, created_at=now - timedelta(days=days_ago)
        )
        return message.pk

    old_sent = outbox(OutboxMessage.Status.SENT, retention.OUTBOX_DAYS + 1)
    old_failed = outbox(OutboxMessage.Status.FAILED, retention.OUTBOX_DAYS + 1)
    recent_sent = outbox(OutboxMessage.Status.SENT, retention.OUTBOX_DAYS - 1)
    old_pending = outbox(OutboxMessage.Status.PENDING, retention.OUTBOX_DAYS + 1)

    notify(user=user, kind="organisations.join_decided", title="Oud")
    notify(user=user, kind="organisations.join_decided", title="Recent")
    Notification.objects.filter(title="Oud").update(
        created_at=now - timedelta(days=retention.NOTIFICATION_DAYS + 1)
    )

    expired, current = SessionStore(), SessionStore()
    expired.create()
    current.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=now - timedelta(seconds=1)
    )

    common = {"args_kwargs": {}, "task_path": "x.y", "backend_name": "default", "run_after": now}
    old_result = DBTaskResult.objects.create(
        status="SUCCESSFUL",
        finished_at=now - timedelta(days=retention.TASK_RESULT_DAYS + 1),
        **common,
    )
    recent_result = DBTaskResult.objects.create(
        status="FAILED", finished_at=now - timedelta(days=1), **common
    )
    waiting = DBTaskResult.objects.create(status="READY", **common)

    deleted = retention.erase_expired(now=now)

    assert deleted == {"sessions": 1, "outbox": 2, "notifications": 1, "task_results": 1}
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) >= {recent_sent, old_pending}
    assert not OutboxMessage.objects.filter(pk__in=[old_sent, old_failed]).exists()
    assert list(Notification.objects.values_list("title", flat=True)) == ["Recent"]
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent_result.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk=old_result.pk).exists()


@pytest.mark.django_db
def test_a_call_alert_is_exported_and_erased_with_the_account():
    from proeftuin.accounts import services as accounts
    from proeftuin.calls.models import CallAlert
    from proeftuin.calls.services import set_call_alert

    user = UserFactory()
    set_call_alert(user=user, wanted=True)

    exported = accounts.export_personal_data(user=user)
    assert exported["call_alert"]["asked_at"]
    assert exported["supports"] == []

    accounts.delete_account(user=user, by=user)
    assert not CallAlert.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_the_public_privacy_statement_states_the_retention_periods(client):
    html = client.get("/privacy/").content.decode()

    assert f"Je meldingen: {retention.NOTIFICATION_DAYS} dagen." in html
    assert f"De e-mails die we je stuurden: {retention.OUTBOX_DAYS} dagen." in html
    assert "hoogstens 14 dagen" in html
