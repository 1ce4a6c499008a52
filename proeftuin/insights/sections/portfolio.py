"""The portfolio: every running project placed by its phase (the columns) and its evidence
(the rows), with the hypothesis it should test first.

Evidence is the number of kinds — desirability, feasibility, viability — with at least one
validated hypothesis (0 to 3): the evidence the scale rule asks for (`scaling.services.
readiness`), so the top right is the project ready to be evaluated for scaling. Beside it
the share of its hypotheses that are validated (retired ones left out, as the to-test list
leaves them out).

The riskiest untested hypothesis is the first untested one of the project's to-test list
(`HypothesisQuerySet.test_first`: most important, least evidence), a correlated subquery,
so the whole portfolio is two queries: the projects and the counts per cell.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proeftuin.projects.models import Hypothesis, Project

from ..filters import Filters
from ..tables import Table

KINDS = len(Hypothesis.Kind.values)
# The grid's geometry, in px.
LABEL_W = 215
COLUMN_W = 150
ROW_H = 78
TOP = 34
DOT_R = 10
DOTS_PER_LINE = 5
DOT_LINES = 2
MAX_DOTS = DOTS_PER_LINE * DOT_LINES


@dataclass(frozen=True)
class Placed:
    """A running project in the grid; `number` is its row in the table (and on its dot)."""

    pk: int
    number: int
    title: str
    phase: str
    phase_label: str
    evidence: int
    validated: int
    hypotheses: int
    riskiest: str
    riskiest_importance: int | None
    x: float | None  # its dot; None when its cell shows "+ n" instead
    y: float | None


@dataclass(frozen=True)
class Cell:
    phase: str
    evidence: int
    count: int
    x: float
    y: float
    more: int  # projects without a dot of their own in this cell

    @property
    def width(self) -> int:
        return COLUMN_W

    @property
    def height(self) -> int:
        return ROW_H

    @property
    def more_x(self) -> float:
        return self.x + COLUMN_W - 8

    @property
    def more_y(self) -> float:
        return self.y + ROW_H - 8


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Portfolio:
    projects: list[Placed]
    cells: list[Cell]
    columns: list[Label]
    rows: list[Label]
    width: int
    height: int
    tables: list[Table]

    @property
    def grid_x(self) -> int:
        return LABEL_W

    @property
    def grid_w(self) -> int:
        return COLUMN_W * len(Project.PHASE_ORDER)

    @property
    def grid_y(self) -> int:
        return TOP

    @property
    def grid_h(self) -> int:
        return ROW_H * (KINDS + 1)

    @property
    def dot_r(self) -> int:
        return DOT_R


def _count(queryset: QuerySet[Hypothesis], field: str = "pk", distinct: bool = False) -> Coalesce:
    counted = (
        queryset.order_by()
        .values("project")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def running_projects(filters: Filters) -> QuerySet[Project]:
    """The running projects of the filters, each with its evidence, its counts and its
    riskiest untested hypothesis, in the grid's order."""
    own = Hypothesis.objects.filter(project=OuterRef("pk"), retired_at__isnull=True)
    validated = own.filter(status=Hypothesis.Status.VALIDATED)
    riskiest = own.filter(status=Hypothesis.Status.UNTESTED).test_first()
    phase_rank = Case(
        *(When(phase=phase, then=Value(n)) for n, phase in enumerate(Project.PHASE_ORDER)),
        output_field=IntegerField(),
    )
    return (
        filters.projects()
        .filter(outcome=Project.Outcome.RUNNING)
        .annotate(
            phase_rank=phase_rank,
            evidence_kinds=_count(validated, "kind", distinct=True),
            validated_count=_count(validated),
            hypothesis_count=_count(own),
            riskiest=Subquery(riskiest.values("statement")[:1]),
            riskiest_importance=Subquery(riskiest.values("importance")[:1]),
        )
        .order_by("phase_rank", "-evidence_kinds", "title", "pk")
    )


def _cell_origin(phase: str, evidence: int) -> tuple[float, float]:
    column = Project.PHASE_ORDER.index(Project.Phase(phase))
    return LABEL_W + column * COLUMN_W, TOP + (KINDS - evidence) * ROW_H


