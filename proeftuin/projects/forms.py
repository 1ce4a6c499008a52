from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.organisations.models import Municipality, Organisation

from .models import Document, Membership, Project


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Wie nog geen account heeft, krijgt een uitnodiging.")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)


class TestSiteForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.all())
    organisation = forms.ModelChoiceField(
        label=_("Organisatie (optioneel)"), queryset=Organisation.objects.all(), required=False
    )
    committed_on = forms.DateField(
        label=_("Engagement sinds"), widget=forms.DateInput(attrs={"type": "date"})
    )
    agreement = forms.FileField(label=_("Ondertekende samenwerkingsovereenkomst (PDF)"))


# Working together and publishing -----------------------------------------------------------


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Noem een teamlid met @ en de naam uit de lijst; die persoon krijgt een bericht."
        ),
    )


class DocumentForm(forms.Form):
    """Upload a new document, or a new version of one the team already shares."""

    document = forms.ModelChoiceField(
        label=_("Nieuwe versie van"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— geen: een nieuw document —"),
    )
    title = forms.CharField(
        label=_("Titel van een nieuw document"),
        max_length=200,
        required=False,
        help_text=_("Bestaat er al een document met deze titel, dan wordt dit een nieuwe versie."),
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een PDF, een afbeelding (PNG, JPEG) of een kantoordocument; hoogstens 10 MB."),
    )
    note = forms.CharField(
        label=_("Wat is er veranderd? (optioneel)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = project.documents.order_by("title")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not data.get("title", "").strip() and "title" in data:
            self.add_error("title", _("Kies een document of geef een nieuw document een titel."))
        return data

    def chosen_title(self) -> str:
        document = self.cleaned_data["document"]
        return str(document.title if document else self.cleaned_data["title"])


class PublicationForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Wat mag publiek?"),
        choices=Project.Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NameConsentForm(forms.Form):
    public = forms.TypedChoiceField(
        choices=[("1", _("ja")), ("0", _("nee"))], coerce=lambda value: value == "1"
    )


class DeclinePublicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom nog niet?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Het team leest dit en kan zijn keuze aanpassen."),
    )
