"""The dashboard's sections, in the order the page shows them. A section is a module with
`compute(filters) -> <frozen dataclass with .tables>` and a partial template that draws it;
adding one is a module and a line here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..filters import Filters
from . import costs, flow, funnel, learning, portfolio, reach, services


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    compute: Callable[[Filters], Any]
    template: str


SECTIONS: list[Section] = [
    Section("funnel", _("De trechter"), funnel.compute, "insights/partials/funnel.html"),
    Section(
        "flow", _("De waardestroom van het programma"), flow.compute, "insights/partials/flow.html"
    ),
    Section("learning", _("Leren"), learning.compute, "insights/partials/learning.html"),
    Section(
        "portfolio", _("De portefeuille"), portfolio.compute, "insights/partials/portfolio.html"
    ),
    Section("reach", _("Bereik"), reach.compute, "insights/partials/reach.html"),
    Section("costs", _("Kosten"), costs.compute, "insights/partials/costs.html"),
    Section("services", _("Diensten"), services.compute, "insights/partials/services.html"),
]

# The sections made of counts only — no project, person or organisation named — which the
# public page "Proeftuin in cijfers" shows for the whole programme.
PUBLIC = ["funnel", "learning", "reach"]
