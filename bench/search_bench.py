"""Search benchmark: a synthetic corpus, the real search page timed through Django, a naive
baseline, and where the time of one search goes.

    python bench/search_bench.py [--articles N] [--seed S] [--repeat R] [--skip-generate]
                                 [--no-baseline] [--json PATH] [--explain]
    make bench BENCH_ARGS="--articles 100000"

The database is the configured one (DATABASE_URL); when DATABASE_URL is unset the benchmark
uses bench/results/bench.sqlite3, never the development archive. See bench/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import functools
import inspect
import itertools
import json
import math
import operator
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"

# ----------------------------------------------------------------------------------------------
# Corpus model: everything an article is made of, and how often.

VOCABULARY_SIZE = 20000
BODY_WORDS = (330, 470)  # ~400 words of Zipf text per body (plus entity names, topic words)
TITLE_WORDS = (6, 10)
SENTENCE_WORDS = (8, 24)
PARAGRAPH_SENTENCES = (2, 5)
DATED_SHARE = 0.70
DATE_RANGE = (dt.date(2015, 1, 1), dt.date(2025, 12, 31))
TOPICAL_SHARE = 0.30  # articles that get ArticleTopic rows
SECOND_TOPIC_SHARE = 0.15  # of those, the ones with two topics
STRAY_TOPIC_WORD = 0.06  # chance a non-topical article mentions a topic word anyway (per topic)
MENTIONS = (5, 10)  # distinct entities per article
BATCH = 2000
SAMPLE_ARTICLES = 2000  # articles regenerated in memory to pick the phrase of the query mix


def words_of(text: str) -> list[str]:
    return text.split()


# PostgreSQL's english.stop: words the "archive_english" configuration does not index. Query
# words are chosen outside it, so both engines are asked something they can both answer.
STOP_WORDS = frozenset(
    words_of(
        """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now"""
    )
)

SOURCES = """Reuters; Associated Press; Agence France-Presse; BBC News; The Guardian; The Hindu;
Hindustan Times; The Times of India; Indian Express; NDTV; Al Jazeera; Deutsche Welle; TASS;
RIA Novosti; Kyiv Independent; Ukrainska Pravda; Politico Europe; Financial Times;
The Wall Street Journal; The New York Times; The Washington Post; Bloomberg; Nikkei Asia;
South China Morning Post; The Diplomat; Foreign Policy; Le Monde; Der Spiegel; El País;
The Moscow Times; Dawn; The Daily Star; Kathmandu Post; Gulf News; Arab News; Xinhua""".replace(
    "\n", " "
)
SOURCES = [s.strip() for s in SOURCES.split(";")]

PEOPLE = """Narendra Modi; Vladimir Putin; Volodymyr Zelensky; Joe Biden; Donald Trump; Xi Jinping;
Olaf Scholz; Emmanuel Macron; Rishi Sunak; Keir Starmer; Sergey Lavrov; Antony Blinken;
S. Jaishankar; Rajnath Singh; Dmitry Peskov; Recep Tayyip Erdogan; Shehbaz Sharif;
Benjamin Netanyahu; Ursula von der Leyen; Jens Stoltenberg; Mark Rutte; Antonio Guterres;
Fumio Kishida; Anthony Albanese; Justin Trudeau; Lula da Silva; Cyril Ramaphosa;
Mohammed bin Salman; Ebrahim Raisi; Kim Jong Un; Sheikh Hasina; Pushpa Kamal Dahal;
Ranil Wickremesinghe; Dmitry Medvedev; Sergei Shoigu; Andrii Sybiha; Dmytro Kuleba;
Wang Yi; Lloyd Austin; Jake Sullivan""".replace("\n", " ")
ORGANISATIONS = """NATO; United Nations; European Union; BRICS; Shanghai Cooperation Organisation;
G20; G7; OPEC; Gazprom; Rosneft; Rosatom; Indian Army; Russian Army; Ministry of External Affairs;
Kremlin; Pentagon; State Department; IAEA; World Bank; IMF; Wagner Group; Interpol;
Central Bureau of Investigation; Red Cross; UN Security Council; ASEAN; African Union;
European Commission; Bharat Petroleum; Indian Oil Corporation""".replace("\n", " ")
PLACES = """Moscow; New Delhi; Kyiv; Washington; Beijing; London; Paris; Berlin; Brussels; Geneva;
Islamabad; Dhaka; Kathmandu; Colombo; Tehran; Riyadh; Ankara; Tokyo; Seoul; Pyongyang;
Crimea; Donbas; Kharkiv; Odesa; Mariupol; Bakhmut; Russia; India; Ukraine; China;
United States; Pakistan; Nepal; Sri Lanka; Bangladesh; Iran; Israel; Gaza; Turkey; Germany;
France; United Kingdom; Japan; Kazakhstan; Belarus; Poland; Hungary; Serbia; Georgia; Armenia;
Azerbaijan; Syria; Iraq; Afghanistan; Myanmar; Vietnam; Indonesia; Brazil; South Africa;
Saudi Arabia""".replace("\n", " ")
FIRST_NAMES = words_of(
    """Anil Priya Rahul Sunita Vikram Meera Arjun Kavita Sanjay Deepa Ivan Olga Dmitri
