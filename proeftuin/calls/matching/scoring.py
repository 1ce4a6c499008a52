"""From a need's text to a weighted vector, and the similarity of two needs.

A need becomes two bags of features, counted over its title (twice: a title is the need in
a few words) and its text:

- `c:<CONCEPT>`: the thesaurus concepts its words name (a compound's parts count too);
- `w:<key>`: its words' keys (see `text.key`), and a compound's parts at half weight; a
  word counts less the more common it is in Dutch at large (`specificity`, from wordfreq),
  so "bellen" or "mensen" weigh less than "kaartverkoop" even among a handful of needs.

Each feature is weighted by sublinear term frequency times inverse document frequency
(Salton & Buckley 1988: (1 + ln tf) · ln((N + 1) / (df + 0.5))), concepts also by their
thesaurus weight. The similarity of two needs is a blend of two cosines:

    sim = CONCEPT_SHARE · cos(concepts) + (1 - CONCEPT_SHARE) · cos(words)

The concept cosine finds needs that say the same in other words; the word cosine separates
needs whose concepts overlap but whose particulars differ.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .text import STOPWORDS, compound_parts, key, lemma, tokens, zipf
from .thesaurus import Thesaurus

TITLE_FACTOR = 2.0
PART_FACTOR = 0.5
CONCEPT_SHARE = 0.75
PRIOR_NEEDS = 50
PRIOR_SHARE = 0.03
CONCEPT = "c:"
WORD = "w:"


def features(title: str, text: str, thesaurus: Thesaurus) -> dict[str, float]:
    """Raw feature counts of one need (see the module docstring)."""
    counts: dict[str, float] = defaultdict(float)
    for part, factor in ((title, TITLE_FACTOR), (text, 1.0)):
        _count(counts, part, factor, thesaurus)
    return {f: round(v, 3) for f, v in counts.items()}


def _count(counts: dict[str, float], text: str, factor: float, thesaurus: Thesaurus) -> None:
    words = tokens(text)
    lemmas = [lemma(w) for w in words]
    # Multi-word terms ("aan huis", "plaatsen reserveren"), longest first at each position.
    if thesaurus.multi:
        for start in range(len(lemmas)):
            for length in range(min(thesaurus.longest, len(lemmas) - start), 1, -1):
                found = thesaurus.multi.get(tuple(lemmas[start : start + length]))
                if found:
                    for concept in found:
                        counts[CONCEPT + concept] += factor / len(found)
                    break
    for word in words:
        if word in STOPWORDS or len(word) < 2:
            continue
        counts[WORD + key(word)] += factor * specificity(word)
        parts = compound_parts(word, thesaurus.vocabulary)
        if len(parts) > 1:
            for part in parts:
                if part not in STOPWORDS:
                    counts[WORD + key(part)] += factor * PART_FACTOR
        named = thesaurus.concepts_of_word(word)
        # An ambiguous word ("kaart": ticket or map) counts less for each of its concepts.
        spread = len(named) ** 0.5 if named else 1.0
        for concept, share in named:
            counts[CONCEPT + concept] += factor * share / spread


def idf(documents: int, frequency: int) -> float:
    """Smoothed with PRIOR_NEEDS imagined needs in which a feature occurs PRIOR_SHARE of the
    time: among a handful of needs, sharing a feature must not make it worthless (with two
    needs, plain IDF would call anything they share "common")."""
    return math.log((documents + 1 + PRIOR_NEEDS) / (frequency + 0.5 + PRIOR_NEEDS * PRIOR_SHARE))


@dataclass(frozen=True)
class Stats:
    """Document frequencies of the features over the indexed needs."""

    documents: int
    frequencies: Mapping[str, int]

    def idf(self, feature: str) -> float:
        return idf(self.documents, self.frequencies.get(feature, 0))

    @classmethod
    def of(cls, documents: Iterable[Mapping[str, float]]) -> "Stats":
        frequencies: Counter[str] = Counter()
        n = 0
        for doc in documents:
            n += 1
            frequencies.update(doc.keys())
        return cls(documents=n, frequencies=frequencies)


Vector = dict[str, float]


def term_weights(raw: Mapping[str, float], concept_weights: Mapping[str, float]) -> Vector:
    """What of a feature's weight does not depend on the other needs: sublinear term
    frequency, times the concept's thesaurus weight. The index stores this."""
    weights: Vector = {}
    for feature, tf in raw.items():
        if tf <= 0:
            continue
        weight = (1 + math.log(tf)) if tf >= 1 else tf
        if feature.startswith(CONCEPT):
            weight *= concept_weights.get(feature[len(CONCEPT) :], 1.0)
        if weight > 0:
            weights[feature] = weight
    return weights


def apply_idf(weights: Mapping[str, float], idf_of: Callable[[str], float]) -> Vector:
    """Unit-length weighted vectors for the concept part and the word part, in one dict
    (the two parts are normalised separately, see `similarity`)."""
    weighted = {f: w * max(idf_of(f), 0.0) for f, w in weights.items()}
    return normalise({f: w for f, w in weighted.items() if w > 0})


def weigh(raw: Mapping[str, float], stats: Stats, concept_weights: Mapping[str, float]) -> Vector:
    return apply_idf(term_weights(raw, concept_weights), stats.idf)


def normalise(vector: Vector) -> Vector:
    norms = {CONCEPT: 0.0, WORD: 0.0}
    for feature, weight in vector.items():
        norms[feature[:2]] += weight * weight
    return {f: w / math.sqrt(norms[f[:2]]) for f, w in vector.items() if norms[f[:2]] > 0}


def similarity(a: Vector, b: Vector) -> float:
    if len(b) < len(a):
        a, b = b, a
    concepts = words = 0.0
    for feature, weight in a.items():
        other = b.get(feature)
        if other is not None:
            if feature.startswith(CONCEPT):
                concepts += weight * other
            else:
                words += weight * other
    return CONCEPT_SHARE * concepts + (1 - CONCEPT_SHARE) * words


def specificity(word: str) -> float:
    """1 for words rarer than about 1 in 3 million in Dutch (Zipf 4), down to 0.3 for the
    most common ones (Zipf 6.1 and above: mensen, kinderen)."""
    return min(1.0, max(0.3, (7.0 - zipf(word)) / 3.0))
