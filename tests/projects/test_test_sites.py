"""A municipality commits to test a project, with its signed cooperation agreement (a real
PDF, judged by its content) and the commitment date; when the submitter has no time, the
coordinator picks another test site, for example among the challenge's supporters."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.projects import services
from proeftuin.projects.models import Project
from proeftuin.projects.models import TestSite as Site

from ..conftest import client_for
from ..factories import MunicipalityFactory, OrganisationFactory
from .conftest import PDF, SiteFactory, SupportFactory
from .test_project_birth import advance, complete_an_experiment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def upload(content=PDF, name="overeenkomst.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(municipality, content=PDF, name="overeenkomst.pdf", **fields):
    return {
        "municipality": municipality.pk,
        "organisation": "",
        "committed_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "agreement": upload(content, name),
        **fields,
    }


def add_url(project):
    return reverse("projects:test_site_add", args=[project.pk])


def test_it_adds_a_test_site_with_its_signed_agreement(personas, project):
    herentals = personas.other_organisation.municipalities.get()
    client = client_for(personas.coordinator)

    response = client.post(
        add_url(project), form(herentals, organisation=personas.other_organisation.pk)
    )

    assert response.status_code == 302
    site = project.test_sites.get()
    assert (site.municipality, site.organisation, site.added_by) == (
        herentals,
        personas.other_organisation,
        personas.coordinator,
    )
    assert site.agreement_name == "overeenkomst.pdf"
    page = client_for(personas.submitter).get(reverse("projects:detail", args=[project.pk]))
    assert "Herentals" in page.content.decode()
    download = client_for(personas.submitter).get(
        reverse("projects:agreement", args=[project.pk, site.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"Dit is geen PDF, wat de naam ook zegt.", "overeenkomst.pdf"),
        (PNG, "overeenkomst.pdf"),
        (b"PK\x03\x04" + b"\0" * 40, "overeenkomst.pdf"),
        (b"", "leeg.pdf"),
    ],
)
def test_it_refuses_an_agreement_that_is_not_a_real_pdf(personas, project, content, name):
    gent = personas.organisation.municipalities.get()

    response = client_for(personas.coordinator).post(add_url(project), form(gent, content, name))

    assert response.status_code == 400
    assert not project.test_sites.exists()


def test_it_says_once_why_an_image_is_refused(personas, project):
    gent = personas.organisation.municipalities.get()

    response = client_for(personas.coordinator).post(add_url(project), form(gent, PNG))

    page = response.content.decode()
    message = (
        "De samenwerkingsovereenkomst moet een PDF zijn, wat de naam van het bestand ook zegt."
    )
    assert page.count(message) == 1
    assert f'<p class="errorlist" role="alert">{message}</p>' in page


def test_it_judges_the_agreement_by_its_content_not_its_name(personas, project):
    gent = personas.organisation.municipalities.get()

    response = client_for(personas.coordinator).post(
        add_url(project), form(gent, PDF, "ondertekend.docx")
    )

    assert response.status_code == 302
    site = project.test_sites.get()
    assert site.agreement.name.endswith(".pdf")
    assert site.agreement_name == "ondertekend.docx"


def test_it_refuses_an_agreement_over_10_mb(personas, project):
    gent = personas.organisation.municipalities.get()
    big = PDF + b"0" * (10 * 1024 * 1024)

    with pytest.raises(DomainError, match="te groot"):
        services.add_test_site(
            project=project,
            municipality=gent,
            organisation=None,
            committed_on=timezone.localdate(),
            agreement=upload(big),
            agreement_name="groot.pdf",
            agreement_size=len(big),
            by=personas.coordinator,
        )


def test_it_refuses_a_commitment_in_the_future_and_a_municipality_twice(personas, project):
    gent = personas.organisation.municipalities.get()
    client = client_for(personas.coordinator)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    future = client.post(add_url(project), form(gent, committed_on=tomorrow))
    assert future.status_code == 400
    assert "in de toekomst" in future.content.decode()
    assert client.post(add_url(project), form(gent)).status_code == 302
    twice = client.post(add_url(project), form(gent))
    assert twice.status_code == 400
    assert "al een proeftuin" in twice.content.decode()
    assert project.test_sites.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"municipality": "abc", "committed_on": "gisteren"},
        {"municipality": "999999", "committed_on": "2026-01-01"},
    ],
)
def test_it_answers_a_bad_test_site_form_with_400(personas, project, data):
    response = client_for(personas.coordinator).post(add_url(project), data)

    assert response.status_code == 400
    assert not project.test_sites.exists()


@pytest.mark.parametrize("who", ["submitter", "team_member", "outsider"])
def test_it_lets_only_coordinators_add_or_remove_test_sites(personas, project, who):
    site = SiteFactory(project=project)
    herentals = personas.other_organisation.municipalities.get()
    client = client_for(getattr(personas, who))

    assert client.post(add_url(project), form(herentals)).status_code == 404
    assert (
        client.post(reverse("projects:test_site_remove", args=[project.pk, site.pk])).status_code
        == 404
    )
    assert list(project.test_sites.all()) == [site]


def test_it_suggests_the_challenges_supporters_as_test_sites(personas, project):
    brugge = MunicipalityFactory(nis_code="31005", name="Brugge")
    SupportFactory(need=project.need, organisation=personas.other_organisation)
    SupportFactory(
        need=project.need,
        organisation=OrganisationFactory(name="Erfgoedcel Brugge", municipalities=[brugge]),
    )
    SupportFactory(
        need=project.need,
        organisation=OrganisationFactory(name="Ingetrokken Steun"),
        withdrawn_at=timezone.now(),
    )

    page = (
        client_for(personas.coordinator)
        .get(reverse("projects:team", args=[project.pk]))
        .content.decode()
    )
    team_page = (
        client_for(personas.team_member)
        .get(reverse("projects:team", args=[project.pk]))
        .content.decode()
    )

    suggestions = page.split("Deze organisaties steunden de uitdaging", 1)[1].split("</p>", 1)[0]
    assert "Cultuurcentrum Herentals (Herentals)" in suggestions
    assert "Erfgoedcel Brugge (Brugge)" in suggestions
    assert "Ingetrokken Steun" not in suggestions
    assert "Deze organisaties steunden de uitdaging" not in team_page


def test_it_adds_a_supporter_as_test_site_when_the_submitter_has_no_time(personas, project):
    SupportFactory(need=project.need, organisation=personas.other_organisation)
    herentals = personas.other_organisation.municipalities.get()

    services.add_test_site(
        project=project,
        municipality=herentals,
        organisation=personas.other_organisation,
        committed_on=timezone.localdate(),
        agreement=upload(),
        agreement_name="overeenkomst-herentals.pdf",
        agreement_size=len(PDF),
        by=personas.coordinator,
    )
    complete_an_experiment(project, personas.team_member)
    advance(project, personas.team_member)

    project.refresh_from_db()
    assert project.phase == Project.Phase.VALIDATE
    assert project.test_sites.get().organisation == personas.other_organisation


def test_it_keeps_the_last_test_site_once_past_verkennen(personas, project):
    site = SiteFactory(project=project)
    other = SiteFactory(
        project=project, municipality=personas.other_organisation.municipalities.get()
    )
    Project.objects.filter(pk=project.pk).update(phase=Project.Phase.VALIDATE)
    client = client_for(personas.coordinator)

    client.post(reverse("projects:test_site_remove", args=[project.pk, other.pk]))
    response = client.post(
        reverse("projects:test_site_remove", args=[project.pk, site.pk]), follow=True
    )

    assert "minstens één proeftuin" in response.content.decode()
    assert list(Site.objects.filter(project=project)) == [site]


def test_it_removes_a_test_site_and_its_file_in_verkennen(personas, project):
    site = SiteFactory(project=project)
    storage, name = site.agreement.storage, site.agreement.name

    client_for(personas.coordinator).post(
        reverse("projects:test_site_remove", args=[project.pk, site.pk])
    )

    assert not project.test_sites.exists()
    assert not storage.exists(name)


def test_it_hands_out_the_agreement_as_a_pdf_whatever_its_uploaded_name(personas, project):
    gent = personas.organisation.municipalities.get()
    client = client_for(personas.coordinator)
    client.post(add_url(project), form(gent, PDF, "Overeenkomst Gent.docx"))
    site = project.test_sites.get()

    response = client.get(reverse("projects:agreement", args=[project.pk, site.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Overeenkomst Gent.pdf"' in response["Content-Disposition"]
