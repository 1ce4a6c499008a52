"""A public page per municipality and per province (Brussels as its own entry), and their
index: what each takes part in, summed for a province. The facts come from
`proeftuin.reports.places`, which the municipality's one-page summary (PDF) reads too."""

from itertools import groupby

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from proeftuin.organisations.models import Municipality
from proeftuin.reports import places
from proeftuin.reports.pdf import pdf_available


@require_safe
def municipality_list(request: HttpRequest) -> HttpResponse:
    """Every municipality by province, each with the number of its organisations that take
    part (one query)."""
    municipalities = Municipality.objects.annotate(
        organisation_count=Count("organisations")
    ).order_by("province", "name")
    by_province = {
        name: list(rows) for name, rows in groupby(municipalities, key=lambda m: m.province)
    }
    groups = [(place, by_province.get(place.province, [])) for place in places.provinces()]
    return render(request, "knowledge/municipalities/index.html", {"groups": groups})


@require_safe
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A municipality by its NIS code (the municipalities have no other stable name)."""
    municipality = get_object_or_404(Municipality, nis_code=code)
    return render(
        request,
        "knowledge/municipalities/municipality.html",
        {
            "summary": places.summary(places.municipality_place(municipality)),
            "pdf_available": pdf_available(),
        },
    )


@require_safe
def province_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = places.province_place(slug)
    if place is None:
        raise Http404
    return render(
        request, "knowledge/municipalities/province.html", {"summary": places.summary(place)}
    )
