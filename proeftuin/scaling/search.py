"""How services become search documents (`core.search`): every service that is not retired,
its public description only (the contacts of adoptions never)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from proeftuin.core.search import Doc, register_search, schedule_index

from .models import Service

SERVICE = "service"


def service_document(service: Service) -> Doc | None:
    if service.state == Service.State.RETIRED:
        return None
    return Doc(
        key=str(service.pk),
        title=service.name,
        body="\n".join([service.summary, service.offer, service.conditions, service.how_to_start]),
        url=reverse("scaling:service", args=[service.slug]),
        published_at=service.created_at,
    )


def _all() -> Iterator[Doc | None]:
    for service in Service.objects.public().order_by("pk").iterator(chunk_size=200):
        yield service_document(service)


def register() -> None:
    register_search(SERVICE, gettext_lazy("Diensten"), _all, document_for=service_document)


def schedule(service: Service) -> None:
    schedule_index(SERVICE, service)
