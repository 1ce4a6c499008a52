"""Fetching an experiment's form for a person: the project's team and coordinators see it,
anyone else gets a 404 (through the projects' own helper)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404

from proeftuin.projects.models import Experiment, Project
from proeftuin.projects.views.base import get_project_for_user_or_404

from ..models import ParticipationForm


@dataclass(frozen=True)
class Place:
    """Where a team page is: the project, the experiment, and (for a form's pages) the form."""

    project: Project
    experiment: Experiment
    survey: ParticipationForm | None = None


def get_experiment_for_user_or_404(user: Any, pk: int, exp_pk: int) -> Place:
    project = get_project_for_user_or_404(user, pk)
    experiment = get_object_or_404(
        Experiment.objects.select_related("hypothesis"), pk=exp_pk, project=project
    )
    experiment.project = project
    return Place(project=project, experiment=experiment)


def get_form_for_user_or_404(user: Any, pk: int, form_pk: int) -> Place:
    project = get_project_for_user_or_404(user, pk)
    survey = get_object_or_404(
        ParticipationForm, pk=form_pk, owner_type=ContentType.objects.get_for_model(Experiment)
    )
    experiment = get_object_or_404(
        Experiment.objects.select_related("hypothesis"), pk=survey.owner_id, project=project
    )
    experiment.project = project
    survey.owner = experiment
    return Place(project=project, experiment=experiment, survey=survey)
