"""Faults: PostgreSQL stopped in the middle of load, and a task worker killed in the middle
of a task.

    bin/with-postgres .venv/bin/python bench/faults.py
    bin/with-postgres .venv/bin/python bench/faults.py --outage 10 --readers 4   # shorter

`bin/with-postgres` gives a throwaway PostgreSQL and exports its PGDATA and PGBIN, with
which this run stops and starts it. The database is migrated and given the demo (see
`bench/soak.py`); gunicorn serves it with the production settings (`bench/load.py`), a
task worker (`db_worker`) and the scheduler run beside it as separate processes.

1. The database away. Readers cycle over the public pages and the API lists while
   submitters save need drafts (each acknowledged save, a 302, is remembered). After
   `--before` seconds PostgreSQL is stopped (`pg_ctl stop -m fast`) for `--outage`
   seconds and started again; the load goes on for `--after` seconds. It passes when every
   request during the outage got a 200 or the friendly 503 page (no other error, no
   traceback in any body) with a p99 under `--max-outage-p99` seconds, the platform answers
   again without being restarted (the recovery time: from the database's start to the last
   failed request), the worker and the scheduler are still running, and every acknowledged
   save is in the database.
2. A worker killed. `--mails` e-mails are queued through the outbox; the mail server
   (`bench/fault_settings.py`) takes a while per message and logs each one it accepts. When
   the worker is in the middle of sending one, it is killed with SIGKILL and started again.
   It passes when the task it was running runs again (the sweeper requeues it once the
   dead worker's heartbeat is stale) and no outbox row reached the mail server twice.

The figures are printed and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster import SUBMITTER, Visitor, demo_objects, need_data  # noqa: E402
from bench.load import (  # noqa: E402
    RESULTS,
    SERVER_ENV,
    commit,
    free_port,
    pages_to_measure,
    setup_django,
    start_server,
)
from bench.soak import prepare_database  # noqa: E402

PYTHON = sys.executable
# What the friendly 503 page says (templates/503.html), and what no page may show.
UNAVAILABLE = "Even niet bereikbaar"
LEAKS = ("Traceback", "OperationalError", "psycopg")
SAVED = re.compile(r"/noden/(\d+)/")


@dataclass(frozen=True)
class Hit:
    began: float
    seconds: float
    status: int  # 0: no answer at all (refused, timed out)
    friendly: bool  # a 503 with the friendly page
    leak: bool


@dataclass
class Load:
    """Readers and submitters hitting the server until stopped, every request recorded."""

    base: str
    paths: list[str]
    organisation: int
    call: str
    hits: list[Hit] = field(default_factory=list)
    acknowledged: list[tuple[float, str, str]] = field(default_factory=list)  # when, token, title
    stopped: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, began: float, response: requests.Response | None) -> None:
        seconds = time.monotonic() - began
        if response is None:
            hit = Hit(began, seconds, 0, False, False)
        else:
            text = response.text
            hit = Hit(
                began,
                seconds,
                response.status_code,
                response.status_code == 503 and UNAVAILABLE in text,
                any(leak in text for leak in LEAKS),
            )
        with self.lock:
            self.hits.append(hit)

    def read(self, offset: int) -> None:
        session = requests.Session()
        paths = itertools.cycle(self.paths[offset:] + self.paths[:offset])
        while not self.stopped.is_set():
            began = time.monotonic()
            try:
                response = session.get(self.base + next(paths), timeout=30, allow_redirects=False)
            except requests.RequestException:
                response = None
            self.record(began, response)

    def submit(self, visitor: Visitor) -> None:
        origin = self.base.replace("http://", "https://")
        while not self.stopped.is_set():
            token, title = str(uuid.uuid4()), f"Storingstest {uuid.uuid4().hex[:10]}"
            data = {"client_token": token, "organisation": str(self.organisation)}
            headers = {
                "X-Forwarded-Proto": "https",
                "Origin": origin,
                "Referer": origin + "/noden/nieuw/",
                "X-CSRFToken": visitor.cookies.get("csrftoken", ""),
            }
            began = time.monotonic()
            try:
                response = requests.post(
                    self.base + "/noden/opslaan/",
                    data={**data, "call": self.call, **need_data(title)},
                    headers=headers,
                    cookies=visitor.cookies,
                    timeout=30,
                    allow_redirects=False,
                )
            except requests.RequestException:
                response = None
            self.record(began, response)
            location = response.headers.get("Location", "") if response is not None else ""
            if response is not None and response.status_code == 302 and SAVED.search(location):
                with self.lock:
                    self.acknowledged.append((time.monotonic(), token, title))
            time.sleep(0.2)


def pg_ctl(*arguments: str) -> None:
    """pg_ctl on bin/with-postgres's cluster (as the postgres user when we are root)."""
    pgdata, pgbin = os.environ["PGDATA"], os.environ["PGBIN"]
    command = [f"{pgbin}/pg_ctl", "-D", pgdata, *arguments]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, cwd=Path(pgdata).parent, check=True, capture_output=True)