Natalia Andriy Oksana Taras Yulia Hans Greta Pierre Claire James Sarah Ahmed Fatima Omar Leila
Kenji Yuki Chen Li Carlos Ana Tomasz Marta Jamal Amina"""
)
LAST_NAMES = words_of(
    """Sharma Verma Gupta Iyer Nair Reddy Menon Kapoor Chauhan Bose Ivanov Petrov Smirnova
Volkova Kovalenko Shevchenko Bondarenko Melnyk Schmidt Weber Dubois Laurent Miller Clarke Khan
Hussain Haddad Nasser Tanaka Sato Wang Zhang Garcia Silva Nowak Kowalska Mensah Okafor"""
)
SYNTHETIC_PEOPLE = 200  # on top of the named ones: a pool of ~330 entities in all

# Words and phrases each topic is written with; a topical article uses several of them.
TOPIC_WORDS = {
    "defense": [
        "defense", "military", "missile", "troops", "weapons", "army", "S-400",
        "joint exercises", "armed forces", "fighter jets", "ammunition",
    ],
    "energy": [
        "energy", "oil", "gas", "pipeline", "natural gas", "crude oil", "LNG", "sanctions",
        "refinery", "Gazprom", "nuclear power",
    ],
    "trafficking": [
        "trafficking", "human trafficking", "traffickers", "lured", "fake job offers",
        "deceived into serving", "trafficked", "recruitment agents",
    ],
    "ukraine": [
        "Ukraine", "Kyiv", "Ukrainian", "war in Ukraine", "sanctions", "Zelensky",
        "front line", "ceasefire", "Donbas",
    ],
}  # fmt: skip


@dataclass
class Corpus:
    """The vocabulary and entity pool, derived from the seed alone."""

    seed: int
    words: list[str]
    cum_weights: list[float]
    sources: list[str]
    entities: list[tuple[str, str]]  # (name, kind)
    entity_cum_weights: list[float]


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text)


def build_corpus(seed: int) -> Corpus:
    import wordfreq

    words = wordfreq.top_n_list("en", VOCABULARY_SIZE)
    weights = [wordfreq.word_frequency(w, "en") for w in words]
    rng = random.Random(f"bench-corpus:{seed}")
    people = [n.strip() for n in PEOPLE.split(";")]
    names = set(people)
    pairs = list(itertools.product(FIRST_NAMES, LAST_NAMES))
    rng.shuffle(pairs)
    for first, last in pairs:
        if len(people) >= len(names) + SYNTHETIC_PEOPLE:
            break
        people.append(f"{first} {last}")
    entities = (
        [(n, "person") for n in people]
        + [(n.strip(), "organisation") for n in ORGANISATIONS.split(";")]
        + [(n.strip(), "place") for n in PLACES.split(";")]
    )
    # A few entities are everywhere (Modi, Putin, Moscow...), most are rare: Zipf over a
    # shuffled order that keeps the first named ones at the top.
    head, tail = entities[:12], entities[12:]
    rng.shuffle(tail)
    entities = head + tail
    # The offset keeps the head realistic: the most named entity is in ~1 article in 5.
    entity_weights = [1.0 / (rank + 10) for rank in range(len(entities))]
    return Corpus(
        seed=seed,
        words=words,
        cum_weights=list(itertools.accumulate(weights)),
        sources=SOURCES,
        entities=entities,
        entity_cum_weights=list(itertools.accumulate(entity_weights)),
    )


@dataclass
class GeneratedArticle:
    index: int
    source: str
    title: str
    body: str
    byline: str
    published_on: dt.date | None
    mentions: dict[int, int]  # entity index -> count
    topics: dict[str, tuple[float, list[str]]]  # slug -> (score, evidence sentences)


def _sentences(tokens: list[str], rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(tokens):
        n = rng.randint(*SENTENCE_WORDS)
        chunk = tokens[i : i + n]
        i += n
        text = " ".join(chunk)
        out.append(text[:1].upper() + text[1:] + ".")
    return out


def make_article(corpus: Corpus, index: int) -> GeneratedArticle:
    """Article `index` of the corpus: depends on (seed, index) only, so any subset can be
    (re)generated on its own and a corpus can grow from 5,000 to 100,000 articles."""
    rng = random.Random(f"bench-article:{corpus.seed}:{index}")
    words = corpus.words
    n_words = rng.randint(*BODY_WORDS)
    tokens = rng.choices(words, cum_weights=corpus.cum_weights, k=n_words)

    # Entities: 5-10 distinct ones, each named 1-4 times in the body.
    n_entities = rng.randint(*MENTIONS)
    mentions: dict[int, int] = {}
    while len(mentions) < n_entities:
        e = bisect.bisect(corpus.entity_cum_weights, rng.random() * corpus.entity_cum_weights[-1])
        mentions.setdefault(min(e, len(corpus.entities) - 1), rng.randint(1, 4))
    extras: list[str] = []
    for e, count in mentions.items():
        extras += [corpus.entities[e][0]] * count

    # Topics: ~30% of the articles are about one or two topics and use their words often;
    # the others use a topic word now and then, as real news does.
    topics: dict[str, tuple[float, list[str]]] = {}
    topic_slugs = list(TOPIC_WORDS)
    if rng.random() < TOPICAL_SHARE:
        chosen = rng.sample(topic_slugs, 2 if rng.random() < SECOND_TOPIC_SHARE else 1)
        for slug in chosen:
            hits = rng.choices(TOPIC_WORDS[slug], k=rng.randint(3, 8))
            extras += hits
            topics[slug] = (round(rng.uniform(0.2, 1.0), 3), hits[:3])
    for slug in topic_slugs:
        if slug not in topics and rng.random() < STRAY_TOPIC_WORD:
            extras.append(rng.choice(TOPIC_WORDS[slug]))

    for extra in extras:
        tokens.insert(rng.randrange(len(tokens) + 1), extra)
    sentences = _sentences(tokens, rng)
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.randint(*PARAGRAPH_SENTENCES)
        paragraphs.append(" ".join(sentences[i : i + n]))
        i += n
    body = "\n\n".join(paragraphs)

    # Evidence: the sentences that hold the topic words.
    for slug, (score, hits) in list(topics.items()):
        evidence = [s for s in sentences if any(h in s for h in hits)][:3]
        topics[slug] = (score, evidence)

    title_tokens = rng.choices(words, cum_weights=corpus.cum_weights, k=rng.randint(*TITLE_WORDS))
    if rng.random() < 0.6:
        top_entity = max(mentions, key=mentions.get)
        title_tokens[rng.randrange(len(title_tokens))] = corpus.entities[top_entity][0]
    if topics and rng.random() < 0.5:
        topic = rng.choice(sorted(topics))
        title_tokens.insert(rng.randrange(len(title_tokens) + 1), rng.choice(TOPIC_WORDS[topic]))
    title = " ".join(title_tokens)
    title = title[:1].upper() + title[1:]

    published_on = None
    if rng.random() < DATED_SHARE:
        span = (DATE_RANGE[1] - DATE_RANGE[0]).days
        published_on = DATE_RANGE[0] + dt.timedelta(days=rng.randrange(span + 1))
    byline = ""
    if rng.random() < 0.5:
        byline = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    source = corpus.sources[min(int(rng.paretovariate(1.2)) - 1, len(corpus.sources) - 1)]
    return GeneratedArticle(index, source, title, body, byline, published_on, mentions, topics)


def bench_checksum(seed: int, index: int) -> str:
    return f"bench-{seed}-{index}"


# ----------------------------------------------------------------------------------------------
# Django


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    # DEBUG on at import time only so that static files need no collectstatic (the storage is
    # chosen when settings load); it is switched off below, before anything is measured.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS_DIR / 'bench.sqlite3'}"
    # As in the test settings: collectstatic has not run in a checkout.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    # As in production: no query log kept in memory, no template debug info.
    settings.DEBUG = False
    for host in ("localhost", "testserver"):
        if host not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)


def log(message: str = "") -> None:
    print(message, flush=True)


def code_version() -> dict:
    """The commit measured, and the app files that differ from it (others may be editing)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--", ".", ":!bench").splitlines()
        if line.strip()
    ]
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": changed}


