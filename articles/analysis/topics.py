"""Lexicon topics: an article is about a topic when its keywords are where and as often as a
story about it puts them.

A topic's keyword list holds words and phrases, one per line; a line starting with "-" is an
exclusion: its phrase is not the topic, and a keyword inside it does not count ("-vegetable
oil" keeps "oil" from matching in "vegetable oil"). Each article gets a score from

- the headline (the first sentence when there is none): a keyword in it;
- the lead: a keyword in its first sentences;
- the share of its sentences that have a keyword, and how many do (up to a cap);
- how many distinct keywords it uses;

and the topic when that score reaches the topic's threshold. A keyword inside a capitalised
company name ("Dome Petroleum Ltd") counts little: a company's name says what it sells, not
what a story about its debentures is about.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from articles.analysis.aliases import fold_accents
from articles.analysis.results import TopicScore

EXCLUSION_PREFIX = "-"

# The score's parts. A story about the topic names it in its headline or lead and keeps
# coming back to it; a passing mention does neither. A story with the keyword in its headline
# and its lead, or one that comes back to it in many sentences, reaches the default threshold;
# a single mention deep in a long story does not.
HEADLINE_WEIGHT = 1.0
LEAD_WEIGHT = 0.25
LEAD_SENTENCES = 2
SHARE_WEIGHT = 1.0  # times the share of sentences with a keyword
SENTENCES_WEIGHT = 1.0  # reached at SENTENCES_CAP sentences with a keyword
SENTENCES_CAP = 8
DISTINCT_WEIGHT = 0.125  # for each distinct keyword after the first
DISTINCT_CAP = 4  # more distinct keywords than this add nothing
COMPANY_WEIGHT = 0.1  # a keyword inside a company's name, instead of 1
DEFAULT_THRESHOLD = 1.4
THRESHOLD_HELP = (
    "The score an article needs to get the topic: higher, fewer articles. A keyword in the "
    f"headline scores {HEADLINE_WEIGHT:g}; one in the first {LEAD_SENTENCES} sentences "
    f"{LEAD_WEIGHT:g}; the share of sentences with a keyword up to {SHARE_WEIGHT:g}; "
    f"{SENTENCES_CAP} or more sentences with one {SENTENCES_WEIGHT:g} (fewer, in proportion); "
    f"each distinct keyword after the first {DISTINCT_WEIGHT:g}, up to {DISTINCT_CAP}. "
    "Re-score after changing it."
)


@dataclass(frozen=True)
class TopicRule:
    """A topic's keyword lines (with "-" exclusions) and the score an article needs for it."""

    keywords: tuple[str, ...]
    threshold: float = DEFAULT_THRESHOLD


def score_topics(
    sentences: Sequence[str],
    topic_keywords: Mapping[str, "TopicRule | Sequence[str]"],
    *,
    title: str = "",
) -> dict[str, TopicScore]:
    """Score each topic on the article's `sentences` (its body) and `title`; keep the topics
    whose score reaches their threshold. A plain keyword list has the default threshold.

    Matching is case-insensitive on word boundaries, tolerates simple plurals and inflections
    and matches multi-word keywords as phrases. The evidence is the body's sentences that have
    a keyword, in text order.
    """
    folded = [fold_accents(str(sentence)) for sentence in sentences]
    folded_title = fold_accents(title) if title.strip() else (folded[0] if folded else "")
    scores = {}
    for slug, given in topic_keywords.items():
        rule = given if isinstance(given, TopicRule) else TopicRule(tuple(given))
        matcher = _matcher(tuple(rule.keywords))
        if matcher is None:
            continue
        title_hits, *hits = matcher.hits([folded_title, *folded])
        if not any(hits):
            continue
        score = _score(title_hits, hits)
        if score >= rule.threshold:
            evidence = tuple(dict.fromkeys(s for s, h in zip(sentences, hits, strict=True) if h))
            scores[slug] = TopicScore(round(score, 4), evidence)
    return scores


