"""One small world with an object of every kind, for the permission matrix and the fuzzing.

The ten personas of issue 13 stand on it: Bibliotheek Gent's admin and submitter own a
submitted need in an open call and a project (the submitter is its lokale indiener, the team
member its projectleider, the expert its external expert); the reviewer (Herentals) reviews
the need; the member of another municipality (Herentals) and the outsider have nothing to do
with any of it; the coordinator runs the programme; the admin is a technical administrator.
Factories write rows directly (fixture data), services where a row needs its side effects.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from proeftuin.calls.models import (
    Attachment,
    CoSubmitter,
    NeedCluster,
    NeedImport,
    NeedImportRow,
    Support,
    ThesaurusConcept,
)
from proeftuin.canvases import services as canvases
from proeftuin.knowledge.models import ArticleImage, Edition, Subscriber
from proeftuin.participation import services as participation
from proeftuin.participation.models import InvitationCode
from proeftuin.projects.models import (
    Comment,
    Document,
    DocumentVersion,
    ExpertProfile,
    Membership,
    Method,
    Spending,
)
from proeftuin.projects.services import approve_publication, create_project, request_publication
from proeftuin.reviews.models import ReviewerRole
from proeftuin.scaling.models import Adoption, ScaleCriterion, Service, ServiceRequest
from proeftuin.scaling.services import start_evaluation

from ..calls.conftest import CallFactory, NeedFactory, media
from ..canvases.conftest import ItemFactory, StepFactory
from ..factories import OrganisationFactory, UserFactory
from ..knowledge.articles import ArticleFactory
from ..participation.conftest import form_fields, question_fields
from ..projects.conftest import (
    PDF,
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    MemberFactory,
    SiteFactory,
)
from ..reviews.conftest import ReviewFactory

__all__ = ["World", "media", "world"]

# The smallest PNG there is (1 by 1 pixel), for an article's image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201"
    "5d0de4c00000000049454e44ae426082"
)

PERSONAS = [
    "anonymous",
    "outsider",
    "other_member",
    "org_admin",
    "submitter",
    "reviewer",
    "expert",
    "team_member",
    "coordinator",
    "admin",
]


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def world(personas: Any, media: Any) -> World:
    coordinator = personas.coordinator
    admin = UserFactory(name="Ada Admin", is_staff=True, is_superuser=True)
    o: dict[str, Any] = {}

    # Calls: an open call with Ines's submitted need, its attachment, a co-submitter that
    # is neither persona's organisation, Rik's review, a published challenge with support.
    o["call"] = call = CallFactory(title="Proeftuin winter", slug="proeftuin-winter")
    o["need"] = need = NeedFactory(
        call=call,
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Leesclubs voor jongeren online opvolgen",
        submitted=True,
    )
    o["attachment"] = Attachment.objects.create(
        need=need,
        file=ContentFile(PDF, name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=personas.submitter,
    )
    third = OrganisationFactory(name="Erfgoedcel Leie", slug="erfgoedcel-leie")
    o["co_submitter"] = CoSubmitter.objects.create(
        need=need, organisation=third, invited_by=personas.submitter
    )
    ReviewerRole.objects.create(call=call, user=personas.reviewer, added_by=coordinator)
    o["review"] = ReviewFactory(need=need, reviewer=personas.reviewer)
    o["challenge"] = challenge = NeedFactory(
        call=CallFactory(closed=True),
        organisation=third,
        submitted_by=UserFactory(),
        title="Vrijwilligers plannen zonder Excel",
        challenge=True,
    )
    o["support"] = Support.objects.create(
        need=challenge, organisation=personas.organisation, user=personas.submitter
    )
    o["import"] = batch = NeedImport.objects.create(
        call=call,
        file=ContentFile(b"titel\nEen nood\n", name="noden.csv"),
        original_name="noden.csv",
        created_by=coordinator,
    )
    o["import_row"] = NeedImportRow.objects.create(batch=batch, line=2, data={"titel": "Een nood"})
    o["concept"] = ThesaurusConcept.objects.first()
    o["cluster"] = NeedCluster.objects.create(size=1)

    # The project, born from a selected need of Bibliotheek Gent in a decided call.
    selected = NeedFactory(
        call=CallFactory(decided=True),
        organisation=personas.organisation,
        submitted_by=personas.submitter,
        title="Zalen reserveren zonder telefoon",
        challenge=True,
        status="selected",
    )
    o["project"] = project = create_project(need=selected, by=coordinator)
    MemberFactory(project=project, user=personas.team_member, role=Membership.Role.PROJECT_LEADER)
    MemberFactory(project=project, user=personas.expert, role=Membership.Role.EXTERNAL_EXPERT)
    o["member"] = project.team.get(user=personas.expert)
    o["invitation"] = Membership.objects.create(
        project=project,
        email="nieuw@example.be",
        role=Membership.Role.INTERNAL_EXPERT,
        invited_by=coordinator,
    )
    o["site"] = SiteFactory(project=project)
    o["hypothesis"] = HypothesisFactory(project=project)
    o["experiment"] = experiment = ExperimentFactory(
        project=project, hypothesis=o["hypothesis"], running=True, min_data_points=5
    )
    LearningFactory(project=project)
    o["method"] = Method.objects.first()
    Comment.objects.create(project=project, author=personas.team_member, body="Goed idee")
    o["document"] = document = Document.objects.create(
        project=project, title="Plan", created_by=personas.team_member
    )
    o["document_version"] = DocumentVersion.objects.create(
        document=document,
        number=1,
        file=ContentFile(PDF, name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=personas.team_member,
    )

    # Canvases and value streams, with a saved version of each.
    tom = personas.team_member
    o["canvas"] = canvas = canvases.create_canvas(project=project, segment="ouders", by=tom)
    o["item"] = ItemFactory(canvas=canvas)
    o["canvas_version"] = canvases.save_canvas_version(canvas=canvas, label="v1", by=tom)
    o["stream"] = stream = canvases.create_stream(
        project=project, name="boeken aan huis", state="current", by=tom
    )
    o["step"] = StepFactory(stream=stream)
    o["stream_version"] = canvases.save_stream_version(stream=stream, label="v1", by=tom)

    # A participation form of the experiment, open to citizens, with one question.
    o["form"] = form = participation.create_form(owner=experiment, fields=form_fields(), by=tom)
    o["question"] = participation.add_question(form=form, fields=question_fields("yes_no"), by=tom)
    InvitationCode.objects.create(form=form, code="ABCD1234")
    participation.open_form(form=form, by=tom)

    # The team publishes the summary and the learnings; a coordinator approved.
    request_publication(project=project, sections=["summary", "learnings"], by=tom)
    approve_publication(project=project, by=coordinator)

    # Scaling: the project reached "evalueren" and has its evaluation; a service with an
    # adoption requested for Gent.
    project.phase = project.Phase.EVALUATE
    project.save(update_fields=["phase"])
    o["evaluation"] = start_evaluation(project=project, by=coordinator)
    o["criterion"] = ScaleCriterion.objects.first()
    o["service"] = service = Service.objects.create(
        name="Zalen online reserveren",
        slug="zalen-online-reserveren",
        summary="Burgers reserveren een zaal online.",
        offer="Een reservatiemodule.",
        conditions="500 euro per jaar.",
        how_to_start="Vraag het aan.",
        contact_email="zalen@example.be",
        state=Service.State.AVAILABLE,
    )
    o["adoption"] = Adoption.objects.create(
        service=service,
        municipality=personas.organisation.municipalities.first(),
        state=Adoption.State.REQUESTED,
        contact_name="Ann Beheerder",
        contact_email="ann@example.be",
        created_by=personas.org_admin,
        requested_at=timezone.now(),
    )

    # The expert pool (Eva has a profile), a budget's recorded spending with its receipt, a
    # request about the service.
    o["expert_profile"] = ExpertProfile.objects.create(
        user=personas.expert,
        kind="extern",
        organisation="Eigen zaak",
        summary="Digitale toegankelijkheid",
        hours_per_month=8,
    )
    o["spending"] = Spending.objects.create(
        project=project,
        phase=project.phase,
        spent_on=timezone.localdate(),
        amount_cents=12_500,
        kind="materials",
        description="Tablets",
        attachment=ContentFile(PDF, name="factuur.pdf"),
        attachment_name="factuur.pdf",
        attachment_type="application/pdf",
        recorded_by=tom,
    )
    o["service_request"] = ServiceRequest.objects.create(
        service=service, kind="request", text="Ook voor sporthallen"
    )

    # The knowledge base: Tom's draft with an image, a published article, a digest edition.
    o["article"] = article = ArticleFactory(author=tom)
    o["article_image"] = ArticleImage.objects.create(
        article=article,
        file=ContentFile(PNG, name="zaal.png"),
        content_type="image/png",
        alt="Zaal",
    )
    o["published_article"] = ArticleFactory(published=True, author=tom)
    o["edition"] = Edition.objects.create(
        since=timezone.now() - timedelta(days=30), until=timezone.now()
    )
    o["subscriber"] = Subscriber.objects.create(email="lezer@example.be")

    people = {
        "anonymous": None,
        "outsider": personas.outsider,
        "other_member": personas.other_member,
        "org_admin": personas.org_admin,
        "submitter": personas.submitter,
        "reviewer": personas.reviewer,
        "expert": personas.expert,
        "team_member": personas.team_member,
        "coordinator": coordinator,
        "admin": admin,
    }
    return World(people=people, objects=o)
