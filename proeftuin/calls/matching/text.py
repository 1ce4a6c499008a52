"""Dutch text normalisation for the matcher: tokens, lemmas, stems and compound parts.

Every word becomes a *key*: its lemma (simplemma's Dutch data), stemmed with the Dutch
Porter stemmer (snowballstemmer), without diacritics. The lemma folds inflection
(gemeenten → gemeente, geleend → lenen); the stem then folds derivations that the lemma keeps
apart (inschrijving / inschrijven → inschrijv). A long, rare word is split into its parts
(bibliotheekcollectie → bibliotheek + collectie) with word frequencies from wordfreq, after
Koehn & Knight (2003), "Empirical methods for compound splitting": split where the parts are,
on average, more frequent than the whole.

All data comes from packages (no network); the caches below hold pure functions of a word,
so they are the same in every process.
"""

import re
import unicodedata
from functools import cache, lru_cache

import simplemma
import snowballstemmer
from wordfreq import get_frequency_dict

# Function words: never a feature, never a part of a compound.
FUNCTION_WORDS = frozenset(
    [
        "aan",
        "aangezien",
        "af",
        "al",
        "alle",
        "alleen",
        "allemaal",
        "alles",
        "als",
        "altijd",
        "ander",
        "andere",
        "anders",
        "bij",
        "binnen",
        "bijvoorbeeld",
        "bv",
        "daar",
        "daarbij",
        "daardoor",
        "daarin",
        "daarna",
        "daarom",
        "daarvan",
        "dan",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doch",
        "door",
        "dus",
        "echter",
        "een",
        "eens",
        "eigen",
        "eigenlijk",
        "elk",
        "elke",
        "en",
        "enkel",
        "enkele",
        "er",
        "erg",
        "ermee",
        "ernaar",
        "erop",
        "ervan",
        "etc",
        "even",
        "evenals",
        "geen",
        "gewoon",
        "graag",
        "haar",
        "had",
        "heb",
        "hebben",
        "hebt",
        "heeft",
        "hem",
        "hen",
        "het",
        "hier",
        "hij",
        "hoe",
        "hoewel",
        "hun",
        "iedereen",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jou",
        "jouw",
        "jullie",
        "kan",
        "kon",
        "kun",
        "kunnen",
        "kunt",
        "laat",
        "laten",
        "liever",
        "maar",
        "me",
        "meer",
        "meest",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "moeten",
        "na",
        "naar",
        "net",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "pas",
        "per",
        "reeds",
        "sinds",
        "sommige",
        "steeds",
        "te",
        "tegen",
        "telkens",
        "toch",
        "toe",
        "tot",
        "tussen",
        "u",
        "uit",
        "uw",
        "van",
        "vanaf",
        "vanuit",
        "veel",
        "voor",
        "vooral",
        "waar",
        "waarbij",
        "waardoor",
        "waarin",
        "waarmee",
        "waarop",
        "waarvan",
        "wanneer",
        "want",
        "was",
        "wat",
        "we",
        "weer",
        "wel",
        "welk",
        "welke",
        "werd",
        "werden",
        "wie",
        "wij",
        "wil",
        "willen",
        "word",
        "wordt",
        "worden",
        "zal",
        "ze",
        "zeer",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zoals",
        "zodat",
        "zodra",
        "zonder",
        "zou",
        "zouden",
        "zullen",
        "and",
        "the",
    ]
)
# Words every need uses ("we zoeken een eenvoudig systeem"): no feature of their own, but
# fine as the part of a compound (roostersysteem).
GENERIC_WORDS = frozenset(
    [
        "doen",
        "gaan",
        "gaat",
        "maken",
        "nieuw",
        "nieuwe",
        "eenvoudig",
        "eenvoudige",
        "manier",
        "systeem",
        "systemen",
        "oplossing",
        "oplossingen",
        "zoeken",
        "zoekt",
        "nodig",
        "nood",
        "noden",
        "vandaag",
        "momenteel",
        "huidige",
        "goed",
        "goede",
        "beter",
        "heel",
        "vaak",
        "soms",
        "mogelijk",
        "mogelijkheid",
        "wensen",
        "wens",
        "idee",
        "dingen",
        "ding",
        "zaak",
        "zaken",
        "jaar",
        "jaren",
        "week",
        "weken",
        "dag",
        "dagen",
        "keer",
        "tijd",
        "uur",
        "uren",
        "weinig",
        "groot",
        "grote",
        "klein",
        "kleine",
        "rond",
        "samen",
    ]
)
STOPWORDS = FUNCTION_WORDS | GENERIC_WORDS

# Endings that are derivations, not words of their own in a compound (gemeente|lijk).
NOT_A_PART = frozenset(
    [
        "heid",
        "heden",
        "lijk",
        "lijke",
        "lijks",
        "ing",
        "ingen",
        "baar",
        "bare",
        "achtig",
        "achtige",
        "schap",
        "isch",
        "ische",
        "ief",
        "ieve",
        "iteit",
        "nis",
        "sel",
        "je",
        "jes",
        "tje",
        "tjes",
        "pje",
        "pjes",
        "kje",
        "kjes",
        "etje",
        "etjes",
        "loos",
        "loze",
        "ster",
        "erij",
        "ij",
        "ig",
        "ige",
        "and",
        "best",
    ]
)
# Diminutive endings, folded onto their word (kapelletjes → kapel, kaartje → kaart).
DIMINUTIVE_ENDINGS = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "kjes", "kje", "jes", "je")