def split_keywords(lines: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keywords and the exclusions (without their "-") of a topic's keyword lines."""
    keywords, exclusions = [], []
    for line in lines:
        line = line.strip()
        if line.startswith(EXCLUSION_PREFIX) and line[1:].strip():
            exclusions.append(line[1:].strip())
        elif line:
            keywords.append(line)
    return tuple(keywords), tuple(exclusions)


def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern | None:
    """One regex for a topic's keywords (exclusion lines left out); longer keywords first so
    phrases win over words."""
    return _phrases_pattern(split_keywords(keywords)[0])


def _score(title_hits: list[tuple[str, float]], hits: list[list[tuple[str, float]]]) -> float:
    def weight(found):
        return min(1.0, sum(w for _, w in found))

    distinct = {k for found in (title_hits, *hits) for k, w in found if w == 1.0}
    lead = max((weight(found) for found in hits[:LEAD_SENTENCES]), default=0.0)
    with_keyword = sum(map(weight, hits))
    return (
        HEADLINE_WEIGHT * weight(title_hits)
        + LEAD_WEIGHT * lead
        + SHARE_WEIGHT * with_keyword / len(hits)
        + SENTENCES_WEIGHT * min(with_keyword, SENTENCES_CAP) / SENTENCES_CAP
        + DISTINCT_WEIGHT * max(0, min(len(distinct), DISTINCT_CAP) - 1)
    )


class _Matcher:
    def __init__(self, keywords: tuple[str, ...], exclusions: tuple[str, ...]):
        self.pattern = _phrases_pattern(keywords)
        self.excluded = _phrases_pattern(exclusions)
        # Which keyword a match is, for counting distinct keywords.
        self.each = [(k, _phrases_pattern((k,))) for k in keywords]
        self.keyword_of: dict[str, str] = {}

    def hits(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """For each text, the (keyword, weight) of each keyword match outside the exclusions.
        A company found by its suffix anywhere ("IC Gas Ltd") is a company wherever its name
        comes back without it ("IC Gas said")."""
        matches = [self._matches(text) for text in texts]
        names = {
            name
            for text, found in zip(texts, matches, strict=True)
            for start, end in found
            if (name := _company_name(text, start, end))
        }
        return [
            [
                (self._keyword(text[start:end]), _weight(text, start, end, names))
                for start, end in found
            ]
            for text, found in zip(texts, matches, strict=True)
        ]

    def _matches(self, text: str) -> list[tuple[int, int]]:
        if not text:
            return []
        masked = [m.span() for m in self.excluded.finditer(text)] if self.excluded else []
        return [
            m.span()
            for m in self.pattern.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in masked)
        ]

    def _keyword(self, matched: str) -> str:
        matched = matched.casefold()
        if matched not in self.keyword_of:
            self.keyword_of[matched] = next(
                (k.casefold() for k, p in self.each if p is not None and p.fullmatch(matched)),
                matched,
            )
        return self.keyword_of[matched]


def _weight(text: str, start: int, end: int, companies: set[str]) -> float:
    if not text[start].isupper():
        return 1.0
    if _company_name(text, start, end):
        return COMPANY_WEIGHT
    before = _name_before(text, start)
    if before and f"{before} {text[start:end]}".casefold() in companies:
        return COMPANY_WEIGHT
    return 1.0


@lru_cache(maxsize=256)
def _matcher(lines: tuple[str, ...]) -> _Matcher | None:
    keywords, exclusions = split_keywords(lines)
    return _Matcher(keywords, exclusions) if _phrases_pattern(keywords) else None


# The words that end a company's name, in title case or the wire's capitals.
# Not "company" or "group": "OIL COMPANIES RAISE PRICES" is no company's name.
_COMPANY_SUFFIXES = frozenset(
    {"corp", "corporation", "co", "cos", "inc", "incorporated", "ltd", "limited", "plc"}
    | {"llc", "lp", "ag", "sa", "nv", "bv", "spa"}
)
_NAME_JOINERS = frozenset({"and", "&", "of", "de"})
_TOKEN = re.compile(r"<[^<>\s]{1,8}>|[&]|[\w][\w.'’-]*")
COMPANY_WINDOW = 4  # name words between the keyword and the company's suffix or ticker


def _company_name(text: str, start: int, end: int) -> str:
    """The name ("dome petroleum") when the capitalised keyword at text[start:end] is part
    of a company's name: a run of capitalised words from it that ends in a suffix ("Corp",
    "Ltd") or a ticker ("<DMP>") within a few words. "" when it is not."""
    if not text[start].isupper():
        return ""
    at = end
    for count, token in enumerate(_TOKEN.finditer(text, end)):
        word = token.group()
        if text[at : token.start()].strip(" \t"):  # punctuation ends the name
            return ""
        if word.startswith("<") or word.rstrip(".").casefold() in _COMPANY_SUFFIXES:
            # Remembered with the word before the keyword: a bare "Gas" is no company's name.
            return f"{_name_before(text, start)} {text[start:end]}".strip().casefold()
        if count >= COMPANY_WINDOW or not (word[0].isupper() or word.casefold() in _NAME_JOINERS):
            return ""
        at = token.end()
    return ""


_NAME_BEFORE = re.compile(r"([A-Z][\w.&'’-]*)[ \t]+$")


def _name_before(text: str, start: int) -> str:
    """The capitalised word just before `start` ("Dome" of "Dome Petroleum"), or ""."""
    found = _NAME_BEFORE.search(text[max(0, start - 40) : start])
    return found.group(1) if found else ""


@lru_cache(maxsize=256)
def _phrases_pattern(keywords: tuple[str, ...]) -> re.Pattern | None:
    phrases = {tuple(fold_accents(k).casefold().split()) for k in keywords}
    # Blank or punctuation-only keywords (a stray "-" typed in the admin) would match noise.
    phrases = {p for p in phrases if any(ch.isalnum() for ch in "".join(p))}
    if not phrases:
        return None
    ordered = sorted(phrases, key=lambda p: (len(p), sum(map(len, p))), reverse=True)
    alternatives = "|".join(_phrase_pattern(p) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _phrase_pattern(words: tuple[str, ...]) -> str:
    *head, last = words
    parts = [re.escape(word) for word in head] + [_inflected(last)]
    # "human trafficking" also matches "human-trafficking" and a line-wrapped phrase.
    return r"[\s-]+".join(parts)


def _inflected(word: str) -> str:
    """A pattern for a word and its simple plural and verb forms.

    A keyword given in the plural ("exercises") is taken as a noun, so it gains its singular but
    no verb forms ("exercised" is not a military exercise); one given in a past or -ing form
    ("lured", "trafficking") is matched as written.
    """
    escaped = re.escape(word)
    if not word[-1].isalpha():
        return escaped + "s?"
    if len(word) <= 3:
        return escaped + "(?:s|es)?"
    if word.endswith(("ed", "ing")):
        return escaped
    if word.endswith("ies"):
        return re.escape(word[:-3]) + "(?:y|ies)"
    if word.endswith("s") and not word.endswith("ss"):
        if word.endswith("es"):
            return f"(?:{re.escape(word[:-1])}s?|{re.escape(word[:-2])})"
        return re.escape(word[:-1]) + "s?"
    if word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies|ied|ying)"
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|ing)"
    return escaped + "(?:s|es|ed|ing)?"
