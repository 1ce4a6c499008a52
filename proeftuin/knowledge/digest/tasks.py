from django.tasks import task

from . import services
from .models import Edition


@task
def send_edition(edition_id: int) -> int:
    return services.send_edition(edition_id)


@task
def prepare_edition() -> bool:
    """Daily: put an edition ready when one is due (a coordinator sends it), resume an
    edition whose sending task died (its deliveries say who has theirs already), and
    forget addresses that never confirmed."""
    services.discard_unconfirmed()
    for edition_id in Edition.objects.filter(status=Edition.Status.SENDING).values_list(
        "pk", flat=True
    ):
        send_edition.enqueue(edition_id)
    return services.prepare_edition() is not None
