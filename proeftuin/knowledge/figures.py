""" "Proeftuin in cijfers": the programme's aggregate figures for everyone — the funnel,
learning and reach as the coordinators' dashboard computes them for the whole programme.
Counts only: no project, person or organisation is named (insights.sections.PUBLIC)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from proeftuin.insights.cache import public_figures
from proeftuin.insights.sections import PUBLIC, SECTIONS


@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    results = public_figures()
    sections = [(s, results[s.key]) for s in SECTIONS if s.key in PUBLIC]
    return render(request, "knowledge/figures.html", {"sections": sections})
