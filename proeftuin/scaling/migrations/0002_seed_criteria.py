"""The scorecard's criteria the programme starts with; coordinators maintain them from then
on."""

from django.db import migrations

# name, weight, description
CRITERIA = [
    ("Vraag in andere gemeenten", 3, "Leeft dezelfde nood in andere gemeenten, en tonen ze al interesse?"),
    ("Overdraagbaarheid (technisch)", 2, "Werkt de oplossing met de systemen die andere gemeenten gebruiken, zonder maatwerk?"),
    ("Overdraagbaarheid (organisatorisch)", 2, "Kan een andere gemeente het met haar eigen mensen en werkwijze overnemen?"),
    ("Kost per gemeente", 2, "Is de kost per gemeente draaglijk, ook voor een kleine gemeente?"),
    ("Bewijs van waarde", 3, "Tonen de experimenten dat burgers er echt beter van worden?"),
    ("Eigenaarschap en duurzaamheid", 2, "Wie beheert de dienst na het project, en is de financiering verzekerd?"),
    ("Privacy en juridisch", 2, "Zijn de verwerking van persoonsgegevens, de overeenkomsten en de aanbesteding in orde?"),
    ("Toegankelijkheid", 2, "Kan iedereen de dienst gebruiken, ook wie minder digitaal vaardig is of een beperking heeft?"),
]


def seed(apps, schema_editor):
    ScaleCriterion = apps.get_model("scaling", "ScaleCriterion")
    for position, (name, weight, description) in enumerate(CRITERIA, start=1):
        ScaleCriterion.objects.get_or_create(
            name=name,
            defaults={"weight": weight, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("scaling", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
