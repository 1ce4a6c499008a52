"""How long the platform keeps what it keeps only to work, enforced each night (the
`core.retention` job). docs/privacy.md lists these periods in the register of personal
data, and a test holds the two together.

What people contribute (needs, reviews, project work) is kept for as long as the programme's
history is; these are the traces of running the platform:
- sign-in sessions: deleted once expired (Django keeps expired rows until something
  removes them);
- e-mails in the outbox (address, subject, body): deleted `OUTBOX_DAYS` after they were
  queued, once sent or given up on — long enough to answer "did I get that e-mail?";
- notifications: deleted after `NOTIFICATION_DAYS`;
- finished background tasks (their arguments and errors): deleted after `TASK_RESULT_DAYS`.
"""

from datetime import datetime, timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Notification, OutboxMessage

OUTBOX_DAYS = 90
NOTIFICATION_DAYS = 365
TASK_RESULT_DAYS = 30


def erase_expired(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its retention period; returns how many rows of each kind."""
    now = now or timezone.now()
    return {
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        "outbox": OutboxMessage.objects.filter(
            status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED],
            created_at__lt=now - timedelta(days=OUTBOX_DAYS),
        ).delete()[0],
        "notifications": Notification.objects.filter(
            created_at__lt=now - timedelta(days=NOTIFICATION_DAYS)
        ).delete()[0],
        "task_results": DBTaskResult.objects.finished()
        .filter(finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS))
        .delete()[0],
    }
