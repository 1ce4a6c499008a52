"""Demo: the decided spring call's six projects at work, the lean way — a running one in every
phase, one stopped with its lesson and one that reaches "evalueren" to be continued locally —
with hypotheses, test cards (planned, running, validated,
invalidated, inconclusive), learning cards, gate decisions (advance, persevere, pivot, stop),
discussion with @mentions, and publication.

Everything goes through the services, so the activity log, the timeline and the
notifications are those of real work. The services stamp "now"; only the test cards'
planned dates (plain data the team types) spread the story over the months since the
selection. Runs after the reviews' demo (stage 1, see `core.registry`), which creates the
projects with their teams and test sites.

Who leads what (password `proeftuin-demo`): herentals@ (Hans Herentals) leads the Herentals
ticketing project, which waits for his gate decision; the other projectleiders are the
submitters of their need: poperinge@, tienen@, waregem@, dilbeek@ and kapellen@demo.proeftuin.be.
expert@ (Eva Expert) is the external expert of every team.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from proeftuin.calls.models import Call

from . import services
from .models import Experiment, GateDecision, Hypothesis, Learning, Membership, Method, Project

Kind = Hypothesis.Kind
Decide = Learning.Decision
Gates = GateDecision.Decision
Operator = Experiment.Operator
Section = Project.Section


@dataclass(frozen=True)
class Measured:
    """What a completed test card measured, with its learning card."""

    value: str
    data_points: int
    observation: str
    insight: str
    decision: str
    actions: str = ""


@dataclass(frozen=True)
class Card:
    """A test card. `when` holds its planned start and end as shares of the time since the
    selection (above 1: still to come). Without `measured` it is planned, or running when
    `started`."""

    key: str
    hypothesis: str
    method: str
    title: str
    test: str
    metric: str
    unit: str
    operator: str
    threshold: str
    min_data_points: int
    when: tuple[float, float]
    cost: str = "0"
    by: str = "leader"
    started: bool = False
    measured: Measured | None = None


@dataclass(frozen=True)
class Gate:
    decision: str
    motivation: str
    rests_on: tuple[str, ...] = ()
    pivot_aspects: tuple[str, ...] = ()
    pivot_description: str = ""
    closing: dict[str, str] | None = None


@dataclass(frozen=True)
class Message:
    """A discussion message; "{leader}" and "{expert}" become those people's @handles."""

    by: str
    body: str
    about: str = ""  # a test card's key: the message is in that experiment's discussion


@dataclass(frozen=True)
class Story:
    need_title: str
    question: str
    target_groups: str
    summary: str
    next_steps: str
    # key, kind, importance, "…"
    hypotheses: list[tuple[str, str, int, str]]
    steps: list[Card | Gate | Message]
    publish: tuple[str, ...] = ()
    approve: bool = False
    # who consents to their name on the public page
    names_public: tuple[str, ...] = ()


