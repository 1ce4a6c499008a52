"""Demo: the knowledge base's first articles, one of each kind, written and published the
way coordinators do it — a case study of the Dilbeek room-booking project, a guide to a
landing-page test in a library, news about the winter call, and a lesson from the stopped
ticketing project. Runs after the projects' demo (stage 2); loading twice changes nothing."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from proeftuin.core.models import Theme
from proeftuin.projects.models import Project

from . import services
from .models import Article


@dataclass(frozen=True)
class Draft:
    kind: str
    title: str
    summary: str
    body: str
    themes: tuple[str, ...]
    project_need: str = ""


ARTICLES = [
    Draft(
        kind=Article.Kind.CASE_STUDY,
        title="Dilbeek verhuurt zijn zalen voortaan online",
        summary="Hoe de vrijetijdsdienst van Dilbeek met tien gesprekken, een landingspagina en "
        "een pilot in twee zalen ontdekte wat verenigingen echt nodig hebben.",
        body=(
            "## Het probleem\n\n"
            "Dilbeek verhuurt zes zalen. Tot vorig jaar liep dat via e-mail, telefoon en een "
            "gedeelde agenda: een vereniging wist pas na dagen of haar zaal vrij was, en de "
            "vrijetijdsdienst typte elke aanvraag over.\n\n"
            "## Wat we testten\n\n"
            "1. **Gesprekken met tien verenigingen**: wie huurt, hoe vaak, en wat loopt er mis?\n"
            "2. **Turven aan de balie**: hoeveel tijd gaat er naar een reservatie?\n"
            "3. **Een landingspagina** 'Een zaal huren in Dilbeek', nog zonder systeem erachter.\n"
            "4. **Een pilot** in twee zalen met echte reservaties.\n\n"
            "## Wat we leerden\n\n"
            "Verenigingen, niet losse inwoners, zijn de eerste doelgroep. Ze willen vooral "
            "*zien* wanneer een zaal vrij is; betalen mag nog op factuur. Betrek de IT-dienst "
            "van de gemeente vroeg: de koppeling met de agenda bepaalt de planning.\n\n"
            "> Mislukken mocht. Dat het lukte, danken we aan de verenigingen die meetestten."
        ),
        themes=("zaalverhuur", "participatie"),
        project_need="Zalen van de gemeente online reserveren",
    ),
    Draft(
        kind=Article.Kind.GUIDE,
        title="Een landingspaginatest in je bibliotheek, stap voor stap",
        summary="Weten of inwoners iets willen voor je het bouwt: een pagina, een knop en "
        "twee weken tellen. Zo pak je het aan.",
        body=(
            "## Waarom een landingspagina?\n\n"
            "Een landingspagina beschrijft een dienst die nog niet bestaat. Wie op de knop "
            "klikt, toont interesse; je meet dat voor je tijd en geld in de dienst steekt.\n\n"
            "## Stappen\n\n"
            "1. Schrijf in één zin wat de dienst doet, voor wie, en wat het kost.\n"
            "2. Maak de pagina op de website van de bib, met één duidelijke knop "
            "(bijvoorbeeld *Hou me op de hoogte*).\n"
            "3. Zet vooraf je criterium op de testkaart: *we hebben gelijk als minstens 40 "
            "bezoekers op twee weken klikken*.\n"
            "4. Maak de pagina bekend aan de balie, in de nieuwsbrief en met een affiche met "
            "QR-code.\n"
            "5. Tel, en vul je leerkaart in, ook als het tegenvalt.\n\n"
            "## Valkuilen\n\n"
            "- Vraag geen persoonsgegevens als je ze niet nodig hebt.\n"
            "- Een klik is zwak bewijs: volg een geslaagde test op met een pilot."
        ),
        themes=("communicatie", "participatie"),
    ),
    Draft(
        kind=Article.Kind.NEWS,
        title="De winteroproep staat open",
        summary="Tot eind januari dienen lokale cultuurorganisaties hun digitale noden in. "
        "Nieuw: noden uit de ideeënbus gaan mee.",
        body=(
            "De winteroproep van Proeftuin is geopend. Bibliotheken, cultuurcentra, "
            "erfgoedcellen, academies en vrijetijdsdiensten uit de 285 Vlaamse gemeenten en de "
            "Nederlandstalige cultuurorganisaties in Brussel dienen hun **digitale noden** in: "
            "een probleem of een kans, nog geen oplossing.\n\n"
            "## Wat is nieuw?\n\n"
            "- Een idee dat je in de ideeënbus bewaarde, koppel je met één klik aan de oproep.\n"
            "- Herken je een uitdaging van een andere gemeente? Steun ze: zo zien we welke "
            "noden in veel gemeenten leven.\n\n"
            "De jury beslist in het voorjaar; de geselecteerde noden worden proefprojecten."
        ),
        themes=(),
    ),
    Draft(
        kind=Article.Kind.LESSON,
        title="Waarom we stopten met een eigen reservatieplatform voor kleine voorstellingen",
        summary="Ons vaste publiek bleef bellen, en het regionale ticketingsysteem kon het al. "
        "Stoppen was de beste beslissing, en dit is wat we leerden.",
        body=(
            "## Wat we dachten\n\n"
            "Ons publiek zou een plaats voor de kleine podiumvoorstellingen liever online "
            "vastleggen dan aan het toerismekantoor.\n\n"
            "## Wat we zagen\n\n"
            "In de gesprekken aan het toerismekantoor en bij twee voorstellingen met online "
            "voorinschrijving koos het vaste publiek, vooral 55-plussers, nog altijd voor de "
            "telefoon of de balie. Wat hen stoorde, was niet het reserveren maar de "
            "onzekerheid over de resterende plaatsen.\n\n"
            "## Wat we leerden\n\n"
            "- Kijk eerst wat er in de regio al bestaat: het ticketingsysteem van de stad kan "
            "ook kleine voorstellingen aan.\n"
            "- Het echte probleem was zichtbaarheid: een scherm met de resterende plaatsen "
            "lost meer op dan een nieuw platform.\n"
            "- Een hypothese die niet klopt, is ook een resultaat."
        ),
        themes=("ticketing",),
        project_need="Digitale plaatsreservering voor kleinschalige podiumvoorstellingen",
    ),
]


def load() -> None:
    coordinator = get_user_model().objects.filter(is_coordinator=True).order_by("pk").first()
    if coordinator is None:
        return
    existing = set(Article.objects.values_list("title", flat=True))
    for draft in ARTICLES:
        if draft.title in existing:
            continue
        projects = (
            Project.objects.filter(need__title=draft.project_need) if draft.project_need else []
        )
        article = services.save_article(
            article=None,
            data={
                "kind": draft.kind,
                "title": draft.title,
                "summary": draft.summary,
                "body": draft.body,
            },
            themes=Theme.objects.filter(slug__in=draft.themes),
            projects=projects,
            by=coordinator,
        )
        services.submit_article(article=article, by=coordinator)
        services.publish_article(article=article, by=coordinator)
