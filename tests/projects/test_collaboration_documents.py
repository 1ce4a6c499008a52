"""The team shares documents; an upload under a title the project already has is its next
version, and every version stays downloadable. Uploads are judged by their content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.projects import services
from proeftuin.projects.models import Document, DocumentVersion, Project

from ..conftest import client_for
from .conftest import PDF

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def url(project):
    return reverse("projects:documents", args=[project.pk])


def upload(client, project, name, content, **fields):
    return client.post(url(project), {"file": SimpleUploadedFile(name, content), **fields})


def download(client, version):
    document = version.document
    return client.get(
        reverse(
            "projects:document_version",
            args=[document.project_id, document.pk, version.number],
        )
    )


def test_it_adds_versions_and_keeps_the_old_ones_downloadable(personas, project, media):
    ines, tom = client_for(personas.submitter), client_for(personas.team_member)

    first = upload(ines, project, "verslag.pdf", PDF, title="Verslag workshop", note="eerste")
    assert first.status_code == 302
    document = Document.objects.get()
    assert first.url == f"{url(project)}#document-{document.pk}"

    # Tom adds a version by choosing the document, Ines one by typing its title again.
    upload(tom, project, "verslag-v2.pdf", PDF + b"%v2", document=document.pk, note="tweede")
    upload(ines, project, "verslag-v3.png", PNG, title="verslag WORKSHOP")

    assert Document.objects.count() == 1
    versions = list(document.versions.all())
    assert [v.number for v in versions] == [3, 2, 1]
    assert versions[1].uploaded_by == personas.team_member and versions[1].note == "tweede"
    assert versions[0].content_type == "image/png"

    old = b"".join(download(tom, versions[2]).streaming_content)
    assert old == PDF

    page = ines.get(url(project)).content.decode()
    assert page.index("verslag-v3.png") < page.index("verslag-v2.pdf") < page.index("verslag.pdf")
    assert "Tom Teamlid" in page and "tweede" in page


def test_it_refuses_a_renamed_program_with_a_clear_message(personas, project, media):
    response = upload(
        client_for(personas.submitter), project, "rapport.pdf", EXE, title="Rapport", note="x"
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "geen PDF, afbeelding of kantoordocument" in page
    # The other fields keep what was typed.
    assert 'value="Rapport"' in page and 'value="x"' in page
    assert not Document.objects.exists()


def test_it_refuses_a_file_over_10_mb(personas, project, media):
    big = PDF + b"0" * (10 * 1024 * 1024)

    response = upload(client_for(personas.submitter), project, "groot.pdf", big, title="Groot")

    assert response.status_code == 400
    assert "te groot (maximaal 10 MB)" in response.content.decode()
    assert not Document.objects.exists()


def test_it_asks_for_a_title_or_a_document(personas, project, media):
    response = upload(client_for(personas.submitter), project, "a.pdf", PDF)

    assert response.status_code == 400
    assert "Kies een document of geef een nieuw document een titel." in response.content.decode()


def test_it_downloads_as_an_attachment_of_the_judged_type(personas, project, media):
    version = services.upload_document(
        project=project,
        title="Foto's",
        upload=SimpleUploadedFile("balie.exe", PNG),
        name="balie.exe",
        size=len(PNG),
        by=personas.submitter,
    )

    response = download(client_for(personas.team_member), version)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The name gets the extension of what the file is.
    assert response["Content-Disposition"] == 'attachment; filename="balie.png"'


def test_it_keeps_the_uploaded_name_when_it_fits(personas, project, media):
    version = services.upload_document(
        project=project,
        title="Plan",
        upload=SimpleUploadedFile("Plan v1.PDF", PDF),
        name="Plan v1.PDF",
        size=len(PDF),
        by=personas.submitter,
    )

    response = download(client_for(personas.submitter), version)

    assert response["Content-Disposition"] == 'attachment; filename="Plan v1.PDF"'


def test_it_refuses_uploads_once_the_project_stopped(personas, project, media):
    Project.objects.filter(pk=project.pk).update(outcome=Project.Outcome.STOPPED)
    project.refresh_from_db()
    client = client_for(personas.submitter)

    page = client.get(url(project)).content.decode()
    response = upload(client, project, "a.pdf", PDF, title="Laat")

    assert 'enctype="multipart/form-data"' not in page
    assert response.status_code == 400
    assert "zolang het project loopt" in response.content.decode()
    with pytest.raises(DomainError):
        services.upload_document(
            project=project,
            title="Laat",
            upload=SimpleUploadedFile("a.pdf", PDF),
            name="a.pdf",
            size=len(PDF),
            by=personas.coordinator,
        )
    assert not DocumentVersion.objects.exists()


def test_it_lists_documents_in_a_fixed_number_of_queries(
    personas, project, media, django_assert_max_num_queries
):
    for n in range(5):
        for _ in range(3):
            services.upload_document(
                project=project,
                title=f"Document {n}",
                upload=SimpleUploadedFile("a.pdf", PDF),
                name="a.pdf",
                size=len(PDF),
                by=personas.submitter,
            )
    client = client_for(personas.submitter)

    with django_assert_max_num_queries(12):
        response = client.get(url(project))
    assert response.content.decode().count("a.pdf<span") == 15


def test_it_serves_no_version_of_another_project(personas, project, media):
    from .conftest import ProjectFactory

    other = ProjectFactory()
    version = services.upload_document(
        project=other,
        title="Geheim",
        upload=SimpleUploadedFile("a.pdf", PDF),
        name="a.pdf",
        size=len(PDF),
        by=personas.coordinator,
    )
    response = client_for(personas.submitter).get(
        reverse("projects:document_version", args=[project.pk, version.document_id, 1])
    )
    assert response.status_code == 404
