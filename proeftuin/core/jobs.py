from .scheduler import register_job
from .tasks import (
    erase_expired_data,
    rebuild_search_index,
    requeue_abandoned_tasks,
    retry_outbox,
    send_daily_summaries,
    worker_heartbeat,
)

register_job("core.retry_outbox", every_seconds=5 * 60, task=retry_outbox)
register_job("core.daily_summaries", every_seconds=24 * 60 * 60, task=send_daily_summaries)
register_job("core.rebuild_search_index", every_seconds=24 * 60 * 60, task=rebuild_search_index)
register_job("core.worker_heartbeat", every_seconds=60, task=worker_heartbeat)
register_job("core.retention", every_seconds=24 * 60 * 60, task=erase_expired_data)
register_job("core.requeue_abandoned_tasks", every_seconds=60, task=requeue_abandoned_tasks)