def engine_description(connection) -> dict:
    from articles.search import index

    info = {"vendor": connection.vendor, "index": None, "version": None}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            info["index"] = index.postgresql_index_kind(connection)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
            info["index"] = "fts5"
    return info


# ----------------------------------------------------------------------------------------------
# Generation


def generate(corpus: Corpus, n_articles: int, allow_real_data: bool) -> dict:
    from django.db import connection, transaction

    from articles.models import Article, ArticleTopic, Entity, Mention, Source, Topic
    from articles.search import index

    started = time.perf_counter()
    wanted = {bench_checksum(corpus.seed, i) for i in range(n_articles)}
    existing = dict(
        Article.objects.filter(checksum__startswith="bench-").values_list("checksum", "pk")
    )
    stale = [pk for checksum, pk in existing.items() if checksum not in wanted]
    missing = sorted(
        int(c.rsplit("-", 1)[1]) for c in wanted.difference(existing)
    )  # indexes to generate
    real = Article.objects.exclude(checksum__startswith="bench-").count()
    if real and (missing or stale) and not allow_real_data:
        raise SystemExit(
            f"The database holds {real} articles that are not the benchmark's: refusing to add "
            "or delete benchmark articles there. Point DATABASE_URL at a database of its own, "
            "or pass --allow-real-data."
        )
    if not missing and not stale:
        log(
            f"generate: the database already holds the {n_articles} articles of seed "
            f"{corpus.seed}; nothing to do"
        )
        return {"seconds": 0.0, "created": 0, "deleted": 0}

    if stale:
        t = time.perf_counter()
        for start in range(0, len(stale), 5000):
            chunk = stale[start : start + 5000]
            with transaction.atomic():
                Mention.objects.filter(article_id__in=chunk).delete()
                ArticleTopic.objects.filter(article_id__in=chunk).delete()
                # Children are gone: a plain DELETE, without the collector loading 5,000 rows.
                Article.objects.filter(pk__in=chunk)._raw_delete(connection.alias)
        log(
            f"generate: deleted {len(stale)} benchmark articles of another seed or size "
            f"in {time.perf_counter() - t:.1f} s"
        )

    sources = {}
    for name in corpus.sources:
        sources[name], _ = Source.objects.get_or_create(
            slug=f"bench-{slugify(name)}", defaults={"name": f"{name} (bench)"}
        )
    entity_ids = []
    for name, kind in corpus.entities:
        entity, _ = Entity.objects.get_or_create(
            slug=f"bench-{slugify(name)}", defaults={"name": name, "kind": kind}
        )
        entity_ids.append(entity.pk)
    topic_ids = dict(Topic.objects.filter(slug__in=TOPIC_WORDS).values_list("slug", "pk"))
    absent = set(TOPIC_WORDS) - set(topic_ids)
    if absent:
        raise SystemExit(f"topics missing from the database (data migration?): {absent}")

    # PostgreSQL: maintaining the full-text index row by row is the slow part of a bulk load.
    # For a large load, drop it and build it once at the end (same kind, same function as the
    # migration).
    rebuild_pg_index = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        if len(missing) >= 10000:
            rebuild_pg_index = index.postgresql_index_kind(connection) or "gin"
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {index.RUM_INDEX}")
                cursor.execute(f"DROP INDEX IF EXISTS {index.GIN_INDEX}")

    created = 0
    last_report = time.perf_counter()
    for start in range(0, len(missing), BATCH):
        generated = [make_article(corpus, i) for i in missing[start : start + BATCH]]
        rows = []
        for g in generated:
            raw = f"{g.title}\n\n{g.body}\n"
            rows.append(
                Article(
                    source=sources[g.source],
                    title=g.title[:500],
                    slug=f"bench-{corpus.seed}-{g.index}-{slugify(g.title)[:60]}".strip("-"),
                    byline=g.byline,
                    body=g.body,
                    raw_text=raw,
                    url=f"https://bench.example/{corpus.seed}/{g.index}",
                    published_on=g.published_on,
                    date_origin="metadata" if g.published_on else "unknown",
                    checksum=bench_checksum(corpus.seed, g.index),
                    file_name=f"bench/{corpus.seed}/{g.index:06d}.txt",
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(rows, batch_size=500)
            mentions, topics = [], []
            for g, article in zip(generated, rows, strict=True):
                for e, count in g.mentions.items():
                    mentions.append(
                        Mention(article_id=article.pk, entity_id=entity_ids[e], count=count)
                    )
                for slug, (score, evidence) in g.topics.items():
                    topics.append(
                        ArticleTopic(
                            article_id=article.pk,
                            topic_id=topic_ids[slug],
                            score=score,
                            evidence=evidence,
                        )
                    )
            Mention.objects.bulk_create(mentions, batch_size=2000)
            ArticleTopic.objects.bulk_create(topics, batch_size=2000)
        created += len(rows)
        if time.perf_counter() - last_report > 10 or created == len(missing):
            elapsed = time.perf_counter() - started
            log(f"generate: {created}/{len(missing)} articles ({elapsed:.0f} s)")
            last_report = time.perf_counter()

    index_seconds = None
    if rebuild_pg_index:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
        kind = index.create_postgresql_index(connection, prefer_rum=rebuild_pg_index == "rum")
        index_seconds = time.perf_counter() - t
        log(f"generate: {kind} index rebuilt in {index_seconds:.1f} s")

    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum would have done by the time anyone searches: statistics, and the
            # visibility map (index-only scans).
            for table in ("articles_article", "articles_mention", "articles_articletopic"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {index.FTS_TABLE}({index.FTS_TABLE}) VALUES('optimize')")
            cursor.execute("ANALYZE")
    maintenance = time.perf_counter() - t
    seconds = time.perf_counter() - started
    log(
        f"generate: {created} articles created in {seconds:.1f} s "
        f"({created / max(seconds, 1e-9):.0f}/s; ANALYZE/optimize {maintenance:.1f} s)"
    )
    return {
        "seconds": round(seconds, 1),
        "created": created,
        "deleted": len(stale),
        "index_rebuild_seconds": round(index_seconds, 1) if index_seconds else None,
        "maintenance_seconds": round(maintenance, 1),
    }


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


# ----------------------------------------------------------------------------------------------
# Measuring


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def timed(fn, repeat: int, warmup: int = 1, budget: float | None = None) -> list[float]:
    """Milliseconds of `repeat` calls of fn() after `warmup` calls; stops early (with at least
    three samples) when `budget` seconds are spent."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    spent = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t
        samples.append(elapsed * 1000)
        spent += elapsed
        if budget is not None and spent > budget and len(samples) >= 3:
            break
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "min_ms": round(min(samples), 2),
        "n": len(samples),
    }


def app_match_count(bq: BenchQuery) -> int:
    """The count the search page shows, computed the way the view computes it."""
    from django.test import RequestFactory

    from articles.views import _search

    request = RequestFactory().get("/", bq.get, HTTP_HOST="localhost")
    return _search(request)[3].count()


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


class QueryRecorder:
    """Every SQL statement a block runs, with its parameters and wall time."""

    def __init__(self):
        self.statements: list[dict] = []

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - t) * 1000
            self.statements.append({"sql": sql, "params": params, "ms": ms})


def describe_sql(sql: str) -> str:
    """A short name for a statement of the search page (the first 60 characters when it is
    none of the known ones)."""
    s = " ".join(sql.split())
    low = s.lower()
    counting = "count(" in low
    if "ts_headline" in low or "highlight(" in low:
        return "snippets (marked title + body)"
    if counting and "articles_mention" in low:
        return "facet: entities"
    if counting and "articles_articletopic" in low and "group by" in low:
        return "facet: topics"
    if counting and "articles_source" in low and "group by" in low:
        return "facet: sources"
    if counting and ("extract" in low or "django_date_extract" in low):
        return "facet: years"
    if counting:
        return "count"
    if re.search(r"%%? %s\)? = (0|%s)", low):
        return "facet sample ids"
    if "<=>" in low or "ts_rank" in low or "bm25(" in low or "order by rank" in low:
        return "ranked ids (page)"
    if "limit" in low and "order by" in low and "published_on" in low:
        return "newest ids (page)"
    if "search_vector @@" in low and "limit" not in low:
        return "matching ids (count + facet sample)"
    if "articles_article_fts" in low and "limit" not in low:
        return "matching ids"
    if 'from "articles_articletopic"' in low:
        return "page topics (prefetch)"
    if 'from "articles_article"' in low and " in (" in low and "limit" not in low:
        return "page rows (in_bulk)"
    if 'from "articles_topic"' in low and '"slug" =' in low:
        return "topic filter lookup"
    if 'from "articles_source"' in low and '"slug" =' in low:
        return "source filter lookup"
    if 'from "articles_source"' in low:
        return "source list (filter menu)"
    if 'from "articles_topic"' in low:
        return "topic list (filter menu)"
    return s[:60]


def explain(connection, sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        plan = "\n".join(r[0] for r in rows)
    else:
        plan = "\n".join(" | ".join(str(c) for c in r) for r in rows)
    # The facet sample's ids, inlined by EXPLAIN: keep their number only.
    return re.sub(r"'\{[0-9,]{100,}\}'", lambda m: f"'{{{m.group(0).count(',') + 1} ids}}'", plan)


def measure(args, queries: list[BenchQuery]) -> dict:
    from django.db import connection
    from django.test import Client

    from articles.facets import facet_counts
    from articles.models import Article
    from articles.search import RankedResults, SearchQuery, search_filter
    from articles.search.backends import backend_for

    client = Client(HTTP_HOST="localhost")

    def request(bq: BenchQuery):
        def go():
            response = client.get("/", bq.get)
            if response.status_code != 200:
                raise SystemExit(f"GET /?{bq.get} answered {response.status_code}")
            return response

        return go

    results = []
    log()
    log(
        f"search page, {args.repeat} repeats after one warm-up (full request through Django: "
        "middleware, view, SQL, template)"
    )
    for bq in queries:
        recorder = QueryRecorder()
        per_request: list[tuple[float, int]] = []  # (SQL ms, statements) of each request

        def go(bq=bq, recorder=recorder, per_request=per_request):
            start = len(recorder.statements)
            request(bq)()
            done = recorder.statements[start:]
            per_request.append((sum(s["ms"] for s in done), len(done)))

        with connection.execute_wrapper(recorder):
            samples = timed(go, args.repeat, budget=args.budget)
        row = {"name": bq.name, "q": bq.label, "note": bq.note, "matches": app_match_count(bq)}
        row.update(summary(samples))
        row["sql_p50_ms"] = round(statistics.median(ms for ms, _ in per_request[1:]), 2)
        row["statements"] = per_request[-1][1]
        row["pass"] = row["p95_ms"] <= args.target_ms
        results.append(row)
        log(
            f"  {bq.name:<15} {bq.label:<34} {row['matches']:>7} matches  "
            f"p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
            f"(SQL {row['sql_p50_ms']:.1f} ms in {row['statements']} statements, n={row['n']})"
        )

    if not args.no_baseline:
        log()
        log(
            f"naive baseline (icontains on title/body, count + 10 newest), "
            f"{args.baseline_repeat} repeats after one warm-up"
        )
        for bq, row in zip(queries, results, strict=True):
            samples = timed(
                lambda bq=bq: run_baseline(bq), args.baseline_repeat, budget=args.baseline_budget
            )
            stats = summary(samples)
            row["baseline"] = {**stats, "matches": run_baseline(bq)[0]}
            row["speedup_p50"] = round(stats["p50_ms"] / row["p50_ms"], 1)
            log(
                f"  {bq.name:<15} {bq.label:<34} {row['baseline']['matches']:>7} matches  "
                f"p50 {stats['p50_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f} ms  "
                f"speed-up {row['speedup_p50']:.1f}x"
            )

    # Where the time of one search goes: the common word, piece by piece.
    common = next(bq for bq in queries if bq.name == "common word")
    query = SearchQuery(common.q)
    base = Article.objects.all()
    backend = backend_for(connection.alias)

    # facet_counts took the matching queryset at first, a RankedResults since: follow it.
    takes_results = next(iter(inspect.signature(facet_counts).parameters)) == "results"

    def count():
        return RankedResults(base, query).count()

    def facets():
        if takes_results:
            return facet_counts(RankedResults(base, query))
        return facet_counts(search_filter(base, query))

    def page():
        return RankedResults(base, query)[0:20]

    def ranked_ids():
        return backend.ranked_ids(base, query, 0, 20)

    ids = ranked_ids()

    def snippets():
        return backend.marked(ids, query)

    def newest_page():
        return RankedResults(base, query, sort="date")[0:20]

    parts = [
        ("count", count),
        ("facet_counts", facets),
        ("ranked page [0:20]", page),
        ("  ranked ids only", ranked_ids),
        ("  snippets only", snippets),
        ("date-sorted page [0:20]", newest_page),
    ]
    breakdown = []
    log()
    log(f"where the time goes, common word {common.q!r} ({args.repeat} repeats each)")
    for name, fn in parts:
        stats = summary(timed(fn, args.repeat, budget=args.budget))
        breakdown.append({"part": name, **stats})
        log(f"  {name:<28} p50 {stats['p50_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f} ms")

    # The statements of one full request, each timed (the median of five requests).
    recorded: list[list[dict]] = []
    for _ in range(5):
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            request(common)()
        recorded.append(recorder.statements)
    statements = []
    for position, first in enumerate(recorded[0]):
        times = [r[position]["ms"] for r in recorded if len(r) > position]
        statements.append(
            {
                "what": describe_sql(first["sql"]),
                "ms": round(statistics.median(times), 2),
                "sql": first["sql"],
                "params": [str(p)[:200] for p in (first["params"] or [])],
            }
        )
    log()
    log(f"SQL of one request for {common.q!r}: {len(statements)} statements (median of 5 requests)")
    for s in statements:
        log(f"  {s['what']:<34} {s['ms']:8.1f} ms")
    log(f"  {'total SQL':<34} {sum(s['ms'] for s in statements):8.1f} ms")

    plans = []
    if args.explain:
        log()
        for raw, s in zip(recorded[0], statements, strict=True):
            if s["ms"] < args.explain_min_ms:
                continue
            plan = explain(connection, raw["sql"], raw["params"])
            plans.append({"what": s["what"], "sql": raw["sql"], "plan": plan})
            log(f"--- {s['what']} ({s['ms']:.1f} ms)")
            log(raw["sql"])
            log(plan)
            log()

    return {"queries": results, "breakdown": breakdown, "statements": statements, "plans": plans}


# ----------------------------------------------------------------------------------------------
# Report


def report(args, info: dict, data: dict) -> None:
    rows = data["queries"]
    target = args.target_ms
    log()
    title = f"Search benchmark — {info['vendor']} {info['version']} ({info['index']})"
    log(title)
    log("=" * len(title))
    log(
        f"articles: {info['articles']} ({info['bench_articles']} generated, seed {args.seed}); "
        f"repeats: {args.repeat} (baseline {args.baseline_repeat}); "
        f"python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    log(
        f"code: commit {info['code']['commit']}; uncommitted changes: {info['code']['uncommitted']}"
    )
    log(
        f"load average (1, 5, 15 min) before: {info['load_before']}, "
        f"after: {info['load_after']} (other work on the machine skews the figures)"
    )
    log()
    baseline = not args.no_baseline
    header = (
        f"{'query':<15} {'q':<30} {'matches':>7} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} "
        f"{'target':>6}"
    )
    if baseline:
        header += f" | {'naive p50':>9} {'naive p95':>9} {'n.match':>7} {'speed-up':>8}"
    log(header)
    log("-" * len(header))
    for row in rows:
        verdict = "PASS" if row["pass"] else "FAIL"
        line = (
            f"{row['name']:<15} {row['q'][:30]:<30} {row['matches']:>7} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['sql_p50_ms']:>8.1f} {verdict:>6}"
        )
        if baseline and "baseline" in row:
            b = row["baseline"]
            line += (
                f" | {b['p50_ms']:>9.1f} {b['p95_ms']:>9.1f} {b['matches']:>7} "
                f"{row['speedup_p50']:>7.1f}x"
            )
        log(line)
    log()
    failing = [r["name"] for r in rows if not r["pass"]]
    log(
        f"target p95 <= {target:.0f} ms per query: "
        + ("PASS (all)" if not failing else f"FAIL ({', '.join(failing)})")
    )
    if baseline:
        common = next(r for r in rows if r["name"] == "common word")
        ok = common["speedup_p50"] >= args.target_speedup
        log(
            f"target common word >= {args.target_speedup:.0f}x faster than naive (p50): "
            f"{'PASS' if ok else 'FAIL'} ({common['speedup_p50']:.1f}x)"
        )
    log()
    log("breakdown, common word")
    for b in data["breakdown"]:
        log(f"  {b['part']:<28} p50 {b['p50_ms']:8.1f} ms  p95 {b['p95_ms']:8.1f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100000, help="corpus size (100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--repeat", type=int, default=20, help="timed repeats per query (20)")
    parser.add_argument("--skip-generate", action="store_true", help="use the corpus as it is")
    parser.add_argument(
        "--generate-only", action="store_true", help="generate the corpus, measure nothing"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per measured item before it stops repeating, 3 samples at least (60)",
    )
    parser.add_argument("--baseline-repeat", type=int, default=5, help="naive repeats (5)")
    parser.add_argument(
        "--baseline-budget",
        type=float,
        default=20.0,
        help="seconds per naive query before it stops repeating (20)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the plan of each slow statement of the common-word request",
    )
    parser.add_argument("--explain-min-ms", type=float, default=5.0)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--target-speedup", type=float, default=20.0)
    parser.add_argument(
        "--allow-real-data",
        action="store_true",
        help="generate even if the database holds real (non-bench) articles",
    )
    args = parser.parse_args(argv)

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    log(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0, interactive=False)

    corpus = build_corpus(args.seed)
    generation = None
    if not args.skip_generate:
        generation = generate(corpus, args.articles, args.allow_real_data)
    if args.generate_only:
        return 0
    queries, vocab = choose_queries(corpus)
    log(f"query words: {vocab}")

    info = engine_description(connection)
    info["articles"] = Article.objects.count()
    info["bench_articles"] = Article.objects.filter(
        checksum__startswith=f"bench-{args.seed}-"
    ).count()
    log(
        f"engine: {info['vendor']} {info['version']}, index {info['index']}; "
        f"{info['articles']} articles"
    )

    info["code"] = code_version()
    log(f"code: commit {info['code']['commit']}, uncommitted: {info['code']['uncommitted']}")
    info["load_before"] = [round(x, 2) for x in os.getloadavg()]
    data = measure(args, queries)
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report(args, info, data)

    if args.json:
        out = {
            "engine": info,
            "args": vars(args),
            "generation": generation,
            "vocabulary": vocab,
            "queries_mix": [asdict(q) for q in queries],
            **data,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2, default=str))
        log(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
