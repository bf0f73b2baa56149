"""The search query grammar, in pure Python (no Django).

People type queries in the "websearch" grammar of PostgreSQL's ``websearch_to_tsquery``::

    diplomat oil OR gas "human trafficking" -ukraine -"russian army"

- words separated by spaces are ANDed;
- ``"quoted text"`` is a phrase (an unterminated quote runs to the end of the text);
- ``OR`` (upper case, standing alone between two terms) makes alternatives;
- ``-word`` or ``-"a phrase"`` excludes documents containing it.

Both engines read the same parse (:func:`parse_query`), so they agree on what a query means:
PostgreSQL builds its tsquery from the terms (articles.search.base), SQLite gets FTS5 MATCH
expressions (:func:`fts5_match_expression`,
:func:`fts5_exclusion_expression`) that are always syntactically valid, whatever was typed:
every word is emitted inside double quotes, so FTS5 never reads anything typed as an operator
(``AND``, ``NOT``, ``NEAR``, ``*``, ``^``, ``:``, parentheses, column filters...).

Parsing rules, in detail
------------------------
- Words are tokenized the way FTS5's ``unicode61`` tokenizer does it: a word is a maximal run
  of letters/digits (``str.isalnum``), combining marks (Mn/Mc/Me), private-use (Co) and
  unassigned (Cn) characters; everything else separates words. ``S-400`` or ``U.S.`` therefore
  become the phrase terms ``("s", "400")`` and ``("u", "s")``, as PostgreSQL does for
  hyphenated words.
- Words are lower-cased one character at a time, and only for characters that FTS5's own case
  folding agrees on (see :func:`_fold`); accents are kept (the tokenizer's
  ``remove_diacritics 2`` removes them on both sides).
- A ``-`` excludes only at the start of a chunk (after whitespace, at the start of the text,
  or right after a quoted phrase), never inside a word. A dash standing alone (``war - peace``)
  is ignored. Like PostgreSQL (where ``--x`` is ``!!x``), an even number of leading dashes
  cancels out.
- ``OR`` is an operator only when it is the whole chunk, upper case and not negated; it joins
  the positive terms directly before and after it. A leading, trailing or doubled ``OR`` is
  ignored; ``or`` / ``Or`` / ``-OR`` / ``"OR"`` are the ordinary word "or".
- An ``OR`` next to an excluded term is ignored, and the excluded term is a plain exclusion:
  ``a OR -b`` means "a and not b", ``-a OR b`` means "b and not a" (PostgreSQL would read
  ``a | !b``, which matches nearly everything and is almost never what someone wants).
- Empty phrases and chunks made only of punctuation are ignored (they do not break an ``OR``).
- At most :data:`MAX_QUERY_CHARS` characters of the text are read and at most ``max_terms``
  terms are kept (the rest is ignored). Duplicate terms are then removed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
DEFAULT_MAX_TERMS = 32

# Categories that are part of a word besides str.isalnum(): combining marks (so "é" typed
# decomposed stays one word), private use and unassigned code points (FTS5's unicode61 treats
# both as token characters).
_EXTRA_WORD_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Co", "Cn"})

# Unicode 3.2 data ships with the standard library (for IDNA). FTS5's unicode61 knows the case
# pairs of Unicode 6.1 only; lower-casing a character it does not fold (e.g. Cherokee, or
# U+037F added in Unicode 7) would make the query miss the documents.
_OLD_UNICODE = unicodedata.ucd_3_2_0


@dataclass(frozen=True)
class Term:
    """One searchable unit: a single word, or several words that must follow each other."""

    words: tuple[str, ...]
    # What was typed for it ("S-400", "U.S."): PostgreSQL parses this text with its own parser,
    # which keeps tokens like "u.s" whole. Not part of equality: the words are the term.
    text: str = field(default="", compare=False)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """A query as an AND of OR-groups, minus excluded terms."""

    include: tuple[tuple[Term, ...], ...] = ()  # AND of OR-groups
    exclude: tuple[Term, ...] = ()  # terms that must not match

    @property
    def is_empty(self) -> bool:
        """Nothing searchable at all: no included and no excluded term."""
        return not self.include and not self.exclude

    def highlight_terms(self) -> tuple[str, ...]:
        """The distinct words of the included terms, in order of appearance."""
        seen: dict[str, None] = {}
        for group in self.include:
            for term in group:
                for word in term.words:
                    seen.setdefault(word, None)
        return tuple(seen)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in _EXTRA_WORD_CATEGORIES


def _fold(ch: str) -> str:
    lower = ch.lower()
    # Per character (no final-sigma rule), one-to-one only ("İ".lower() is two characters),
    # and only for characters FTS5 knows how to fold (see _OLD_UNICODE).
    if (
        lower != ch
        and len(lower) == 1
        and _OLD_UNICODE.category(ch) != "Cn"
        and _OLD_UNICODE.category(lower) != "Cn"
    ):
        return lower
    return ch


def tokenize(text: str) -> tuple[str, ...]:
    """The lower-cased words of `text`, split the way FTS5's unicode61 tokenizer splits."""
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        if _is_word_char(ch):
            current.append(_fold(ch))
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return tuple(words)


