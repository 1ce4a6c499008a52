"""The load run: gunicorn serving a generated database, wrk putting load on one page at a time.

    .venv/bin/python bench/load.py                   # against bench/out/bench.sqlite3
    DATABASE_URL=postgres://… .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --duration 5 --warmup 1   # a quick look

Fill the database first with `bench/generate.py`. The server runs the production settings
(DEBUG off, whitenoise, gunicorn's sync workers) through `bench/settings.py`, which adds only
the *floor*: a trivial view returning a fixed response through the same middleware and the same
server. Every page is measured in the same run as the floor, and the ratio of its throughput to
the floor's is what decides (absolute times on a shared 2-core machine vary from run to run).

For every page: a warm-up, then `--duration` seconds at `--connections` connections from wrk
in its own process; requests/s, p50/p95/p99 latency, errors (connection errors and any status
other than 200), SQL queries per request (counted once, in this process, with Django's test
client on the same database) and the ratio to the floor. The gunicorn workers' resident memory
is sampled every second. The table is printed and appended to bench/RESULTS.md.

Signed-in pages use a session of a generated coordinator, made in the database before the run
(as signing in would); the MFA gate for staff is off for the run, since wrk cannot answer it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_DB = ROOT / "bench" / "out" / "bench.sqlite3"

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SITE_URL": "http://127.0.0.1",
    # Plain HTTP on loopback: production sits behind a TLS proxy, which these would need.
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "REQUIRE_MFA_FOR_STAFF": "false",
    "LOG_LEVEL": "WARNING",
}

# The p95 target (ms) and the share of the floor's throughput each kind of page must reach.
TARGETS = {
    "public": (100, 0.35),
    "api": (100, 0.35),
    "search": (200, 0.15),
    "signed-in": (200, 0.15),
}

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # a key of TARGETS, or "floor"
    path: str
    signed_in: bool = False


@dataclass(frozen=True)
class Measured:
    page: Page
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    queries: int
    status: int


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        if not DEFAULT_DB.exists():
            sys.exit(f"{DEFAULT_DB} does not exist: run bench/generate.py first.")
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    os.environ.update(SERVER_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages_to_measure() -> tuple[list[Page], str]:
    """The pages of the issue, on objects picked from the generated data; and a session key."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from proeftuin.calls.models import Call, Need
    from proeftuin.projects.models import Project

    coordinator = get_user_model().objects.filter(is_coordinator=True, is_active=True).first()
    challenge = Need.objects.challenges().order_by("pk").first()
    published = Project.objects.published().order_by("pk").first()
    running = Project.objects.running().order_by("pk").first()
    largest = Call.objects.annotate(n=Count("needs")).order_by("-n").first()
    missing = [
        what
        for what, obj in [
            ("a coordinator", coordinator),
            ("a published challenge", challenge),
            ("a published project", published),
            ("a running project", running),
            ("a call", largest),
        ]
        if obj is None
    ]
    if missing or coordinator is None or challenge is None or published is None:
        sys.exit(f"The database lacks {', '.join(missing)}: run bench/generate.py first.")
    assert running is not None and largest is not None

    client = Client()
    client.force_login(coordinator)
    session_key = client.cookies["sessionid"].value
    pages = [
        Page("floor", "floor", "/bench/floor/"),
        Page("home", "public", reverse("core:home")),
        Page("open calls", "public", reverse("calls:list")),
        Page("challenges", "public", reverse("calls:challenges")),
        Page("one challenge", "public", reverse("calls:challenge", args=[challenge.pk])),
        Page("published project", "public", reverse("knowledge:project", args=[published.pk])),
        Page("lessons", "public", reverse("knowledge:lessons")),
        Page("search", "search", reverse("knowledge:search") + "?q=bibliotheek+jongeren"),
        Page("services catalogue", "public", reverse("scaling:catalogue")),
        Page("coverage", "public", reverse("scaling:coverage")),
        Page("API calls", "api", "/api/v1/calls/"),
        Page("API projects", "api", "/api/v1/projects/"),
        Page("API services", "api", "/api/v1/services/"),
        Page("intake board", "signed-in", reverse("calls:intake", args=[largest.slug]), True),
        Page("ranking", "signed-in", reverse("reviews:ranking", args=[largest.slug]), True),
        Page("project workspace", "signed-in", reverse("projects:detail", args=[running.pk]), True),
    ]
    return pages, session_key


def count_queries(pages: list[Page], session_key: str) -> dict[str, tuple[int, int]]:
    """Status and SQL queries of one request per page (the second, once caches are warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = session_key
    counted = {}
    for page in pages:
        client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        counted[page.name] = (response.status_code, len(queries))
    return counted


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MemorySampler(threading.Thread):
    """The largest resident set of any gunicorn worker, sampled every second."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.first: dict[int, int] = {}
        self.peak = 0
        self.stopped = threading.Event()

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    @staticmethod
    def rss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self.stopped.wait(1):
            for pid in self.workers():
                rss = self.rss_kib(pid)
                self.first.setdefault(pid, rss)
                self.peak = max(self.peak, rss)


