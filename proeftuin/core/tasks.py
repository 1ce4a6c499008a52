from django.tasks import task

from . import health, mail, notifications, retention, workers


@task
def send_outbox_message(message_id: int) -> bool:
    return mail.deliver(message_id)


@task
def retry_outbox() -> int:
    """Re-send rows whose first task was lost (worker down, crash mid-send)."""
    count = 0
    for message_id in mail.pending_ids():
        count += mail.deliver(message_id)
    return count


@task
def send_daily_summaries() -> int:
    return notifications.send_daily_summaries()


@task
def reindex_search_object(kind: str, model_label: str, pk: int | str) -> bool:
    """Store or remove one object's search document (see `core.search.schedule_index`)."""
    from . import search

    return search.reindex_by_label(kind, model_label, pk)


@task
def rebuild_search_index() -> int:
    """The whole index again: a nightly safety net for changes no service scheduled (a
    learning card added to a project that already shows its learnings)."""
    from . import search

    return search.rebuild_index()


@task
def worker_heartbeat() -> None:
    """Run by the worker each minute: that it ran is the heartbeat `/health` looks for."""
    health.record_heartbeat()


@task
def erase_expired_data() -> dict[str, int]:
    """The nightly retention run (see `core.retention`)."""
    return retention.erase_expired()


@task
def requeue_abandoned_tasks() -> int:
    """Run again the tasks of workers that died in the middle (see `core.workers`)."""
    return workers.requeue_abandoned_tasks()
