"""Lookup keys that let aliases of one entity meet, in one article and across the archive."""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from articles.analysis.gazetteer import DEMONYMS
from articles.analysis.titles import AMBIGUOUS_ROLES, HONORIFICS, ROLE_MODIFIERS, ROLES

_PUNCTUATION = re.compile(r"[^\w\s'-]")


def _index_titles() -> dict[str, list[tuple[str, ...]]]:
    """Titles as word tuples keyed by their first word, longest first ("prime minister")."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted((*HONORIFICS, *ROLES), key=lambda t: len(t.split()), reverse=True):
        words = tuple(title.casefold().replace(".", "").split())
        index.setdefault(words[0], []).append(words)
    return index


_TITLE_PHRASES = _index_titles()
_MODIFIERS = frozenset(ROLE_MODIFIERS)
_AMBIGUOUS = frozenset((role.casefold(),) for role in AMBIGUOUS_ROLES)
_DEMONYMS = frozenset(d.casefold() for d in DEMONYMS)


def fold_accents(text: str) -> str:
    """Strip accents and straighten apostrophes, keeping every character at its offset.

    Keeping offsets lets the entity finder match on the folded text and slice the original.
    """
    if text.isascii():
        return text
    return text.translate({ord(c): _fold_char(c) for c in set(text) if not c.isascii()})


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "’‘":
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


# Russian (and Ukrainian, Belarusian) letters as English-language news spells names:
# "Дмитрий Песков" -> "Dmitry Peskov", "Сергей Шойгу" -> "Sergei Shoigu".
_LATIN_LETTERS = (
    "a b v g d e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya e i yi ye g u"
)
_CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґў",
        _LATIN_LETTERS.split(),
        strict=True,
    )
)
_CYRILLIC["ъ"] = _CYRILLIC["ь"] = ""
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_VOWELS = frozenset("аеёиоуыэюяіїєъь")
# Letters of other scripts (Greek, Arabic, Chinese...): anyascii's romanisation.
_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u0400-\u04ff\u1e00-\u1eff\W\d_]+")


def transliterate(text: str) -> str:
    """`text` in Latin letters: Cyrillic as the English-language press writes Russian names
    ("Путин" -> "Putin", "Зеленский" -> "Zelensky"), any other non-Latin script through
    anyascii. Latin text is returned unchanged, accents included."""
    if text.isascii():
        return text
    text = _CYRILLIC_WORD.sub(_latin_word, text)
    return _OTHER_SCRIPT.sub(lambda m: anyascii(m.group()), text)


def _latin_word(match: re.Match) -> str:
    word = match.group()
    lower = word.casefold()
    # "-ий", "-ый" end a name as "-y": Dmitry, Navalny, Zelensky.
    ending = "y" if len(lower) > 3 and lower[-2:] in ("ий", "ый") else ""
    if ending:
        lower = lower[:-2]
    out = []
    for i, char in enumerate(lower):
        latin = _CYRILLIC.get(char, char)
        if char in "её" and (i == 0 or lower[i - 1] in _VOWELS):
            latin = "ye" if char == "е" else "yo"  # Yevgeny, Yeltsin, Mirziyoyev
        out.append(latin)
    latin = "".join(out) + ending
    return latin.capitalize() if word[:1].isupper() else latin


@lru_cache(maxsize=8192)
def normalize_alias(name: str) -> str:
    """Casefold, transliterate, strip accents, periods, a possessive and leading
    honorifics/roles: "Mr. Modi's" -> "modi", "Путин" -> "putin"."""
    text = fold_accents(transliterate(unicodedata.normalize("NFKC", name))).casefold()
    text = text.replace(".", "")
    text = _PUNCTUATION.sub(" ", text)
    words = text.split()
    # A possessive is the same name: "Blair's" -> "blair".
    if words and words[-1].endswith("'s") and len(words[-1]) > 2:
        words[-1] = words[-1][:-2]
    while True:
        stripped = _strip_prefix(words)
        # Never strip a name down to nothing: "President" alone stays "president".
        if not stripped:
            break
        words = stripped
    return " ".join(words)


def _strip_prefix(words: list[str]) -> list[str] | None:
    if words and words[0] == "the":
        return words[1:]
    # "former", "Russian", "India's" are dropped only when a title follows them.
    start = 0
    while start < len(words) and _is_qualifier(words[start]):
        start += 1
    for phrase in _TITLE_PHRASES.get(words[start] if start < len(words) else "", ()):
        if tuple(words[start : start + len(phrase)]) == phrase:
            rest = words[start + len(phrase) :]
            # "General Motors" is a company; "General Mark Milley" a general.
            if phrase in _AMBIGUOUS and len(rest) < 2:
                return None
            return rest
    return None


def _is_qualifier(word: str) -> bool:
    return word in _MODIFIERS or word in _DEMONYMS or word.endswith("'s")
