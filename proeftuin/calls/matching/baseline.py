"""Plain TF-IDF, the yardstick of issue 8: stemmed words plus character n-grams, cosine.

Only the evaluation uses it (`evaluate_matching --baseline`), so the matcher's figures can
be read beside what word overlap alone achieves on the same needs.
"""

import math
from collections import Counter
from collections.abc import Sequence

import snowballstemmer

from .text import FUNCTION_WORDS, strip_accents, tokens

_stemmer = snowballstemmer.stemmer("dutch_porter")


def _features(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in tokens(strip_accents(text)):
        if word in FUNCTION_WORDS:
            continue
        counts["w:" + _stemmer.stemWord(word)] += 1
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                counts[f"{n}:{padded[i : i + n]}"] += 1
    return counts


def similarity_matrix(texts: Sequence[str]) -> list[list[float]]:
    docs = [_features(t) for t in texts]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    vectors = []
    for doc in docs:
        vector = {
            f: (1 + math.log(tf)) * math.log((n + 1) / (df[f] + 1)) + 0.0 for f, tf in doc.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({f: w / norm for f, w in vector.items()})
    return [[sum(w * b.get(f, 0.0) for f, w in a.items()) for b in vectors] for a in vectors]
