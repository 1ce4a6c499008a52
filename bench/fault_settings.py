"""Settings of the processes `bench/faults.py` starts: the load run's (production settings
plus the floor), with a mail server that is slow and keeps a log of what it accepted.

The slowness gives the worker something to be killed in the middle of; the log, one line
per message accepted, lets the run count how often each outbox row reached the server.
"""

import os
import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from bench.settings import *  # noqa: F403 - the load run's settings, unchanged

MAILERS = {"default": {"BACKEND": "bench.fault_settings.SlowLoggingBackend"}}


class SlowLoggingBackend(BaseEmailBackend):
    """Takes FAULTS_MAIL_SECONDS per message, then appends "recipient<TAB>subject" to the
    file FAULTS_MAIL_LOG names."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        log = os.environ["FAULTS_MAIL_LOG"]
        for message in email_messages:
            time.sleep(float(os.environ.get("FAULTS_MAIL_SECONDS", "0.3")))
            with open(log, "a") as accepted:
                accepted.write(f"{','.join(message.to)}\t{message.subject}\n")
        return len(email_messages)
