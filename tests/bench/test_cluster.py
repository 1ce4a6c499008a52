"""The several-machines set-up (`bench/cluster.py`) in its smoke version: one request of each
kind through two web instances, a task worker, moto's S3 and nginx, on PostgreSQL. The full
version (`--rounds 20`) runs in `make bench`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.cluster


def test_it_keeps_people_needs_files_tasks_and_matches_the_same_on_every_machine() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        skip_or_fail("DATABASE_URL is not a PostgreSQL database: the cluster smoke is skipped")
    missing = [tool for tool in ("nginx", "openssl") if shutil.which(tool) is None]
    if not (Path(sys.executable).parent / "moto_server").exists():
        missing.append("moto_server")
    if missing and not (missing == ["nginx"] and Path("/usr/sbin/nginx").exists()):
        skip_or_fail(f"{', '.join(missing)} not installed: the cluster smoke is skipped")
    run = subprocess.run(
        [sys.executable, "bench/cluster.py", "--smoke"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count("\nok  ") == 6, run.stdout
