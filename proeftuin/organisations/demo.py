from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from proeftuin.core.models import Theme
from proeftuin.organisations.management.commands.load_municipalities import load_municipalities
from proeftuin.organisations.models import Membership, Municipality, Organisation

DEMO_PASSWORD = "proeftuin-demo"  # noqa: S105 - demo accounts on a local machine only

THEMES = [
    ("ticketing", "Ticketing en reservaties", "Ticketing and reservations"),
    ("uitleen", "Uitleen en delen", "Lending and sharing"),
    ("zaalverhuur", "Zalen en infrastructuur", "Rooms and facilities"),
    ("vrijwilligers", "Vrijwilligers", "Volunteers"),
    ("erfgoed", "Erfgoed en collecties", "Heritage and collections"),
    ("communicatie", "Communicatie en publiek", "Communication and audiences"),
    ("participatie", "Participatie en inclusie", "Participation and inclusion"),
    ("data", "Data en opvolging", "Data and monitoring"),
]

ORGANISATIONS = [
    ("Bibliotheek Gent", Organisation.Kind.LIBRARY, ["44021"]),
    ("Cultuurcentrum Herentals", Organisation.Kind.CULTURAL_CENTRE, ["13011"]),
    ("Erfgoedcel Brugge", Organisation.Kind.HERITAGE_CELL, ["31005"]),
    ("Jeugddienst Ieper", Organisation.Kind.YOUTH_SERVICE, ["33011"]),
    ("Academie Hasselt", Organisation.Kind.ACADEMY, ["71072"]),
    ("Gemeenschapscentrum Anderlecht", Organisation.Kind.OTHER, ["21001"]),
    ("Cultuurregio Kempen", Organisation.Kind.INTERMUNICIPAL, ["13011", "13008", "13040"]),
]

# (e-mail, name, coordinator, [(organisation, role)])
PEOPLE = [
    ("coordinator@demo.proeftuin.be", "Chris Coördinator", True, []),
    ("beheerder@demo.proeftuin.be", "Ann Beheerder", False, [("Bibliotheek Gent", "admin")]),
    ("indiener@demo.proeftuin.be", "Ines Indiener", False, [("Bibliotheek Gent", "member")]),
    ("expert@demo.proeftuin.be", "Eva Expert", False, []),
    (
        "herentals@demo.proeftuin.be",
        "Hans Herentals",
        False,
        [("Cultuurcentrum Herentals", "admin")],
    ),
]


def load() -> None:
    """Municipalities, themes, a few organisations and the demo accounts."""
    load_municipalities()
    for slug, name, name_en in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})
    by_name = {}
    for name, kind, codes in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=f"demo-{slugify(name)}", defaults={"name": name, "kind": kind}
        )
        if created:
            organisation.municipalities.set(Municipality.objects.filter(nis_code__in=codes))
        by_name[name] = organisation
    users = get_user_model().objects
    for email, name, coordinator, memberships in PEOPLE:
        user = users.filter(email=email).first()
        if user is None:
            user = users.create_user(email, DEMO_PASSWORD, name=name, is_coordinator=coordinator)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        for org_name, role in memberships:
            Membership.objects.get_or_create(
                user=user,
                organisation=by_name[org_name],
                defaults={"role": role, "status": Membership.Status.ACTIVE},
            )
