from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import Theme
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from .models import Article


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Article.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Een of twee zinnen voor de lijst."),
    )
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("In Markdown: **vet**, *schuin*, lijsten, koppen met ##, links."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Only published projects: a link on a public page may lead nowhere else.
    projects = forms.ModelMultipleChoiceField(
        label=_("Over deze proefprojecten"),
        queryset=Project.objects.published().order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Over deze bovenlokale diensten"),
        queryset=Service.objects.public().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Afbeelding (PNG of JPEG, maximaal 10 MB)"))
    alt = forms.CharField(
        label=_("Alternatieve tekst"),
        max_length=300,
        help_text=_("Wat staat er op de afbeelding, voor wie ze niet ziet?"),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Wat moet er veranderen?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ArticleFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("alle soorten")), *Article.Kind.choices],
        required=False,
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle thema's"),
    )
