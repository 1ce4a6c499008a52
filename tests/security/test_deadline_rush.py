"""The deadline rush, small: 10 clients write and submit 100 needs in the last moments of a
call and keep going after it closed.

Each client runs in its own thread with its own database connection, as the web processes
do, through the real views: while the call is open it writes its drafts by autosave (each
sent twice, as a flaky network does, with the same client token); then every client submits
its needs (twice: a double click), each with a last change to the text. When half of the
needs have been submitted the call closes, half a second ahead, so the closing moment falls
in the middle of the traffic.

Then: no request failed; every need exists once; a submission that was answered "submitted"
is stored as submitted, exactly once, before the closing moment; every other one was refused
and kept its draft with everything typed, the last change included.
`bench/rush.py` runs the full version (50 clients, 500 needs) over HTTP against gunicorn.
"""

import threading
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from proeftuin.calls.models import Call, Need
from proeftuin.core.models import ActivityLog

from ..calls.conftest import CallFactory
from ..factories import MembershipFactory, OrganisationFactory

CLIENTS = 10
NEEDS = 10


@dataclass
class Attempt:
    token: uuid.UUID
    fields: dict[str, str]
    statuses: list[int] = field(default_factory=list)
    accepted: bool = False


def need_fields(client: int, number: int) -> dict[str, str]:
    return {
        "title": f"Nood {number} van klant {client}",
        "problem": "Inwoners vinden ons aanbod niet online.",
        "target_groups": "Jongeren",
        "current_handling": "Folders",
        "citizen_value": "Alles op één plek",
    }


def run_client(
    number: int, user: Any, organisation: Any, call: Call, state: dict[str, Any]
) -> None:
    """Write the drafts while the call is open (each autosave sent twice, as a flaky
    network does, with the same client token); when every client has them, submit each with
    a last change, twice (a double click)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    mine = [Attempt(token=uuid.uuid4(), fields=need_fields(number, n)) for n in range(NEEDS)]
    try:
        for attempt in mine:
            draft = {
                **attempt.fields,
                "client_token": str(attempt.token),
                "call": call.slug,
                "organisation": organisation.pk,
            }
            for _ in range(2):
                attempt.statuses.append(client.post("/noden/opslaan/", draft).status_code)
        state["attempts"] += mine
        state["drafts_done"].wait(timeout=300)
        for attempt in mine:
            need = Need.objects.get(client_token=attempt.token)
            attempt.fields["title"] += " (laatste versie)"
            for _ in range(2):
                response = client.post(f"/noden/{need.pk}/indienen/", attempt.fields)
                attempt.statuses.append(response.status_code)
                attempt.accepted |= response.status_code == 302 and response["Location"].endswith(
                    f"/noden/{need.pk}/"
                )
            with state["lock"]:
                state["submitted"] += 1
                if state["submitted"] == CLIENTS * NEEDS // 2:
                    state["half"].set()
    except Exception:  # reported by the test, not lost in the thread
        state["errors"].append(traceback.format_exc())
    finally:
        connection.close()


@pytest.fixture
def queued_tasks(settings: Any) -> None:
    """Tasks wait for a worker, as in production: the matcher's re-indexing runs in a worker
    process, not in the web request that submitted the need."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db(transaction=True)
def test_every_submission_before_the_close_is_kept_once_and_every_later_one_refused(
    queued_tasks: None,
) -> None:
    organisation = OrganisationFactory()
    users = [MembershipFactory(organisation=organisation).user for _ in range(CLIENTS)]
    call = CallFactory(opens_at=timezone.now() - timedelta(days=30))
    state: dict[str, Any] = {
        "attempts": [],
        "errors": [],
        "submitted": 0,
        "lock": threading.Lock(),
        "half": threading.Event(),
        "drafts_done": threading.Barrier(CLIENTS),
    }
    threads = [
        threading.Thread(target=run_client, args=(i, user, organisation, call, state))
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    assert state["half"].wait(timeout=300), state["errors"]
    with transaction.atomic():
        # The closing moment, a little ahead, so that nobody can read the clock past it
        # before this change is committed.
        closes_at = timezone.now() + timedelta(seconds=0.5)
        Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
    for thread in threads:
        thread.join(timeout=300)

    assert not state["errors"], state["errors"][0]
    attempts: list[Attempt] = state["attempts"]
    assert len(attempts) == CLIENTS * NEEDS
    assert all(status < 500 for attempt in attempts for status in attempt.statuses)
    needs = {need.client_token: need for need in Need.objects.filter(call=call)}
    assert len(needs) == len(attempts), "a need was stored twice, or lost"
    submitted_logs = dict.fromkeys(needs.values(), 0)
    for log in ActivityLog.objects.filter(action="need.submitted"):
        need = next(n for n in needs.values() if str(n.pk) == log.object_id)
        submitted_logs[need] += 1
    accepted = [attempt for attempt in attempts if attempt.accepted]
    refused = [attempt for attempt in attempts if not attempt.accepted]
    assert accepted and refused, "the closing moment fell outside the rush"
    for attempt in accepted:
        need = needs[attempt.token]
        assert need.status == Need.Status.SUBMITTED
        assert need.submitted_at < closes_at
        assert need.title == attempt.fields["title"]
        assert submitted_logs[need] == 1
    for attempt in refused:
        need = needs[attempt.token]
        assert need.status == Need.Status.DRAFT, attempt.statuses
        assert {name: getattr(need, name) for name in attempt.fields} == attempt.fields
        assert 400 in attempt.statuses
