"""Demo: a year of continuous service design around Dilbeek's scaled service "Zalen online
reserveren".

- The municipalities that use it started 10 to 18 months ago (the scaling demo activates
  them today; this demo plays the year back) and gave feedback every few months, more
  satisfied after each release.
- Two releases: reservations in English and French, then paying online — the request most
  municipalities shared.
- Tienen stopped after nine months, with its reason: its services merged into one desk
  with its own booking system.
- This half year's survey went out and half of the contacts answered (the service's NPS).
- A request Mechelen and Herentals raised — which rooms stand empty — became a draft need
  of Mechelen's organisation in the open call, waiting for Mechelen to confirm it.

Runs at stage 3, after the scaling demo (stage 2). Everything goes through the services;
the dates are moved back afterwards, because a service stamps "now". Idempotent: it does
nothing once the service has a release.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from proeftuin.calls.models import Call
from proeftuin.participation.models import InvitationCode, Question
from proeftuin.participation.services import submit_response

from . import services_feedback, surveys
from .demo import member_of
from .models import Adoption, AdoptionEvent, Feedback, Release, Service, ServiceRequest

SERVICE = "Zalen online reserveren"
OPEN_CALL = "proeftuin-winter"
State = Adoption.State

# Municipality: months since activation.
STARTED = {
    "Dilbeek": 18,
    "Asse": 16,
    "Halle": 15,
    "Herentals": 14,
    "Mechelen": 13,
    "Genk": 12,
    "Brugge": 11,
    "Lokeren": 10,
}
TIENEN = ("Tienen", 14, 5)  # started 14 months ago, stopped 5 months ago

PAYING = "Inwoners willen meteen online betalen bij het reserveren"
EMPTY_ROOMS = "Een overzicht van welke zalen het vaakst leeg staan"
KEYS = "Sleutels afhalen blijft lastig buiten de openingsuren"
LANGUAGES = "Reserveren in het Engels en het Frans voor verenigingen van nieuwkomers"

# Months ago, municipality, satisfaction, what works, what does not, new request, backed.
FEEDBACK: list[tuple[int, str, int, str, str, str, list[str]]] = [
    (
        12,
        "Dilbeek",
        3,
        "Verenigingen zien 's avonds welke zaal vrij is.",
        "De sleutel afhalen kan alleen tijdens de openingsuren.",
        KEYS,
        [],
    ),
    (
        11,
        "Asse",
        3,
        "Minder telefoons aan de balie.",
        "Betalen gebeurt nog per overschrijving.",
        PAYING,
        [],
    ),
    (
        11,
        "Halle",
        2,
        "",
        "Verenigingen van nieuwkomers haken af op de Nederlandse schermen.",
        LANGUAGES,
        [],
    ),
    (
        10,
        "Genk",
        3,
        "De tarieven staan duidelijk bij elke zaal.",
        "Overschrijvingen opvolgen kost tijd.",
        "",
        [PAYING],
    ),
    (
        9,
        "Herentals",
        3,
        "De zalenagenda is eindelijk één agenda.",
        "We zien niet welke zalen onderbenut zijn.",
        EMPTY_ROOMS,
        [],
    ),
    (9, "Mechelen", 4, "Jeugdverenigingen reserveren zelf.", "", "", [EMPTY_ROOMS, PAYING]),
    (8, "Brugge", 3, "", "Buitenlandse verenigingen bellen nog altijd.", "", [LANGUAGES]),
    (7, "Halle", 4, "De Engelse en Franse schermen werken.", "", "", [PAYING]),
    (6, "Lokeren", 3, "Vlot gestart met de opleiding.", "Betalen blijft manueel.", "", [PAYING]),
    (6, "Dilbeek", 4, "", "De sleutelkluis staat nog niet in de bevestiging.", "", [KEYS]),
    (5, "Asse", 4, "Minder dubbele boekingen.", "", "", [PAYING]),
    (
        4,
        "Mechelen",
        4,
        "",
        "We willen zien welke zalen we beter anders inzetten.",
        "",
        [EMPTY_ROOMS],
    ),
    (3, "Genk", 4, "", "", "", [EMPTY_ROOMS]),
    (2, "Brugge", 5, "Online betalen: geen overschrijvingen meer opvolgen.", "", "", []),
    (2, "Dilbeek", 5, "Betalen en bevestigen in één keer.", "", "", []),
    (1, "Herentals", 4, "Online betalen spaart ons een halve dag per week.", "", "", [EMPTY_ROOMS]),
    (1, "Asse", 5, "Inwoners betalen meteen.", "", "", []),
    (0, "Lokeren", 4, "", "Nog geen overzicht van de bezetting.", "", [EMPTY_ROOMS]),
]
RELEASES = [
    (
        8,
        "Reserveren in het Engels en het Frans",
        "De reservatieschermen en de bevestigingsmail bestaan nu ook in het **Engels** en het "
        "**Frans**.\n\n- De gemeente kiest welke talen ze aanbiedt.\n- Het reglement blijft in "
        "het Nederlands; een samenvatting staat in elke taal.",
    ),
    (
        2,
        "Online betalen bij het reserveren",
        "Wie een zaal reserveert, betaalt meteen online (Payconiq of bankkaart). Dat vroegen "
        "de meeste gemeenten.\n\n- Geen overschrijvingen meer opvolgen.\n- De gemeente houdt "
        "haar eigen tarieven; de kost per betaling staat in de voorwaarden.",
    ),
]
NPS_ANSWERS = [9, 10, 8, 9]


def months_ago(months: int) -> Any:
    return timezone.now() - timedelta(days=round(months * 30.4))


def load() -> None:
    service = Service.objects.filter(name=SERVICE).first()
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if service is None or coordinator is None or service.releases.exists():
        return
    with transaction.atomic():
        adoptions = {
            a.municipality.name: a
            for a in service.adoptions.select_related("municipality").order_by("pk")
        }
        _play_the_year_back(adoptions)
        requests = _feedback(adoptions)
        _releases(service, coordinator)
        _survey(service)
        _request_to_need(requests.get(EMPTY_ROOMS), adoptions, coordinator)


def _play_the_year_back(adoptions: dict[str, Adoption]) -> None:
    for name, months in STARTED.items():
        adoption = adoptions.get(name)
        if adoption is None or adoption.state != State.ACTIVE:
            continue
        _move(adoption, State.ACTIVE, "activated_at", months_ago(months))
    name, started, stopped = TIENEN
    tienen = adoptions.get(name)
    if tienen is not None and tienen.state == State.ENDED:
        _move(tienen, State.ACTIVE, "activated_at", months_ago(started))
        _move(tienen, State.ENDED, "ended_at", months_ago(stopped))


def _move(adoption: Adoption, state: str, stamp: str, moment: Any) -> None:
    Adoption.objects.filter(pk=adoption.pk).update(**{stamp: moment})
    AdoptionEvent.objects.filter(adoption=adoption, state=state).update(at=moment)
    if state == State.ACTIVE:
        # The steps before it come before it.
        AdoptionEvent.objects.filter(adoption=adoption, state__in=[State.REQUESTED]).update(
            at=moment - timedelta(days=21)
        )


def _feedback(adoptions: dict[str, Adoption]) -> dict[str, ServiceRequest]:
    requests: dict[str, ServiceRequest] = {}
    for months, name, score, works, fails, new, backed in FEEDBACK:
        adoption = adoptions.get(name)
        if adoption is None or adoption.state != State.ACTIVE:
            continue
        member, organisation = _speaker(adoption)
        if member is None:
            continue
        feedback = services_feedback.give_feedback(
            adoption=adoption,
            organisation=organisation,
            satisfaction=score,
            works=works,
            fails=fails,
            new_request=new,
            new_request_kind=ServiceRequest.Kind.PROBLEM
            if new == KEYS
            else ServiceRequest.Kind.REQUEST,
            backed=[requests[text] for text in backed if text in requests],
            by=member,
        )
        Feedback.objects.filter(pk=feedback.pk).update(given_at=months_ago(months))
        if new:
            raised = feedback.requests.get(text=new)
            ServiceRequest.objects.filter(pk=raised.pk).update(created_at=months_ago(months))
            requests[new] = raised
    return requests


def _speaker(adoption: Adoption) -> tuple[Any, Any]:
    """A member who speaks for the municipality, and the organisation they speak for."""
    member = member_of(adoption.municipality)
    if member is None:
        return None, None
    organisations = services_feedback.organisations_for(member, adoption)
    return member, organisations[0] if organisations else None


def _releases(service: Service, coordinator: Any) -> None:
    for months, title, notes in RELEASES:
        moment = months_ago(months)
        release = services_feedback.publish_release(
            service=service,
            title=title,
            notes=notes,
            released_on=timezone.localdate(moment),
            by=coordinator,
        )
        Release.objects.filter(pk=release.pk).update(published_at=moment)


def _survey(service: Service) -> None:
    """This half year's survey to every active adoption, and a few answers."""
    # In a period's last two weeks the job waits for the next period; the demo goes there.
    surveys.send_surveys(surveys.sends_at(timezone.now()))
    survey = service.surveys.order_by("-period").first()
    if survey is None:
        return
    question = survey.form.questions.get(kind=Question.Kind.NPS)
    codes = InvitationCode.objects.filter(form=survey.form, used_at__isnull=True).order_by("pk")
    for score, code in zip(NPS_ANSWERS, list(codes), strict=False):
        submit_response(form=survey.form, answers={question.pk: score}, invitation=code.code)


def _request_to_need(
    request: ServiceRequest | None, adoptions: dict[str, Adoption], coordinator: Any
) -> None:
    call = Call.objects.open().filter(slug=OPEN_CALL).first()
    mechelen = adoptions.get("Mechelen")
    if request is None or call is None or mechelen is None:
        return
    organisation = next(
        (
            o
            for o in services_feedback.raising_organisations(request)
            if o.municipalities.filter(pk=mechelen.municipality_id).exists()
        ),
        None,
    )
    if organisation is None:
        return
    services_feedback.turn_request_into_need(
        request=request,
        call=call,
        organisation=organisation,
        title="Zien welke gemeentelijke zalen onderbenut zijn",
        problem=(
            "Sinds we zalen online verhuren, weten we wie wanneer reserveert, maar niet welke "
            "zalen het vaakst leeg staan en waarom. Zo zetten we zalen niet in voor wie ze "
            "zoekt: jeugdverenigingen, nieuwkomers, repetitieruimte voor muzikanten. Ook "
            "Herentals, Genk en Lokeren vroegen het, via hun feedback op 'Zalen online "
            "reserveren'."
        ),
        by=coordinator,
    )
