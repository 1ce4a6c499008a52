"""Who reaches the discussion, the documents and the publication pages: the team and the
coordinators; anyone else gets a 404 on every URL, and a visitor is asked to sign in. A
person's messages and documents are in their personal-data export and stay after erasure."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from proeftuin.accounts.services import delete_account, export_personal_data
from proeftuin.projects import services
from proeftuin.projects.models import Comment, DocumentVersion

from ..conftest import client_for
from .conftest import PDF, ExperimentFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(personas, project, media):
    experiment = ExperimentFactory(project=project)
    version = services.upload_document(
        project=project,
        title="Verslag",
        upload=SimpleUploadedFile("verslag.pdf", PDF),
        name="verslag.pdf",
        size=len(PDF),
        by=personas.submitter,
    )
    pk = project.pk
    return [
        ("get", reverse("projects:discussion", args=[pk]), {}),
        ("post", reverse("projects:discussion", args=[pk]), {"body": "Hallo"}),
        (
            "post",
            reverse("projects:experiment_comment", args=[pk, experiment.pk]),
            {"body": "Hallo"},
        ),
        ("get", reverse("projects:documents", args=[pk]), {}),
        ("post", reverse("projects:documents", args=[pk]), {"title": "X"}),
        ("get", reverse("projects:document_version", args=[pk, version.document_id, 1]), {}),
        ("get", reverse("projects:publication", args=[pk]), {}),
        ("post", reverse("projects:publication", args=[pk]), {"sections": ["summary"]}),
        ("post", reverse("projects:name_consent", args=[pk]), {"public": "1"}),
        ("post", reverse("projects:publication_approve", args=[pk]), {}),
        ("post", reverse("projects:publication_decline", args=[pk]), {"reason": "nee"}),
    ]


@pytest.mark.parametrize("persona", ["outsider", "other_member", "expert", "org_admin"])
def test_outsider_gets_404_on_every_view(personas, project, urls, persona):
    client = client_for(getattr(personas, persona))

    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    assert Comment.objects.count() == 0
    project.refresh_from_db()
    assert project.requested_sections == []


def test_a_visitor_is_asked_to_sign_in(project, urls):
    for method, url, data in urls:
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("account_login"))


def test_the_team_and_coordinators_reach_the_pages(personas, project, urls):
    for persona in (personas.submitter, personas.team_member, personas.coordinator):
        client = client_for(persona)
        for method, url, _data in urls:
            if method == "get":
                assert client.get(url).status_code == 200, (persona, url)


def test_a_team_member_cannot_approve_their_own_publication(personas, project):
    services.request_publication(project=project, sections=["summary"], by=personas.team_member)

    for name in ("publication_approve", "publication_decline"):
        response = client_for(personas.team_member).post(
            reverse(f"projects:{name}", args=[project.pk]), {"reason": "nee"}
        )
        assert response.status_code == 404
    project.refresh_from_db()
    assert project.awaits_approval


def test_it_exports_a_persons_messages_and_documents_and_keeps_them_on_erasure(
    personas, project, media
):
    experiment = ExperimentFactory(project=project, title="Balietest")
    services.post_comment(project=project, body="Mijn bericht", by=personas.submitter)
    services.post_comment(
        project=project, experiment=experiment, body="Over de test", by=personas.submitter
    )
    services.post_comment(project=project, body="Niet van Ines", by=personas.team_member)
    services.upload_document(
        project=project,
        title="Verslag",
        upload=SimpleUploadedFile("verslag.pdf", PDF),
        name="verslag.pdf",
        size=len(PDF),
        note="eerste versie",
        by=personas.submitter,
    )

    exported = export_personal_data(user=personas.submitter)["project_contributions"]

    assert [c["body"] for c in exported["comments"]] == ["Mijn bericht", "Over de test"]
    assert exported["comments"][1]["experiment"] == "Balietest"
    assert exported["documents"] == [
        {
            "project": project.title,
            "document": "Verslag",
            "version": 1,
            "file_name": "verslag.pdf",
            "note": "eerste versie",
            "uploaded_at": DocumentVersion.objects.get().uploaded_at.isoformat(),
        }
    ]

    delete_account(user=personas.submitter, by=personas.submitter)

    assert Comment.objects.count() == 3
    assert DocumentVersion.objects.get().uploaded_by == personas.submitter
    page = client_for(personas.team_member).get(reverse("projects:discussion", args=[project.pk]))
    html = page.content.decode()
    assert "Mijn bericht" in html and "Ines Indiener" not in html
    assert "verwijderde gebruiker" in html
    # Nobody can @mention the erased person any more.
    assert "ines-indiener" not in services.mentionable(project)


def test_it_shows_contributions_of_a_removed_user_as_a_deleted_user(personas, project, media):
    """Should an administrator remove a user row outright, the contributions stay, without
    an author."""
    author = MemberFactory(project=project).user
    services.post_comment(project=project, body="Blijft staan", by=author)
    author.delete()

    html = (
        client_for(personas.team_member)
        .get(reverse("projects:discussion", args=[project.pk]))
        .content.decode()
    )

    assert Comment.objects.get().author is None
    assert "Blijft staan" in html and "verwijderde gebruiker" in html
