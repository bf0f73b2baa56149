"""The query mix, picked from the corpus vocabulary by frequency rank, and the naive baseline
the search is compared with."""

from __future__ import annotations

import collections
import functools
import itertools
import operator
from dataclasses import dataclass, field

from searchbench.corpus import SAMPLE_ARTICLES, STOP_WORDS, TOPIC_WORDS, Corpus, make_article

# ----------------------------------------------------------------------------------------------
# The query mix


@dataclass
class BenchQuery:
    name: str
    q: str
    params: dict = field(default_factory=dict)
    note: str = ""

    @property
    def get(self) -> dict:
        return {**({"q": self.q} if self.q else {}), **self.params}

    @property
    def label(self) -> str:
        extra = "".join(f"&{k}={v}" for k, v in self.params.items())
        return (self.q or "(empty)") + extra


def choose_queries(corpus: Corpus) -> tuple[list[BenchQuery], dict]:
    """The query mix, picked by frequency rank in the generation vocabulary, so the same seed
    always asks the same things. Query words are plain letters, 4+ long, not stop words."""
    words = corpus.words
    rank = {w: r for r, w in enumerate(words)}

    def candidate(w: str) -> bool:
        return w.isascii() and w.isalpha() and len(w) >= 4 and w not in STOP_WORDS

    candidates = [w for w in words if candidate(w)]
    # A rare or mid word must not share its first five letters with another vocabulary word:
    # a stemmer would fold them together ("mapped" would also find "map", "maps"...).
    prefixes = collections.Counter(w[:5] for w in words)

    def near(target_rank: int, skip: int = 0) -> str:
        found = [
            w for w in candidates if rank[w] >= target_rank and len(w) >= 5 and prefixes[w[:5]] == 1
        ]
        return found[skip]

    common, common2 = candidates[0], candidates[1]
    mid, mid2 = near(2000), near(2000, skip=1)
    rare = near(18000)

    # The phrase: the adjacent pair of content words (inside a sentence) seen most often in
    # the first articles of the corpus: words that really do co-occur. Words of entity names
    # and topic phrases are left out: "Vladimir Putin" always co-occurs, which is easy; two
    # frequent words that are seldom adjacent make the engine check many candidates.
    injected = {
        w.lower()
        for text in [name for name, _ in corpus.entities]
        + [w for ws in TOPIC_WORDS.values() for w in ws]
        for w in text.split()
    }
    pairs: dict[tuple[str, str], int] = {}
    for i in range(SAMPLE_ARTICLES):
        body = make_article(corpus, i).body
        for sentence in body.replace("\n\n", " ").split(". "):
            tokens = sentence.lower().rstrip(".").split(" ")
            for a, b in itertools.pairwise(tokens):
                if (
                    a != b
                    and candidate(a)
                    and candidate(b)
                    and a in rank
                    and b in rank
                    and not {a, b} & injected
                ):
                    pairs[(a, b)] = pairs.get((a, b), 0) + 1
    phrase = min(pairs, key=lambda p: (-pairs[p], p))

    queries = [
        BenchQuery("rare word", rare, note=f"rank {rank[rare]}"),
        BenchQuery("mid word", mid, note=f"rank {rank[mid]}"),
        BenchQuery("common word", common, note=f"rank {rank[common]}"),
        BenchQuery("two words", f"{common} {common2}", note="two common words, AND"),
        BenchQuery("phrase", f'"{phrase[0]} {phrase[1]}"', note=f"{pairs[phrase]}x in sample"),
        BenchQuery("OR", f"{mid} OR {mid2}"),
        BenchQuery("exclusion", f"{common} -{mid}"),
        BenchQuery("common + topic", common, {"topic": "energy"}, note="topic filter"),
        BenchQuery("front page", "", note="no query: newest first"),
    ]
    vocab = {
        "rare": rare,
        "mid": mid,
        "mid2": mid2,
        "common": common,
        "common2": common2,
        "phrase": " ".join(phrase),
    }
    return queries, vocab


def baseline_queryset(bq: BenchQuery):
    """The naive search: substring match (LIKE / ILIKE) on title or body, AND across terms,
    OR inside an OR group, NOT for exclusions; no index can serve it."""
    from django.db.models import Q

    from articles.models import Article
    from articles.search import SearchQuery

    def term_q(term) -> Q:
        text = " ".join(term.words)
        return Q(title__icontains=text) | Q(body__icontains=text)

    parsed = SearchQuery(bq.q).parsed
    qs = Article.objects.all()
    for group in parsed.include:
        qs = qs.filter(functools.reduce(operator.or_, (term_q(t) for t in group)))
    for term in parsed.exclude:
        qs = qs.exclude(term_q(term))
    if "topic" in bq.params:
        qs = qs.filter(topic_scores__topic__slug=bq.params["topic"])
    return qs


def run_baseline(bq: BenchQuery) -> tuple[int, list]:
    qs = baseline_queryset(bq)
    return qs.count(), list(qs.order_by("-published_on")[:10])