APOSTROPHES = "'\u2019"
TOKEN = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*", re.UNICODE)
COMPOUND_MIN_LENGTH = 8
# A word at least this frequent in Dutch is a word of its own, not an accidental compound
# (zipf 3.5 ≈ 3 in a million words).
COMMON_WORD_ZIPF = 3.6
PART_MIN_ZIPF = 2.5

_stemmer = snowballstemmer.stemmer("dutch_porter")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Lower-cased words; "foto's" → "foto", "QR-code" → "qr", "code"."""
    words = []
    for match in TOKEN.finditer(text.lower()):
        word = match.group(0).replace("\u2019", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
        if word and not word.isdigit():
            words.append(word)
    return words


@cache
def _frequencies() -> dict[str, float]:
    return get_frequency_dict("nl")


def zipf(word: str) -> float:
    """How common a word is in Dutch, on the Zipf scale (log10 per billion words)."""
    import math

    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one lower-cased word, without diacritics or diminutive (kaartjes → kaart,
    gemeenten → gemeente). Thesaurus terms are matched on lemmas: a stem would merge words
    that differ (plaats and platen both stem to "plat")."""
    return strip_accents(undiminish(simplemma.lemmatize(word, lang="nl").lower()))


@lru_cache(maxsize=200_000)
def key(word: str) -> str:
    """The key of a word as a feature of its own: its lemma, stemmed, which also folds
    derivations (inschrijving / inschrijven → inschrijv)."""
    return _stemmer.stemWord(lemma(word))


def undiminish(word: str) -> str:
    """The word a diminutive is made of, when that is a known word (kaartjes → kaart)."""
    if not word.endswith(("je", "jes")):
        return word
    options = []
    for ending in DIMINUTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            options.append(base)
            if ending.startswith("e") and base[-1] == base[-2]:  # kapelletje
                options.append(base[:-1])
    score, best = max(((zipf(base), base) for base in options), default=(0.0, word))
    return best if score >= PART_MIN_ZIPF else word


def _known(part: str, vocabulary: frozenset[str]) -> float:
    """How good a compound part this is: its Zipf frequency, or 3.0 for a thesaurus term.
    A part of three letters must be a thesaurus term or common (cc, bib, app; not "afl")."""
    if len(part) < 3 or part in NOT_A_PART or part in FUNCTION_WORDS:
        return 0.0
    score = zipf(part)
    if part in vocabulary:
        score = max(score, 3.0)
    elif len(part) == 3 and score < 4.0:
        return 0.0
    return score if score >= PART_MIN_ZIPF else 0.0


def _splits(word: str, vocabulary: frozenset[str], depth: int) -> tuple[float, list[str]] | None:
    """The best split of `word` into known parts, scored by their mean Zipf frequency."""
    best: tuple[float, list[str]] | None = None
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        # A linking -s- (vrijwilliger|s|werk) belongs to neither part.
        # A verb stem is a part too (bezorg|dienst: bezorgen).
        left_options = [left, left + "en", undiminish(left)]
        if left.endswith("s") and len(left) > 4:
            left_options += [left[:-1], undiminish(left[:-1])]
        left_score, left_word = max((_known(opt, vocabulary), opt) for opt in left_options)
        if not left_score:
            continue
        right = undiminish(right)
        right_score = _known(right, vocabulary)
        candidates: list[tuple[float, list[str]]] = []
        if right_score:
            candidates.append(((left_score + right_score) / 2, [left_word, right]))
        if depth < 2 and len(right) >= 6:
            rest = _splits(right, vocabulary, depth + 1)
            if rest:
                parts = [left_word, *rest[1]]
                mean = (left_score + rest[0] * len(rest[1])) / len(parts)
                # Each extra part must earn its place.
                candidates.append((mean - 1.2 * (len(parts) - 2), parts))
        for candidate in candidates:
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best


@lru_cache(maxsize=200_000)
def _split_cached(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    word = undiminish(word)
    if len(word) < COMPOUND_MIN_LENGTH or "-" in word:
        return (word,)
    whole = zipf(word)
    if whole >= COMMON_WORD_ZIPF:
        return (word,)
    best = _splits(word, vocabulary, 0)
    if best is None or best[0] <= whole:
        return (word,)
    return tuple(best[1])


def compound_parts(word: str, vocabulary: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The parts of a compound (`("jeugdhuis", "concerten")`), or the word alone.

    `vocabulary` adds words that count as known parts besides wordfreq's Dutch words (the
    thesaurus's terms, which are often too rare in general Dutch: "grabbelpas")."""
    return _split_cached(word, vocabulary)
