from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.core.models import Theme

from .models import DigestSettings


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kies er geen om het nieuws over alle thema's te krijgen."),
    )


class DigestSettingsForm(forms.ModelForm):
    period_days = forms.IntegerField(
        label=_("Om de hoeveel dagen"),
        min_value=1,
        max_value=365,
        help_text=_("Een nieuwe editie wordt klaargezet wanneer zoveel dagen voorbij zijn."),
    )

    class Meta:
        model = DigestSettings
        fields = ["period_days"]
