from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.organisations.models import Municipality, Organisation

from .models import Membership


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
