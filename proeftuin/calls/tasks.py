from django.tasks import task

from . import services


@task
def announce_opened_calls() -> int:
    return services.announce_opened_calls()


@task
def send_support_summaries() -> int:
    return services.send_support_summaries()


@task
def validate_import(batch_id: int) -> int:
    return services.validate_import(batch_id).total


@task
def import_needs(batch_id: int) -> int:
    return services.import_needs(batch_id).processed
