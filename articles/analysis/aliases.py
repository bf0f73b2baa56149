"""Lookup keys that let aliases of one entity meet, in one article and across the archive."""

import re
import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=8192)
def normalize_alias(name: str) -> str:
    """Casefold, strip accents, periods, a possessive and leading honorifics/roles:
    "Mr. Modi's" -> "modi"."""
    text = fold_accents(unicodedata.normalize("NFKC", name)).casefold()
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
