from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation

from proeftuin.core.mail import queue_rendered_mail

from .models import User


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates call `current_site` (we run without contrib.sites)."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account mails (verification, password reset) go through the outbox too, in the
        recipient's language when we know them."""
        user = User.objects.filter(email__iexact=email).first()
        language = user.language if user else translation.get_language() or settings.LANGUAGE_CODE
        # allauth's own send_mail adds these; its templates greet with the site's name
        # ("Hallo van Proeftuin!") and end with its domain.
        request = allauth_context.request
        domain = request.get_host() if request else urlsplit(settings.SITE_URL).netloc
        context = {
            "request": request,
            "email": email,
            "current_site": MailSite(name="Proeftuin", domain=domain),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_rendered_mail(
            to=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=str(html),
            language=language,
            user=user,
            kind=f"account.{template_prefix.rsplit('/', 1)[-1]}",
        )
