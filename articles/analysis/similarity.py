"""How much text two articles share: shingles to find candidates, sentence alignment to confirm
them and to show them side by side, word differences inside aligned sentences.

Tuned for rewrites, not only copies: on the seeds the wire story rewritten by another outlet
(001/002) shares about a tenth of its 3-word shingles, so the candidate step samples 3-word
shingles and keeps any article sharing a few of them; the sentence alignment then decides.
"""

import difflib
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

SHINGLE_WORDS = 3
# Keep one shingle in SAMPLE_EVERY, chosen by its hash, so that two texts keep the same ones:
# the shared sample estimates the shared whole at a quarter of the index's size.
SAMPLE_EVERY = 4
# Two sentences align when the ratio of their word sequences (rapidfuzz's Indel ratio over
# words, 0-100) reaches this. Character ratios were useless here: any two sentences about
# Modi's visit scored 50-60. Over words, 40 pairs 8 rewritten sentences of 002 with 001 and
# at most 2 of any other seed pair.
ALIGN_CUTOFF = 40.0
# Sentences shorter than this many words are too generic to align ("Key Points").
MIN_ALIGN_WORDS = 4
# Alignment costs sentences_a x sentences_b: beyond this many sentences of one article
# (a book-length file), the rest is shown unaligned rather than taking seconds.
MAX_ALIGNED_SENTENCES = 600

# Kinds, by the share of sentences aligned (of both articles: 2 x pairs / sentences) and how
# much of the shorter article is aligned. Seeds: 001/002 share 0.48, other pairs at most 0.14.
NEAR_COPY_CONTAINED = 0.8  # of the shorter article's sentences the same in the other,
SAME_SENTENCE_RATIO = 90.0  # two sentences being "the same" from this word ratio on
REWRITE_SHARE = 0.3
RELATED_SHARE = 0.2
RELATED_JACCARD = 0.06

# Boilerplate: a sampled shingle held by more articles than this is a template's, a table's or
# a source's standard phrase ("4th qtr net", "cts vs", "said in a statement"), not what makes
# two articles one story. On 12,865 Reuters wire stories the specific phrases of one event are
# held by at most a few dozen; earnings and dividend templates by hundreds.
COMMON_SHINGLE_ARTICLES = 25
# A copy or rewrite shares this many specific (not boilerplate) sampled shingles: two earnings
# notices of different companies share only the template.
MIN_SPECIFIC_SHINGLES = 2
# Two articles on one form are about other things when their headlines share less than this
# share of their words and either body is too short to say what it is about (a notice: "Qtly
# div 12 cts vs 12 cts prior, pay April 1") or both name people or organisations, none of them
# the same ("Midland Co said its board declared a two-for-one split" / "J.C. Penney Co said").
SHORT_BODY_SENTENCES = 2
MIN_TITLE_OVERLAP = 0.5

