"""The deadline rush, full size: 50 clients submit 500 needs over HTTP against gunicorn in the
last moments of a call, and keep submitting after it closed.

    .venv/bin/python bench/rush.py                                  # SQLite, bench/out/rush.sqlite3
    DATABASE_URL=postgres://user:pw@host:5432/db .venv/bin/python bench/rush.py
    .venv/bin/python bench/rush.py --clients 10 --needs 10          # a quick look

A fresh database each run: SQLite at bench/out/rush.sqlite3, or on PostgreSQL a database
named after DATABASE_URL's with `_rush` appended, created on that server and dropped after.
gunicorn serves it with the production settings (those of `bench/load.py`), behind a pretend
TLS proxy (`X-Forwarded-Proto: https`), with `--workers` sync workers; tasks queue in the
database for a worker that is not running (the matcher's re-indexing is not part of a web
request).

Every client is a thread with its own cookies, as a browser: it signs in, writes its drafts
while the call is open (each autosave sent twice, as a flaky network does, with the same
client token), and when every client has its drafts, submits each with a last change to the
text, twice (a double click). When half the needs are submitted the call closes, half a
second ahead, so the closing moment falls in the middle of the traffic.

It passes when no request failed (no connection error, no status of 500 or more), every
need exists once, every submission answered "submitted" is stored as submitted, once, before
the closing moment, with the last text, and every other one was refused with its draft
intact, the last change included. The figures are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import SERVER_ENV, free_port, start_server  # noqa: E402 - needs the project on the path first

SQLITE_DB = ROOT / "bench" / "out" / "rush.sqlite3"


@dataclass
class Attempt:
    token: uuid.UUID
    fields: dict[str, str]
    need: int = 0
    accepted: bool = False
    refused: bool = False


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    submitted: int = 0


class Browser:
    def __init__(self, base: str, tally: Tally) -> None:
        self.base = base
        self.tally = tally
        self.cookies: dict[str, str] = {}
        self.session = requests.Session()

    def send(self, method: str, path: str, data: dict[str, str] | None = None) -> requests.Response:
        origin = self.base.replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        began = time.monotonic()
        response = self.session.request(
            method,
            self.base + path,
            data=data,
            headers=headers,
            # Secure cookies go back over the loopback's plain HTTP, as through the proxy.
            cookies=self.cookies,
            allow_redirects=False,
            timeout=120,
        )
        with self.tally.lock:
            self.tally.requests += 1
            self.tally.latencies.append(time.monotonic() - began)
            if response.status_code >= 500:
                self.tally.failures.append(f"{method} {path}: {response.status_code}")
        self.cookies.update(response.cookies.get_dict())
        return response


def prepare_database(args: argparse.Namespace) -> str | None:
    """A fresh database; returns the PostgreSQL database to drop afterwards, if any."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_rush"
        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
        dropped: str | None = name
    else:
        SQLITE_DB.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_DB}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_DB}"
        dropped = None
    # The refused submissions are logged as 400s by design: only errors are worth printing.
    os.environ.update(
        SERVER_ENV,
        BEHIND_TLS_PROXY="true",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return dropped


def make_people(clients: int) -> tuple[list[str], int, str]:
    """`clients` members of one organisation, each signed in (a session made in the
    database, as signing in would: 50 sign-ins from one address in a minute would rightly
    meet the sign-in rate limit), and an open call. Returns their session keys."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from proeftuin.calls.models import Call
    from proeftuin.organisations.models import Membership, Municipality, Organisation

    municipality = Municipality.objects.create(
        nis_code="44021", name="Gent", province="Oost-Vlaanderen"
    )
    organisation = Organisation.objects.create(
        name="Bibliotheek Gent", slug="bibliotheek-gent", kind=Organisation.Kind.LIBRARY
    )
    organisation.municipalities.set([municipality])
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"indiener{i}@rush.proeftuin.invalid", name=f"Indiener {i}")
        for i in range(clients)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, status=Membership.Status.ACTIVE)
        for user in users
    )
    sessions = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(str(session.session_key))
    now = timezone.now()
    call = Call.objects.create(
        title="De laatste minuut",
        slug="de-laatste-minuut",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=1),
        published_at=now - timedelta(days=40),
    )
    return sessions, organisation.pk, call.slug


def run_client(
    number: int,
    session: str,
    organisation: int,
    call: str,
    args: argparse.Namespace,
    shared: dict[str, object],
) -> None:
    tally: Tally = shared["tally"]  # type: ignore[assignment]
    attempts: list[Attempt] = shared["attempts"]  # type: ignore[assignment]
    browser = Browser(str(shared["base"]), tally)
    mine = [
        Attempt(
            token=uuid.uuid4(),
            fields={
                "title": f"Nood {n} van indiener {number}",
                "problem": "Inwoners vinden ons aanbod niet online.",
                "target_groups": "Jongeren",
                "current_handling": "Folders",
                "citizen_value": "Alles op één plek",
            },
        )
        for n in range(args.needs // args.clients)
    ]
    browser.cookies["sessionid"] = session
    try:
        form = browser.send("GET", "/noden/nieuw/")  # the form, and the CSRF cookie
        if form.status_code != 200 or "csrftoken" not in browser.cookies:
            raise RuntimeError(f"the need form answered {form.status_code}")
        for attempt in mine:
            draft = {
                **attempt.fields,
                "client_token": str(attempt.token),
                "call": call,
                "organisation": str(organisation),
            }
            for _ in range(2):
                response = browser.send("POST", "/noden/opslaan/", draft)
            found = re.search(r"/noden/(\d+)/", response.headers.get("Location", ""))
            if not found:
                raise RuntimeError(f"autosave answered {response.status_code}")
            attempt.need = int(found.group(1))
        attempts.extend(mine)
        shared["drafts_done"].wait(timeout=600)  # type: ignore[attr-defined]
        for attempt in mine:
            attempt.fields["title"] += " (laatste versie)"
            for _ in range(2):
                response = browser.send("POST", f"/noden/{attempt.need}/indienen/", attempt.fields)
                location = response.headers.get("Location", "")
                attempt.accepted |= response.status_code == 302 and location.endswith(
                    f"/noden/{attempt.need}/"
                )
                attempt.refused |= response.status_code == 400
            with tally.lock:
                tally.submitted += 1
                if tally.submitted == args.needs // 2:
                    shared["half"].set()  # type: ignore[attr-defined]
    except Exception as error:  # counted as a failure, not lost in the thread
        with tally.lock:
            tally.failures.append(f"client {number}: {error!r}")
        # Nobody waits for a client that stopped.
        shared["drafts_done"].abort()  # type: ignore[attr-defined]
        shared["half"].set()  # type: ignore[attr-defined]


def check(attempts: list[Attempt], closes_at: object, wanted: int) -> list[str]:
    from proeftuin.calls.models import Need
    from proeftuin.core.models import ActivityLog

    problems = []
    if len(attempts) != wanted:
        problems.append(f"{wanted - len(attempts)} clients' needs never became drafts")
    needs = {need.client_token: need for need in Need.objects.all()}
    if len(needs) != len(attempts):
        problems.append(f"{len(needs)} needs stored for {len(attempts)} drafts written")
    logs: dict[str, int] = {}
    for object_id in ActivityLog.objects.filter(action="need.submitted").values_list(
        "object_id", flat=True
    ):
        logs[object_id] = logs.get(object_id, 0) + 1
    for attempt in attempts:
        need = needs.get(attempt.token)
        if need is None:
            problems.append(f"draft {attempt.token} is lost")
        elif attempt.accepted:
            if need.status != Need.Status.SUBMITTED or need.submitted_at >= closes_at:  # type: ignore[operator]
                problems.append(f"need {need.pk} was answered submitted but is {need.status}")
            elif logs.get(str(need.pk)) != 1 or need.title != attempt.fields["title"]:
                problems.append(f"need {need.pk} was not submitted exactly once as typed")
        elif not attempt.refused or need.status != Need.Status.DRAFT:
            problems.append(f"need {need.pk} was neither accepted nor refused as a draft")
        elif any(getattr(need, name) != value for name, value in attempt.fields.items()):
            problems.append(f"need {need.pk}'s draft lost what was typed")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--needs", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    dropped = prepare_database(args)
    sessions, organisation, call_slug = make_people(args.clients)
    from django.db import connection, transaction
    from django.utils import timezone

    from proeftuin.calls.models import Call

    port = free_port()
    server = start_server(port, args.workers, env=dict(os.environ), timeout=120)
    shared: dict[str, object] = {
        "base": f"http://127.0.0.1:{port}",
        "tally": Tally(),
        "attempts": [],
        "half": threading.Event(),
        "drafts_done": threading.Barrier(args.clients),
    }
    threads = [
        threading.Thread(
            target=run_client, args=(i, session, organisation, call_slug, args, shared)
        )
        for i, session in enumerate(sessions)
    ]
    began = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        shared["half"].wait(timeout=600)  # type: ignore[attr-defined]
        with transaction.atomic():
            closes_at = timezone.now() + timedelta(seconds=0.5)
            Call.objects.filter(slug=call_slug).update(closes_at=closes_at)
        for thread in threads:
            thread.join(timeout=600)
        seconds = time.monotonic() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    attempts: list[Attempt] = shared["attempts"]  # type: ignore[assignment]
    tally: Tally = shared["tally"]  # type: ignore[assignment]
    problems = tally.failures + check(attempts, closes_at, args.needs - args.needs % args.clients)
    accepted = sum(attempt.accepted for attempt in attempts)
    latencies = sorted(tally.latencies)
    print(
        f"deadline rush on {connection.vendor}: {args.clients} clients, {len(attempts)} needs, "
        f"{tally.requests} requests in {seconds:.1f} s, {len(tally.failures)} failed; "
        f"{accepted} submitted before the close, {len(attempts) - accepted} refused after it "
        f"with their drafts; latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    connection.close()
    if dropped:
        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{dropped}"')
    if problems:
        print("\n".join(problems[:50]))
        sys.exit(1)


if __name__ == "__main__":
    main()
