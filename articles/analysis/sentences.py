"""A small regex sentence splitter tuned for news prose.

Statistical splitters were not worth a dependency here: news text breaks mostly on the same few
abbreviations, initials and list markers, which this module knows about.
"""

import re
from collections.abc import Iterable

from articles.analysis.results import Sentence
from articles.analysis.wordlists import words

# Lower-cased, without the final period. "U.S" is here because "U.S. President" is far more
# common than a sentence ending in "U.S.".
ABBREVIATIONS = words(
    """
    mr mrs ms mx dr prof st sr jr gen lt col maj capt cmdr adm sen rep gov sgt rev hon pres
    inc ltd co corp bros no nos vs approx est dept govt intl min max fig vol
    jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e u.s u.k u.n e.u u.s.a a.m p.m
    """
)

# A run of marks is tried once, from its first mark and without backtracking into it: runs of
# thousands of periods stay linear.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’)\]]*+(?=\s+[\"“‘(\[]?[A-Z0-9•])")
_GERMAN_MONTH = re.compile(
    r"\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
    r"November|Dezember)\b"
)
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}|[IVXLC]{1,6}|[A-Za-z])$")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; a line break always ends a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(_split_line(line))
    return sentences


def sentences_of(paragraphs: Iterable[str], separator: str = "\n\n") -> list[Sentence]:
    """The sentences of a body made of `paragraphs` joined by `separator`, each with its
    paragraph and its offsets in that body."""
    sentences: list[Sentence] = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        cursor = 0
        for text in split_sentences(paragraph):
            # split_sentences only strips pieces, so each is found from where the last ended.
            at = paragraph.find(text, cursor)
            sentences.append(Sentence(text, index, offset + at))
            cursor = at + len(text)
        offset += len(paragraph) + len(separator)
    return sentences


def _split_line(line: str) -> list[str]:
    line = line.strip()
    if not line:
        return []
    pieces = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if match.group().startswith(".") and not _ends_sentence(line, start, match.start()):
            continue
        pieces.append(line[start : match.end()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _ends_sentence(line: str, start: int, end: int) -> bool:
    """Whether the period at line[end] ends a sentence rather than an abbreviation."""
    # Only the last word matters; slicing a short tail keeps long unsplit runs linear.
    tail = line[max(start, end - 40) : end].rsplit(None, 1)
    if not tail:
        return False
    word = tail[-1].lstrip('"“‘([')
    if word.casefold() in ABBREVIATIONS:
        return False
    # An initial ("S. Jaishankar", "Joseph R. Biden").
    if len(word) == 1 and word.isupper():
        return False
    # A German day before its month ("am 8. Juli 2024").
    if word.isdigit() and len(word) <= 2 and _GERMAN_MONTH.match(line, end + 1):
        return False
    # A list marker or section number opening the line ("1.", "IV.").
    return not (start == 0 and end <= 8 and _LIST_MARKER.match(line, 0, end))
