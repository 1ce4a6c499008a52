from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Municipality, Organisation


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Wie ben je in deze organisatie? (optioneel)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(forms.Form):
    as_admin = forms.BooleanField(label=_("Ook beheerder van de organisatie"), required=False)


class RemoveMemberForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Wie neemt het open werk over?"), queryset=Membership.objects.none()
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Membership.objects.active()
            .filter(organisation_id=membership.organisation_id)
            .exclude(pk=membership.pk)
            .select_related("user")
        )
        field.label_from_instance = lambda m: str(m.user.display_name)  # type: ignore[method-assign,assignment]


class OrganisationForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeente(n)"),
        queryset=Municipality.objects.all(),
        help_text=_("Eén gemeente; meerdere alleen voor een intergemeentelijke samenwerking."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipalities", "email", "website"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipalities = data.get("municipalities")
        if (
            municipalities is not None
            and data.get("kind") != Organisation.Kind.INTERMUNICIPAL
            and len(municipalities) > 1
        ):
            self.add_error(
                "municipalities",
                _("Alleen een intergemeentelijke samenwerking noemt meerdere gemeenten."),
            )
        return data


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of gemeente"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Provincie"), required=False)
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *Organisation.Kind.choices],
    )

    def __init__(self, *args: Any, provinces: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Alle provincies"))] + [(p, p) for p in provinces]  # type: ignore[attr-defined]
