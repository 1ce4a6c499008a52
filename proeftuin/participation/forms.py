"""The public form a citizen fills in, and the team's forms to build it."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .models import MetricBinding, ParticipationForm, Question
from .services import FORM_FIELDS

Kind = Question.Kind
CHOOSE = _("Kies een antwoord.")


def plain(number: Decimal) -> str:
    """12.50 as 12,5 in Dutch; never 1E+2."""
    return formats.number_format(f"{number.normalize():f}")


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "required": question.required,
        "help_text": question.help_text,
    }
    kind = question.kind
    if kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=question.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Kies minstens één antwoord."),
                "invalid_choice": CHOOSE,
            },
            **common,
        )
    if kind in (Kind.SINGLE, Kind.YES_NO, Kind.SCALE, Kind.NPS):
        if not question.help_text and kind == Kind.SCALE:
            common["help_text"] = _("1 = helemaal niet, 5 = helemaal wel.")
        if not question.help_text and kind == Kind.NPS:
            common["help_text"] = _("0 = zeker niet, 10 = zeker wel.")
        return forms.TypedChoiceField(
            choices=question.choices,
            widget=forms.RadioSelect,
            coerce=int if kind in (Kind.SCALE, Kind.NPS) else str,
            empty_value=None,
            error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
            **common,
        )
    if kind == Kind.NUMBER:
        low, high = question.min_value, question.max_value
        between: Any
        if low is not None and high is not None:
            between = _("Geef een getal van %(low)s tot %(high)s.") % {
                "low": plain(low),
                "high": plain(high),
            }
        elif low is not None:
            between = _("Geef een getal van minstens %(low)s.") % {"low": plain(low)}
        elif high is not None:
            between = _("Geef een getal van hoogstens %(high)s.") % {"high": plain(high)}
        else:
            between = _("Geef een getal.")
        if not question.help_text:
            common["help_text"] = between
        return forms.DecimalField(
            min_value=low,
            max_value=high,
            max_digits=12,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            error_messages={
                "required": _("Geef een getal."),
                "invalid": _("Geef een getal, zoals 12 of 12,5."),
                "min_value": between,
                "max_value": between,
                "max_digits": _("Dit getal is te groot."),
                "max_decimal_places": _("Geef hoogstens twee cijfers na de komma."),
                "max_whole_digits": _("Dit getal is te groot."),
            },
            **common,
        )
    long = kind == Kind.LONG_TEXT
    return forms.CharField(
        max_length=4000 if long else 300,
        widget=forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput,
        error_messages={"required": _("Vul dit in.")},
        **common,
    )


class ResponseForm(forms.Form):
    """One field per question, plus what the form asks besides: an invitation code, an
    e-mail address with its separate consent, and a honeypot people never see."""

    # Hidden from people (CSS and aria-hidden); a bot that fills in every field fills it.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    def __init__(
        self, *args: Any, survey: ParticipationForm, questions: list[Question], **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        if survey.requires_invitation:
            self.fields["invitation"] = forms.CharField(
                label=_("Je uitnodigingscode"),
                max_length=20,
                help_text=_("Staat op je uitnodiging, bijvoorbeeld ABCD-EF23."),
                error_messages={"required": _("Vul je uitnodigingscode in.")},
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
            )
        for question in questions:
            self.fields[field_name(question)] = _field(question)
        if survey.asks_email:
            self.fields["email"] = forms.EmailField(
                label=_("Je e-mailadres (niet verplicht)"),
                required=False,
                help_text=survey.email_purpose,
                error_messages={"invalid": _("Dit is geen geldig e-mailadres.")},
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
            self.fields["email_consent"] = forms.BooleanField(
                label=_("Ik geef toestemming om mijn e-mailadres hiervoor te bewaren."),
                required=False,
            )

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[field_name(q)] for q in self.questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.survey.asks_email and data.get("email") and not data.get("email_consent"):
            self.add_error(
                "email_consent",
                _("Vink de toestemming aan, of laat je e-mailadres leeg."),
            )
        return data

    def answers(self) -> dict[int, Any]:
        data = self.cleaned_data
        return {q.pk: data.get(field_name(q)) for q in self.questions}

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class EraseForm(forms.Form):
    receipt = forms.CharField(
        label=_("Je ontvangstcode"),
        max_length=20,
        help_text=_("Die kreeg je na het invullen, bijvoorbeeld ABCD-EFGH-JK23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


# The team's forms -------------------------------------------------------------------------


class SurveyForm(forms.ModelForm):
    class Meta:
        model = ParticipationForm
        fields = FORM_FIELDS
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "consent_text": forms.Textarea(attrs={"rows": 3}),
            "retention_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "email_purpose": _("Verplicht als je een e-mailadres vraagt."),
            "closes_at": _("Niet verplicht. Na dit moment bewaart het formulier niets meer."),
            "max_responses": _("Niet verplicht."),
        }

    def fields_dict(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Keuzes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén keuze per regel; alleen voor vragen met één of meerdere keuzes."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "min_value", "max_value"]
        help_texts = {
            "min_value": _("Alleen voor een getal; niet verplicht."),
            "max_value": _("Alleen voor een getal; niet verplicht."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options_text"] = "\n".join(self.instance.options)

    def fields_dict(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["options"] = self.cleaned_data["options_text"].splitlines()
        return data


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal nieuwe codes"), min_value=1, max_value=500, initial=20
    )


class BindingForm(forms.Form):
    """Which aggregate of which question gives the experiment's measured value."""

    aggregate = forms.ChoiceField(
        label=_("Wat je meet"),
        choices=MetricBinding.Aggregate.choices,
        widget=forms.RadioSelect,
    )
    question = forms.ModelChoiceField(
        label=_("Van de vraag"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("(geen: het aantal antwoorden)"),
    )
    condition = forms.ChoiceField(
        label=_("Voorwaarde (voor een aandeel van getallen)"),
        choices=[("", "—"), *MetricBinding.Condition.choices[:-1]],
        required=False,
    )
    number = forms.DecimalField(
        label=_("Waarde"), max_digits=12, decimal_places=2, required=False, localize=True
    )
    choice = forms.CharField(
        label=_("Antwoord dat telt (voor een aandeel van keuzes)"),
        required=False,
        max_length=200,
        help_text=_("Precies zoals de keuze luidt; voor ja of nee: ja."),
    )

    def __init__(self, *args: Any, survey: ParticipationForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = survey.questions.exclude(  # type: ignore[attr-defined]
            kind__in=Question.TEXTS
        )

    def binding(self) -> dict[str, Any]:
        data = self.cleaned_data
        question: Question | None = data["question"]
        choice = data["choice"].strip()
        # People type the label ("ja"); a yes/no question stores "yes".
        if question is not None and question.kind == Kind.YES_NO:
            labels = {label.casefold(): stored for stored, label in question.choices}
            choice = labels.get(choice.casefold(), choice)
        number: Decimal | None = data["number"]
        return {
            "aggregate": data["aggregate"],
            "question": question,
            "condition": data["condition"],
            "number": number,
            "choice": choice,
        }
