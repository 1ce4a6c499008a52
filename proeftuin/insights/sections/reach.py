"""Reach (DESIGN.md, "Innovation accounting"): the distinct municipalities and provinces
that took part, against the 285 Flemish municipalities, with the 19 of Brussels beside them
(Brussels is a region, not a province). One query.

- submitted: a municipality of an organisation that submitted one of the selected needs (an
  intergemeentelijke samenwerking counts for each of its municipalities);
- supported: of an organisation that supports one of them now (not withdrawn);
- tested: a test site of one of the selected projects;
- adopted: with an active adoption of a service of the selected projects (without filters:
  of any service);
- at least one of these four ways, each municipality once."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
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


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def compute(filters: Filters) -> ReachFigures:
    here = OuterRef("pk")
    needs = filters.needs()
    # One EXISTS per municipality and way of taking part: it stops at the first match, so
    # the query reads the 304 municipalities, not every need or support.
    groups = {
        _("Nood ingediend"): Exists(needs.filter(organisation__municipalities=here)),
        _("Uitdaging gesteund"): Exists(
            Support.objects.active().filter(
                need__in=needs.values("pk"), organisation__municipalities=here
            )
        ),
        _("Getest als proeftuin"): Exists(
            TestSite.objects.filter(project__in=filters.projects().values("pk"), municipality=here)
        ),
        _("Dienst in gebruik"): Exists(
            Adoption.objects.filter(
                state=Adoption.State.ACTIVE,
                service__in=filters.services().values("pk"),
                municipality=here,
            )
        ),
    }
    conditions = {f"g{i}": Q(condition) for i, condition in enumerate(groups.values())}
    conditions["any"] = Q(*groups.values(), _connector=Q.OR)
    conditions["all"] = Q()
    found = Municipality.objects.aggregate(
        **{
            f"{name}_{part}": aggregate
            for name, condition in conditions.items()
            for part, aggregate in (
                ("flemish", Count("pk", filter=condition & FLANDERS)),
                ("brussels", Count("pk", filter=condition & BRUSSELS)),
                ("provinces", Count("province", filter=condition & FLANDERS, distinct=True)),
            )
        }
    )
    labels = [*groups, _("Minstens één manier")]
    rows = [
        Reach(
            label, found[f"{name}_flemish"], found[f"{name}_brussels"], found[f"{name}_provinces"]
        )
        for label, name in zip(labels, [*conditions][:-1], strict=True)
    ]
    flemish, brussels, provinces = (
        found["all_flemish"],
        found["all_brussels"],
        found["all_provinces"],
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