def answered(url: str) -> bool:
    """Any HTTP answer will do: /health says 503 while no task worker beats."""
    try:
        requests.get(url, timeout=5)
    except requests.RequestException:
        return False
    return True


def start_server(
    port: int, workers: int, env: dict[str, str] | None = None, timeout: int = 30
) -> subprocess.Popen[bytes]:
    """gunicorn with the load run's settings, or with `env`; `timeout` is gunicorn's per request."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--backlog=256",
            f"--timeout={timeout}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV} if env is None else env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its output above.")
        # Ready once every worker has booted: the master accepts before they have.
        if all(answered(f"http://127.0.0.1:{port}/health") for _ in range(workers * 2)):
            return server
        time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not start within 60 s.")


def wrk(url: str, seconds: int, connections: int, script: Path, cookie: str) -> dict[str, int]:
    command = [
        "wrk",
        "--threads=2",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--script={script}",
    ]
    if cookie:
        command.append(f"--header=Cookie: sessionid={cookie}")
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    report: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return report


def measure(args: argparse.Namespace) -> tuple[list[Measured], MemorySampler]:
    pages, session_key = pages_to_measure()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        unknown = wanted - {page.name for page in pages}
        if unknown:
            sys.exit(f"No such page: {', '.join(sorted(unknown))}")
        pages = [page for page in pages if page.kind == "floor" or page.name in wanted]
    counted = count_queries(pages, session_key)
    broken = {name: status for name, (status, _) in counted.items() if status != 200}
    if broken:
        sys.exit(f"Pages that do not answer 200 before the run: {broken}")
    port = free_port()
    server = start_server(port, args.workers)
    sampler = MemorySampler(server.pid)
    sampler.start()
    results = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            script = Path(folder) / "report.lua"
            script.write_text(WRK_REPORT)
            for page in pages:
                url = f"http://127.0.0.1:{port}{page.path}"
                cookie = session_key if page.signed_in else ""
                wrk(url, args.warmup, args.connections, script, cookie)
                report = wrk(url, args.duration, args.connections, script, cookie)
                if report["requests"] == 0:
                    sys.exit(f"wrk completed no request to {url} in {args.duration} s.")
                status, queries = counted[page.name]
                measured = Measured(
                    page=page,
                    requests_per_second=report["requests"] / (report["duration_us"] / 1e6),
                    p50_ms=report["p50_us"] / 1000,
                    p95_ms=report["p95_us"] / 1000,
                    p99_ms=report["p99_us"] / 1000,
                    errors=report["errors"] + report["status_errors"],
                    queries=queries,
                    status=status,
                )
                results.append(measured)
                print(
                    f"{page.name:20} {measured.requests_per_second:8.1f} req/s  "
                    f"p95 {measured.p95_ms:7.1f} ms  errors {measured.errors}",
                    flush=True,
                )
    finally:
        sampler.stopped.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results, sampler


def table(results: list[Measured]) -> tuple[str, bool]:
    floor = next(r for r in results if r.page.kind == "floor")
    lines = [
        "| page | kind | req/s | p50 ms | p95 ms | p99 ms | errors | queries | of floor | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    all_met = True
    for r in results:
        ratio = r.requests_per_second / floor.requests_per_second
        if r.page.kind == "floor":
            verdict = "—"
        else:
            p95_target, share_target = TARGETS[r.page.kind]
            met = r.errors == 0 and r.p95_ms < p95_target and ratio >= share_target
            all_met = all_met and met
            verdict = f"{'met' if met else 'MISSED'} (p95 < {p95_target} ms, ≥ {share_target:.0%})"
        lines.append(
            f"| {r.page.name} | {r.page.kind} | {r.requests_per_second:.1f} | {r.p50_ms:.1f} "
            f"| {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.queries} | {ratio:.0%} "
            f"| {verdict} |"
        )
    return "\n".join(lines), all_met


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per page (30)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per page (5)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument(
        "--only", default="", help="comma-separated page names to measure (the floor always)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    # Production serves hashed static files from the manifest; the cache table must exist.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)

    from proeftuin.calls.models import Need

    needs = Need.objects.count()
    engine = f"{connection.vendor} {connection.Database.__name__}"
    results, sampler = measure(args)
    report, all_met = table(results)
    peak_mib = sampler.peak / 1024
    start_mib = max(sampler.first.values(), default=0) / 1024
    summary = (
        f"\n## Load run, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}\n\n"
        f"{engine}, {needs:,} needs; gunicorn with {args.workers} sync workers, wrk with "
        f"{args.connections} connections, {args.duration} s per page after {args.warmup} s of "
        f"warm-up; {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}.\n\n{report}\n\n"
        f"Worker memory (RSS): {start_mib:.0f} MiB at the start, {peak_mib:.0f} MiB at the "
        f"peak (target: under 250 MiB). Every target met: {'yes' if all_met else 'no'}.\n"
    )
    print(summary)
    with RESULTS.open("a") as results_file:
        results_file.write(summary)


if __name__ == "__main__":
    main()
