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

import threading
import unicodedata

import Stemmer

from articles.search.query import ParsedQuery, Term, tokenize

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


def stemmed_language(code: str | None) -> str | None:
    """The code when articles in that language are stemmed in it, else None (English, "",
    a language without a stemmer here: the English index)."""
    return code if code in LANGUAGES else None


def tagged(code: str, stem: str) -> str:
    return code + stem + TAG


class _Stemmers(threading.local):
    # A PyStemmer object is not safe to share between threads.
    def __init__(self):
        self.by_code: dict[str, Stemmer.Stemmer] = {}


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
    """The tagged stems of `words` (lower-cased words, as tokenize() makes them) in `code`."""
    prepare = _unaccented if code in LATIN else _composed
    return [tagged(code, stem) for stem in _stemmer(code).stemWords([prepare(w) for w in words])]


def indexed_text(code: str | None, text: str | None) -> str | None:
    """What the full-text index holds for `text` of an article in language `code`: the text
    itself when it is not stemmed in its language, else its tagged stems, one for each word
    and in the same order, so that positions in the index are positions in the text (SQLite
    marks hits in the original text by position)."""
    if text is None or code not in LANGUAGES:
        return text
    return " ".join(stems(code, tokenize(text)))


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
