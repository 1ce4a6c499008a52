"""The shared-need matcher's data: the thesaurus coordinators maintain, the index (in the
database, so every web process and worker on every machine sees the same), the similar
needs of every need, clusters, and the coordinators' judgements on clusters.

Imported by `proeftuin.calls.models`, so these are models of the calls app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ThesaurusConcept(models.Model):
    """A concept of the sector and the Dutch terms that name it (see `thesaurus.py`)."""

    key = models.CharField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("Hoofdletters en liggende streepjes, bv. KAARTVERKOOP."),
    )
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    terms = models.TextField(
        _("termen"), help_text=_("Gescheiden door komma's; ook woordgroepen (aan huis).")
    )
    weight = models.FloatField(
        _("gewicht"),
        default=1.0,
        help_text=_(
            "1 voor wat een nood inhoudelijk is; lager (bv. 0,5) voor hoe of waar "
            "(op papier, een overzicht, de bib)."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("thesaurusconcept")
        verbose_name_plural = _("thesaurus")

    def __str__(self) -> str:
        return self.key

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]


class MatchState(models.Model):
    """One row: the thesaurus version and how many needs the index holds (for the inverse
    document frequency). Changed with conditional or F() updates, so concurrent workers
    never lose a change."""

    thesaurus_version = models.PositiveIntegerField(default=1)
    indexed_version = models.PositiveIntegerField(default=0)
    documents = models.IntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    clustered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stand van de matcher")

    def __str__(self) -> str:
        return f"thesaurus v{self.thesaurus_version}, {self.documents} needs"


class MatchFeature(models.Model):
    """A feature (`c:CONCEPT` or `w:key`) and the number of indexed needs that have it."""

    key = models.CharField(max_length=120, unique=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class NeedCluster(models.Model):
    """A group of needs that describe the same need; rebuilt by the clustering, so its id
    is not stable: link to a cluster through one of its needs."""

    created_at = models.DateTimeField(default=timezone.now)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cluster van noden")
        verbose_name_plural = _("clusters van noden")

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.size})"


class MatchDocument(models.Model):
    """An indexed need: its weighted vector (feature id → weight, concepts and words apart)
    and whether it is a published challenge (the only needs suggested while writing)."""

    need = models.OneToOneField(
        "calls.Need", primary_key=True, on_delete=models.CASCADE, related_name="match_document"
    )
    vector = models.JSONField(default=dict)
    public = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(default=timezone.now)
    cluster = models.ForeignKey(
        NeedCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )

    def __str__(self) -> str:
        return f"need {self.need_id}"


class MatchPosting(models.Model):
    """The inverted index, for finding candidates fast: a need under each of its strongest
    features, with the feature's weight in it (its impact)."""

    feature_id = models.IntegerField()
    need = models.ForeignKey("calls.Need", on_delete=models.CASCADE, related_name="+")
    impact = models.FloatField()
    public = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["feature_id", "-impact"], name="matchposting_feature_impact"),
            models.Index(fields=["need"], name="matchposting_need"),
        ]

    def __str__(self) -> str:
        return f"{self.feature_id} → {self.need_id}"


class NeedSimilarity(models.Model):
    """One of a need's most similar needs, with the similarity (0 to 1)."""

    need = models.ForeignKey("calls.Need", on_delete=models.CASCADE, related_name="similarities")
    other = models.ForeignKey("calls.Need", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "other"], name="one_similarity_per_pair")
        ]
        indexes = [models.Index(fields=["need", "-score"], name="needsimilarity_need_score")]
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.need_id} ~ {self.other_id}: {self.score:.2f}"


class ClusterJudgement(models.Model):
    """A coordinator's judgement on a cluster, kept and respected by every later clustering:
    *confirm* keeps its needs together; *split* keeps the two parts apart."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("bevestigd")
        SPLIT = "split", _("gesplitst")

    kind = models.CharField(_("oordeel"), max_length=10, choices=Kind.choices)
    # confirm: [[need ids]]; split: [[part one], [part two]]
    groups = models.JSONField(default=list)
    note = models.TextField(_("toelichting"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("oordeel over een cluster")
        verbose_name_plural = _("oordelen over clusters")

    def __str__(self) -> str:
        return f"{self.kind} {self.groups}"

    @property
    def need_ids(self) -> set[int]:
        return {pk for group in self.groups for pk in group}
