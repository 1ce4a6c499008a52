"""Attachments: checked by their content, never by their name; stored on the media storage."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proeftuin.calls import services
from proeftuin.calls.models import Attachment
from proeftuin.calls.uploads import MAX_BYTES
from proeftuin.core.errors import DomainError

from ..conftest import client_for
from .conftest import CallFactory, NeedFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, need, name, content):
    return client.post(
        reverse("calls:attachment_add", args=[need.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


def test_it_accepts_a_real_pdf_and_stores_it_on_the_media_storage(personas, draft, media):
    response = upload(client_for(personas.submitter), draft, "Nota aan het college.pdf", PDF)

    assert "De bijlage is toegevoegd." in response.text
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "Nota aan het college.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.uploaded_by == personas.submitter
    stored = media / attachment.file.name
    assert stored.read_bytes() == PDF
    assert attachment.file.name.endswith("/nota-aan-het-college.pdf")


def test_it_refuses_a_file_renamed_to_pdf_that_is_no_pdf(personas, draft, media):
    response = upload(
        client_for(personas.submitter), draft, "factuur.pdf", b"MZ\x90\x00 een programma"
    )

    assert "Dit bestand is geen PDF, afbeelding of kantoordocument, wat de naam ook zegt." in (
        response.text
    )
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.pdf"))


def test_it_refuses_an_image_when_the_call_allows_only_pdf(personas, media):
    need = NeedFactory(
        call=CallFactory(allowed_attachments=["pdf"]),
        organisation=personas.organisation,
        submitted_by=personas.submitter,
    )
    client = client_for(personas.submitter)

    refused = upload(client, need, "foto.png", PNG)
    accepted = upload(client, need, "nota.pdf", PDF)

    assert "Deze oproep laat dit soort bijlage niet toe." in refused.text
    assert "De bijlage is toegevoegd." in accepted.text
    assert [a.original_name for a in Attachment.objects.all()] == ["nota.pdf"]


def test_it_refuses_a_file_over_10_mb(personas, draft, media):
    too_big = PDF + b"0" * (MAX_BYTES + 1 - len(PDF))

    response = upload(client_for(personas.submitter), draft, "groot.pdf", too_big)

    assert "Dit bestand is te groot (maximaal 10 MB)." in response.text
    assert not Attachment.objects.exists()


def test_it_accepts_a_file_of_exactly_10_mb(personas, draft, media):
    services.add_attachment(
        need=draft,
        upload=io.BytesIO(PDF + b"0" * (MAX_BYTES - len(PDF))),
        name="precies.pdf",
        size=MAX_BYTES,
        by=personas.submitter,
    )

    assert Attachment.objects.get().size == MAX_BYTES


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("foto.png", PNG, "image/png"),
        (
            "plan.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "oud.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32,
            "application/x-ole-storage",
        ),
    ],
)
def test_it_recognises_images_and_office_documents_by_their_content(
    personas, draft, media, name, content, content_type
):
    attachment = services.add_attachment(
        need=draft, upload=io.BytesIO(content), name=name, size=len(content), by=personas.submitter
    )

    assert attachment.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.docx", b"PK\x03\x04 geen echte zip"),
        ("archief.docx", b""),
        ("script.pdf", b"<script>alert(1)</script>"),
    ],
)
def test_it_refuses_what_only_looks_like_an_allowed_file(personas, draft, media, name, content):
    if not content:
        content = io.BytesIO()
        with zipfile.ZipFile(content, "w") as archive:
            archive.writestr("virus.exe", "MZ")
        content = content.getvalue()

    with pytest.raises(DomainError):
        services.add_attachment(
            need=draft,
            upload=io.BytesIO(content),
            name=name,
            size=len(content),
            by=personas.submitter,
        )


def test_it_takes_attachments_only_on_a_draft(personas, submitted, media):
    with pytest.raises(DomainError, match="ontwerp"):
        services.add_attachment(
            need=submitted,
            upload=io.BytesIO(PDF),
            name="x.pdf",
            size=len(PDF),
            by=personas.submitter,
        )


def test_it_lets_the_submitter_and_a_coordinator_download_and_the_submitter_remove(
    personas, draft, media
):
    attachment = services.add_attachment(
        need=draft, upload=io.BytesIO(PDF), name="nota.pdf", size=len(PDF), by=personas.submitter
    )
    url = reverse("calls:attachment", args=[draft.pk, attachment.pk])

    for user in (personas.submitter, personas.team_member, personas.coordinator):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert 'filename="nota.pdf"' in response["Content-Disposition"]

    client_for(personas.submitter).post(
        reverse("calls:attachment_remove", args=[draft.pk, attachment.pk])
    )
    assert not Attachment.objects.exists()
    assert not (media / attachment.file.name).exists()


@pytest.mark.parametrize("who", ["outsider", "other_member", "expert"])
def test_it_answers_404_to_someone_else_on_every_attachment_page(personas, draft, media, who):
    attachment = services.add_attachment(
        need=draft, upload=io.BytesIO(PDF), name="nota.pdf", size=len(PDF), by=personas.submitter
    )
    client = client_for(getattr(personas, who))

    assert upload(client, draft, "mijn.pdf", PDF).status_code == 404
    assert (
        client.get(reverse("calls:attachment", args=[draft.pk, attachment.pk])).status_code == 404
    )
    assert (
        client.post(reverse("calls:attachment_remove", args=[draft.pk, attachment.pk])).status_code
        == 404
    )
    assert Attachment.objects.count() == 1


def test_it_asks_anonymous_visitors_to_sign_in_for_attachments(client, draft, media):
    response = client.get(reverse("calls:attachment", args=[draft.pk, 1]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_answers_404_for_an_attachment_of_another_need(personas, draft, media):
    theirs = NeedFactory(call=draft.call, organisation=personas.other_organisation)
    attachment = services.add_attachment(
        need=theirs,
        upload=io.BytesIO(PDF),
        name="nota.pdf",
        size=len(PDF),
        by=personas.other_member,
    )

    response = client_for(personas.submitter).get(
        reverse("calls:attachment", args=[draft.pk, attachment.pk])
    )

    assert response.status_code == 404
