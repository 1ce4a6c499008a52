"""How published projects and their public learning cards become search documents
(`core.search`): only the sections a coordinator approved (`Project.shows`), no names."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from proeftuin.core.search import Doc, register_search, schedule_index

from .models import Experiment, Learning, Project

PROJECT = "project"
LEARNING = "learning"
Section = Project.Section


def _projects() -> Any:
    return (
        Project.objects.published()
        .prefetch_related(
            "need__themes",
            Prefetch("experiments", queryset=Experiment.objects.order_by("pk")),
            Prefetch(
                "learnings", queryset=Learning.objects.select_related("experiment").order_by("pk")
            ),
        )
        .order_by("pk")
    )


def _themes(project: Project) -> list[str]:
    return [theme.slug for theme in project.need.themes.all()]


def _project_document(project: Project) -> Doc:
    parts = []
    if project.shows(Section.SUMMARY):
        parts += [project.question, project.target_groups, project.summary]
    if project.shows(Section.EXPERIMENTS):
        parts += [experiment.title for experiment in project.experiments.all()]
    return Doc(
        key=str(project.pk),
        title=project.title,
        body=" · ".join(part for part in parts if part),
        url=reverse("knowledge:project", args=[project.pk]),
        themes=_themes(project),
        published_at=project.published_at,
    )


def _learning_title(project: Project, learning: Learning) -> str:
    # The experiment's title only where the public page shows the experiments.
    if learning.experiment and project.shows(Section.EXPERIMENTS):
        return gettext("Leerkaart: %(project)s, bij %(experiment)s") % {
            "project": project.title,
            "experiment": learning.experiment.title,
        }
    return gettext("Leerkaart: %(project)s") % {"project": project.title}


def _learning_document(project: Project, learning: Learning) -> Doc:
    parts = [learning.observation, learning.insight, learning.actions]
    return Doc(
        key=str(learning.pk),
        title=_learning_title(project, learning),
        body=" · ".join(part for part in parts if part),
        url=reverse("knowledge:project", args=[project.pk]) + f"#leerkaart-{learning.pk}",
        themes=_themes(project),
        published_at=project.published_at,
    )


def project_document(project: Project) -> Doc | None:
    current = _projects().filter(pk=project.pk).first()
    return _project_document(current) if current else None


def learning_document(learning: Learning) -> Doc | None:
    """A learning card is public only while its project shows its learnings."""
    project = _projects().filter(pk=learning.project_id).first()
    if project is None or not project.shows(Section.LEARNINGS):
        return None
    return _learning_document(project, learning)


def _all_projects() -> Iterator[Doc]:
    for project in _projects().iterator(chunk_size=200):
        yield _project_document(project)


def _all_learnings() -> Iterator[Doc]:
    for project in _projects().iterator(chunk_size=200):
        if project.shows(Section.LEARNINGS):
            for learning in project.learnings.all():
                yield _learning_document(project, learning)


def register() -> None:
    register_search(
        PROJECT, gettext_lazy("Proefprojecten"), _all_projects, document_for=project_document
    )
    register_search(
        LEARNING, gettext_lazy("Leerkaarten"), _all_learnings, document_for=learning_document
    )


def schedule(project: Project) -> None:
    """Bring the project's document and those of its learning cards up to date after the
    commit (a publication approved or narrowed changes what they may show)."""
    schedule_index(PROJECT, project)
    for learning in project.learnings.all():
        schedule_index(LEARNING, learning)


def schedule_learning(learning: Learning) -> None:
    """Index a new learning card after the commit when its project shows its learnings
    (otherwise it stays out until a coordinator approves them: `schedule`)."""
    if learning.project.shows(Section.LEARNINGS):
        schedule_index(LEARNING, learning)
