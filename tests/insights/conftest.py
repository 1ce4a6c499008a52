"""A small programme whose figures are computed by hand in the tests (`build_programme`),
written as fixture rows; `copies` repeats it to check that query counts do not grow.

One copy, in municipalities Antwerpen (A, province Antwerpen), Gent (B, Oost-Vlaanderen),
Hasselt (D, Limburg) and Elsene (C, Brussels):
- six submitted needs: n1 submitted (A, library); n2 declined after it was retained (B,
  cultural centre); n3 retained, a challenge supported by an organisation of Hasselt (C,
  library); n4, n5, n6 selected (A; B; the intermunicipal A+D); plus a draft and a
  withdrawn need that never count;
- P1 (n4) piloteren, running, a validated hypothesis of each kind, test site A; experiments:
  validated (€ 100, started 10 March 2025, completed 2 April 2025), invalidated (€ 50,
  started and completed in April 2025), running (started 30 April 2025 at 23:30 Brussels
  time, i.e. in April though it is 21:30 UTC);
- P2 (n5) stopped in valideren, published with its learning cards and a closing card;
- P3 (n6) evalueren, scaled, test site D; its service is active in B and C, wanted in A.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from proeftuin.calls.models import Need
from proeftuin.core.models import ActivityLog
from proeftuin.organisations.models import Municipality, Organisation
from proeftuin.projects.models import Experiment, Hypothesis, Project
from proeftuin.scaling.models import Adoption

from ..calls.conftest import CallFactory, NeedFactory, SupportFactory
from ..factories import MunicipalityFactory, OrganisationFactory
from ..projects.conftest import (
    ExperimentFactory,
    HypothesisFactory,
    LearningFactory,
    ProjectFactory,
    SiteFactory,
)
from ..scaling.conftest import ServiceFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
Status = Need.Status


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


SUBMITTED = at(2025, 3, 1, 12)


@dataclass
class Programme:
    calls: list[Any] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)


def municipalities() -> dict[str, Municipality]:
    return {
        "A": MunicipalityFactory(nis_code="11002", name="Antwerpen", province="Antwerpen"),
        "B": MunicipalityFactory(nis_code="44021", name="Gent", province="Oost-Vlaanderen"),
        "D": MunicipalityFactory(nis_code="71072", name="Hasselt", province="Limburg"),
        "C": MunicipalityFactory(
            nis_code="21009",
            name="Elsene",
            province="Brussel",
            region=Municipality.Region.BRUSSELS,
        ),
    }


def build_programme(copies: int = 1) -> Programme:
    places = municipalities()
    kinds = Organisation.Kind
    orgs = {
        "A": OrganisationFactory(municipalities=[places["A"]], kind=kinds.LIBRARY),
        "B": OrganisationFactory(municipalities=[places["B"]], kind=kinds.CULTURAL_CENTRE),
        "C": OrganisationFactory(municipalities=[places["C"]], kind=kinds.LIBRARY),
        "D": OrganisationFactory(municipalities=[places["D"]], kind=kinds.MUSEUM),
        "AD": OrganisationFactory(
            municipalities=[places["A"], places["D"]], kind=kinds.INTERMUNICIPAL
        ),
    }
    programme = Programme(organisations=orgs)
    need_type = ContentType.objects.get_for_model(Need)
    for _copy in range(copies):
        call = CallFactory(decided=True)
        programme.calls.append(call)

        def need(org: str, status: str, call: Any = call) -> Need:
            made = NeedFactory(
                call=call, organisation=orgs[org], status=status, submitted_at=SUBMITTED
            )
            programme.needs.append(made)
            return made

        need("A", Status.SUBMITTED)
        declined = need("B", Status.DECLINED)
        ActivityLog.objects.create(
            action="need.retained", content_type=need_type, object_id=str(declined.pk)
        )
        challenge = need("C", Status.RETAINED)
        challenge.published_at = at(2025, 3, 2)
        challenge.save(update_fields=["published_at"])
        SupportFactory(need=challenge, organisation=orgs["D"])
        NeedFactory(call=call, organisation=orgs["A"])  # a draft
        NeedFactory(
            call=call, organisation=orgs["B"], status=Status.WITHDRAWN, submitted_at=at(2025, 3, 1)
        )

        p1 = ProjectFactory(need=need("A", Status.SELECTED), phase=Project.Phase.PILOT)
        for kind in Hypothesis.Kind.values:
            HypothesisFactory(project=p1, kind=kind, status=Hypothesis.Status.VALIDATED)
        ExperimentFactory(
            project=p1,
            completed=True,
            cost_eur=Decimal("100"),
            started_at=at(2025, 3, 10),
            completed_at=at(2025, 4, 2),
        )
        ExperimentFactory(
            project=p1,
            completed=True,
            result=Experiment.Result.INVALIDATED,
            cost_eur=Decimal("50"),
            started_at=at(2025, 4, 3),
            completed_at=at(2025, 4, 20),
        )
        ExperimentFactory(project=p1, running=True, started_at=at(2025, 4, 30, 23, 30))
        SiteFactory(project=p1, municipality=places["A"])

        p2 = ProjectFactory(
            need=need("B", Status.SELECTED),
            phase=Project.Phase.VALIDATE,
            outcome=Project.Outcome.STOPPED,
            public_sections=[Project.Section.SUMMARY, Project.Section.LEARNINGS],
            published_at=at(2025, 6, 1),
        )
        LearningFactory(project=p2, decision="stop")

        p3 = ProjectFactory(
            need=need("AD", Status.SELECTED),
            phase=Project.Phase.EVALUATE,
            outcome=Project.Outcome.SCALED,
        )
        SiteFactory(project=p3, municipality=places["D"])
        service = ServiceFactory()
        service.projects.add(p3)
        for place, state in [("B", "active"), ("C", "active"), ("A", "interested")]:
            Adoption.objects.create(
                service=service,
                municipality=places[place],
                state=state,
                contact_name="Contact",
                contact_email="contact@example.be",
            )
        programme.projects += [p1, p2, p3]
    return programme