def compute(filters: Filters) -> Portfolio:
    projects = running_projects(filters)
    listed = projects.annotate(
        # Its place among the projects of its cell, for its dot.
        in_cell=Window(
            RowNumber(), partition_by=["phase", "evidence_kinds"], order_by=["title", "pk"]
        )
    ).values(
        "pk",
        "title",
        "phase",
        "evidence_kinds",
        "validated_count",
        "hypothesis_count",
        "riskiest",
        "riskiest_importance",
        "in_cell",
    )
    counts = {
        (row["phase"], row["kinds"]): row["n"]
        for row in projects.order_by()
        .values("phase", kinds=F("evidence_kinds"))
        .annotate(n=Count("pk"))
    }
    phase_labels = dict(Project.Phase.choices)
    placed = []
    for number, row in enumerate(listed, start=1):
        x, y = _cell_origin(row["phase"], row["evidence_kinds"])
        index = row["in_cell"] - 1
        # A full cell keeps its last dot's place for "+ n".
        full = counts[(row["phase"], row["evidence_kinds"])] > MAX_DOTS
        has_dot = index < (MAX_DOTS - 1 if full else MAX_DOTS)
        line, column = divmod(index, DOTS_PER_LINE)
        placed.append(
            Placed(
                pk=row["pk"],
                number=number,
                title=row["title"],
                phase=row["phase"],
                phase_label=str(phase_labels[row["phase"]]),
                evidence=row["evidence_kinds"],
                validated=row["validated_count"],
                hypotheses=row["hypothesis_count"],
                riskiest=row["riskiest"] or "",
                riskiest_importance=row["riskiest_importance"],
                x=x + 8 + DOT_R + column * (2 * DOT_R + 6) if has_dot else None,
                y=y + 10 + DOT_R + line * (2 * DOT_R + 6) if has_dot else None,
            )
        )
    cells = []
    # Every cell, the empty ones too, so the grid shows its rows and columns.
    for phase in Project.PHASE_ORDER:
        for evidence in range(KINDS + 1):
            count = counts.get((phase, evidence), 0)
            x, y = _cell_origin(phase, evidence)
            more = count - (MAX_DOTS - 1) if count > MAX_DOTS else 0
            cells.append(Cell(phase, evidence, count, x, y, more))
    columns = [
        Label(LABEL_W + (n + 0.5) * COLUMN_W, TOP - 12, str(phase_labels[phase]))
        for n, phase in enumerate(Project.PHASE_ORDER)
    ]
    rows = [
        Label(LABEL_W - 10, TOP + (KINDS - evidence + 0.5) * ROW_H + 5, _evidence_label(evidence))
        for evidence in range(KINDS, -1, -1)
    ]
    return Portfolio(
        projects=placed,
        cells=cells,
        columns=columns,
        rows=rows,
        width=LABEL_W + COLUMN_W * len(Project.PHASE_ORDER) + 8,
        height=TOP + ROW_H * (KINDS + 1) + 8,
        tables=_tables(placed, counts),
    )


def _evidence_label(evidence: int) -> str:
    return ngettext(
        "%(n)s van 3 soorten gevalideerd", "%(n)s van 3 soorten gevalideerd", evidence
    ) % {"n": evidence}


def _tables(placed: list[Placed], counts: dict[tuple[str, int], int]) -> list[Table]:
    phases = Project.PHASE_ORDER
    labels = dict(Project.Phase.choices)
    grid = Table(
        key="portefeuille",
        caption=_("Lopende projecten per fase en bewijs"),
        headers=[_("Bewijs"), *(str(labels[phase]) for phase in phases)],
        rows=[
            [_evidence_label(evidence), *(counts.get((phase, evidence), 0) for phase in phases)]
            for evidence in range(KINDS, -1, -1)
        ],
    )
    listing = Table(
        key="portefeuille-projecten",
        caption=_("Lopende projecten met hun riskantste niet-geteste hypothese"),
        headers=[
            _("Nr."),
            _("Project"),
            _("Fase"),
            _("Soorten gevalideerd (van 3)"),
            _("Gevalideerde hypothesen"),
            _("Hypothesen"),
            _("Riskantste niet-geteste hypothese"),
            _("Belang (1 tot 5)"),
        ],
        rows=[
            [
                p.number,
                p.title,
                p.phase_label,
                p.evidence,
                p.validated,
                p.hypotheses,
                p.riskiest,
                "" if p.riskiest_importance is None else p.riskiest_importance,
            ]
            for p in placed
        ],
    )
    return [grid, listing]
