from django.tasks import task

from . import services
from .models import ParticipationForm
from .owners import kind_of


@task
def responses_changed(form_id: int) -> None:
    """Tell the form's owner that its responses changed (an experiment computes its bound
    metric again)."""
    form = ParticipationForm.objects.filter(pk=form_id).first()
    if form is not None and form.owner is not None:
        kind_of(form.owner).responses_changed(form.owner)


@task
def erase_expired() -> int:
    return services.erase_expired()