STORIES = [
    Story(
        need_title="Zalen van de gemeente online reserveren",
        question="Reserveren inwoners een gemeentelijke zaal zelf online als ze de vrije data en "
        "de huurprijs meteen zien, en wint de vrijetijdsdienst daar tijd mee?",
        target_groups="Inwoners die een zaal huren voor een familiefeest of een verjaardag, jonge "
        "ouders in het bijzonder; de medewerkers van de vrijetijdsdienst.",
        summary="Dilbeek verhuurt zes zalen via e-mail, telefoon en een gedeelde agenda. We "
        "dachten eerst aan de verenigingen, maar die boeken hun vaste repetities één keer per "
        "jaar en hebben weinig aan online reserveren. Inwoners die een zaal zoeken voor een "
        "familiefeest wél: zij willen 's avonds zien wat vrij is en meteen vastleggen. Na een "
        "landingspagina en een pilot van acht weken in twee zalen evalueren we nu of de aanpak "
        "ook in andere gemeenten werkt.",
        next_steps="De tijdswinst van de vrijetijdsdienst meten voor de "
        "schaalbaarheidsevaluatie; testen of huurders de sleutelafspraken zelf kunnen regelen.",
        hypotheses=[
            (
                "verenigingen",
                Kind.DESIRABILITY,
                5,
                "verenigingen hun zaal liever online reserveren dan via een mail "
                "aan de vrijetijdsdienst.",
            ),
            (
                "ouders",
                Kind.DESIRABILITY,
                5,
                "ouders van jonge kinderen zalen liever online reserveren dan aan de balie.",
            ),
            (
                "agenda",
                Kind.FEASIBILITY,
                4,
                "de gedeelde agenda van de vrijetijdsdienst betrouwbaar genoeg is "
                "om de vrije momenten online te tonen.",
            ),
            (
                "tijdswinst",
                Kind.VIABILITY,
                4,
                "online reserveren de vrijetijdsdienst minstens vier uur per week "
                "aan telefoons en mails bespaart.",
            ),
            (
                "sleutels",
                Kind.FEASIBILITY,
                3,
                "huurders de sleutelafspraken kunnen regelen zonder dat er een "
                "medewerker aan te pas komt.",
            ),
        ],
        steps=[
            Card(
                key="gesprekken",
                hypothesis="verenigingen",
                method="interview",
                title="Gesprekken met tien verenigingen",
                test="tien verenigingen die vorig jaar een zaal huurden, vragen hoe ze vandaag "
                "reserveren en wat hen daarbij hindert",
                metric="aandeel verenigingen dat zegt online te willen reserveren",
                unit="%",
                operator=Operator.GTE,
                threshold="60",
                min_data_points=8,
                when=(0.02, 0.12),
                by="expert",
                measured=Measured(
                    "30",
                    10,
                    observation="Zeven van de tien verenigingen leggen hun vaste "
                    "repetitiemomenten één keer per jaar vast, in september, met één mail. Ze "
                    "bellen alleen voor een uitzonderlijke activiteit.",
                    insight="Voor verenigingen is de mail geen probleem. De drukte aan de "
                    "telefoon komt van inwoners die een zaal zoeken voor een feest.",
                    decision=Decide.PIVOT,
                    actions="We richten ons op inwoners die af en toe een zaal huren en turven "
                    "aan de balie wie er belt en waarvoor.",
                ),
            ),
            Message(
                by="expert",
                body="{leader}, opvallend hoeveel telefoons over familiefeesten gaan. Zullen we "
                "volgende week aan de balie turven wie er belt en waarvoor?",
            ),
            Card(
                key="turven",
                hypothesis="ouders",
                method="observatie",
                title="Turven aan de balie en aan de telefoon",
                test="twee weken lang elke vraag over zaalhuur noteren: wie vraagt het, waarvoor "
                "en op welk uur",
                metric="aandeel vragen over zaalhuur dat van inwoners komt (niet van verenigingen)",
                unit="%",
                operator=Operator.GTE,
                threshold="50",
                min_data_points=30,
                when=(0.12, 0.2),
                measured=Measured(
                    "68",
                    54,
                    observation="37 van de 54 vragen kwamen van inwoners, meestal jonge ouders "
                    "die een zaal zochten voor een kinderfeestje. Een derde belde na 17 uur en "
                    "kreeg het antwoordapparaat.",
                    insight="De echte doelgroep zijn inwoners met een familiefeest; zij zoeken "
                    "'s avonds, als de dienst gesloten is.",
                    decision=Decide.PERSEVERE,
                    actions="Een landingspagina maken waarop inwoners een datum kunnen aanvragen.",
                ),
            ),
            Gate(
                Gates.PIVOT,
                "De gesprekken met verenigingen ontkrachtten onze eerste hypothese; het turven "
                "toont dat inwoners met een familiefeest de vragen stellen.",
                rests_on=("gesprekken", "turven"),
                pivot_aspects=(GateDecision.PivotAspect.SEGMENT,),
                pivot_description="Niet de verenigingen maar inwoners die een zaal huren voor "
                "een familiefeest zijn onze doelgroep.",
            ),
            Gate(
                Gates.ADVANCE,
                "De nood bij inwoners is duidelijk en Dilbeek heeft de "
                "samenwerkingsovereenkomst getekend: we valideren de oplossing.",
                rests_on=("turven",),
            ),
            Card(
                key="landingspagina",
                hypothesis="ouders",
                method="landingspagina",
                title="Landingspagina 'Een zaal huren in Dilbeek'",
                test="een pagina op de gemeentelijke website zetten met de zes zalen, hun prijs "
                "en een knop 'reserveer een datum', aangekondigd in het infoblad",
                metric="aandeel bezoekers dat op 'reserveer een datum' klikt",
                unit="%",
                operator=Operator.GTE,
                threshold="15",
                min_data_points=200,
                when=(0.3, 0.42),
                cost="150",
                measured=Measured(
                    "23.5",
                    412,
                    observation="Van de 412 bezoekers klikten er 97 op de knop, vooral tussen "
                    "20 en 23 uur. Twaalf mensen lieten meteen hun gegevens achter.",
                    insight="Inwoners willen online reserveren, en dan vooral 's avonds.",
                    decision=Decide.PERSEVERE,
                    actions="Nagaan of de vrije momenten betrouwbaar uit de agenda komen.",
                ),
            ),
            Card(
                key="agenda",
                hypothesis="agenda",
                method="technische-spike",
                title="Vrije momenten uit de gedeelde agenda halen",
                test="de vrije momenten van de zes zalen automatisch uit de gedeelde agenda "
                "halen en 200 steekproeven met de hand nakijken",
                metric="aantal fout getoonde vrije momenten",
                unit="fouten",
                operator=Operator.LTE,
                threshold="2",
                min_data_points=200,
                when=(0.38, 0.48),
                cost="800",
                by="expert",
                measured=Measured(
                    "1",
                    200,
                    observation="Eén fout op 200: een optie die niet als optie in de agenda stond.",
                    insight="De agenda volstaat, als opties overal op dezelfde manier "
                    "genoteerd worden.",
                    decision=Decide.PERSEVERE,
                    actions="Afspraak met de dienst: een optie krijgt altijd het label 'optie'.",
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "Inwoners klikken, de agenda klopt: tijd voor een echte pilot in twee zalen.",
                rests_on=("landingspagina", "agenda"),
            ),
            Card(
                key="pilot",
                hypothesis="ouders",
                method="pilot",
                title="Pilot online reserveren in twee zalen",
                test="acht weken lang de feestzaal van het dienstencentrum en de kleine zaal "
                "van het cultuurhuis echt online laten reserveren en betalen; de balie helpt wie "
                "dat vraagt",
                metric="aandeel reservaties van inwoners dat online binnenkwam",
                unit="%",
                operator=Operator.GTE,
                threshold="50",
                min_data_points=40,
                when=(0.6, 0.85),
                cost="2400",
                measured=Measured(
                    "71",
                    58,
                    observation="41 van de 58 reservaties kwamen online binnen, de helft na "
                    "de openingsuren. Drie senioren reserveerden aan de balie, met hulp van een "
                    "medewerker.",
                    insight="Online reserveren werkt voor de grote meerderheid; de balie blijft "
                    "nodig voor wie niet online gaat.",
                    decision=Decide.PERSEVERE,
                    actions="Uitbreiden naar alle zes zalen en de tijdswinst meten.",
                ),
            ),
            Message(
                by="coordinator",
                body="Mooi resultaat! {leader}, mogen we de pilot vermelden in de nieuwsbrief "
                "voor de sector?",
                about="pilot",
            ),
            Gate(
                Gates.ADVANCE,
                "De pilot haalt ruim de drempel; we evalueren of dit een bovenlokale dienst "
                "kan worden.",
                rests_on=("pilot",),
            ),
            Card(
                key="uren",
                hypothesis="tijdswinst",
                method="kostenvergelijking",
                title="Tijd van de vrijetijdsdienst voor en na",
                test="zes weken de tijd bijhouden die de dienst aan zaalverhuur besteedt en die "
                "vergelijken met dezelfde weken vorig jaar",
                metric="uren per week die de dienst bespaart",
                unit="uur",
                operator=Operator.GTE,
                threshold="4",
                min_data_points=6,
                when=(0.9, 1.15),
                started=True,
            ),
            Card(
                key="sleutels",
                hypothesis="sleutels",
                method="concierge",
                title="Sleutelafspraken zonder balie",
                test="tien huurders hun sleutel laten afhalen met een code in een sleutelkluis, "
                "met de hand opgevolgd door een medewerker",
                metric="aandeel huurders dat zonder telefoon of bezoek aan de balie binnen geraakt",
                unit="%",
                operator=Operator.GTE,
                threshold="90",
                min_data_points=10,
                when=(1.1, 1.3),
                cost="350",
            ),
        ],
        publish=(Section.SUMMARY, Section.EXPERIMENTS, Section.LEARNINGS, Section.TEAM),
        approve=True,
        names_public=("leader",),
    ),
    Story(
        need_title="Kaartjes kopen buiten de openingsuren van het onthaal",
        question="Kopen bezoekers van het cultuurcentrum hun kaartje zelf online, op elk uur, "
        "als ze meteen een plaats kiezen en betalen? En verdwijnen zo de telefonische "
        "reservaties die nooit afgehaald worden?",
        target_groups="Werkende inwoners die overdag niet aan het onthaal geraken, abonnees, "
        "mensen met een kansentarief; de medewerkers van het onthaal.",
        summary="Wie overdag werkt, kan vandaag alleen telefonisch een plaats laten "
        "vasthouden, en één op de zes vastgehouden plaatsen blijft leeg. We testen of online "
        "kaartverkoop met plaatskeuze dat oplost, zonder wie niet online gaat uit te sluiten. "
        "De pilot loopt dit najaar.",
        next_steps="De pilot loopt tot het einde van het najaarsprogramma; daarna beslissen we "
        "over de evaluatie. Het kansentarief testen we opnieuw met het OCMW.",
        hypotheses=[
            (
                "avond",
                Kind.DESIRABILITY,
                5,
                "werkende inwoners hun kaartje liever 's avonds online kopen dan "
                "overdag te bellen.",
            ),
            (
                "plaatskeuze",
                Kind.DESIRABILITY,
                4,
                "bezoekers zelf hun plaats in de zaal willen kiezen.",
            ),
            (
                "zaalplan",
                Kind.FEASIBILITY,
                4,
                "het onthaal en de website uit hetzelfde zaalplan kunnen "
                "verkopen zonder dat een plaats twee keer verkocht wordt.",
            ),
            (
                "transactiekost",
                Kind.VIABILITY,
                3,
                "online betalen ons minder kost dan de reservaties die vandaag "
                "niet afgehaald worden.",
            ),
            (
                "kansentarief",
                Kind.DESIRABILITY,
                4,
                "mensen met een kansentarief zelf online kunnen kopen als de "
                "korting met hun UiTPAS automatisch verrekend wordt.",
            ),
        ],
        steps=[
            Card(
                key="enquete",
                hypothesis="avond",
                method="enquete",
                title="Enquête bij het publiek van drie voorstellingen",
                test="na drie voorstellingen een korte vragenlijst uitdelen en via de "
                "nieuwsbrief versturen",
                metric="aandeel respondenten dat liever online koopt",
                unit="%",
                operator=Operator.GTE,
                threshold="60",
                min_data_points=100,
                when=(0.02, 0.14),
                cost="60",
                measured=Measured(
                    "74",
                    186,
                    observation="138 van de 186 respondenten kopen liever online; bij de "
                    "werkenden tussen 25 en 55 jaar is dat negen op de tien.",
                    insight="De vraag naar online kopen is groot, vooral bij wie overdag werkt.",
                    decision=Decide.PERSEVERE,
                    actions="Een klikbaar prototype met plaatskeuze laten testen.",
                ),
            ),
            Card(
                key="uitpas",
                hypothesis="kansentarief",
                method="papieren-prototype",
                title="Kansentarief op papier uitproberen",
                test="met mensen met een kansentarief de schermen op papier doorlopen, van "
                "voorstelling kiezen tot betalen met korting",
                metric="aandeel deelnemers dat zonder hulp de korting vindt",
                unit="%",
                operator=Operator.GTE,
                threshold="70",
                min_data_points=8,
                when=(0.1, 0.2),
                by="expert",
                measured=Measured(
                    "100",
                    3,
                    observation="Er kwamen maar drie mensen opdagen. Alle drie vonden de "
                    "korting, maar drie is te weinig om iets te besluiten.",
                    insight="Mensen met een kansentarief bereiken we niet via onze eigen "
                    "kanalen; we hebben partners nodig.",
                    decision=Decide.KEEP_TESTING,
                    actions="Opnieuw testen samen met het OCMW en de vereniging waar armen "
                    "het woord nemen.",
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "De enquête toont een duidelijke voorkeur voor online kopen; het kansentarief "
                "blijven we testen.",
                rests_on=("enquete", "uitpas"),
            ),
            Card(
                key="prototype",
                hypothesis="plaatskeuze",
                method="klikbaar-prototype",
                title="Plaatskeuze in een klikbaar prototype",
                test="veertien bezoekers met een klikbaar prototype een plaats laten kiezen en "
                "afrekenen, zonder uitleg",
                metric="aandeel testers dat zonder hulp een plaats kiest en afrekent",
                unit="%",
                operator=Operator.GTE,
                threshold="80",
                min_data_points=12,
                when=(0.3, 0.4),
                cost="500",
                measured=Measured(
                    "86",
                    14,
                    observation="Twaalf van de veertien testers rondden de aankoop af. Twee "
                    "zochten de knop om een rolstoelplaats te kiezen.",
                    insight="Plaatskeuze werkt; rolstoelplaatsen moeten zichtbaar in het "
                    "zaalplan staan.",
                    decision=Decide.PERSEVERE,
                    actions="Rolstoelplaatsen apart tonen in het zaalplan.",
                ),
            ),
            Card(
                key="zaalplan",
                hypothesis="zaalplan",
                method="technische-spike",
                title="Eén zaalplan voor balie en website",
                test="een testverkoop van 300 tickets tegelijk aan de balie en online doen",
                metric="aantal dubbel verkochte plaatsen",
                unit="plaatsen",
                operator=Operator.EQ,
                threshold="0",
                min_data_points=300,
                when=(0.35, 0.45),
                cost="900",
                by="expert",
                measured=Measured(
                    "0",
                    300,
                    observation="Geen enkele plaats werd twee keer verkocht, ook niet toen "
                    "balie en website dezelfde rij tegelijk verkochten.",
                    insight="De ticketmodule houdt balie en website samen bij.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Card(
                key="kost",
                hypothesis="transactiekost",
                method="kostenvergelijking",
                title="Wat kost een niet-afgehaalde reservatie?",
                test="voor 24 voorstellingen de kost van lege vastgehouden plaatsen naast de "
                "transactiekost van online betalen zetten",
                metric="meerkost van online betalen per ticket",
                unit="euro",
                operator=Operator.LTE,
                threshold="0",
                min_data_points=20,
                when=(0.4, 0.5),
                measured=Measured(
                    "0.31",
                    24,
                    observation="Online betalen kost 0,45 euro per ticket. Vastgehouden "
                    "plaatsen die leeg blijven, worden vaak nog aan de kassa verkocht en kosten "
                    "ons minder dan gedacht.",
                    insight="Online verkoop is niet goedkoper; de winst zit in de tijd van het "
                    "onthaal en in tevreden bezoekers.",
                    decision=Decide.KEEP_TESTING,
                    actions="Een kleine servicekost voorleggen en meten of kopers afhaken.",
                ),
            ),
            Message(
                by="leader",
                body="{expert}, de transactiekost valt hoger uit dan gedacht. Heb jij cijfers "
                "van andere cultuurcentra die een servicekost vragen?",
                about="kost",
            ),
            Message(
                by="expert",
                body="In Herentals vragen ze 0,50 euro servicekost online; de balie blijft "
                "gratis. Ik vraag hun cijfers op.",
                about="kost",
            ),
            Gate(
                Gates.ADVANCE,
                "Plaatskeuze en zaalplan werken; de kostenvraag nemen we mee in de pilot.",
                rests_on=("prototype", "zaalplan", "kost"),
            ),
            Card(
                key="pilot",
                hypothesis="avond",
                method="pilot",
                title="Online kaartverkoop voor het najaarsprogramma",
                test="alle voorstellingen van het najaar ook online verkopen, met plaatskeuze "
                "en betalen met Bancontact",
                metric="aandeel tickets dat buiten de openingsuren verkocht wordt",
                unit="%",
                operator=Operator.GTE,
                threshold="30",
                min_data_points=500,
                when=(0.6, 1.25),
                cost="3000",
                started=True,
            ),
            Card(
                key="servicekost",
                hypothesis="transactiekost",
                method="ab-test",
                title="Servicekost van 0,50 euro",
                test="de helft van de online kopers een servicekost van 0,50 euro tonen",
                metric="aandeel kopers dat afhaakt bij de servicekost",
                unit="%",
                operator=Operator.LTE,
                threshold="10",
                min_data_points=200,
                when=(1.05, 1.3),
            ),
        ],
    ),
    Story(
        need_title="Tickets aanbieden via onze eigen website",
        question="Kan een kleine gemeentelijke zaal van 180 plaatsen tickets verkopen via haar "
        "eigen website, met een QR-code in de mailbox en scannen aan de deur, zodat het team "
        "geen Excel-lijsten en overschrijvingen meer moet nakijken?",
        target_groups="Bezoekers van concerten en comedyavonden; het kleine zaalteam en de "
        "vrijwilligers aan de deur.",
        summary="Voor elk optreden een Excelbestand, bestellingen per mail en betalingen met "
        "de hand nakijken: dat vreet uren. We testen of online verkoop met een QR-code het "
        "zaalteam ontlast en of de vrijwilligers aan de deur vlot scannen.",
        next_steps="Beslissen of we naar een pilot gaan; de tijdswinst van het zaalteam meten.",
        hypotheses=[
            (
                "eticket",
                Kind.DESIRABILITY,
                4,
                "bezoekers een ticket met QR-code in hun mailbox even "
                "gemakkelijk vinden als een papieren ticket.",
            ),
            (
                "scannen",
                Kind.FEASIBILITY,
                5,
                "onze vrijwilligers aan de deur vlot QR-codes kunnen scannen met een smartphone.",
            ),
            (
                "halve-dag",
                Kind.VIABILITY,
                5,
                "het zaalteam minstens een halve dag per voorstelling wint als "
                "betalingen niet meer met de hand nagekeken worden.",
            ),
            (
                "abonnement",
                Kind.DESIRABILITY,
                2,
                "trouwe bezoekers ook een abonnement online zouden kopen.",
            ),
        ],
        steps=[
            Card(
                key="deur",
                hypothesis="eticket",
                method="interview",
                title="Korte gesprekken aan de deur",
                test="voor twee concerten bezoekers in de rij vragen hoe ze hun ticket het "
                "liefst krijgen",
                metric="aandeel bezoekers dat een e-ticket goed vindt",
                unit="%",
                operator=Operator.GTE,
                threshold="70",
                min_data_points=15,
                when=(0.05, 0.15),
                measured=Measured(
                    "82",
                    22,
                    observation="18 van de 22 bezoekers vinden een e-ticket prima; vier oudere "
                    "bezoekers willen het kunnen afdrukken.",
                    insight="Een e-ticket is welkom, als het ook op papier kan.",
                    decision=Decide.PERSEVERE,
                    actions="Het ticket als pdf meesturen zodat het afgedrukt kan worden.",
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "Bezoekers willen een e-ticket; we testen nu of het aan de deur werkt.",
                rests_on=("deur",),
            ),
            Card(
                key="scanproef",
                hypothesis="scannen",
                method="pop-up",
                title="Scanproef bij een comedyavond",
                test="bij een uitverkochte comedyavond alle tickets als QR-code uitsturen en "
                "twee vrijwilligers laten scannen met hun smartphone",
                metric="gemiddelde wachttijd aan de deur",
                unit="minuten",
                operator=Operator.LTE,
                threshold="5",
                min_data_points=100,
                when=(0.45, 0.5),
                cost="250",
                measured=Measured(
                    "3.2",
                    164,
                    observation="164 bezoekers binnen in een half uur, gemiddeld 3,2 minuten "
                    "wachten. De wifi viel één keer weg; de app scande offline verder.",
                    insight="Vrijwilligers die nooit eerder scanden, hadden na vijf minuten "
                    "uitleg de slag beet.",
                    decision=Decide.PERSEVERE,
                    actions="Een fiche met uitleg voor de vrijwilligers maken.",
                ),
            ),
            Message(
                by="expert",
                body="{leader}, de scanproef is binnen en haalt de drempel ruim. Klaar om over "
                "de volgende fase te beslissen?",
            ),
            Card(
                key="uren",
                hypothesis="halve-dag",
                method="kostenvergelijking",
                title="Uren van het zaalteam per voorstelling",
                test="voor vier voorstellingen bijhouden hoeveel tijd bestellingen en "
                "betalingen vragen, met en zonder online verkoop",
                metric="uren gewonnen per voorstelling",
                unit="uur",
                operator=Operator.GTE,
                threshold="4",
                min_data_points=4,
                when=(1.05, 1.3),
            ),
        ],
    ),
    Story(
        need_title="Digitale plaatsreservering voor kleinschalige podiumvoorstellingen",
        question="Leggen inwoners van thuis uit een zitplaats vast voor de kleine "
        "podiumvoorstellingen van de dienst cultuur, met kansentarief en een koppeling met de "
        "UiTdatabank?",
        target_groups="Het vaste publiek van de kleine voorstellingen, vooral 55-plussers; "
        "mensen met een kansentarief; de medewerkers van het toerismekantoor.",
        summary="We testten of een eigen reservatieplatform voor een vijftiental voorstellingen "
        "per jaar de onduidelijkheid over de resterende plaatsen oplost. Het vaste publiek "
        "bleef bellen en langskomen, en het regionale ticketingsysteem dat de stad al gebruikt "
        "voor de stadsfeestzaal kan ook de kleine voorstellingen aan. We stopten, en delen wat "
        "we leerden.",
        next_steps="De kleine voorstellingen gaan vanaf het voorjaar mee in het bestaande "
        "ticketingsysteem; het toerismekantoor toont de resterende plaatsen op een scherm.",
        hypotheses=[
            (
                "online",
                Kind.DESIRABILITY,
                5,
                "ons vaste publiek een plaats liever online vastlegt dan aan het toerismekantoor.",
            ),
            (
                "uitdatabank",
                Kind.FEASIBILITY,
                3,
                "we de voorstellingen automatisch vanuit de UiTdatabank in een "
                "reservatietool kunnen zetten.",
            ),
            (
                "eigen-platform",
                Kind.VIABILITY,
                4,
                "een eigen platform voor vijftien voorstellingen per jaar "
                "goedkoper is dan aansluiten bij het regionale ticketingsysteem.",
            ),
        ],
        steps=[
            Card(
                key="toerisme",
                hypothesis="online",
                method="interview",
                title="Gesprekken aan het toerismekantoor",
                test="achttien bezoekers die een plaats kwamen vastleggen, vragen of ze dat "
                "liever online zouden doen",
                metric="aandeel dat zegt liever online te reserveren",
                unit="%",
                operator=Operator.GTE,
                threshold="50",
                min_data_points=15,
                when=(0.03, 0.12),
                by="expert",
                measured=Measured(
                    "64",
                    18,
                    observation="Elf van de achttien zeiden dat ze online zouden reserveren "
                    "'als het eenvoudig is'.",
                    insight="Mensen staan open voor online reserveren, zeggen ze.",
                    decision=Decide.PERSEVERE,
                    actions="Testen wat ze doen, niet wat ze zeggen: een echte voorinschrijving.",
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "Het publiek staat open voor online reserveren; we testen het gedrag.",
                rests_on=("toerisme",),
            ),
            Card(
                key="voorinschrijving",
                hypothesis="online",
                method="voorinschrijving",
                title="Online voorinschrijving voor twee voorstellingen",
                test="voor twee voorstellingen een online voorinschrijving openen naast het "
                "toerismekantoor en de telefoon",
                metric="aandeel plaatsen dat online vastgelegd werd",
                unit="%",
                operator=Operator.GTE,
                threshold="40",
                min_data_points=60,
                when=(0.3, 0.42),
                cost="100",
                measured=Measured(
                    "12",
                    96,
                    observation="Van de 96 reservaties kwamen er twaalf online binnen; de "
                    "rest belde of kwam langs, ook mensen die in het gesprek 'online' hadden "
                    "gezegd.",
                    insight="Wat mensen in een gesprek zeggen, is niet wat ze doen. Ons "
                    "publiek komt graag langs; het probleem was het zicht op de resterende "
                    "plaatsen, niet het reserveren.",
                    decision=Decide.RETIRE,
                    actions="De resterende plaatsen zichtbaar maken aan het toerismekantoor.",
                ),
            ),
            Card(
                key="koppeling",
                hypothesis="uitdatabank",
                method="technische-spike",
                title="Voorstellingen uit de UiTdatabank overnemen",
                test="de voorstellingen van het seizoen automatisch uit de UiTdatabank in een "
                "reservatietool laden",
                metric="aandeel voorstellingen dat zonder handwerk correct overkomt",
                unit="%",
                operator=Operator.GTE,
                threshold="90",
                min_data_points=15,
                when=(0.35, 0.45),
                cost="600",
                measured=Measured(
                    "100",
                    15,
                    observation="Alle vijftien voorstellingen kwamen correct over, met zaal, "
                    "datum en prijs.",
                    insight="De koppeling met de UiTdatabank is geen drempel.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Card(
                key="kosten",
                hypothesis="eigen-platform",
                method="kostenvergelijking",
                title="Eigen platform tegenover het regionale ticketingsysteem",
                test="de jaarlijkse kost van een eigen platform naast die van aansluiten bij "
                "het regionale systeem zetten",
                metric="meerkost per jaar van een eigen platform",
                unit="euro",
                operator=Operator.LTE,
                threshold="0",
                min_data_points=1,
                when=(0.42, 0.5),
                measured=Measured(
                    "2350",
                    1,
                    observation="Een eigen platform kost 2.350 euro per jaar meer dan de "
                    "kleine voorstellingen opnemen in het systeem dat de stadsfeestzaal al "
                    "gebruikt.",
                    insight="Voor vijftien voorstellingen per jaar loont een eigen platform niet.",
                    decision=Decide.RETIRE,
                ),
            ),
            Message(
                by="leader",
                body="{expert}, ik stel voor dat we stoppen en de kleine voorstellingen "
                "meenemen in het regionale systeem. Lees jij de leerkaarten na voor het "
                "beslismoment?",
            ),
            Gate(
                Gates.STOP,
                "Het publiek reserveert niet online, en een eigen platform is duurder dan "
                "het systeem dat de stad al heeft. Verder testen levert niets meer op.",
                rests_on=("voorinschrijving", "kosten"),
                closing={
                    "observation": "Het vaste publiek van de kleine voorstellingen reserveert "
                    "aan het toerismekantoor en aan de telefoon, ook als het online kan.",
                    "insight": "Een eigen platform voor vijftien voorstellingen per jaar is "
                    "niet levensvatbaar. Wie al een regionaal ticketingsysteem heeft, test "
                    "eerst of dat de kleine zalen aankan, en vraagt het publiek wat het echt "
                    "mist: hier was dat zicht op de resterende plaatsen.",
                    "actions": "De voorstellingen opnemen in het bestaande systeem, de "
                    "resterende plaatsen tonen aan het toerismekantoor en deze les delen met "
                    "de sector.",
                },
            ),
        ],
        # The team asks to share its lesson; a coordinator has yet to approve it.
        publish=(Section.SUMMARY, Section.LEARNINGS),
    ),
    Story(
        need_title="Gemeentelijk materiaalpark transparant maken voor aanvragers",
        question="Waar lopen verenigingen vast als ze materiaal willen lenen, en willen ze het "
        "aanbod en de status van hun aanvraag zelf online opvolgen?",
        target_groups="Verenigingen, buurtcomités en jeugdbewegingen die een evenement "
        "organiseren; de magazijniers en de dienst evenementen.",
        summary="Het materiaalpark van Waregem wordt druk gebruikt, maar wie iets wil lenen, "
        "weet pas na weken of het lukt. We verkennen waar aanvragers vastlopen, nog voor we aan "
        "een oplossing denken.",
        next_steps="De observatie in het magazijn herhalen in het drukke voorjaarsseizoen.",
        hypotheses=[
            (
                "beschikbaarheid",
                Kind.DESIRABILITY,
                5,
                "aanvragers vooral willen weten of het materiaal vrij is, nog "
                "voor ze een formulier invullen.",
            ),
            (
                "status",
                Kind.DESIRABILITY,
                4,
                "verenigingen de status van hun aanvraag willen volgen zonder te bellen.",
            ),
            (
                "voorraad",
                Kind.FEASIBILITY,
                3,
                "de magazijniers de voorraad dagelijks kunnen bijwerken op een tablet.",
            ),
            (
                "telefoons",
                Kind.VIABILITY,
                3,
                "minder telefoons de dienst evenementen genoeg tijd besparen om "
                "een tool te betalen.",
            ),
        ],
        steps=[
            Card(
                key="verenigingen",
                hypothesis="beschikbaarheid",
                method="interview",
                title="Gesprekken met twaalf verenigingen",
                test="twaalf verenigingen die dit jaar materiaal leenden, vragen hoe hun laatste "
                "aanvraag verliep",
                metric="aandeel dat eerst wil weten wat er vrij is",
                unit="%",
                operator=Operator.GTE,
                threshold="60",
                min_data_points=10,
                when=(0.05, 0.2),
                measured=Measured(
                    "75",
                    12,
                    observation="Negen van de twaalf vulden het pdf-formulier in zonder te "
                    "weten of het materiaal vrij was; drie kregen pas na vier weken een nee.",
                    insight="Het grootste probleem zit vóór de aanvraag: niemand ziet wat er "
                    "vrij is.",
                    decision=Decide.PERSEVERE,
                    actions="Nagaan of het magazijn de voorraad bij kan houden.",
                ),
            ),
            Card(
                key="magazijn",
                hypothesis="voorraad",
                method="observatie",
                title="Meekijken in het magazijn",
                test="tien werkdagen meekijken hoe de magazijniers uitgeleend en teruggebracht "
                "materiaal noteren",
                metric="aandeel dagen waarop de voorraadlijst 's avonds klopt",
                unit="%",
                operator=Operator.GTE,
                threshold="90",
                min_data_points=10,
                when=(0.2, 0.35),
                by="expert",
                measured=Measured(
                    "100",
                    4,
                    observation="Door de verlofperiode konden we maar vier dagen meekijken; op "
                    "die dagen klopte de lijst.",
                    insight="Vier dagen zeggen te weinig, zeker buiten het drukke seizoen.",
                    decision=Decide.KEEP_TESTING,
                    actions="De observatie herhalen in april en mei, als de feesten beginnen.",
                ),
            ),
            Gate(
                Gates.PERSEVERE,
                "De nood is duidelijk, maar over de voorraad weten we te weinig; we blijven "
                "verkennen.",
                rests_on=("verenigingen", "magazijn"),
            ),
            Card(
                key="enquete",
                hypothesis="status",
                method="enquete",
                title="Enquête bij de aanvragers van dit jaar",
                test="alle aanvragers van dit jaar een korte vragenlijst sturen via de "
                "nieuwsbrief voor verenigingen",
                metric="aandeel dat de status van de aanvraag online wil volgen",
                unit="%",
                operator=Operator.GTE,
                threshold="60",
                min_data_points=40,
                when=(0.8, 1.1),
                started=True,
            ),
            Message(
                by="leader",
                body="{expert}, de enquête staat online via de nieuwsbrief voor verenigingen. "
                "Kun jij nakijken of vraag 4 niet sturend is?",
                about="enquete",
            ),
            Card(
                key="dagboek",
                hypothesis="telefoons",
                method="dagboekstudie",
                title="Dagboek van de dienst evenementen",
                test="vier weken lang elke telefoon en mail over materiaal noteren",
                metric="uren per week aan vragen over materiaal",
                unit="uur",
                operator=Operator.GTE,
                threshold="3",
                min_data_points=4,
                when=(1.1, 1.4),
            ),
        ],
    ),
    Story(
        need_title="Jeugdlokalen en fuifzaal vastleggen op één plek",
        question="Leggen jongeren een jeugdlokaal of de fuifzaal zelf vast als ze op één plek "
        "zien wat vrij is, en houden sport, jeugd en cultuur dan samen één kalender bij?",
        target_groups="Jongeren die een fuif organiseren of met hun band willen repeteren; de "
        "diensten sport, jeugd en cultuur die de lokalen beheren.",
        summary="Kapellen verhuurt twee jeugdlokalen en een fuifzaal, maar sport, jeugd en "
        "cultuur hielden elk hun eigen lijstje bij. Jongeren stuurden drie berichten en kregen "
        "nog geen bevestiging. Met één gedeelde kalender en een aanvraagformulier op de website "
        "van de jeugddienst legden ze in de pilot bijna alle aanvragen zelf vast. Een aparte "
        "Instagramkalender sloeg niet aan.",
        next_steps="De gedeelde kalender houden en de afspraken tussen de drie diensten in het "
        "reglement van de jeugdinfrastructuur opnemen.",
        hypotheses=[
            (
                "een-plek",
                Kind.DESIRABILITY,
                5,
                "jongeren een lokaal liever op één plek online vastleggen dan drie diensten "
                "te mailen.",
            ),
            (
                "instagram",
                Kind.DESIRABILITY,
                3,
                "jongeren de vrije momenten willen volgen via de Instagram van de jeugddienst.",
            ),
            (
                "kalender",
                Kind.FEASIBILITY,
                4,
                "sport, jeugd en cultuur samen één kalender kunnen bijhouden zonder dat een "
                "lokaal twee keer verhuurd wordt.",
            ),
            (
                "uren",
                Kind.VIABILITY,
                4,
                "één plek de drie diensten samen minstens drie uur per week aan mails en "
                "telefoons bespaart.",
            ),
        ],
        steps=[
            Card(
                key="jeugdraad",
                hypothesis="een-plek",
                method="interview",
                title="Gesprekken met de jeugdraad en drie bandjes",
                test="de jeugdraad en drie bandjes die vorig jaar een lokaal huurden, vragen "
                "hoe hun laatste aanvraag verliep",
                metric="aandeel dat niet wist bij welke dienst het moest zijn",
                unit="%",
                operator=Operator.GTE,
                threshold="50",
                min_data_points=10,
                when=(0.02, 0.12),
                by="expert",
                measured=Measured(
                    "75",
                    12,
                    observation="Negen van de twaalf jongeren mailden eerst de verkeerde "
                    "dienst; twee fuiven werden verplaatst omdat de bevestiging te laat kwam.",
                    insight="Het probleem is niet het formulier maar dat niemand weet wie "
                    "over welk lokaal beslist.",
                    decision=Decide.PERSEVERE,
                    actions="Nagaan hoeveel tijd de drie diensten aan de aanvragen kwijt zijn.",
                ),
            ),
            Card(
                key="dagboek",
                hypothesis="uren",
                method="dagboekstudie",
                title="Dagboek van sport, jeugd en cultuur",
                test="vier weken lang in de drie diensten elke mail en telefoon over de "
                "jeugdlokalen en de fuifzaal noteren",
                metric="uren per week aan vragen over de lokalen, de drie diensten samen",
                unit="uur",
                operator=Operator.GTE,
                threshold="3",
                min_data_points=4,
                when=(0.08, 0.18),
                measured=Measured(
                    "5.5",
                    4,
                    observation="Samen waren de drie diensten vijf à zes uur per week bezig "
                    "met vragen over de lokalen, vaak over dezelfde aanvraag.",
                    insight="Dezelfde aanvraag passeert bij drie diensten; één plek bespaart "
                    "vooral dubbel werk.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "Jongeren weten niet bij wie ze moeten zijn en de diensten doen dubbel werk; "
                "Kapellen tekende de samenwerkingsovereenkomst. We valideren één plek.",
                rests_on=("jeugdraad", "dagboek"),
            ),
            Card(
                key="formulier",
                hypothesis="een-plek",
                method="landingspagina",
                title="Eén aanvraagpagina op de website van de jeugddienst",
                test="zes weken lang alle aanvragen voor de jeugdlokalen en de fuifzaal naar "
                "één pagina met de vrije momenten leiden",
                metric="aandeel aanvragen dat via de pagina binnenkomt",
                unit="%",
                operator=Operator.GTE,
                threshold="60",
                min_data_points=25,
                when=(0.22, 0.32),
                cost="150",
                measured=Measured(
                    "81",
                    37,
                    observation="30 van de 37 aanvragen kwamen via de pagina binnen; de "
                    "overige zeven waren van vaste gebruikers die nog mailden.",
                    insight="Jongeren gebruiken één plek meteen als ze zien wat vrij is.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Card(
                key="kalender",
                hypothesis="kalender",
                method="concierge",
                title="Eén kalender, met de hand bijgehouden",
                test="de drie diensten zes weken lang één gedeelde kalender laten bijhouden; de "
                "jeugdconsulent zet elke aanvraag er zelf in",
                metric="aantal dubbel verhuurde momenten",
                unit="momenten",
                operator=Operator.EQ,
                threshold="0",
                min_data_points=30,
                when=(0.24, 0.34),
                by="expert",
                measured=Measured(
                    "0",
                    41,
                    observation="Geen enkel lokaal werd twee keer verhuurd; één keer zette "
                    "sport een training in de fuifzaal, maar de kalender toonde het meteen.",
                    insight="Eén kalender werkt zodra de drie diensten afspreken wie hem bijhoudt.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Card(
                key="instagram",
                hypothesis="instagram",
                method="pop-up",
                title="Vrije momenten in de Instagramverhalen van de jeugddienst",
                test="vier weken lang elke maandag de vrije momenten van de week in de "
                "Instagramverhalen van de jeugddienst zetten",
                metric="aandeel aanvragen dat via Instagram binnenkomt",
                unit="%",
                operator=Operator.GTE,
                threshold="25",
                min_data_points=20,
                when=(0.3, 0.38),
                cost="0",
                measured=Measured(
                    "4",
                    26,
                    observation="Eén van de 26 aanvragen kwam via Instagram. Jongeren bekeken "
                    "de verhalen, maar zochten pas naar een lokaal als ze een fuif plannen.",
                    insight="Jongeren zoeken een lokaal als ze het nodig hebben, niet "
                    "wekelijks; de aanvraagpagina volstaat.",
                    decision=Decide.RETIRE,
                    actions="Instagram verwijst voortaan naar de aanvraagpagina.",
                ),
            ),
            Message(
                by="leader",
                body="{expert}, Instagram levert niets op, de aanvraagpagina wel. Zullen we "
                "de pilot tot de pagina en de gedeelde kalender beperken?",
                about="instagram",
            ),
            Gate(
                Gates.ADVANCE,
                "De aanvraagpagina en de gedeelde kalender werken; Instagram laten we vallen. "
                "We testen ze een heel fuifseizoen.",
                rests_on=("formulier", "kalender", "instagram"),
            ),
            Card(
                key="fuifseizoen",
                hypothesis="een-plek",
                method="pilot",
                title="Eén plek voor het voorjaarsseizoen",
                test="alle aanvragen voor de jeugdlokalen en de fuifzaal een seizoen lang via "
                "de aanvraagpagina en de gedeelde kalender behandelen",
                metric="aandeel aanvragen dat binnen twee werkdagen bevestigd is",
                unit="%",
                operator=Operator.GTE,
                threshold="80",
                min_data_points=60,
                when=(0.45, 0.75),
                cost="400",
                measured=Measured(
                    "92",
                    88,
                    observation="81 van de 88 aanvragen waren binnen twee werkdagen bevestigd; "
                    "geen enkele fuif werd nog verplaatst.",
                    insight="Met één plek en één kalender krijgen jongeren snel zekerheid.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Card(
                key="uren",
                hypothesis="uren",
                method="kostenvergelijking",
                title="Uren van de drie diensten voor en na",
                test="de uren die sport, jeugd en cultuur tijdens de pilot aan de lokalen "
                "besteedden naast die van het dagboek zetten",
                metric="uren per week bespaard, de drie diensten samen",
                unit="uur",
                operator=Operator.GTE,
                threshold="3",
                min_data_points=1,
                when=(0.76, 0.85),
                measured=Measured(
                    "3.5",
                    1,
                    observation="De drie diensten besteden samen nog twee uur per week aan de "
                    "lokalen, tegenover vijf à zes vóór de pilot.",
                    insight="De winst zit in de afspraken tussen de drie diensten, niet in "
                    "een tool.",
                    decision=Decide.PERSEVERE,
                ),
            ),
            Gate(
                Gates.ADVANCE,
                "Een heel seizoen lang kregen jongeren binnen twee dagen zekerheid en de "
                "diensten winnen tijd; we evalueren of dit verder moet dan Kapellen.",
                rests_on=("fuifseizoen", "uren"),
            ),
        ],
    ),
]


def load() -> None:
    spring = Call.objects.filter(
        slug__startswith="proeftuin-voorjaar", decided_at__isnull=False
    ).first()
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if (
        spring is None
        or spring.decided_at is None
        or coordinator is None
        or Hypothesis.objects.filter(project__need__call=spring).exists()
    ):
        return
    projects = {
        project.need.title: project
        for project in Project.objects.filter(need__call=spring).select_related("need")
    }
    methods = {method.slug: method for method in Method.objects.all()}
    selected = timezone.localdate(spring.decided_at)
    for story in STORIES:
        project = projects.get(story.need_title)
        if project is not None:
            _tell(story, project, coordinator, methods, selected)


def _tell(
    story: Story, project: Project, coordinator: Any, methods: dict[str, Method], selected: date
) -> None:
    team = {m.role: m for m in project.team.select_related("user")}
    people = {
        "leader": team[Membership.Role.PROJECT_LEADER].user,
        "expert": team[Membership.Role.EXTERNAL_EXPERT].user,
        "coordinator": coordinator,
    }
    leader = people["leader"]
    services.update_project_profile(
        project=project,
        question=story.question,
        target_groups=story.target_groups,
        summary=story.summary,
        next_steps=story.next_steps,
        by=leader,
    )
    hypotheses = {
        key: services.write_hypothesis(
            project=project, statement=statement, kind=kind, importance=importance, by=leader
        )
        for key, kind, importance, statement in story.hypotheses
    }
    # The story spans the months since the selection (at least a month, for a demo loaded
    # the day after a call was decided).
    span = max((timezone.localdate() - selected).days, 30)
    experiments: dict[str, Experiment] = {}
    for step in story.steps:
        project.refresh_from_db(fields=["phase", "outcome"])
        if isinstance(step, Card):
            experiments[step.key] = _run_card(
                step, project, hypotheses, methods, people, selected, span
            )
        elif isinstance(step, Gate):
            rests_on = [experiments[key] for key in step.rests_on]
            services.record_gate_decision(
                project=project,
                decision=step.decision,
                motivation=step.motivation,
                experiments=rests_on,
                learnings=list(Learning.objects.filter(experiment__in=rests_on)),
                pivot_aspects=list(step.pivot_aspects),
                pivot_description=step.pivot_description,
                closing_learning=step.closing,
                by=leader,
            )
        else:
            handles = {
                person.pk: f"@{handle}" for handle, person in services.mentionable(project).items()
            }
            services.post_comment(
                project=project,
                body=step.body.format(
                    leader=handles[leader.pk], expert=handles[people["expert"].pk]
                ),
                experiment=experiments[step.about] if step.about else None,
                by=people[step.by],
            )
    if story.publish:
        services.request_publication(project=project, sections=list(story.publish), by=leader)
        if story.approve:
            services.approve_publication(project=project, by=coordinator)
    for role in story.names_public:
        for membership in project.team.filter(user=people[role]):
            services.set_name_public(membership=membership, public=True, by=people[role])


def _rating(value: float, medium: float, high: float) -> int:
    return (
        Experiment.Rating.HIGH
        if value >= high
        else Experiment.Rating.MEDIUM
        if value >= medium
        else Experiment.Rating.LOW
    )


def _run_card(
    card: Card,
    project: Project,
    hypotheses: dict[str, Hypothesis],
    methods: dict[str, Method],
    people: dict[str, Any],
    selected: date,
    span: int,
) -> Experiment:
    hypothesis = hypotheses[card.hypothesis]
    method = methods[card.method]
    start, end = (selected + timedelta(days=round(share * span)) for share in card.when)
    by = people[card.by]
    experiment = services.plan_experiment(
        project=project,
        fields={
            "hypothesis": hypothesis,
            "method": method,
            "title": card.title,
            "test": card.test,
            "metric": card.metric,
            "unit": card.unit,
            "operator": card.operator,
            "threshold": Decimal(card.threshold),
            "min_data_points": card.min_data_points,
            "planned_start": start,
            "planned_end": end,
            "cost_eur": Decimal(card.cost),
            # The ratings follow from the hypothesis and the method, as a team would judge.
            "criticality": _rating(hypothesis.importance, 3, 5),
            "test_cost": _rating(float(card.cost), 200, 1000),
            "data_reliability": _rating(method.evidence_strength, 2, 4),
            "time_required": _rating(method.typical_duration_days, 10, 21),
        },
        by=by,
    )
    if not (card.started or card.measured):
        return experiment
    experiment = services.start_experiment(experiment=experiment, by=by)
    if card.measured is None:
        return experiment
    m = card.measured
    return services.complete_experiment(
        experiment=experiment,
        measured_value=Decimal(m.value),
        data_points=m.data_points,
        observation=m.observation,
        insight=m.insight,
        decision=m.decision,
        actions=m.actions,
        by=by,
    )
