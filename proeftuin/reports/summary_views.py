"""A municipality's one-page summary as a PDF ("uw gemeente in Proeftuin"): what a culture
officer takes to the college of mayor and aldermen. Its public page is knowledge's."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from proeftuin.organisations.models import Municipality

from . import places
from .pdf import PdfUnavailable, html_to_pdf

# Items named per list: with more the summary would not fit on one A4 page.
BRIEF_ITEMS = 3


@require_safe
def municipality_pdf(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, nis_code=code)
    summary = places.summary(places.municipality_place(municipality)).brief(BRIEF_ITEMS)
    page_url = request.build_absolute_uri(reverse("knowledge:municipality", args=[code]))
    html = render_to_string(
        "reports/municipality_pdf.html",
        {
            "summary": summary,
            "page_url": page_url,
            "brief_items": BRIEF_ITEMS,
            # Services in use or asked for beyond those named.
            "more_services": sum(
                max(len(uses) - BRIEF_ITEMS, 0)
                for uses in (summary.services_used, summary.services_pending)
            ),
        },
        request=request,
    )
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable:
        return render(
            request,
            "reports/municipality_pdf_unavailable.html",
            {"municipality": municipality},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(municipality.name) or municipality.nis_code
    response["Content-Disposition"] = f'attachment; filename="proeftuin-{name}.pdf"'
    return response
