"""Signed links of the digest. A link carries the subscriber's random key (not the
address) and is signed with SECRET_KEY, so it can be neither guessed nor altered."""

from django.core import signing
from django.utils.translation import gettext

from proeftuin.core.errors import DomainError

CONFIRM_SALT = "knowledge.digest.confirm"
UNSUBSCRIBE_SALT = "knowledge.digest.unsubscribe"
# A confirmation link works for a week; an unsubscribe link forever.
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


def confirmation(key: str, theme_ids: list[int]) -> str:
    """The themes travel in the signed link: an address's themes change only when its
    owner confirms them."""
    return signing.dumps({"k": key, "t": theme_ids}, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> tuple[str, list[int]]:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise DomainError(
            gettext("Deze bevestigingslink is verlopen. Schrijf je opnieuw in.")
        ) from error
    except signing.BadSignature as error:
        raise DomainError(
            gettext("Deze bevestigingslink is ongeldig. Kopieer de volledige link uit de e-mail.")
        ) from error
    return str(data["k"]), [int(pk) for pk in data["t"]]


def unsubscribe(key: str) -> str:
    return signing.dumps(key, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe(token: str) -> str:
    try:
        return str(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except signing.BadSignature as error:
        raise DomainError(
            gettext(
                "Deze afmeldlink is ongeldig of gewijzigd. Gebruik de volledige link uit de "
                "laatste nieuwsbrief."
            )
        ) from error
