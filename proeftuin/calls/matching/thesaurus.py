"""The sector thesaurus: concepts and the Dutch terms that name them.

People who share a need rarely share its words ("kaartverkoop", "tickets", "inkom"); the
thesaurus maps their words onto the same concept. Coordinators maintain it in the platform
(`ThesaurusConcept` rows); `data/sector-thesaurus.txt` seeds it. The file's format is one
concept a line, `CONCEPT: term, term, …`, optionally with a weight, `CONCEPT (0.5): …`, for
concepts that describe *how* rather than *what* (paper forms, an overview) and so say less
about which need it is.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .text import FUNCTION_WORDS, compound_parts, lemma, tokens

LINE = re.compile(r"^\s*([A-Z0-9_]+)\s*(?:\(\s*([0-9.]+)\s*\))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class Concept:
    key: str
    terms: tuple[str, ...]
    weight: float = 1.0


def parse(text: str) -> list[Concept]:
    """Concepts from the file format; comments (#) and blank lines are skipped. A concept
    named twice gets the terms of both lines."""
    concepts: dict[str, Concept] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        match = LINE.match(line)
        if not match:
            continue
        name, weight, terms = match.groups()
        found = tuple(t.strip().lower() for t in terms.split(",") if t.strip())
        old = concepts.get(name)
        concepts[name] = Concept(
            key=name,
            terms=tuple(dict.fromkeys((old.terms if old else ()) + found)),
            weight=float(weight) if weight else (old.weight if old else 1.0),
        )
    return list(concepts.values())


def format_concepts(concepts: Iterable[Concept]) -> str:
    lines = []
    for concept in concepts:
        weight = f" ({concept.weight:g})" if concept.weight != 1.0 else ""
        lines.append(f"{concept.key}{weight}: {', '.join(concept.terms)}")
    return "\n".join(lines) + "\n"


def load_file(path: Path) -> list[Concept]:
    return parse(path.read_text(encoding="utf-8"))


@dataclass
class Thesaurus:
    """Concepts indexed by the keys of their terms, for matching a text's key stream."""

    concepts: dict[str, Concept]
    # key of a one-word term -> the concepts it names
    single: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # keys of a multi-word term -> the concepts it names
    multi: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    longest: int = 1
    # the terms' words, which count as known parts when splitting compounds
    vocabulary: frozenset[str] = frozenset()

    @classmethod
    def build(cls, concepts: Iterable[Concept]) -> "Thesaurus":
        by_key = {c.key: c for c in concepts}
        single: dict[str, list[str]] = {}
        multi: dict[tuple[str, ...], list[str]] = {}
        words: set[str] = set()
        for concept in by_key.values():
            for term in concept.terms:
                term_tokens = tokens(term)
                if not term_tokens:
                    continue
                words.update(t for t in term_tokens if t not in FUNCTION_WORDS)
                keys = tuple(lemma(t) for t in term_tokens)
                target = (
                    single.setdefault(keys[0], []) if len(keys) == 1 else multi.setdefault(keys, [])
                )
                if concept.key not in target:
                    target.append(concept.key)
        return cls(
            concepts=by_key,
            single={k: tuple(v) for k, v in single.items()},
            multi={k: tuple(v) for k, v in multi.items()},
            longest=max((len(k) for k in multi), default=1),
            vocabulary=frozenset(words),
        )

    def concepts_of_word(self, word: str) -> list[tuple[str, float]]:
        """The concepts one word names, with a share: the whole word's concepts, or else
        those of its compound parts (the head, last, counts fully; the others less)."""
        found = self.single.get(lemma(word))
        if found:
            return [(c, 1.0) for c in found]
        parts = compound_parts(word, self.vocabulary)
        if len(parts) == 1:
            return []
        result = []
        for i, part in enumerate(parts):
            share = 1.0 if i == len(parts) - 1 else 0.7
            result += [(c, share) for c in self.single.get(lemma(part), ())]
        return result