def start_process(
    name: str, command: list[str], env: dict[str, str], folder: Path
) -> subprocess.Popen[bytes]:
    log = (folder / f"{name}.log").open("ab")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def database_outage(
    args: argparse.Namespace, base: str, processes: dict[str, subprocess.Popen[bytes]]
) -> tuple[list[str], bool]:
    pages, _session = pages_to_measure()
    paths = [page.path for page in pages if page.kind != "floor" and not page.signed_in]
    organisation, call = demo_objects(os.environ["DATABASE_URL"])
    load = Load(base, paths, organisation, call)
    threads = [threading.Thread(target=load.read, args=(n,)) for n in range(args.readers)]
    for _ in range(args.submitters):
        visitor = Visitor()
        visitor.sign_in(base, SUBMITTER)
        threads.append(threading.Thread(target=load.submit, args=(visitor,)))
    for thread in threads:
        thread.start()
    try:
        time.sleep(args.before)
        stopping = time.monotonic()
        pg_ctl("-m", "fast", "-w", "stop")
        print(f"PostgreSQL stopped ({time.monotonic() - stopping:.1f} s)", flush=True)
        time.sleep(args.outage)
        pg_ctl("-l", str(Path(os.environ["PGDATA"]) / "server.log"), "-w", "start")
        started = time.monotonic()
        print(f"PostgreSQL started after {started - stopping:.0f} s", flush=True)
        time.sleep(args.after)
    finally:
        load.stopped.set()
        for thread in threads:
            thread.join()

    # A request still running when the stop began belongs to the outage.
    before = [h for h in load.hits if h.began + h.seconds < stopping]
    during = [h for h in load.hits if h.began + h.seconds >= stopping and h.began < started]
    after = [h for h in load.hits if h.began >= started]
    failed_after = [h.began + h.seconds for h in after if h.status not in (200, 302)]
    recovery = max(failed_after, default=started) - started
    settled = [h for h in after if h.began >= started + recovery]
    others = [h for h in during if h.status not in (200, 302) and not h.friendly]
    leaks = sum(h.leak for h in load.hits)
    acknowledged_before = sum(when < stopping for when, _, _ in load.acknowledged)

    from django.db import close_old_connections

    from proeftuin.calls.models import Need

    close_old_connections()
    stored = dict(
        Need.objects.filter(client_token__in=[t for _, t, _ in load.acknowledged]).values_list(
            "client_token", "title"
        )
    )
    lost = [t for _, t, title in load.acknowledged if stored.get(uuid.UUID(t)) != title]
    health = requests.get(base + "/health", timeout=30)
    failing = [name for name, check in health.json()["checks"].items() if not check["ok"]]
    alive = {name: process.poll() is None for name, process in processes.items()}
    outage_p99 = p99([h.seconds for h in during])
    passed = (
        all(h.status in (200, 302) for h in before)
        and not others
        and not leaks
        and outage_p99 <= args.max_outage_p99
        and bool(settled)
        and all(h.status in (200, 302) for h in settled)
        and all(alive.values())
        and not lost
    )
    statuses = Counter(h.status for h in during)
    lines = [
        f"Load: {args.readers} readers over {len(paths)} public pages and API lists, "
        f"{args.submitters} submitters saving drafts; PostgreSQL stopped (`pg_ctl stop -m fast`) "
        f"after {args.before} s for {started - stopping:.0f} s, then {args.after} s more.",
        "",
        "| | requests | failed | p99 s | max s |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {len(hits)} | {sum(h.status not in (200, 302) for h in hits)} "
            f"| {p99([h.seconds for h in hits]):.2f} "
            f"| {max((h.seconds for h in hits), default=0):.2f} |"
            for name, hits in (("before", before), ("outage", during), ("after", after))
        ),
        "",
        f"During the outage: statuses {dict(sorted(statuses.items()))} (0 = no answer); "
        f"friendly 503 pages {sum(h.friendly for h in during)}, other errors {len(others)}; "
        f"bodies with a traceback or driver name (whole run): {leaks}.",
        f"Recovery: the last failed request ended {recovery:.1f} s after PostgreSQL was "
        f"started; {len(settled)} requests after it, all answered: "
        f"{'yes' if settled and all(h.status in (200, 302) for h in settled) else 'no'}; "
        f"/health then {health.status_code}"
        f"{f' ({", ".join(failing)} failing)' if failing else ''}; still running without a "
        "restart: "
        f"{', '.join(f'{n} {"yes" if a else "NO"}' for n, a in alive.items())}.",
        f"Drafts acknowledged (302): {len(load.acknowledged)} ({acknowledged_before} before "
        f"the stop); in the database afterwards: {len(load.acknowledged) - len(lost)}; "
        f"lost: {len(lost)}.",
        f"Passed: {'yes' if passed else 'no'}.",
    ]
    return lines, passed


