"""`manage.py backup DIR` and `manage.py restore DIR` round-trip a populated instance: every
row of every model and every uploaded file comes back as it was."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from proeftuin.calls import services as call_services
from proeftuin.calls.models import Need
from proeftuin.core import backup, search
from proeftuin.core.models import SearchDocument
from proeftuin.projects.models import Project

from ..calls.conftest import NeedFactory, open_call
from ..projects.conftest import PDF, media, project, selected
from .test_search import add, items

__all__ = ["items", "media", "open_call", "project", "selected"]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model, by primary key."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


def files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def sqlite_search_index() -> list[tuple]:
    """SQLite's full-text index, a table no model holds (core.search); PostgreSQL's is a
    column of the documents, compared with every other row."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, title, body FROM core_search_fts ORDER BY rowid")
        rows = cursor.fetchall()
    # The documents' rows only: emptying the tables after a test leaves this one as it was.
    documents = set(SearchDocument.objects.values_list("pk", flat=True))
    return [row for row in rows if row[0] in documents]


def methods() -> list:
    """What this database can use: its native copy, and the portable fixture."""
    native = pytest.param(
        "native",
        marks=pytest.mark.skipif(
            backup.default_method() == "dumpdata", reason="pg_dump is not on the PATH"
        ),
    )
    return [native, "dumpdata"]


@pytest.fixture
def target(tmp_path_factory) -> Path:
    """Outside MEDIA_ROOT (the `media` fixture's tmp_path)."""
    return tmp_path_factory.mktemp("backups") / "backup"


@pytest.fixture
def populated(personas, project, open_call, media, items):
    """A project, a few needs, an uploaded attachment, a document in the search index."""
    add(items, "Zalen reserveren zonder telefoon", "Een proef met online zaalreservatie")
    drafts = [
        NeedFactory(
            call=open_call, organisation=personas.organisation, submitted_by=personas.submitter
        )
        for _ in range(3)
    ]
    call_services.add_attachment(
        need=drafts[0],
        upload=io.BytesIO(PDF),
        name="nota.pdf",
        size=len(PDF),
        by=personas.submitter,
    )
    return drafts


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", methods())
def test_it_restores_the_database_and_the_uploads_as_they_were(
    method, populated, project, media, target
):
    method = backup.default_method() if method == "native" else method
    before, uploads, index = snapshot(), files(media), sqlite_search_index()
    assert SearchDocument.objects.exists()
    assert len(uploads) == 1
    assert Need.objects.count() >= 4 and Project.objects.count() == 1

    out = io.StringIO()
    call_command("backup", str(target), method=method, stdout=out)
    assert f"({method}; " in out.getvalue()
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["method"] == method
    assert target.stat().st_mode & 0o777 == 0o700
    assert any(name.startswith("media/") for name in manifest["files"])

    # Life goes on: a need is deleted, a project renamed, a file lost, another need added.
    populated[1].delete()
    Project.objects.filter(pk=project.pk).update(title="Iets anders")
    NeedFactory(call=populated[0].call, organisation=populated[0].organisation)
    shutil.rmtree(media)
    (media / "stray.txt").parent.mkdir(parents=True)
    (media / "stray.txt").write_text("niet in de back-up")
    assert snapshot() != before

    call_command("restore", str(target), interactive=False, stdout=io.StringIO())
    connection.close()  # the next query opens a fresh connection on the restored database

    assert snapshot() == before
    assert files(media) == uploads
    assert sqlite_search_index() == index
    assert [r.title for r in search.search("telefoon").results] == [
        "Zalen reserveren zonder telefoon"
    ]


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_backup_and_a_used_folder(populated, media, target):
    call_command("backup", str(target), method="dumpdata", stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(target), stdout=io.StringIO())

    (target / "database.json").write_text("[]")
    need_count = Need.objects.count()
    with pytest.raises(CommandError, match=r"database\.json is missing or damaged"):
        call_command("restore", str(target), interactive=False, stdout=io.StringIO())
    assert Need.objects.count() == need_count


@pytest.mark.django_db(transaction=True)
def test_a_dumpdata_backup_needs_the_same_migrations(populated, media, target):
    call_command("backup", str(target), method="dumpdata", stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["migrations"].append(["calls", "9999_from_the_future"])
    (target / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="not at the migrations of the backup"):
        call_command("restore", str(target), interactive=False, stdout=io.StringIO())
