"""The budget warning on every page of a project's workspace."""

from typing import Any

from django import template

from ..models import Project

register = template.Library()


@register.inclusion_tag("projects/budgets/warning.html", takes_context=True)
def budget_warning(context: Any, project: Project) -> dict[str, Any]:
    """The highest threshold (80, 100) the project's spending is past, from the warnings
    recorded when it crossed them (`services.budgets.check_budget_thresholds`): one query."""
    warning = (
        project.budget_warnings.order_by("-threshold").values_list("threshold", flat=True).first()
    )
    return {"warning": warning, "project": project, "request": context.get("request")}
