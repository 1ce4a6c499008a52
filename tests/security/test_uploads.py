"""Every upload judges a file by its bytes, not its name: a program or a web page renamed to
an allowed extension is refused everywhere files come in. (Oversized requests are refused
before they are read: tests/core/test_security_headers.py.)"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proeftuin.calls.models import Attachment, NeedImport
from proeftuin.knowledge.models import ArticleImage
from proeftuin.projects.models import DocumentVersion
from proeftuin.projects.models import TestSite as Site  # not "Test…": pytest would collect it

from ..calls.conftest import NeedFactory
from ..conftest import client_for
from .conftest import World

pytestmark = pytest.mark.django_db

DISGUISES = {
    "ELF program": b"\x7fELF\x02\x01\x01\x00" + bytes(120),
    "Windows program": b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120),
    "web page": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "SVG with script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "shell script": b"#!/bin/sh\nrm -rf /\n",
}


def _draft(world: World) -> Any:
    return NeedFactory(
        call=world.call,
        organisation=world.need.organisation,
        submitted_by=world.people["submitter"],
    )


# (who uploads, URL, the form's other fields, the file field, its name, the rows it keeps)
Upload = tuple[str, Callable[[World], str], dict[str, Any], str, str, Callable[[], Any]]
UPLOADS: dict[str, Upload] = {
    "need attachment": (
        "submitter",
        lambda w: f"/noden/{_draft(w).pk}/bijlagen/",
        {},
        "file",
        "plan.pdf",
        Attachment.objects.all,
    ),
    "project document": (
        "team_member",
        lambda w: f"/projecten/{w.project.pk}/documenten/",
        {"title": "Plan", "note": ""},
        "file",
        "plan.pdf",
        DocumentVersion.objects.all,
    ),
    "cooperation agreement": (
        "coordinator",
        lambda w: f"/projecten/{w.project.pk}/proeftuinen/",
        {"municipality": "44021", "committed_on": date.today().isoformat()},
        "agreement",
        "overeenkomst.pdf",
        Site.objects.all,
    ),
    "article image": (
        "team_member",
        lambda w: f"/gedeeld/kennisbank/{w.article.pk}/afbeeldingen/",
        {"alt": "Een zaal"},
        "image",
        "zaal.png",
        ArticleImage.objects.all,
    ),
    "import of earlier needs": (
        "coordinator",
        lambda w: f"/oproepen/{w.call.slug}/import/",
        {},
        "file",
        "noden.xlsx",
        # A spreadsheet is read by a task (it may be large); what it cannot read fails there,
        # and only a coordinator ever sees the import.
        NeedImport.objects.exclude(status=NeedImport.Status.FAILED).all,
    ),
}


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("upload", UPLOADS)
def test_it_refuses_a_disguised_file(
    world: World, upload: str, disguise: str, django_capture_on_commit_callbacks: Any
) -> None:
    persona, url, fields, field, name, kept = UPLOADS[upload]
    target = url(world)
    before = kept().count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.people[persona]).post(
            target, {**fields, field: SimpleUploadedFile(name, DISGUISES[disguise])}
        )
    assert response.status_code < 500
    assert kept().count() == before, f"{upload} stored a {disguise} named {name}"
