"""The dashboard's sections, in the order the page shows them. A section is a module with
`compute(filters) -> <frozen dataclass with .tables>` and a partial template that draws it;
adding one is a module and a line here."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..filters import Filters
from . import funnel, learning, reach


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    compute: Callable[[Filters], Any]
    template: str


SECTIONS: list[Section] = [
    Section("funnel", _("De trechter"), funnel.compute, "insights/partials/funnel.html"),
    Section("learning", _("Leren"), learning.compute, "insights/partials/learning.html"),
    Section("reach", _("Bereik"), reach.compute, "insights/partials/reach.html"),
]

# The sections made of counts only — no project, person or organisation named — which the
# public page "Proeftuin in cijfers" shows for the whole programme.
PUBLIC = ["funnel", "learning", "reach"]
