"""The public search page: everything the programme published, in Dutch, ranked, with
highlighted snippets and filters per kind and theme (`core.search` does the searching).

Always three queries (the themes, the page of results with its count, the documents); a
query that cannot be searched is a message on the page, never an error."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from proeftuin.core import search as core_search
from proeftuin.core.models import Theme

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoekterm"), required=False, max_length=MAX_QUERY_LENGTH)
    soort = forms.MultipleChoiceField(
        label=_("Soort"), required=False, widget=forms.CheckboxSelectMultiple
    )
    thema = forms.MultipleChoiceField(
        label=_("Thema"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, themes: list[Theme], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["soort"].choices = [  # type: ignore[attr-defined]
            (kind, registered.label) for kind, registered in core_search.kinds().items()
        ]
        self.fields["thema"].choices = [  # type: ignore[attr-defined]
            (theme.slug, str(theme)) for theme in themes
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    themes = list(Theme.objects.all())
    form = SearchForm(request.GET or None, themes=themes)
    results = None
    message: str | Promise = ""
    if form.is_bound and not form.is_valid():
        message = _("Deze zoekopdracht kunnen we niet uitvoeren. Pas ze aan en probeer opnieuw.")
    elif form.is_bound and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"]
        if not core_search.query_terms(query):
            message = _(
                'Geef minstens één zoekwoord in; woorden als "de", "een" of "van" tellen niet mee.'
            )
        else:
            results = core_search.search(
                query,
                kinds=form.cleaned_data["soort"] or None,
                themes=form.cleaned_data["thema"] or None,
                page=_page_number(request.GET.get("pagina")),
            )
    return render(
        request,
        "knowledge/search.html",
        {"form": form, "results": results, "message": message},
    )
