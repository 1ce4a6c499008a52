"""Reach (DESIGN.md, "Innovation accounting"): the distinct municipalities and provinces
that took part, against the 285 Flemish municipalities, with the 19 of Brussels beside them
(Brussels is a region, not a province). Six queries.

- submitted: a municipality of an organisation that submitted one of the selected needs (an
  intergemeentelijke samenwerking counts for each of its municipalities);
- supported: of an organisation that supports one of them now (not withdrawn);
- tested: a test site of one of the selected projects;
- adopted: with an active adoption of a service of the selected projects (without filters:
  of any service);
- any of these four, each municipality once."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from proeftuin.calls.models import Support
from proeftuin.organisations.models import Municipality
from proeftuin.projects.models import TestSite
from proeftuin.scaling.models import Adoption

from ..charts import BarChart, bar_chart
from ..filters import Filters
from ..tables import Table

FLANDERS = Q(region=Municipality.Region.FLANDERS)
BRUSSELS = Q(region=Municipality.Region.BRUSSELS)


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


def _count(municipalities: QuerySet[Municipality]) -> dict[str, int]:
    return municipalities.aggregate(
        flemish=Count("pk", filter=FLANDERS, distinct=True),
        brussels=Count("pk", filter=BRUSSELS, distinct=True),
        provinces=Count("province", filter=FLANDERS, distinct=True),
    )


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def compute(filters: Filters) -> ReachFigures:
    groups = {
        _("Nood ingediend"): Q(organisations__needs__in=filters.needs().values("pk")),
        _("Uitdaging gesteund"): Q(
            organisations__supports__in=Support.objects.active()
            .filter(need__in=filters.needs().values("pk"))
            .values("pk")
        ),
        _("Getest als proeftuin"): Q(
            pk__in=TestSite.objects.filter(project__in=filters.projects().values("pk")).values(
                "municipality_id"
            )
        ),
        _("Dienst in gebruik"): Q(
            pk__in=Adoption.objects.filter(
                state=Adoption.State.ACTIVE, service__in=filters.services().values("pk")
            ).values("municipality_id")
        ),
    }
    rows = []
    for label, condition in groups.items():
        found = _count(Municipality.objects.filter(condition))
        rows.append(Reach(label, found["flemish"], found["brussels"], found["provinces"]))
    # Each municipality once: one subquery per group, so the joins do not multiply.
    anywhere = Q()
    for condition in groups.values():
        anywhere |= Q(pk__in=Municipality.objects.filter(condition).values("pk"))
    found = _count(Municipality.objects.filter(anywhere))
    rows.append(
        Reach(_("Op een van die manieren"), found["flemish"], found["brussels"], found["provinces"])
    )
    totals = _count(Municipality.objects.all())
    flemish, brussels, provinces = totals["flemish"], totals["brussels"], totals["provinces"]
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
            "voor dat van de Brusselse; de tabel ernaast geeft dezelfde aantallen."
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