_OR = object()  # marker for an OR operator in the chunk stream


def _chunks(text: str):
    """Yield (negated, text) for each term, or _OR, in order. The text may hold no word."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        dashes = 0
        while i < n and text[i] == "-":
            dashes += 1
            i += 1
        negated = dashes % 2 == 1
        if i >= n or text[i].isspace():
            continue  # a dash standing alone
        if text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                end = n
            yield negated, text[i + 1 : end]
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        chunk = text[start:i]
        if chunk == "OR" and not dashes:
            yield _OR
        else:
            yield negated, chunk


def parse_query(text: str, max_terms: int = DEFAULT_MAX_TERMS) -> ParsedQuery:
    """Parse a websearch-style query. Never raises for any text; see the module docstring."""
    if max_terms < 1:
        raise ValueError("max_terms must be at least 1")
    groups: list[list[Term]] = []
    exclude: list[Term] = []
    count = 0
    # An OR joins the next positive term to the last group, only if that group ended the
    # stream so far (after_positive) and nothing but ignorable chunks came in between.
    after_positive = False
    pending_or = False
    for item in _chunks((text or "")[:MAX_QUERY_CHARS]):
        if item is _OR:
            pending_or = after_positive
            continue
        negated, typed = item
        words = tokenize(typed)
        if not words:
            continue  # empty phrase, punctuation: ignored, transparent to OR
        if count >= max_terms:
            break
        count += 1
        term = Term(words, typed)
        if negated:
            exclude.append(term)
            after_positive = pending_or = False
            continue
        if pending_or:
            if term not in groups[-1]:
                groups[-1].append(term)
        else:
            groups.append([term])
        after_positive, pending_or = True, False

    include: dict[frozenset[Term], tuple[Term, ...]] = {}
    for group in groups:
        include.setdefault(frozenset(group), tuple(group))
    return ParsedQuery(include=tuple(include.values()), exclude=tuple(dict.fromkeys(exclude)))


def _fts5_term(term: Term) -> str:
    # Words are alphanumeric runs: they never contain a double quote, so no escaping needed.
    return '"' + " ".join(term.words) + '"'


def _fts5_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _fts5_term(group[0])
    # Always parenthesized: FTS5's AND and NOT bind tighter than OR.
    return "(" + " OR ".join(_fts5_term(term) for term in group) + ")"


def fts5_match_expression(parsed: ParsedQuery) -> str | None:
    """The positive part as an FTS5 MATCH expression, or None when there is no positive term.

    e.g. ``"diplomat" AND ("oil" OR "gas") AND "human trafficking"``.
    """
    if not parsed.include:
        return None
    return " AND ".join(_fts5_group(group) for group in parsed.include)


def fts5_exclusion_expression(parsed: ParsedQuery) -> str | None:
    """The OR of the excluded terms (``"ukraine" OR "russian army"``), or None when none.

    Use it as ``<positive> NOT (<exclusion>)``, or, without a positive part, as
    ``rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH <exclusion>)``.
    """
    if not parsed.exclude:
        return None
    return " OR ".join(_fts5_term(term) for term in parsed.exclude)


def spelling_variants(term: Term) -> tuple[Term, ...]:
    """Other ways of writing `term` that people mean by it: a hyphenated word also joined
    ("S-400" finds "S400", "co-operation" "cooperation"), and a word where letters meet digits
    also hyphenated ("S400" finds "S-400", "MiG29" "MiG-29")."""
    if len(term.words) == 1:
        word = term.words[0]
        parts, current = [], ""
        for ch in word:
            if current and ch.isdigit() != current[-1].isdigit():
                parts.append(current)
                current = ""
            current += ch
        parts.append(current)
        if 1 < len(parts) <= 4:
            # Typed hyphenated for PostgreSQL, whose parser reads "S-400" as "S" and "-400".
            return (Term(tuple(parts), "-".join(parts)),)
        return ()
    # Typed as one hyphenated chunk ("S-400", "co-operation"), not as separate words ("S 400"
    # is a phrase search) nor with dots ("U.S." joined is the word "us").
    hyphenated = "".join(ch if ch == "-" or _is_word_char(ch) else " " for ch in term.text)
    if len(term.words) <= 4 and " " not in hyphenated.strip("-"):
        joined = "".join(term.words)
        return (Term((joined,), joined),)
    return ()


def with_variants(parsed: ParsedQuery, extra=lambda term: ()) -> ParsedQuery:
    """`parsed` with each term ORed with its spelling variants and with `extra(term)` (more
    terms for it, e.g. the other names of an entity): the same query, found more ways."""

    def widened(terms) -> tuple[Term, ...]:
        out = dict.fromkeys(terms)
        for term in terms:
            for other in (*spelling_variants(term), *extra(term)):
                out.setdefault(other, None)
        return tuple(out)

    return ParsedQuery(
        include=tuple(widened(group) for group in parsed.include),
        exclude=widened(parsed.exclude),
    )
