"""The signed link in a release e-mail that turns those e-mails off. It carries the
adoption's number, signed with SECRET_KEY: it can be neither guessed nor altered, and it
works for as long as the adoption exists."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext

from proeftuin.core.errors import DomainError

RELEASE_OPT_OUT_SALT = "scaling.release_mails_off"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def release_opt_out(adoption_id: int) -> str:
    return signing.dumps(adoption_id, salt=RELEASE_OPT_OUT_SALT)


def read_release_opt_out(token: str) -> int:
    try:
        return int(signing.loads(token, salt=RELEASE_OPT_OUT_SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise DomainError(
            gettext(
                "Deze link is ongeldig of gewijzigd. Gebruik de volledige link uit de laatste "
                "e-mail over de dienst."
            )
        ) from error
