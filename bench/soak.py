"""The soak: minutes of mixed traffic against gunicorn, watching for errors and for worker
memory that grows.

    bin/with-postgres .venv/bin/python bench/soak.py                      # 10 min, 32 conn.
    bin/with-postgres .venv/bin/python bench/soak.py --minutes 1 --connections 8

The database DATABASE_URL names is migrated and, when it has no call yet, given the demo
(`load_demo`). gunicorn serves it with the production settings (the load run's, see
`bench/load.py`, whose pieces this reuses); wrk runs `--connections` connections through a
Lua script that cycles over the load run's pages: the public portal, the search, the API
lists and, with a coordinator's session, the intake board, the ranking and a project's
workspace.

Worker memory: the resident set of every gunicorn worker is read from /proc after a
warm-up (the start: the code, templates and caches are loaded by then), every few seconds
during the soak and at the end. The soak passes when wrk saw no error (no socket error, no
timeout, no status of 400 or more), no worker was replaced, and no worker grew by more than
`--max-growth` (10 %). The figures are printed and appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 - needs the project on the path first
    RESULTS,
    WRK_REPORT,
    MemorySampler,
    Page,
    commit,
    count_queries,
    free_port,
    pages_to_measure,
    setup_django,
    start_server,
)

# Cycles over the pages; a signed-in page carries the session cookie, the others none.
WRK_PAGES = """
local pages = {{
{entries}
}}
local i = 0
request = function()
  i = i % #pages + 1
  local page = pages[i]
  if page[2] ~= "" then
    return wrk.format("GET", page[1], {{["Cookie"] = "sessionid=" .. page[2]}})
  end
  return wrk.format("GET", page[1])
end
"""


def prepare_database() -> None:
    """Migrated, with the demo when the database has no call yet; static files collected
    and the cache table made, as a deployment does."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from proeftuin.calls.models import Call

    if not Call.objects.exists():
        began = time.monotonic()
        call_command("load_demo", verbosity=0)
        print(f"demo loaded in {time.monotonic() - began:.0f} s", flush=True)


def lua_script(pages: list[Page], session_key: str) -> str:
    entries = ",\n".join(
        f"  {{{json.dumps(page.path)}, {json.dumps(session_key if page.signed_in else '')}}}"
        for page in pages
    )
    return WRK_PAGES.format(entries=entries) + WRK_REPORT


def rss_by_worker(sampler: MemorySampler) -> dict[int, int]:
    return {pid: sampler.rss_kib(pid) for pid in sampler.workers()}


def run_wrk(url: str, seconds: int, connections: int, script: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            "wrk",
            "--threads=2",
            f"--connections={connections}",
            f"--duration={seconds}s",
            # A slow answer on a busy machine is not an error; one that takes this long is.
            "--timeout=10s",
            f"--script={script}",
            url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def report_of(process: subprocess.Popen[str]) -> dict[str, int]:
    out, _ = process.communicate()
    if process.returncode != 0:
        sys.exit(f"wrk failed ({process.returncode}): {out}")
    report: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="length of the soak (10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4)")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of warm-up (30)")
    parser.add_argument(
        "--sample", type=int, default=0, help="seconds between samples (a tenth of the soak)"
    )
    parser.add_argument("--max-growth", type=float, default=0.10, help="allowed growth (0.10)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="file to append to")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database: run through bin/with-postgres.")

    setup_django()
    prepare_database()
    pages, session_key = pages_to_measure()
    pages = [page for page in pages if page.kind != "floor"]
    broken = {n: s for n, (s, _) in count_queries(pages, session_key).items() if s != 200}
    if broken:
        sys.exit(f"Pages that do not answer 200 before the soak: {broken}")

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    seconds = max(1, round(args.minutes * 60))
    sample = args.sample or max(5, seconds // 10)
    server = start_server(port, args.workers)
    sampler = MemorySampler(server.pid)
    timeline: list[tuple[int, int]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            script = Path(folder) / "soak.lua"
            script.write_text(lua_script(pages, session_key))
            report_of(run_wrk(url, args.warmup, args.connections, script))
            start = rss_by_worker(sampler)
            began = time.monotonic()
            soak = run_wrk(url, seconds, args.connections, script)
            while soak.poll() is None:
                time.sleep(1)
                elapsed = round(time.monotonic() - began)
                if elapsed >= len(timeline) * sample:
                    timeline.append((elapsed, max(rss_by_worker(sampler).values(), default=0)))
            report = report_of(soak)
            end = rss_by_worker(sampler)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    errors = report["errors"] + report["status_errors"]
    replaced = set(start) != set(end)
    growth = {pid: end[pid] / start[pid] - 1 for pid in start if pid in end and start[pid]}
    worst = max(growth.values(), default=0.0)
    passed = errors == 0 and not replaced and worst <= args.max_growth
    from django.db import connection

    mib = lambda kib: f"{kib / 1024:.0f}"  # noqa: E731
    workers_table = "\n".join(
        f"| {pid} | {mib(start[pid])} | {mib(end.get(pid, 0))} | {growth.get(pid, 0):+.1%} |"
        for pid in sorted(start)
    )
    summary = (
        f"\n## Soak, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}\n\n"
        f"{connection.vendor}, demo data; gunicorn with {args.workers} sync workers; wrk with "
        f"{args.connections} connections for {seconds} s after {args.warmup} s of warm-up, "
        f"cycling over {len(pages)} pages ({sum(p.signed_in for p in pages)} signed in); "
        f"{platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end.\n\n"
        f"Requests served: {report['requests']:,} "
        f"({report['requests'] / (report['duration_us'] / 1e6):.1f}/s), errors: {errors} "
        f"(socket/timeouts {report['errors']}, status ≥ 400 {report['status_errors']}); "
        f"latency p50 {report['p50_us'] / 1000:.0f} ms, p95 {report['p95_us'] / 1000:.0f} ms, "
        f"p99 {report['p99_us'] / 1000:.0f} ms.\n\n"
        f"| worker | RSS start MiB | RSS end MiB | growth |\n|---|---:|---:|---:|\n"
        f"{workers_table}\n\n"
        f"Largest worker over time (s: MiB): "
        f"{', '.join(f'{s}: {mib(kib)}' for s, kib in timeline)}.\n\n"
        f"Workers replaced during the soak: {'yes' if replaced else 'no'}. Passed (no errors, "
        f"growth ≤ {args.max_growth:.0%}): {'yes' if passed else 'no'}.\n"
    )
    print(summary)
    with args.results.open("a") as results_file:
        results_file.write(summary)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
