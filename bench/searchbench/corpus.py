"""The synthetic corpus: a vocabulary, sources, entities and topics, and article i of a
seed as a pure function of (seed, i), so a corpus can grow and be resumed."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # bench/searchbench/ -> the project
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
    days: list[tuple[dt.date, str]] = field(default_factory=list)  # days named, with sentence


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
    # Days the text names, as news does: mostly the day before or the day of publication,
    # now and then a week or a month back (the timelines read these).
    days = []
    if published_on is not None:
        for _ in range(rng.randint(1, 3)):
            back = rng.choice((0, 1, 1, 1, 2, 3, 7, 30))
            days.append((published_on - dt.timedelta(days=back), rng.choice(sentences)))
    return GeneratedArticle(
        index, source, title, body, byline, published_on, mentions, topics, days
    )


def bench_checksum(seed: int, index: int) -> str:
    return f"bench-{seed}-{index}"
