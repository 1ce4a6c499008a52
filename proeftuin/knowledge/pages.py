"""What the public project page shows: exactly the sections a coordinator approved
(`Project.public_sections`), each loaded only when it is shown, in a fixed number of
queries. Nothing personal beyond the names of team members who consented."""

from dataclasses import dataclass

from proeftuin.calls.models import Need
from proeftuin.canvases import pictures
from proeftuin.projects.models import Experiment, GateDecision, Learning, Project
from proeftuin.reports.documents import (
    ConsentingTeam,
    consenting_team,
    project_needs,
    team_memberships,
)

Section = Project.Section


@dataclass(frozen=True)
class PublicProject:
    """A section that is not public is None (not empty): the page leaves it out."""

    project: Project
    needs: list[Need] | None
    experiments: list[Experiment] | None
    learnings: list[Learning] | None
    gate_decisions: list[GateDecision] | None
    team: ConsentingTeam | None
    # The value proposition canvases and value streams (the canvases app), drawn.
    canvases: list[pictures.DrawnCanvas] | None
    value_streams: list[pictures.DrawnStream] | None


def public_project(project: Project) -> PublicProject:
    # Of the needs only those published as challenges, and on the page only what their
    # public challenge page shows.
    needs = (
        sorted(project_needs(project).challenges(), key=lambda need: need.pk != project.need_id)
        if project.shows(Section.SUMMARY)
        else None
    )
    experiments = (
        list(
            project.experiments.select_related("method", "hypothesis").order_by(
                "planned_start", "created_at", "pk"
            )
        )
        if project.shows(Section.EXPERIMENTS)
        else None
    )
    shows_learnings = project.shows(Section.LEARNINGS)
    learnings = (
        list(project.learnings.select_related("experiment").order_by("created_at", "pk"))
        if shows_learnings
        else None
    )
    gates = list(project.gate_decisions.order_by("decided_at", "pk")) if shows_learnings else None
    team = consenting_team(team_memberships(project)) if project.shows(Section.TEAM) else None
    shows_canvases = project.shows(Section.CANVASES)
    return PublicProject(
        project=project,
        needs=needs,
        experiments=experiments,
        learnings=learnings,
        gate_decisions=gates,
        team=team,
        canvases=pictures.drawn_canvases(project) if shows_canvases else None,
        value_streams=pictures.drawn_streams(project) if shows_canvases else None,
    )
