"""A second Django process on the test database, as another web or worker process would be."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def current_database_url() -> str:
    """DATABASE_URL of the database this test runs on (with xdist's suffix, if any)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = quote(db["HOST"] or "", safe="")
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    raise NotImplementedError(db["ENGINE"])


def run_on_test_database(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start a second Django process (python -c CODE ARGS) on this test's database.

    Only committed data is visible there: use `django_db(transaction=True)`.
    """
    process_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": current_database_url(),
        **(env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=BASE_DIR,
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: int = 120) -> str:
    """Wait for a process started by `run_on_test_database`; its stdout, or fail."""
    stdout, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"second process failed:\n{stderr}"
    return stdout