def worker_killed(
    args: argparse.Namespace,
    folder: Path,
    worker_env: dict[str, str],
    processes: dict[str, subprocess.Popen[bytes]],
) -> tuple[list[str], bool]:
    from django.db import close_old_connections, transaction
    from django_tasks_db.models import DBTaskResult

    from proeftuin.core.mail import queue_rendered_mail
    from proeftuin.core.models import OutboxMessage

    close_old_connections()
    run = uuid.uuid4().hex[:8]
    mail_log = Path(worker_env["FAULTS_MAIL_LOG"])
    with transaction.atomic():
        rows = [
            queue_rendered_mail(
                to=f"storing-{run}-{n}@example.be",
                subject=f"Storingstest {run} #{n}",
                body_text="Een bericht van de storingstest.",
                language="nl-be",
            ).pk
            for n in range(args.mails)
        ]
    outbox = OutboxMessage.objects.filter(pk__in=rows)
    tasks = DBTaskResult.objects.filter(task_path__endswith=".send_outbox_message").filter(
        enqueued_at__gte=OutboxMessage.objects.get(pk=rows[0]).created_at
    )
    # The drafts of part 1 left matching tasks in the queue before these.
    deadline = time.monotonic() + 600
    while not (
        outbox.filter(status=OutboxMessage.Status.SENT).count() >= 2
        and outbox.filter(status=OutboxMessage.Status.SENDING).exists()
    ):
        if time.monotonic() > deadline:
            raise SystemExit("the worker did not start sending within 10 minutes")
        time.sleep(0.05)
    worker = processes["worker"]
    worker.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    worker.wait()
    interrupted = list(tasks.filter(status="RUNNING").values_list("pk", flat=True))
    sending = list(outbox.filter(status=OutboxMessage.Status.SENDING).values_list("pk", flat=True))
    print(f"worker killed while running {len(interrupted)} task(s)", flush=True)
    processes["worker"] = start_process("worker", worker_command(), worker_env, folder)
    deadline = time.monotonic() + args.requeue_timeout
    while tasks.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    rerun = time.monotonic() - killed_at
    again = {
        pk: (status, len(worker_ids))
        for pk, status, worker_ids in tasks.filter(pk__in=interrupted).values_list(
            "pk", "status", "worker_ids"
        )
    }
    accepted = (
        Counter(
            line.split("\t")[1]
            for line in mail_log.read_text().splitlines()
            if f"Storingstest {run} " in line
        )
        if mail_log.exists()
        else Counter()
    )
    subjects = dict(outbox.values_list("subject", "status"))
    twice = [subject for subject, count in accepted.items() if count > 1]
    sent_without_log = [
        s for s, status in subjects.items() if status == "sent" and accepted[s] != 1
    ]
    finished = not tasks.filter(status__in=["READY", "RUNNING"]).exists()
    passed = (
        bool(interrupted)
        and finished
        and all(status == "SUCCESSFUL" and claims >= 2 for status, claims in again.values())
        and not twice
        and not sent_without_log
    )
    by_status = Counter(subjects.values())
    lines = [
        f"{args.mails} e-mails queued through the outbox; the mail server takes "
        f"{worker_env['FAULTS_MAIL_SECONDS']} s per message; the worker was killed (SIGKILL) "
        f"while running {len(interrupted)} task(s) and sending outbox row(s) {sending}, and "
        f"started again at once (heartbeat every {worker_env['WORKER_HEARTBEAT_SECONDS']} s, "
        f"stale after {worker_env['WORKER_STALE_SECONDS']} s, the sweeper each minute).",
        f"Every send task finished {rerun:.0f} s after the kill: {'yes' if finished else 'NO'}; "
        f"the interrupted task(s) ran again: "
        f"{', '.join(f'{s} after {c} claims' for s, c in again.values()) or 'none'}.",
        f"Outbox rows: {dict(sorted(by_status.items()))}; messages the mail server accepted "
        f"twice: {len(twice)}; sent rows not accepted exactly once: {len(sent_without_log)}. "
        f"A row whose sender was killed mid-send stays claimed for 15 minutes before the "
        f"outbox's retry sends it (the server may have accepted it already).",
        f"Passed: {'yes' if passed else 'no'}.",
    ]
    return lines, passed


