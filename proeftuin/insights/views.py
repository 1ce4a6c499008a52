"""The coordinators' dashboard and its tables as CSV."""

import csv
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required

from .cache import dashboard as computed
from .cache import rendered_dashboard
from .filters import Filters
from .forms import FilterForm
from .sections import SECTIONS
from .tables import Table


def _filters(request: HttpRequest) -> tuple[FilterForm, Filters | None, str]:
    """The form, the filters (None when the query string is refused) and the message."""
    form = FilterForm(request.GET)
    try:
        return form, Filters.from_form(form), ""
    except DomainError as error:
        return form, None, str(error.message)


@require_safe
@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters, error = _filters(request)
    context: dict[str, Any] = {"form": form, "error": error, "sections": ""}
    if filters is None:
        return render(request, "insights/dashboard.html", context, status=400)
    query = request.GET.urlencode()

    def sections() -> SafeString:
        results = computed(filters)
        return render_to_string(
            "insights/partials/sections.html",
            {
                "sections": [(section, results[section.key]) for section in SECTIONS],
                "query": query,
                "csv_url_name": "insights:csv",
            },
            request,
        )

    context["sections"] = rendered_dashboard(filters, query, sections)
    return render(request, "insights/dashboard.html", context)


def _table(results: dict[str, Any], key: str) -> Table:
    for result in results.values():
        for table in result.tables:
            if table.key == key:
                return table
    raise Http404


@require_safe
@coordinator_required
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    """One table as CSV (UTF-8 with a byte-order mark, so spreadsheets read the accents;
    commas, like the open-data downloads)."""
    _form, filters, error = _filters(request)
    if filters is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    table = _table(computed(filters), key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return response
