"""Reach (DESIGN.md, "Innovation accounting"): the distinct municipalities and provinces
that took part, against the 285 Flemish municipalities, with the 19 of Brussels beside them
(Brussels is a region, not a province). One query, grouped by region, province and the
ways a municipality took part; the sums over those few groups are added up here.

- submitted: a municipality of an organisation that submitted one of the selected needs (an
  intergemeentelijke samenwerking counts for each of its municipalities);
- supported: of an organisation that supports one of them now (not withdrawn);
- tested: a test site of one of the selected projects;
- adopted: with an active adoption of a service of the selected projects (without filters:
  of any service);
- at least one of these four ways, each municipality once."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from proeftuin.calls.models import Support
from proeftuin.organisations.models import Municipality, Organisation
from proeftuin.projects.models import TestSite
from proeftuin.scaling.models import Adoption

from ..charts import BarChart, bar_chart
from ..filters import Filters
from ..tables import Table


@dataclass(frozen=True)
class Reach:
    label: str
    flemish: int
    brussels: int
    provinces: int


@dataclass(frozen=True)
class ReachFigures:
    rows: list[Reach]
    flemish_total: int
    brussels_total: int
    provinces_total: int
    chart: BarChart
    tables: list[Table]


@dataclass
class _Tally:
    """Municipalities of the groups added, by region, and the Flemish provinces among them."""

    flemish: int = 0
    brussels: int = 0
    provinces: set[str] = field(default_factory=set)

    def add(self, group: dict[str, Any]) -> None:
        if group["region"] == Municipality.Region.FLANDERS:
            self.flemish += group["n"]
            self.provinces.add(group["province"])
        else:
            self.brussels += group["n"]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _places_of(organisations: QuerySet[Any]) -> QuerySet[Any]:
    """The municipalities of these organisations (an intergemeentelijke samenwerking: each
    of them)."""
    return Organisation.municipalities.through.objects.filter(
        organisation__in=organisations
    ).values("municipality_id")


def compute(filters: Filters) -> ReachFigures:
    needs = filters.needs()
    # Each way of taking part is a set of municipalities from a subquery that does not
    # depend on the municipality: the database computes it once (a correlated EXISTS per
    # municipality took seconds on PostgreSQL with filters).
    groups = {
        _("Nood ingediend"): _places_of(needs.values("organisation_id")),
        _("Uitdaging gesteund"): _places_of(
            Support.objects.active().filter(need__in=needs.values("pk")).values("organisation_id")
        ),
        _("Getest als proeftuin"): TestSite.objects.filter(
            project__in=filters.projects().values("pk")
        ).values("municipality_id"),
        _("Dienst in gebruik"): Adoption.objects.filter(
            state=Adoption.State.ACTIVE, service__in=filters.services().values("pk")
        ).values("municipality_id"),
    }
    # Grouped by region, province and the four answers: at most a few dozen groups.
    flags = {
        f"g{i}": ExpressionWrapper(Q(pk__in=places), output_field=BooleanField())
        for i, places in enumerate(groups.values())
    }
    combinations = (
        Municipality.objects.annotate(**flags)
        .values("region", "province", *flags)
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = [*groups, _("Minstens één manier")]
    tallies = [_Tally() for _ in labels]
    everything = _Tally()
    for combination in combinations:
        answers = [bool(combination[flag]) for flag in flags]
        for tally, counted in zip(tallies, [*answers, any(answers)], strict=True):
            if counted:
                tally.add(combination)
        everything.add(combination)
    rows = [
        Reach(label, tally.flemish, tally.brussels, len(tally.provinces))
        for label, tally in zip(labels, tallies, strict=True)
    ]
    flemish, brussels, provinces = (
        everything.flemish,
        everything.brussels,
        len(everything.provinces),
    )
    items: list[tuple[str, float, str]] = []
    for row in rows:
        items.append(
            (
                _("%(label)s — Vlaanderen") % {"label": row.label},
                _percent(row.flemish, flemish),
                _("%(n)s van %(total)s (%(percent)s %%)")
                % {"n": row.flemish, "total": flemish, "percent": _percent(row.flemish, flemish)},
            )
        )
        items.append(
            (
                _("%(label)s — Brussel") % {"label": row.label},
                _percent(row.brussels, brussels),
                _("%(n)s van %(total)s (%(percent)s %%)")
                % {
                    "n": row.brussels,
                    "total": brussels,
                    "percent": _percent(row.brussels, brussels),
                },
            )
        )
    table = Table(
        key="bereik",
        caption=_("Gemeenten en provincies die deelnamen"),
        headers=[
            _("Deelname"),
            _("Vlaamse gemeenten (van %(total)s)") % {"total": flemish},
            _("Aandeel Vlaamse gemeenten"),
            _("Vlaamse provincies (van %(total)s)") % {"total": provinces},
            _("Brusselse gemeenten (van %(total)s)") % {"total": brussels},
        ],
        rows=[
            [
                row.label,
                row.flemish,
                f"{_percent(row.flemish, flemish)} %",
                row.provinces,
                row.brussels,
            ]
            for row in rows
        ],
    )
    chart = bar_chart(
        "reach",
        _("Aandeel Vlaamse en Brusselse gemeenten dat deelnam, per manier van deelnemen"),
        _(
            "Per manier van deelnemen een balk voor het aandeel van de Vlaamse gemeenten en een "
            "voor dat van de Brusselse; de tabel eronder geeft dezelfde aantallen."
        ),
        items,
        scale_to=100,
        alternate=True,
    )
    return ReachFigures(
        rows=rows,
        flemish_total=flemish,
        brussels_total=brussels,
        provinces_total=provinces,
        chart=chart,
        tables=[table],
    )