def worker_command() -> list[str]:
    return [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=int, default=10, help="seconds of load before (10)")
    parser.add_argument("--outage", type=int, default=20, help="seconds stopped (20)")
    parser.add_argument("--after", type=int, default=30, help="seconds of load after (30)")
    parser.add_argument("--readers", type=int, default=8, help="reading clients (8)")
    parser.add_argument("--submitters", type=int, default=2, help="clients saving drafts (2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument("--max-outage-p99", type=float, default=2.0, help="seconds (2)")
    parser.add_argument("--mails", type=int, default=20, help="e-mails for the kill (20)")
    parser.add_argument("--requeue-timeout", type=int, default=180, help="seconds (180)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="file to append to")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "PGDATA"
    ):
        sys.exit("Run through bin/with-postgres (DATABASE_URL, PGDATA and PGBIN).")

    # The submitters talk to gunicorn as nginx would, with X-Forwarded-Proto (bench/cluster.py).
    os.environ["BEHIND_TLS_PROXY"] = "true"
    setup_django()
    prepare_database()
    folder = Path(tempfile.mkdtemp(prefix="proeftuin-faults-"))
    worker_env = {
        **os.environ,
        **SERVER_ENV,
        "DJANGO_SETTINGS_MODULE": "bench.fault_settings",
        "WORKER_HEARTBEAT_SECONDS": "2",
        "WORKER_STALE_SECONDS": "10",
        "SCHEDULER_TICK_SECONDS": "2",
        "FAULTS_MAIL_LOG": str(folder / "accepted.log"),
        "FAULTS_MAIL_SECONDS": "0.5",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes = {
        "gunicorn": start_server(port, args.workers),
        "worker": start_process("worker", worker_command(), worker_env, folder),
        "scheduler": start_process(
            "scheduler", [PYTHON, "manage.py", "run_scheduler"], worker_env, folder
        ),
    }
    try:
        outage, outage_passed = database_outage(args, base, processes)
        print("\n".join(outage), flush=True)
        killed, killed_passed = worker_killed(args, folder, worker_env, processes)
        print("\n".join(killed), flush=True)
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    summary = (
        f"\n## Faults, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}\n\n"
        f"PostgreSQL (bin/with-postgres), demo data; gunicorn with {args.workers} sync workers, "
        f"a task worker and the scheduler as separate processes; {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; logs in {folder}.\n\n"
        "### The database stopped in the middle of load\n\n"
        + "\n".join(outage)
        + "\n\n### A task worker killed in the middle of a task\n\n"
        + "\n".join(killed)
        + "\n"
    )
    with args.results.open("a") as results_file:
        results_file.write(summary)
    sys.exit(0 if outage_passed and killed_passed else 1)


if __name__ == "__main__":
    main()
