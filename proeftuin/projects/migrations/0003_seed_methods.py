"""The experiment-method library the programme starts with; coordinators maintain it from
then on."""

from django.db import migrations

# name, slug, category, typical cost (euro), typical duration (days), evidence strength,
# description
METHODS = [
    ("Interview", "interview", "discovery", 0, 14, 1,
     "Een-op-een gesprekken met burgers uit de doelgroep over hun ervaringen, zonder oplossing te tonen. Sterk om te ontdekken wat mensen proberen te doen en wat hen hindert; zwak als bewijs, want wat mensen zeggen is niet wat ze doen."),
    ("Enquête", "enquete", "discovery", 100, 21, 2,
     "Een korte vragenlijst voor een grotere groep, bijvoorbeeld via de nieuwsbrief of een QR-code aan de balie. Toont hoe vaak iets voorkomt; stel gesloten vragen en meet met een schaal."),
    ("Observatie", "observatie", "discovery", 0, 7, 2,
     "Kijken hoe bezoekers het vandaag echt doen: aan de balie, aan de zelfscan, bij de inschrijving. Noteer wat ze doen, niet wat je denkt dat ze bedoelen."),
    ("Dagboekstudie", "dagboekstudie", "discovery", 200, 21, 2,
     "Deelnemers houden een paar weken bij wanneer ze iets nodig hebben en hoe ze het oplossen. Brengt momenten aan het licht die in een interview vergeten worden."),
    ("Zoekwoordenonderzoek", "zoekwoordenonderzoek", "discovery", 0, 3, 2,
     "Nagaan waarop mensen zoeken (zoekmachine, eigen website, catalogus) om te zien of de nood bestaat en in welke woorden burgers hem beschrijven."),
    ("Papieren prototype", "papieren-prototype", "validation", 50, 7, 2,
     "Schetsen op papier van schermen of folders die je samen met burgers doorloopt. Goedkoop en snel om te zien of het idee begrepen wordt."),
    ("Klikbaar prototype", "klikbaar-prototype", "validation", 500, 14, 3,
     "Een prototype dat eruitziet als het echte ding, maar niets achter de schermen doet. Meet of burgers hun taak zonder hulp afronden."),
    ("Landingspagina", "landingspagina", "validation", 200, 14, 3,
     "Een webpagina die de dienst aankondigt met een duidelijke oproep (inschrijven, reserveren). Het aantal bezoekers dat klikt of zich inschrijft toont echte interesse."),
    ("Uitlegvideo", "uitlegvideo", "validation", 300, 10, 3,
     "Een korte video die toont hoe de dienst zou werken, gedeeld via de kanalen van de gemeente. Meet kijkers, reacties en inschrijvingen."),
    ("Wizard of Oz", "wizard-of-oz", "validation", 300, 21, 4,
     "Burgers gebruiken wat een geautomatiseerde dienst lijkt, maar achter de schermen doet een medewerker het werk met de hand. Toont of mensen het echt gebruiken voor er iets gebouwd wordt."),
    ("Concierge", "concierge", "validation", 200, 21, 4,
     "De dienst wordt volledig met de hand en zichtbaar persoonlijk geleverd aan een kleine groep. Leert wat er echt nodig is om waarde te leveren."),
    ("Voorverkoop of voorinschrijving", "voorinschrijving", "validation", 100, 21, 4,
     "Burgers of organisaties engageren zich vooraf (inschrijving, reservatie, intentieverklaring). Een engagement weegt zwaarder dan een mening."),
    ("A/B-test", "ab-test", "validation", 300, 28, 4,
     "Twee versies (van een pagina, een brief, een affiche) willekeurig aan twee groepen tonen en het verschil meten. Vraagt genoeg bezoekers voor een betrouwbaar resultaat."),
    ("Pop-up", "pop-up", "validation", 1000, 14, 4,
     "Een tijdelijke, echte versie van de dienst op één plek (de bibliotheek, het cultuurcentrum, de markt). Meet gebruik en vraag meteen door."),
    ("Pilot", "pilot", "validation", 5000, 90, 5,
     "De dienst draait een afgebakende periode echt, met echte gebruikers, in een of meer proeftuinen. Het sterkste bewijs, en het duurste: doe het pas als het goedkopere bewijs er is."),
    ("Kostenvergelijking", "kostenvergelijking", "validation", 0, 10, 3,
     "De kosten van vandaag (tijd van medewerkers, licenties, drukwerk) naast die van de nieuwe aanpak zetten, met cijfers uit de proeftuinen. Voor hypothesen over levensvatbaarheid."),
    ("Technische spike", "technische-spike", "validation", 1000, 10, 3,
     "Een kleine, weggooibare technische proef om te zien of iets kan: een koppeling met het bibliotheeksysteem, een open-data-bron, een betaalmodule. Voor hypothesen over haalbaarheid."),
]


def seed(apps, schema_editor):
    Method = apps.get_model("projects", "Method")
    for name, slug, category, cost, days, strength, description in METHODS:
        Method.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "typical_cost_eur": cost,
                "typical_duration_days": days,
                "evidence_strength": strength,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_lean_workspace")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
