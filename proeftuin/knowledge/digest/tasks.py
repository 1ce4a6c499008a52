from django.tasks import task

from . import services


@task
def send_edition(edition_id: int) -> int:
    return services.send_edition(edition_id)


@task
def prepare_edition() -> bool:
    """Daily: put an edition ready when one is due (a coordinator sends it), and forget
    addresses that never confirmed."""
    services.discard_unconfirmed()
    return services.prepare_edition() is not None
