from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from proeftuin.calls.models import ThesaurusConcept
from proeftuin.core.models import Theme
from proeftuin.organisations.models import Municipality, Organisation

from .models import (
    Document,
    Experiment,
    ExpertProfile,
    GateDecision,
    Hypothesis,
    Learning,
    Membership,
    Method,
    Project,
)
from .services import METHOD_FIELDS, TEST_CARD_FIELDS
from .services.experts import ProfileData


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


# The lean workspace ------------------------------------------------------------------------

IMPORTANCE_CHOICES = [
    (1, _("1 — bijzaak: het project overleeft het als dit niet klopt")),
    (2, _("2 — klein: we sturen wat bij")),
    (3, _("3 — belangrijk: we moeten een deel herdenken")),
    (4, _("4 — groot: zonder dit verliest het project veel van zijn waarde")),
    (5, _("5 — cruciaal: alles hangt ervan af")),
]
EVIDENCE_STRENGTH_CHOICES = [
    (1, _("1 — wat mensen zeggen (een gesprek, een mening)")),
    (2, _("2 — wat mensen zeggen, bij velen gemeten")),
    (3, _("3 — wat mensen doen in een nagebootste situatie")),
    (4, _("4 — wat mensen doen, met een echt engagement")),
    (5, _("5 — wat mensen echt doen, in het echt")),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RunOnLabels:
    """The cards' labels run on into the answer ("Wij geloven dat …"): no colon after them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProfileForm(forms.Form):
    question = forms.CharField(
        label=_("Onderzoeksvraag"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat wil het project te weten komen?"),
    )
    target_groups = forms.CharField(
        label=_("Doelgroepen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Voor welke burgers doen we dit?"),
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In een paar zinnen, voor de hele sector."),
    )
    next_steps = forms.CharField(
        label=_("Volgende stappen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HypothesisForm(RunOnLabels, forms.Form):
    statement = forms.CharField(
        label=_("Wij geloven dat …"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén veronderstelling, zo concreet mogelijk: wie, wat, hoeveel."),
    )
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=Hypothesis.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Wenselijkheid: willen burgers het? Haalbaarheid: kunnen we het maken en "
            "leveren? Levensvatbaarheid: houden we het vol, ook financieel?"
        ),
    )
    importance = forms.TypedChoiceField(
        label=_("Belang"),
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Hoe erg is het voor het project als dit niet klopt?"),
    )


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s — bewijskracht %(strength)s/5 (%(category)s)") % {
            "name": obj.name,
            "strength": obj.evidence_strength,
            "category": obj.get_category_display(),
        }


class ExperimentForm(RunOnLabels, forms.ModelForm):
    """A test card in Strategyzer's words."""

    method = MethodChoiceField(
        label=_("Methode"),
        queryset=Method.objects.none(),
        help_text=_(
            "Uit de methodebibliotheek; de bewijskracht bepaalt hoe zwaar het resultaat weegt."
        ),
    )

    class Meta:
        model = Experiment
        fields = TEST_CARD_FIELDS
        labels = {
            "hypothesis": _("Wij geloven dat …"),
            "title": _("Naam van het experiment"),
            "test": _("Om dat te verifiëren zullen we …"),
            "metric": _("En meten we …"),
            "unit": _("Eenheid"),
            "operator": _("We hebben gelijk als de waarde …"),
            "threshold": _("… deze drempel haalt"),
            "min_data_points": _("Minimum aantal datapunten"),
            "planned_start": _("Geplande start"),
            "planned_end": _("Gepland einde"),
            "cost_eur": _("Kost (euro)"),
            "criticality": _("Kritiek"),
            "test_cost": _("Testkost"),
            "data_reliability": _("Betrouwbaarheid van de data"),
            "time_required": _("Benodigde tijd"),
        }
        help_texts = {
            "hypothesis": _("De hypothese die dit experiment test."),
            "metric": _(
                "Wat tellen of meten jullie? Bijvoorbeeld: het aandeel bezoekers dat online reserveert."
            ),
            "unit": _("Bijvoorbeeld: %, reservaties, euro."),
            "criticality": _("Hoe belangrijk is dit experiment voor het project?"),
            "test_cost": _("Hoeveel kost het in geld en moeite?"),
            "data_reliability": _("Hoe sterk is het bewijs dat het oplevert?"),
            "time_required": _("Hoe lang duurt het voor er een resultaat is?"),
        }
        widgets = {
            "test": forms.Textarea(attrs={"rows": 3}),
            "planned_start": DATE_WIDGET,
            "planned_end": DATE_WIDGET,
            "criticality": forms.RadioSelect,
            "test_cost": forms.RadioSelect,
            "data_reliability": forms.RadioSelect,
            "time_required": forms.RadioSelect,
        }

    RATINGS = ["criticality", "test_cost", "data_reliability", "time_required"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hypotheses = self.fields["hypothesis"]
        hypotheses.queryset = project.hypotheses.filter(retired_at__isnull=True)  # type: ignore[attr-defined]
        hypotheses.empty_label = _("— kies een hypothese —")  # type: ignore[attr-defined]
        self.fields["method"].queryset = Method.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["method"].empty_label = _("— kies een methode —")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Het geplande einde ligt voor de start."))
        return data

    def validate_constraints(self) -> None:
        """`clean` says in words when the end lies before the start (the one constraint)."""

    def card(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in TEST_CARD_FIELDS}

    def ratings(self) -> list[Any]:
        return [self[name] for name in self.RATINGS]


class CompleteExperimentForm(RunOnLabels, forms.Form):
    """The measurement and the learning card that close an experiment."""

    measured_value = forms.DecimalField(label=_("Gemeten waarde"), max_digits=12, decimal_places=2)
    data_points = forms.IntegerField(
        label=_("Aantal datapunten"),
        min_value=0,
        help_text=_("Hoeveel mensen, antwoorden of metingen het resultaat draagt."),
    )
    observation = forms.CharField(
        label=_("We zagen dat …"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    insight = forms.CharField(
        label=_("Daaruit leerden we dat …"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Daarom beslissen we"),
        choices=[c for c in Learning.Decision.choices if c[0] != Learning.Decision.STOP],
        widget=forms.RadioSelect,
    )
    actions = forms.CharField(
        label=_("En daarom zullen we …"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExperimentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(title)s (%(phase)s, %(result)s)") % {
            "title": obj.title,
            "phase": obj.get_phase_display(),
            "result": obj.get_result_display(),
        }


class LearningsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.insight[:160])


class ClosingLearningFields(forms.Form):
    """The closing learning card asked of whoever stops a project, at a gate or at the scale
    evaluation; `stop_decision` is the form's value of its `decision` field that stops."""

    stop_decision: str
    closing_observation = forms.CharField(
        label=_("We zagen dat …"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing_insight = forms.CharField(
        label=_("Daaruit leerden we dat …"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing_actions = forms.CharField(
        label=_("En daarom zullen we …"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def check_closing_learning(self, data: dict[str, Any]) -> None:
        if data.get("decision") == self.stop_decision:
            for name in ("closing_observation", "closing_insight"):
                if not data.get(name, "").strip():
                    self.add_error(
                        name, _("Wie stopt, houdt de les: vul de afsluitende leerkaart in.")
                    )

    def closing_learning(self) -> dict[str, str] | None:
        if self.cleaned_data["decision"] != self.stop_decision:
            return None
        return {
            "observation": self.cleaned_data["closing_observation"],
            "insight": self.cleaned_data["closing_insight"],
            "actions": self.cleaned_data["closing_actions"],
        }


class GateForm(RunOnLabels, ClosingLearningFields):
    stop_decision = GateDecision.Decision.STOP

    decision = forms.ChoiceField(
        label=_("Beslissing"), choices=GateDecision.Decision.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom deze beslissing, op basis van welk bewijs?"),
    )
    experiments = ExperimentsField(
        label=_("Experimenten waarop de beslissing steunt"),
        queryset=Experiment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    learnings = LearningsField(
        label=_("Leerkaarten waarop de beslissing steunt"),
        queryset=Learning.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pivot_aspects = forms.MultipleChoiceField(
        label=_("Wat verandert er?"),
        choices=GateDecision.PivotAspect.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pivot_description = forms.CharField(
        label=_("Beschrijf wat er verandert"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        experiments = self.fields["experiments"]
        experiments.queryset = project.experiments.completed()  # type: ignore[attr-defined]
        self.fields["learnings"].queryset = project.learnings.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == GateDecision.Decision.PIVOT:
            if not data.get("pivot_aspects"):
                self.add_error("pivot_aspects", _("Zeg wat de pivot verandert."))
            if not data.get("pivot_description", "").strip():
                self.add_error("pivot_description", _("Beschrijf wat er verandert."))
        self.check_closing_learning(data)
        return data


class MethodForm(forms.ModelForm):
    evidence_strength = forms.TypedChoiceField(
        label=_("Bewijskracht"),
        choices=EVIDENCE_STRENGTH_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Method
        fields = METHOD_FIELDS
        labels = {
            "name": _("Naam"),
            "description": _("Beschrijving"),
            "category": _("Categorie"),
            "typical_cost_eur": _("Typische kost (euro)"),
            "typical_duration_days": _("Typische duur (dagen)"),
            "active": _("In gebruik"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def validate_unique(self) -> None:
        """The service says so when the name is taken (in words for the coordinator)."""


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


# The expert pool -----------------------------------------------------------------------


class ConceptChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Keys are codes; the Dutch terms say what a concept is about.
        terms = ", ".join(obj.term_list[:4])
        return f"{obj.label or obj.key} ({terms})" if terms else str(obj.label or obj.key)


class ExpertProfileForm(forms.Form):
    """The profile as the expert (or a coordinator) edits it; a day rate in euro, kept in
    cents."""

    kind = forms.ChoiceField(label=_("Soort expert"), choices=ExpertProfile.Kind.choices)
    organisation = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Expertise in een paar zinnen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concepts = ConceptChoiceField(
        label=_("Begrippen uit de thesaurus"),
        queryset=ThesaurusConcept.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Dezelfde woordenschat waarmee noden beschreven worden. Ctrl-klik voor meer."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"),
        choices=ExpertProfile.Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    hours_per_month = forms.IntegerField(
        label=_("Beschikbaar (uren per maand)"), min_value=0, max_value=200
    )
    day_rate = forms.DecimalField(
        label=_("Dagprijs in euro (excl. btw)"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text=_("Alleen voor externe experts."),
    )

    def __init__(self, *args: Any, can_change_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = not can_change_kind

    @classmethod
    def initial_for(cls, profile: ExpertProfile) -> dict[str, Any]:
        cents = profile.day_rate_cents
        return {
            "kind": profile.kind,
            "organisation": profile.organisation,
            "summary": profile.summary,
            "themes": list(profile.themes.all()),
            "concepts": list(profile.concepts.all()),
            "languages": profile.language_codes,
            "hours_per_month": profile.hours_per_month,
            "day_rate": Decimal(cents) / 100 if cents is not None else None,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        external = data.get("kind") == ExpertProfile.Kind.EXTERNAL
        if external and data.get("day_rate") is None and "day_rate" not in self.errors:
            self.add_error("day_rate", _("Een externe expert heeft een dagprijs."))
        if not external and data.get("day_rate") is not None:
            self.add_error("day_rate", _("Alleen een externe expert heeft een dagprijs."))
        return data

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        rate = data.get("day_rate")
        return ProfileData(
            kind=data["kind"],
            organisation=data["organisation"],
            summary=data["summary"],
            languages=list(data["languages"]),
            hours_per_month=data["hours_per_month"],
            day_rate_cents=int((rate * 100).to_integral_value(ROUND_HALF_UP))
            if rate is not None
            else None,
            themes=list(data["themes"]),
            concepts=list(data["concepts"]),
        )


class NewExpertForm(ExpertProfileForm):
    email = forms.EmailField(
        label=_("E-mailadres van de expert"),
        help_text=_("De persoon heeft al een account op het platform."),
    )
    field_order = ["email"]


class ExpertInviteForm(forms.Form):
    hours_per_month = forms.IntegerField(
        label=_("Uren per maand"), min_value=1, max_value=200, initial=8
    )
    starts_on = forms.DateField(
        label=_("Vanaf (leeg: meteen)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Tot en met (leeg: zolang het project loopt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Het einde ligt voor het begin."))
        return data


class CommitmentForm(ExpertInviteForm):
    """The hours an expert in the team commits; zero frees them."""

    hours_per_month = forms.IntegerField(label=_("Uren per maand"), min_value=0, max_value=200)

    @classmethod
    def for_member(cls, membership: Membership) -> "CommitmentForm":
        return cls(
            prefix=f"m{membership.pk}",
            initial={
                "hours_per_month": membership.hours_per_month,
                "starts_on": membership.starts_on,
                "ends_on": membership.ends_on,
            },
        )


class PoolFilterForm(forms.Form):
    """The pool's filters (a GET form: a bad value is a 400 with a message)."""

    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.all(), required=False, to_field_name="slug"
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("alle")), *ExpertProfile.Kind.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Taal"),
        choices=[("", _("alle")), *ExpertProfile.Language.choices],
        required=False,
    )
    free_hours = forms.IntegerField(
        label=_("Minstens zoveel uur per maand vrij"), min_value=0, max_value=200, required=False
    )
