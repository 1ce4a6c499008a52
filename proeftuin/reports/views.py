"""The end report of a project, as a page and as a PDF, for its team and coordinators; and
for the public, of a published project, with only the sections a coordinator approved."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.projects.models import Project
from proeftuin.projects.views.base import get_project_for_user_or_404

from .documents import EndReport, end_report
from .pdf import PdfUnavailable, html_to_pdf, pdf_available


@require_safe
@login_required
def project_report(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    return render(
        request,
        "reports/project.html",
        {"report": end_report(project), "pdf_available": pdf_available()},
    )


@require_safe
@login_required
def project_report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    project = get_project_for_user_or_404(request.user, pk)
    return pdf_response(request, end_report(project))


@require_safe
def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    """An unpublished project is a 404 for everyone, as its public page is."""
    project = get_object_or_404(Project.objects.published(), pk=pk)
    return render(
        request,
        "reports/project.html",
        {"report": end_report(project, public=True), "pdf_available": pdf_available()},
    )


@require_safe
def public_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.published(), pk=pk)
    return pdf_response(request, end_report(project, public=True))


def pdf_response(request: HttpRequest, report: EndReport) -> HttpResponse:
    project = report.project
    html = render_to_string("reports/project_pdf.html", {"report": report}, request=request)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable:
        return render(request, "reports/pdf_unavailable.html", {"report": report}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(project.title) or f"project-{project.pk}"
    response["Content-Disposition"] = f'attachment; filename="eindrapport-{name}.pdf"'
    return response
