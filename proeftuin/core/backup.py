"""Back up and restore the database and the uploaded files (`manage.py backup DIR`,
`manage.py restore DIR`).

A backup is a folder:
- the database, by the best method the engine offers:
  - SQLite: `database.sqlite3`, a consistent copy made with SQLite's online backup API while
    the site keeps running (readers and writers wait a moment, nothing is locked out);
  - PostgreSQL: `database.dump`, made by `pg_dump --format=custom` when pg_dump is on the
    PATH (restored by `pg_restore --clean`; use the client of the server's major version);
  - otherwise, or with `--method dumpdata`: `database.json`, Django's `dumpdata` of every row
    of every model, in JSON that keeps times to the microsecond (this module's serializer:
    Django's own JSON cuts them to milliseconds); (restored into a database migrated to the same state, see below);
- `media/`: the uploaded files, when they are stored on the file system (MEDIA_ROOT); with
  an object store (MEDIA_S3_BUCKET) the bucket's own versioning keeps them, and the backup
  says so;
- `manifest.json`: when, which method, the migrations the database had, and a SHA-256 of
  every file, so a restore refuses a damaged or incomplete backup.

A restore replaces the database and the uploaded files with the backup's. A `dumpdata` backup
needs the database at the same migrations as when it was made (the manifest lists them):
Django's fixtures hold rows, not the schema.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import serializers
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .models import SearchDocument
from .search import stemmed_text

MANIFEST = "manifest.json"
METHODS = ("sqlite", "pg_dump", "dumpdata")
DATABASE_FILES = {
    "sqlite": "database.sqlite3",
    "pg_dump": "database.dump",
    "dumpdata": "database.json",
}


# The `dumpdata` method's format: Django's JSON with times kept to the microsecond.
SERIALIZER = "proeftuin-backup-json"


class LosslessJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json_serializer.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]
        self.json_kwargs["cls"] = LosslessJSONEncoder


# A serializer module needs both; reading is Django's own.
Deserializer = json_serializer.Deserializer


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (for the operator)."""


@dataclass(frozen=True)
class Summary:
    method: str
    files: int
    media_files: int | None


def default_method() -> str:
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        return "pg_dump"
    return "dumpdata"


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def media_root() -> Path | None:
    """The folder of the uploaded files, or None when they live in an object store."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments; the password goes in the environment, not on
    the command line (where `ps` would show it)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # pg_dump or pg_restore: fixed program names, arguments from our settings, no shell.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def back_up(target: Path, *, method: str | None = None) -> Summary:
    method = method or default_method()
    if method not in METHODS:
        raise BackupError(f"unknown method {method!r} (one of {', '.join(METHODS)})")
    if method == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("the sqlite method needs an SQLite database")
    if method == "pg_dump" and (connection.vendor != "postgresql" or not shutil.which("pg_dump")):
        raise BackupError("the pg_dump method needs PostgreSQL and pg_dump on the PATH")
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new or empty folder")
    target.mkdir(parents=True, exist_ok=True)
    # It holds every person's data: for the operator's eyes only.
    target.chmod(0o700)

    database = target / DATABASE_FILES[method]
    migrations = applied_migrations()
    if method == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(database)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif method == "pg_dump":
        args, env = _postgres_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database), *args], env)
    else:
        # Every row with its own primary key, content types and permissions included, so
        # generic relations (the activity log, follows) point at the same rows again.
        serializers.register_serializer(SERIALIZER, __name__)
        call_command("dumpdata", format=SERIALIZER, output=str(database), verbosity=0)

    media = media_root()
    media_files = None
    if media is not None:
        media_files = 0
        if media.exists():
            shutil.copytree(media, target / "media", symlinks=False)
            media_files = sum(1 for path in (target / "media").rglob("*") if path.is_file())
        else:
            (target / "media").mkdir()

    files = {
        str(path.relative_to(target)): sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "created_at": timezone.now().isoformat(),
        "method": method,
        "database": DATABASE_FILES[method],
        "engine": connection.vendor,
        "migrations": migrations,
        "media": "media" if media is not None else "object store (not in this backup)",
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Summary(method=method, files=len(files), media_files=media_files)


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from error
    for name, digest in manifest["files"].items():
        path = source / name
        if not path.is_file() or sha256(path) != digest:
            raise BackupError(f"{name} is missing or damaged in {source}")
    return manifest


def _refill_sqlite_search_index() -> None:
    """SQLite's full-text index (core.search) is a table no model holds, so a fixture does
    not restore it: fill it again from the restored documents, as `search` writes it.
    PostgreSQL computes its index column by itself."""
    rows = SearchDocument.objects.values_list("pk", "title", "body").iterator()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_search_fts")
        cursor.executemany(
            "INSERT INTO core_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, stemmed_text(title), stemmed_text(body)) for pk, title, body in rows],
        )


def restore(source: Path) -> Summary:
    """Replace the database and the uploaded files with the backup's."""
    manifest = read_manifest(source)
    method = manifest["method"]
    database = source / manifest["database"]
    if method == "sqlite":
        if connection.vendor != "sqlite":
            raise BackupError("an SQLite backup restores into an SQLite database only")
        connection.ensure_connection()
        original = sqlite3.connect(database)
        try:
            original.backup(connection.connection)
        finally:
            original.close()
    elif method == "pg_dump":
        if connection.vendor != "postgresql" or not shutil.which("pg_restore"):
            raise BackupError("a pg_dump backup needs PostgreSQL and pg_restore on the PATH")
        connection.close()
        args, env = _postgres_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(database),
            ],
            env,
        )
    else:
        if applied_migrations() != manifest["migrations"]:
            raise BackupError(
                "the database is not at the migrations of the backup: migrate an empty "
                "database to them (see manifest.json) and restore into it"
            )
        # Every row comes from the backup, content types included, so nothing may be
        # re-created behind its back (post_migrate would add content types with new ids).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        # Django's own JSON deserializer reads the microseconds back.
        call_command("loaddata", str(database), verbosity=0)
        if connection.vendor == "sqlite":
            _refill_sqlite_search_index()

    media = media_root()
    media_files = None
    if media is not None and (source / "media").is_dir():
        # Empty the folder rather than remove it: it is often a mount point.
        media.mkdir(parents=True, exist_ok=True)
        for child in media.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        shutil.copytree(source / "media", media, dirs_exist_ok=True)
        media_files = sum(1 for path in media.rglob("*") if path.is_file())
    return Summary(method=method, files=len(manifest["files"]), media_files=media_files)
