from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class BrokenSmtpBackend(BaseEmailBackend):
    """A mail server that refuses every message, as an unreachable SMTP host would."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("smtp.example.be:587 weigert de verbinding")
