"""The dashboard's filters and the programme they select.

Empty filters select the whole programme. A need is counted where its organisation is
(province, kind: an intergemeentelijke samenwerking counts in each of its municipalities'
provinces), by its themes, and in the year it was submitted (Brussels time); a project is
counted when the need it came from, or a need merged into that one, is selected."""

import hashlib
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict

from proeftuin.calls.models import Call, Need
from proeftuin.core.errors import DomainError
from proeftuin.core.models import Theme
from proeftuin.organisations.models import Organisation
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from .forms import FilterForm

SUBMITTED_STATUSES_EXCLUDED = [Need.Status.DRAFT, Need.Status.WITHDRAWN]


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    call: Call | None = None
    province: str = ""
    theme: Theme | None = None
    org_kind: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> "Filters":
        return cls.from_form(FilterForm(query))

    @classmethod
    def from_form(cls, form: FilterForm) -> "Filters":
        """The filters of a bound form; a value that is not one of the choices is refused
        with a translated message naming the field."""
        if not form.is_valid():
            name, errors = next(iter(form.errors.items()))
            raise DomainError(f"{form.fields[name].label}: {errors[0]}")
        data = form.cleaned_data
        return cls(
            year=data.get("jaar"),
            call=data.get("oproep"),
            province=data.get("provincie") or "",
            theme=data.get("thema"),
            org_kind=data.get("soort") or "",
        )

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    @property
    def cache_key(self) -> str:
        parts = [
            self.year or "",
            self.call.pk if self.call else "",
            self.province,
            self.theme.pk if self.theme else "",
            self.org_kind,
        ]
        return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]

    def needs(self) -> QuerySet[Need]:
        """Submitted needs (imported ones included) that match the filters."""
        found = Need.objects.filter(submitted_at__isnull=False).exclude(
            status__in=SUBMITTED_STATUSES_EXCLUDED
        )
        if self.year:
            found = found.filter(submitted_at__year=self.year)
        if self.call:
            found = found.filter(call=self.call)
        if self.province:
            # A subquery, not a join: an organisation with two municipalities in the
            # province must not count its needs twice.
            found = found.filter(
                organisation__in=Organisation.objects.filter(
                    municipalities__province=self.province
                ).values("pk")
            )
        if self.theme:
            found = found.filter(themes=self.theme)
        if self.org_kind:
            found = found.filter(organisation__kind=self.org_kind)
        return found

    def projects(self) -> QuerySet[Project]:
        if self.is_empty:
            return Project.objects.all()
        needs = self.needs().values("pk")
        return Project.objects.filter(
            Q(need__in=needs) | Q(need__in=Need.objects.filter(merged_needs__in=needs).values("pk"))
        )

    def services(self) -> QuerySet[Service]:
        """Services born of the selected projects; without filters every service, those a
        coordinator created without a project too."""
        if self.is_empty:
            return Service.objects.all()
        return Service.objects.filter(
            pk__in=Service.projects.through.objects.filter(
                project__in=self.projects().values("pk")
            ).values("service_id")
        )
