"""Lexicon topics: keyword matches per sentence, scored against the article's length."""

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from articles.analysis.aliases import fold_accents
from articles.analysis.results import TopicScore

# Articles shorter than this are scored as if they had this many words, so a one-line text
# with one keyword does not outrank a long article that is mostly about the topic.
MIN_SCORED_WORDS = 100

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def score_topics(
    sentences: Sequence[str], topic_keywords: Mapping[str, Sequence[str]]
) -> dict[str, TopicScore]:
    """Score each topic by keyword matches per 100 words; keep topics with at least one match.

    Matching is case-insensitive on word boundaries, tolerates simple plurals and inflections
    and matches multi-word keywords as phrases.
    """
    folded = [fold_accents(sentence) for sentence in sentences]
    words = sum(len(_WORD.findall(sentence)) for sentence in folded)
    scale = 100 / max(words, MIN_SCORED_WORDS)
    scores = {}
    for slug, keywords in topic_keywords.items():
        pattern = keyword_pattern(tuple(keywords))
        if pattern is None:
            continue
        matches = 0
        evidence: dict[str, None] = {}  # an ordered set
        for original, text in zip(sentences, folded, strict=True):
            found = len(pattern.findall(text))
            if found:
                matches += found
                evidence.setdefault(original)
        if matches:
            scores[slug] = TopicScore(round(matches * scale, 4), tuple(evidence))
    return scores


@lru_cache(maxsize=256)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern | None:
    """One regex for a topic's keywords; longer keywords first so phrases win over words."""
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