# word_diff compares every word of one sentence with every word of the other (difflib without
# its junk heuristic): beyond this many word pairs, and for a whole comparison beyond
# DIFF_BUDGET_PER_PAGE, a linear diff (common start and end, then words the other sentence
# also has) keeps a page of long repetitive sentences within a second.
DIFF_WORD_PAIRS = 250_000
DIFF_BUDGET_PER_PAGE = 4_000_000

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class Kind:
    NEAR_COPY = "near-copy"
    REWRITE = "rewrite"
    RELATED = "related"


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingle_hash(shingle: str) -> int:
    """A stable signed 64-bit hash (fits a BIGINT column on every engine)."""
    digest = hashlib.blake2b(shingle.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of every run of `size` consecutive words (a text shorter than that: its words)."""
    tokens = words(text)
    if len(tokens) < size:
        return {shingle_hash(" ".join(tokens))} if tokens else set()
    return {shingle_hash(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def sampled(hashes: Iterable[int], every: int = SAMPLE_EVERY) -> set[int]:
    """The shingles an index keeps: the same ones for every text."""
    return {h for h in hashes if h % every == 0}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True)
class Segment:
    """A run of a sentence's text, `changed` when the other sentence does not have it."""

    text: str
    changed: bool


@dataclass(frozen=True)
class Row:
    """One line of a side-by-side comparison: a sentence of each, or of only one."""

    left: tuple[Segment, ...] | None
    right: tuple[Segment, ...] | None
    ratio: float = 0.0  # 0-100, for aligned rows

    @property
    def aligned(self) -> bool:
        return self.left is not None and self.right is not None


@dataclass(frozen=True)
class PairScore:
    jaccard: float  # of the 3-word shingles
    aligned: int  # sentence pairs aligned
    share: float  # sentences aligned, of both articles' alignable sentences
    contained: float  # sentences the same in both, of the shorter article's alignable ones
    kind: str | None  # near-copy / rewrite / related, None when unrelated
    specific: int = -1  # sampled shingles shared that are not boilerplate; -1: not known

    @property
    def score(self) -> float:
        return self.share


def _alignable(sentence: str) -> bool:
    return len(words(sentence)) >= MIN_ALIGN_WORDS


def numbers(sentence: str) -> frozenset[str]:
    """The numbers a sentence gives, as written ("1,123,000", "11.1")."""
    return frozenset(_NUMBER.findall(sentence))


CLASH = -1.0  # two sentences that read alike but give other figures


def _sentence_ratio(a: list[str], numbers_a: frozenset, b: list[str], numbers_b: frozenset):
    """The word ratio of two sentences; CLASH when both give figures, share none and would
    align otherwise: "Shr 12 cts vs 5 cts" and "Shr 30 cts vs 40 cts" are one template
    filled in for two companies, not one sentence."""
    ratio = fuzz.ratio(a, b, score_cutoff=ALIGN_CUTOFF)
    if ratio and numbers_a and numbers_b and not numbers_a & numbers_b:
        return CLASH
    return ratio


@dataclass(frozen=True)
class Alignment:
    pairs: list[tuple[int, int, float]]
    other_figures: int  # sentences of the left that read like one of the right, other figures
    same_figures: int  # aligned pairs giving mostly the same figures
    without_figures: int  # aligned pairs where one sentence gives no figure

    @property
    def template(self) -> bool:
        """One form filled in twice: where the two read alike they mostly give other figures,
        and that is most of what they share (a rewrite with one updated figure is not)."""
        return self.other_figures > self.same_figures and self.other_figures >= self.without_figures


def align(left: Sequence[str], right: Sequence[str]) -> list[tuple[int, int, float]]:
    """Pairs (i, j, ratio) of sentences that say the same thing, in order in both texts: the
    order-keeping alignment with the highest total ratio among pairs above the cut-off."""
    return alignment(left, right).pairs


def alignment(left: Sequence[str], right: Sequence[str]) -> Alignment:
    """`align`'s pairs, and what tells a filled-in template from a copy."""
    left, right = left[:MAX_ALIGNED_SENTENCES], right[:MAX_ALIGNED_SENTENCES]
    if not left or not right:
        return Alignment([], 0, 0, 0)
    # Plain loops, not rapidfuzz's cdist, which needs numpy; each sentence split once.
    words_left = [(words(s), numbers(s)) for s in left]
    words_right = [(words(s), numbers(s)) for s in right]
    matrix = [[_sentence_ratio(a, na, b, nb) for b, nb in words_right] for a, na in words_left]
    ok_left = [_alignable(s) for s in left]
    ok_right = [_alignable(s) for s in right]
    n, m = len(left), len(right)
    # best[i][j]: best total for left[i:] and right[j:]; filled from the end.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        scores = matrix[i]
        for j in range(m - 1, -1, -1):
            value = max(below[j], row[j + 1])
            score = scores[j]
            if score >= ALIGN_CUTOFF and ok_left[i] and ok_right[j]:
                value = max(value, below[j + 1] + score)
            row[j] = value
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        score = matrix[i][j]
        if (
            score >= ALIGN_CUTOFF
            and ok_left[i]
            and ok_right[j]
            and best[i][j] == best[i + 1][j + 1] + score
        ):
            pairs.append((i, j, float(score)))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    other = sum(1 for row in matrix if CLASH in row)
    same = without = 0
    for i, j, _ in pairs:
        numbers_a, numbers_b = words_left[i][1], words_right[j][1]
        if not numbers_a or not numbers_b:
            without += 1
        elif 2 * len(numbers_a & numbers_b) >= len(numbers_a | numbers_b):
            same += 1
        else:
            other += 1
    return Alignment(pairs, other, same, without)


def title_overlap(title_a: str, title_b: str) -> float:
    """The share of the two headlines' words (figures left out) that both have."""
    a = {w for w in words(title_a) if not w.isdigit()}
    b = {w for w in words(title_b) if not w.isdigit()}
    return jaccard(a, b)


def other_subjects(
    titles: tuple[str, str] | None,
    named: tuple[Collection, Collection] | None,
    shorter_body: int,
) -> bool:
    """Whether two articles that read alike are about other things (see MIN_TITLE_OVERLAP).
    `named`: the people and organisations each names, as comparable keys (entity ids)."""
    if not titles or not all(titles) or title_overlap(*titles) >= MIN_TITLE_OVERLAP:
        return False
    if shorter_body <= SHORT_BODY_SENTENCES:
        return True
    return bool(named and all(named) and not set(named[0]) & set(named[1]))


def kind_of(
    jaccard_value: float,
    share: float,
    contained: float,
    specific: int = -1,
    template: bool = False,
    other_subject: bool = False,
) -> str | None:
    """The kind of a pair; `specific` (when known, >= 0) below MIN_SPECIFIC_SHINGLES means the
    text they share is boilerplate, a `template` pair is one form filled in with other
    figures, and an `other_subject` pair is two short articles whose headlines name other
    things: unrelated, however alike they read."""
    if template or other_subject or 0 <= specific < MIN_SPECIFIC_SHINGLES:
        return None
    if contained >= NEAR_COPY_CONTAINED:
        return Kind.NEAR_COPY
    if share >= REWRITE_SHARE:
        return Kind.REWRITE
    if share >= RELATED_SHARE or jaccard_value >= RELATED_JACCARD:
        return Kind.RELATED
    return None


def score_pair(
    sentences_a: Sequence[str],
    sentences_b: Sequence[str],
    shingles_a: set[int] | None = None,
    shingles_b: set[int] | None = None,
    common: Collection[int] | None = None,
    titles: tuple[str, str] | None = None,
    named: tuple[Collection, Collection] | None = None,
) -> PairScore:
    """How much two articles share, and what kind of pair they are (None: unrelated).
    `common`: the sampled shingles known to be boilerplate (see `boilerplate`); without it
    every shared shingle counts as specific. `titles` (the headlines) and `named` (the people
    and organisations each names) tell two notices on one form apart."""
    if shingles_a is None:
        shingles_a = shingles(" ".join(sentences_a))
    if shingles_b is None:
        shingles_b = shingles(" ".join(sentences_b))
    aligned = alignment(sentences_a, sentences_b)
    pairs = aligned.pairs
    template = aligned.template
    alignable_a, alignable_b = sum(map(_alignable, sentences_a)), sum(map(_alignable, sentences_b))
    share = 2 * len(pairs) / (alignable_a + alignable_b) if pairs else 0.0
    same = sum(1 for _, _, ratio in pairs if ratio >= SAME_SENTENCE_RATIO)
    contained = same / min(alignable_a, alignable_b) if same else 0.0
    shared = shingles_a & shingles_b
    specific = -1
    if common is not None:
        specific = len(sampled(shared) - set(common))
        shingles_a, shingles_b = shingles_a - set(common), shingles_b - set(common)
    j = jaccard(shingles_a, shingles_b)
    other_subject = other_subjects(titles, named, min(alignable_a, alignable_b))
    kind = kind_of(j, share, contained, specific, template, other_subject)
    return PairScore(j, len(pairs), share, contained, kind, specific)


def boilerplate(document_frequency: Mapping[int, int]) -> frozenset[int]:
    """The shingles held by too many articles to say anything about one story."""
    return frozenset(h for h, n in document_frequency.items() if n > COMMON_SHINGLE_ARTICLES)


_TOKEN = re.compile(r"\S+\s*")


def _key(token: str) -> str:
    return token.strip().strip(".,;:!?\"'“”‘’()[]").casefold()


def _segments(tokens: list[str], changed: list[bool]) -> tuple[Segment, ...]:
    """Consecutive tokens with the same state merged into one segment."""
    merged: list[Segment] = []
    for token, flag in zip(tokens, changed, strict=True):
        if merged and merged[-1].changed == flag:
            merged[-1] = Segment(merged[-1].text + token, flag)
        else:
            merged.append(Segment(token, flag))
    return tuple(merged)


def _linear_diff(keys_a: list[str], keys_b: list[str]) -> tuple[list[bool], list[bool]]:
    """A diff in linear time: the common start and end are the same, and in between a word is
    changed when the other middle lacks it."""
    start = 0
    while start < min(len(keys_a), len(keys_b)) and keys_a[start] == keys_b[start]:
        start += 1
    end = 0
    while (
        end < min(len(keys_a), len(keys_b)) - start
        and keys_a[len(keys_a) - 1 - end] == keys_b[len(keys_b) - 1 - end]
    ):
        end += 1
    middle_a, middle_b = keys_a[start : len(keys_a) - end], keys_b[start : len(keys_b) - end]
    in_a, in_b = set(middle_a), set(middle_b)
    changed_a = [False] * start + [k not in in_b for k in middle_a] + [False] * end
    changed_b = [False] * start + [k not in in_a for k in middle_b] + [False] * end
    return changed_a, changed_b


def word_diff(
    a: str, b: str, *, exact: bool = True
) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """The two sentences split into segments, those the other lacks marked as changed.
    Case and surrounding punctuation are ignored when comparing words. Long sentences, or
    `exact=False`, get the linear diff."""
    tokens_a, tokens_b = _TOKEN.findall(a.strip()), _TOKEN.findall(b.strip())
    keys_a, keys_b = [_key(t) for t in tokens_a], [_key(t) for t in tokens_b]
    if not exact or len(keys_a) * len(keys_b) > DIFF_WORD_PAIRS:
        changed_a, changed_b = _linear_diff(keys_a, keys_b)
        return _segments(tokens_a, changed_a), _segments(tokens_b, changed_b)
    # autojunk off: its heuristic treats frequent words of 200+ word sequences as junk.
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    changed_a, changed_b = [True] * len(tokens_a), [True] * len(tokens_b)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            changed_a[block.a + k] = False
            changed_b[block.b + k] = False
    return _segments(tokens_a, changed_a), _segments(tokens_b, changed_b)


def side_by_side(sentences_a: Sequence[str], sentences_b: Sequence[str]) -> list[Row]:
    """Rows for a two-column comparison: aligned sentences together with their differences
    marked, the others alone on their side, each text in its own order."""
    rows: list[Row] = []
    i = j = 0
    budget = DIFF_BUDGET_PER_PAGE  # word pairs the exact diffs of this page may still compare

    def alone(text: str) -> tuple[Segment, ...]:
        return (Segment(text, False),)

    for ai, bj, ratio in [
        *align(sentences_a, sentences_b),
        (len(sentences_a), len(sentences_b), 0),
    ]:
        rows.extend(Row(alone(sentences_a[k]), None) for k in range(i, ai))
        rows.extend(Row(None, alone(sentences_b[k])) for k in range(j, bj))
        if ai < len(sentences_a) and bj < len(sentences_b):
            cost = len(sentences_a[ai].split()) * len(sentences_b[bj].split())
            exact = cost <= min(budget, DIFF_WORD_PAIRS)
            budget -= cost if exact else 0
            left, right = word_diff(sentences_a[ai], sentences_b[bj], exact=exact)
            rows.append(Row(left, right, ratio))
        i, j = ai + 1, bj + 1
    return rows
