from django.tasks import task

from . import services


@task
def send_review_reminders() -> int:
    return services.send_review_reminders()
