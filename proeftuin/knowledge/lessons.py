"""The "Lessen" page: what did not work, shared as prominently as what did — the learning
cards of stopped projects and of invalidated hypotheses (only of published projects whose
learning cards a coordinator approved), and the knowledge base's lessons."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from proeftuin.core.models import Theme
from proeftuin.projects.models import Method, Project

from . import published
from .models import Article

LESSON_ARTICLES = 6


class LessonFilterForm(forms.Form):
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle thema's"),
    )
    methode = forms.ModelChoiceField(
        label=_("Methode"),
        queryset=Method.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle methodes"),
    )
    fase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("alle fasen")), *Project.Phase.choices], required=False
    )


def projects_sharing_experiments() -> list[int]:
    """Published projects whose experiments are public: only their lessons can be found by
    the method of the experiment (otherwise the filter would reveal it)."""
    public = Project.objects.published().values_list("pk", "public_sections")
    return [pk for pk, sections in public if Project.Section.EXPERIMENTS in sections]


@require_safe
def lessons(request: HttpRequest) -> HttpResponse:
    form = LessonFilterForm(request.GET or None)
    learnings = published.lessons().select_related(
        "project", "experiment", "experiment__hypothesis", "experiment__method"
    )
    articles = Article.objects.lessons().prefetch_related("themes").order_by("-published_at", "-pk")
    theme = method = phase = None
    if form.is_valid():
        theme, method, phase = (form.cleaned_data[k] for k in ("thema", "methode", "fase"))
    if theme:
        learnings = learnings.filter(project__need__themes=theme)
        articles = articles.filter(themes=theme)
    if method:
        learnings = learnings.filter(
            experiment__method=method, project__in=projects_sharing_experiments()
        )
    if phase:
        # A closing learning card has no experiment: it belongs to the phase the project
        # stopped in.
        learnings = learnings.filter(
            Q(experiment__phase=phase) | Q(experiment__isnull=True, project__phase=phase)
        )
    page = Paginator(learnings.distinct(), 20).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "knowledge/lessons.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            # Articles have no method or phase: a filter on those leaves them out.
            "articles": None if (method or phase) else list(articles[:LESSON_ARTICLES]),
        },
    )
