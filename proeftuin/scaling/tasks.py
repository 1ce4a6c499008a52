"""Background work of scaling: thin wrappers around the services."""

from django.tasks import task

from . import services_feedback, surveys


@task
def send_release_mails(release_id: int) -> int:
    return services_feedback.send_release_mails(release_id)


@task
def send_surveys() -> int:
    return surveys.send_surveys()
