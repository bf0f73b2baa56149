"""Words as each language's search sees them (pure Python, no Django).

An article whose language has a Snowball stemmer here (LANGUAGES) is indexed with that
language's stems, each tagged with its language ("ru" + "санкц" + "\\ue000"); every other article
(English, unknown, a language without a stemmer) as before, with untagged English stems. A
query is stemmed once per language present in the archive, and each language's articles are
matched only with that language's tagged stems: a word never finds an article in another
language by a stem the two languages happen to share. Entity names (other_names.py) are the
one way a query crosses languages: they are added to the query, then stemmed per language
like any typed word.

The tag ends with a private-use character, which FTS5's tokenizer keeps inside a word, which
no one can type into a search (clean_query_text drops unprintable characters), and after
which FTS5's porter stemmer (the English index's) finds no English ending to take off.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from articles.search.query import _EXTRA_WORD_CATEGORIES, ParsedQuery, Term

# ISO 639-1 code -> Snowball algorithm, for the languages that PyStemmer, PostgreSQL's text
# search and tantivy all stem. English is not here: it keeps the untagged English index.
LANGUAGES = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
# Languages written in Latin letters: their accents are folded before stemming, so that
# "ecole" finds "école" (as English words do). Other scripts are stemmed as written:
# folding "й" to "и" would defeat the Russian stemmer.
LATIN = frozenset({"da", "de", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "sv", "tr"})
TAG = "\ue000"


def tagged(code: str, stem: str) -> str:
    return code + stem + TAG


# Words already stemmed, per language: news text repeats its words, and a look-up is 5x
# cheaper than preparing and stemming a word again. Emptied when it grows past this size.
CACHE_WORDS = 200_000


class _Stemmers(threading.local):
    # A PyStemmer object is not safe to share between threads.
    def __init__(self):
        self.by_code: dict[str, Stemmer.Stemmer] = {}
        self.cache: dict[str, dict[str, str]] = {}


_stemmers = _Stemmers()


def _stemmer(code: str) -> Stemmer.Stemmer:
    stemmer = _stemmers.by_code.get(code)
    if stemmer is None:
        stemmer = _stemmers.by_code[code] = Stemmer.Stemmer(LANGUAGES[code])
    return stemmer


def _unaccented(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)) or word


def _composed(word: str) -> str:
    return word if word.isascii() else unicodedata.normalize("NFC", word)


def stems(code: str, words) -> list[str]:
    """The tagged stems of `words` (as tokenize() makes them) in language `code`."""
    cache = _stemmers.cache.setdefault(code, {})
    try:
        return [cache[w] for w in words]
    except KeyError:
        pass
    new = list(dict.fromkeys(w for w in words if w not in cache))
    prepare = _unaccented if code in LATIN else _composed
    # Lower-cased (again: the text's words come from _words, which does not fold them).
    found = _stemmer(code).stemWords([prepare(w.lower()) for w in new])
    if len(cache) + len(new) > CACHE_WORDS:
        cache.clear()
    cache.update((w, tagged(code, stem)) for w, stem in zip(new, found, strict=True))
    return [cache[w] for w in words]


_patterns: tuple[re.Pattern, re.Pattern, re.Pattern] | None = None


def _words(text: str) -> list[str]:
    """tokenize(text) (the words as FTS5 splits them), fast: regular expressions instead of
    a look-up per character, which made loading a non-English article 5x slower. The
    characters besides str.isalnum() that make words (combining marks...) are rare, and
    slow to match: the text is searched for one first. Words are lower-cased by stems()."""
    global _patterns
    if _patterns is None:
        extra = f"[{_extra_word_chars()}]"
        _patterns = (
            re.compile(r"[^\W_]+"),
            re.compile(extra),
            re.compile(f"(?:[^\\W_]|{extra})+"),
        )
    plain, extra, full = _patterns
    return (full if extra.search(text) else plain).findall(text)


def _extra_word_chars() -> str:
    """A character class of what query.tokenize counts in a word besides str.isalnum(), in
    the Basic Multilingual Plane (combining marks, private use, unassigned), and the private
    use planes."""
    ranges, start = [], None
    for cp in range(0x10000):
        inside = unicodedata.category(chr(cp)) in _EXTRA_WORD_CATEGORIES
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, 0xFFFF))
    bmp = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return bmp + "\\U000f0000-\\U0010fffd"


def indexed_text(code: str | None, text: str | None) -> str | None:
    """What the full-text index holds for `text` of an article in language `code`: the text
    itself when it is not stemmed in its language, else its tagged stems, one for each word
    and in the same order, so that positions in the index are positions in the text (SQLite
    marks hits in the original text by position)."""
    if text is None or code not in LANGUAGES:
        return text
    return " ".join(stems(code, _words(text)))


def term_in(code: str, term: Term) -> Term:
    """`term` as articles in language `code` are indexed: its words' tagged stems."""
    words = tuple(stems(code, term.words))
    return Term(words, " ".join(words))


def per_language(parsed: ParsedQuery, codes) -> ParsedQuery:
    """`parsed` with each term ORed with itself in each of the languages `codes`: one query
    that matches each language's articles with that language's stems only."""
    codes = [c for c in codes if c in LANGUAGES]
    if not codes:
        return parsed

    def widened(terms) -> tuple[Term, ...]:
        out = dict.fromkeys(terms)
        for term in terms:
            for code in codes:
                out.setdefault(term_in(code, term), None)
        return tuple(out)

    return ParsedQuery(
        include=tuple(widened(group) for group in parsed.include),
        exclude=widened(parsed.exclude),
    )
