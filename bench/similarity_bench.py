"""Similarity benchmark: the cost of finding similar articles at ingest as the archive grows,
the compare page's time, and the recall and precision of planted near-copies and rewrites.

    python bench/similarity_bench.py [--sizes 1000,10000,100000] [--probes 40] [--seed S]

For each size the archive is first grown to that many synthetic articles (Zipf-distributed
English from wordfreq, written in bulk with their shingle index), then `probes` near-copies,
`probes` rewrites, `probes` heavy rewrites (as far from their source as seed 002 is from
001) and `probes` unrelated new articles of random archived articles are added
one by one through `articles.stories.links.update_similarity`, the function ingest calls: that is
the timed cost per new article. A planted pair counts as found when it is stored with its
kind; precision is the share of the pairs stored with that kind that join two texts planted
from the same original (a copy of a copy is right, an unrelated article is not).

The database is the configured one (DATABASE_URL); when it is unset, a fresh
bench/results/similarity.sqlite3. It refuses a database that holds articles of its own.

    python bench/similarity_bench.py --reuters 2000 [--reuters-data DIR]

instead reads that many Reuters-21578 stories (every sixth of ../shared/data/reuters-train/,
see its README) through the same function and reports: the share of the copy and rewrite pairs
among earnings, dividend and acquisition notices (one template filled in per company) that join
two different companies (the company is the title up to its first notice word or figure), the
largest story, and the compare page's time on two 160 KB files of long repetitive sentences.

    python bench/similarity_bench.py --t17 [--t17-data DIR] [--t17-days FIRST:LAST] [--t17-show N]

instead ingests, through the `ingest` command, three outlets' Timeline17 coverage of the BP oil
spill over ten days (see ../shared/data/timelines-t17/README.md) into a fresh database and
scores the links between outlets against T17_JUDGED, pairs labelled by reading both texts:
precision of the linked judged pairs, recall of those judged one event, the largest story.
`--t17-show` prints linked pairs not judged yet, to read and label.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
VOCABULARY = 20000
BODY_WORDS = (180, 320)
SENTENCE_WORDS = (8, 24)
BATCH = 1000


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # static files without collectstatic
    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / "similarity.sqlite3"
        for stale in RESULTS_DIR.glob("similarity.sqlite3*"):
            stale.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS.append("testserver")


class Writer:
    """Synthetic news text: Zipf-weighted words in sentences, and the two ways an outlet
    reuses a story (a near-copy with a word changed here and there, a rewrite)."""

    def __init__(self, seed: int):
        import wordfreq

        self.words = wordfreq.top_n_list("en", VOCABULARY)
        weights = [wordfreq.word_frequency(w, "en") for w in self.words]
        self.cum = list(__import__("itertools").accumulate(weights))
        self.rng = random.Random(seed)

    def sentence(self) -> str:
        n = self.rng.randint(*SENTENCE_WORDS)
        text = " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))
        return text[:1].upper() + text[1:] + "."

    def article(self) -> list[str]:
        target, sentences, count = self.rng.randint(*BODY_WORDS), [], 0
        while count < target:
            sentences.append(self.sentence())
            count += len(sentences[-1].split())
        return sentences

    def _reword(self, sentence: str, share: float) -> str:
        words = sentence.rstrip(".").split()
        out = []
        for word in words:
            roll = self.rng.random()
            if roll < share / 2:  # a different word
                out.append(self.rng.choices(self.words, cum_weights=self.cum)[0])
            elif roll < share * 0.7:  # dropped
                continue
            else:
                out.append(word)
            if self.rng.random() < share / 4:  # an added word
                out.append(self.rng.choices(self.words, cum_weights=self.cum)[0])
        text = " ".join(out) or words[0]
        return text[:1].upper() + text[1:] + "."

    def near_copy(self, sentences: list[str]) -> list[str]:
        copy = list(sentences)
        for i in self.rng.sample(range(len(copy)), k=min(2, len(copy))):
            copy[i] = self._reword(copy[i], 0.1)
        return [*copy, "This story was first published by a wire service."]

    def rewrite(self, sentences: list[str], *, heavy: bool = False) -> list[str]:
        """Sentences kept in order but reworded, some dropped, some new ones added. A heavy
        rewrite is as far from its source as seed 002 is from 001 (about half the sentences
        aligned, a tenth of the 3-word shingles shared); a light one keeps more."""
        drop, reword, new = (0.35, 0.7, 0.4) if heavy else (0.2, 0.35, 0.25)
        out = []
        for sentence in sentences:
            roll = self.rng.random()
            if roll < drop:
                continue
            out.append(self._reword(sentence, reword) if roll < 0.9 else sentence)
            if self.rng.random() < new:
                out.append(self.sentence())
        return out


def body_of(sentences: list[str]) -> str:
    return "\n".join(sentences)


def make_rows(source, sentences_list, start: int, tag: str):
    from articles.models import Article

    return [
        Article(
            source=source,
            title=f"Bench {tag} {start + i}",
            slug=f"bench-{tag}-{start + i}",
            body=body_of(sentences),
            raw_text=body_of(sentences),
            checksum=f"bench-{tag}-{start + i}",
            file_name=f"bench/{tag}/{start + i}.txt",
        )
        for i, sentences in enumerate(sentences_list)
    ]


def grow(writer: Writer, source, texts: list[list[str]], target: int) -> None:
    """Add base articles (in bulk, with their shingle index) until there are `target`."""
    from articles.analysis.similarity import sampled, shingles
    from articles.models import Article, ArticleShingle

    while len(texts) < target:
        batch = [writer.article() for _ in range(min(BATCH, target - len(texts)))]
        rows = Article.objects.bulk_create(make_rows(source, batch, len(texts), "base"))
        if rows[0].pk is None:  # engines that do not return ids from bulk_create
            rows = list(Article.objects.filter(slug__in=[r.slug for r in rows]))
        ArticleShingle.objects.bulk_create(
            [
                ArticleShingle(article_id=row.pk, hash=h)
                for row in rows
                for h in sampled(shingles(row.body))
            ],
            batch_size=5000,
        )
        texts.extend(batch)


def measure(writer: Writer, source, texts, size: int, probes: int, client, roots: dict) -> dict:
    """`roots`: probe id -> id of the archived article it was planted from (kept across sizes,
    so that a copy pairing with an earlier copy of the same original counts as right)."""
    from articles.analysis.similarity import score_pair
    from articles.models import Article, compare_url
    from articles.stories.links import update_similarity

    originals = Article.objects.filter(slug__startswith="bench-base-").order_by("pk")
    ids = list(originals.values_list("pk", flat=True))
    rng = random.Random(size)
    picked = iter(rng.sample(range(len(ids)), k=3 * probes))
    plans = [("fresh", None, writer.article()) for _ in range(probes)]
    for _ in range(probes):
        i = next(picked)
        plans.append(("near-copy", i, writer.near_copy(texts[i])))
        i = next(picked)
        plans.append(("rewrite", i, writer.rewrite(texts[i])))
        i = next(picked)
        plans.append(("heavy rewrite", i, writer.rewrite(texts[i], heavy=True)))
    rng.shuffle(plans)
    # The kind each planted text should be stored with.
    expected = {"near-copy": "near-copy", "rewrite": "rewrite", "heavy rewrite": "rewrite"}
    timings, stored = [], {"near-copy": [], "rewrite": []}
    found = dict.fromkeys(expected, 0)
    seen = dict.fromkeys(expected, 0)
    false_on_fresh = 0
    compare_pairs = []
    for n, (kind, index, sentences) in enumerate(plans):
        (article,) = Article.objects.bulk_create(
            make_rows(source, [sentences], n, f"probe-{size}-{kind.replace(' ', '-')}")
        )
        article = Article.objects.get(slug=article.slug)
        started = time.perf_counter()
        pairs = update_similarity(article)
        timings.append(time.perf_counter() - started)
        original = ids[index] if index is not None else None
        if original is not None:
            roots[article.pk] = original
        for pair in pairs:
            if pair.kind in stored:
                planted = roots.get(pair.first_id, pair.first_id) == roots.get(
                    pair.second_id, pair.second_id
                )
                stored[pair.kind].append(planted)
        if kind == "fresh":
            false_on_fresh += bool(pairs)
            continue
        seen[kind] += 1
        want = expected[kind]
        if any(p.kind == want and original in (p.first_id, p.second_id) for p in pairs):
            found[kind] += 1
        if kind == "heavy rewrite" and len(compare_pairs) < 10:
            compare_pairs.append((Article.objects.get(pk=original), article))
    page_times = []
    for a, b in compare_pairs:
        started = time.perf_counter()
        assert client.get(compare_url(a, b)).status_code == 200
        page_times.append(time.perf_counter() - started)
    # What comparing the new article with every archived one would cost instead.
    one_pair = []
    for a, b in compare_pairs[:5]:
        started = time.perf_counter()
        score_pair(b.body.split("\n"), a.body.split("\n"))
        one_pair.append(time.perf_counter() - started)
    return {
        "size": size,
        "per_article_ms": statistics.median(timings) * 1000,
        "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))] * 1000,
        "all_pairs_ms": statistics.median(one_pair) * 1000 * size if one_pair else 0.0,
        "compare_ms": statistics.median(page_times) * 1000 if page_times else 0.0,
        "recall": {k: found[k] / seen[k] if seen[k] else 0.0 for k in found},
        "precision": {k: (sum(v) / len(v) if v else 1.0) for k, v in stored.items()},
        "stored": {k: len(v) for k, v in stored.items()},
        "fresh_flagged": false_on_fresh,
        "probes": probes,
    }


REUTERS_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-train"
T17_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timelines-t17"
NOTICE_TOPICS = {"earn", "acq"}
# The words a notice title goes on with after the company's name.
NOTICE_WORDS = frozenset(
    re.findall(
        r"\S+",
        "QTR QTLY QUARTERLY NET SHR SHARE SETS SET RAISES RAISE CUTS OMITS DECLARES DIVIDEND "
        "DIV PAYOUT REPORTS POSTS SEES YEAR YR 1ST 2ND 3RD 4TH FIRST SECOND THIRD FOURTH TO "
        "BUYS BUY ACQUIRES ACQUIRE COMPLETES AGREES MERGER UNIT STAKE SELLS SAYS IN HAS "
        "INITIAL REGULAR SPECIAL STOCK SPLIT LOSS PROFIT OPER ENDS",
    )
)


TITLE_PREFIXES = {"CORRECTED", "CORRECTION", "REFILE", "-"}
_TICKER = re.compile(r"<[^>]*>")


def company_of(title: str) -> str:
    """The company a notice title names: its words before its ticker (<LFT>), or up to the
    first notice word or figure, a leading CORRECTED - left out."""
    title = title.upper()
    if ticker := _TICKER.search(title):  # the company's name comes before its ticker
        title = title[: ticker.start()]
    tokens = _TICKER.sub(" ", title).split()
    while tokens and tokens[0] in TITLE_PREFIXES:
        tokens.pop(0)
    head = []
    for token in tokens:
        if token in NOTICE_WORDS or any(c.isdigit() for c in token):
            break
        head.append(token.strip(",.'"))
    return " ".join(head)


def same_company(a: str, b: str) -> bool:
    """One name a prefix of the other (ACME and ACME CORP) counts as the same company."""
    if not a or not b:
        return True  # no name to tell apart: not counted as a clash
    x, y = sorted((a.split(), b.split()), key=len)
    return y[: len(x)] == x


def is_notice(story: dict) -> bool:
    title = story.get("title", "").upper()
    return bool(NOTICE_TOPICS & set(story.get("topics") or [])) or " DIV" in f" {title}"


def reuters_stories(folder: Path, count: int) -> list[dict]:
    import json

    stories = []
    with open(folder / "articles.jsonl", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n % 6:
                continue
            story = json.loads(line)
            if story.get("body", "").strip():
                stories.append(story)
            if len(stories) >= count:
                break
    return stories


def repetitive_text(size: int, seed: int) -> str:
    """About `size` bytes in a few very long sentences made of a handful of words: the worst
    case for a word diff that looks for the longest matching run."""
    rng = random.Random(seed)
    vocabulary = ("the", "price", "rose", "fell", "and", "oil", "said", "a", "of")
    sentences, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(vocabulary) for _ in range(4000)) + "."
        sentences.append(sentence)
        total += len(sentence) + 1
    return "\n".join(sentences)


def measure_reuters(source, count: int, folder: Path, client) -> dict:
    from datetime import date

    from articles.analysis.pipeline import analyze_many
    from articles.derived import save_events
    from articles.ingest.entities import save_mentions
    from articles.models import Article, ArticleSimilarity, StoryArticle, compare_url
    from articles.stories.links import STORY_KINDS, update_similarity

    stories = reuters_stories(folder, count)
    # The names each story gives, as ingest finds them: similarity weighs them. Analysed in
    # batches (with the model), outside the timed part.
    texts = [f"{s.get('title', '')}\n\n{s['body'].strip()}" for s in stories]
    analyses = [
        a for i in range(0, len(texts), 64) for a in analyze_many(texts[i : i + 64], topics={})
    ]
    by_pk, timings = {}, []
    for story, analysis in zip(stories, analyses, strict=True):
        body = story["body"].strip()
        published = story.get("published")
        (article,) = Article.objects.bulk_create(
            [
                Article(
                    source=source,
                    title=story.get("title") or f"Reuters {story['newid']}",
                    slug=f"bench-reuters-{story['newid']}",
                    body=body,
                    raw_text=body,
                    checksum=f"bench-reuters-{story['newid']}",
                    file_name=f"bench/reuters/{story['newid']}.txt",
                    published_on=date.fromisoformat(published[:10]) if published else None,
                )
            ]
        )
        article = Article.objects.get(slug=article.slug)
        save_mentions(article, analysis.entities, new=True)
        save_events(article, analysis, new=True)  # the days and figures same-event weighs
        by_pk[article.pk] = story
        started = time.perf_counter()
        update_similarity(article)
        timings.append(time.perf_counter() - started)
    notice_pairs = clashes = event_pairs = event_clashes = 0
    examples, event_examples = [], []
    for first, second, kind in ArticleSimilarity.objects.filter(kind__in=STORY_KINDS).values_list(
        "first_id", "second_id", "kind"
    ):
        a, b = by_pk.get(first), by_pk.get(second)
        if a is None or b is None or not (is_notice(a) and is_notice(b)):
            continue
        other = not same_company(company_of(a["title"]), company_of(b["title"]))
        if kind == "same-event":  # not a copy or rewrite: counted apart
            event_pairs += 1
            event_clashes += other
            if other:
                event_examples.append(f"{a['title']} / {b['title']}")
            continue
        notice_pairs += 1
        if other:
            clashes += 1
            examples.append(f"{a['title']} / {b['title']}")
    sizes = {}
    for story_id in StoryArticle.objects.values_list("story_id", flat=True):
        sizes[story_id] = sizes.get(story_id, 0) + 1
    # Two 160 KB files of long repetitive sentences, compared through the page.
    left, right = (
        Article.objects.create(
            source=source,
            title=f"Bench adversarial {i}",
            slug=f"bench-adversarial-{i}",
            body=repetitive_text(160_000, seed=i),
            raw_text="",
            checksum=f"bench-adversarial-{i}",
            file_name=f"bench/adversarial/{i}.txt",
        )
        for i in (1, 2)
    )
    started = time.perf_counter()
    assert client.get(compare_url(left, right)).status_code == 200
    adversarial = time.perf_counter() - started
    return {
        "stories": len(stories),
        "notices": sum(is_notice(s) for s in stories),
        "notice_pairs": notice_pairs,
        "clashes": clashes,
        "examples": examples[:5],
        "event_pairs": event_pairs,
        "event_clashes": event_clashes,
        "event_examples": event_examples[:5],
        "largest_story": max(sizes.values(), default=0),
        "stories_formed": len(sizes),
        "per_article_ms": statistics.median(timings) * 1000 if timings else 0.0,
        "adversarial_s": adversarial,
        "adversarial_kb": (len(left.body) + len(right.body)) // 2000,
    }


# Timeline17: three outlets' coverage of the BP oil spill over ten days of June 2010, when
# several dated events (hearings, the escrow fund, cap changes) were reported by all three.
T17_TOPIC = "bpoil"
T17_OUTLETS = ("bbc", "guardian", "reuters")
T17_DAYS = ("2010-06-01", "2010-06-10")
# Pairs of articles of two outlets, labelled by reading both texts: True when they report one
# dated event. A sample of the pairs linked (for precision) and of same-day pairs not linked.
T17_JUDGED: list[tuple[str, str, bool]] = [
    # 8 June: Obama's interview ("wouldn't be working for me") on Tony Hayward.
    ("bbc:1025", "guardian:171", True),
    ("bbc:986", "guardian:14", True),
    # 4 June: the cap placed on the well, and Obama's third visit, his Asia trip postponed.
    ("bbc:143", "guardian:1045", True),
    ("bbc:143", "reuters:1789", True),
    ("bbc:152", "guardian:1045", True),
    ("bbc:152", "reuters:1789", True),
    ("guardian:1045", "reuters:1789", True),
    # 3 June: Fitch and Moody's downgrade BP.
    ("bbc:520", "reuters:1076", True),
    # 6 June: the cap catches 10,000 barrels a day.
    ("guardian:115", "reuters:430", True),
    # 1 June: BP's shares fall after "top kill" fails; Eric Holder opens a criminal inquiry.
    ("bbc:1474", "guardian:1681", True),
    ("bbc:29", "guardian:1639", True),
    # A blog on BP's dividend and pension funds against reports of other events.
    ("bbc:1671", "reuters:545", False),
    ("bbc:1671", "reuters:53", False),
    ("bbc:1671", "guardian:1998", False),
    # 2-3 June: James Cameron says BP turned down his help (a Guardian round-up reports it).
    ("guardian:1416", "reuters:1019", True),
    # Articles of the same days on other events of the spill.
    ("guardian:714", "reuters:1289", False),
    ("bbc:1310", "guardian:1279", False),
    ("guardian:582", "reuters:1506", False),
    ("bbc:29", "guardian:232", False),
    ("bbc:1692", "guardian:1279", False),
    ("bbc:2103", "reuters:1506", False),
    ("bbc:1927", "guardian:1279", False),
    ("bbc:2103", "reuters:31", False),
    ("guardian:382", "reuters:1975", False),
    ("bbc:1559", "guardian:407", False),
    ("guardian:114", "reuters:1289", False),
    ("guardian:1639", "reuters:1153", False),
    ("bbc:100", "reuters:1289", False),
    ("bbc:1559", "reuters:1588", False),
    ("bbc:2103", "guardian:582", False),
    ("bbc:327", "guardian:1279", False),
]


def t17_articles(folder: Path, first: str, last: str) -> dict[str, list[dict]]:
    """Each outlet's articles published from `first` to `last` (ISO days), in file order."""
    by_outlet = {}
    for outlet in T17_OUTLETS:
        with (folder / f"{T17_TOPIC}_{outlet}" / "articles.jsonl").open(encoding="utf-8") as rows:
            items = [json.loads(line) for line in rows]
        by_outlet[outlet] = [a for a in items if first <= a["time"] <= last]
    return by_outlet


def measure_t17(folder: Path, show: int, keep: bool = False, days=T17_DAYS) -> dict:
    """Ingest the collections' articles through the `ingest` command (one JSONL file per
    outlet) and score the links between outlets against the judged pairs."""
    import tempfile

    from django.core.management import call_command
    from ptb import detokenise

    from articles.models import Article, ArticleSimilarity, StoryArticle
    from articles.stories.links import STORY_KINDS

    by_outlet = t17_articles(folder, *days)
    with tempfile.TemporaryDirectory() as tmp:
        if keep and Article.objects.exists():
            by_outlet, tmp = by_outlet, None  # scored again as ingested before
        for outlet, items in by_outlet.items() if tmp else ():
            with (Path(tmp) / f"{outlet}.jsonl").open("w", encoding="utf-8") as out:
                for item in items:
                    text = detokenise(item["text"]).strip()
                    title, _, body = text.partition("\n")
                    row = {"title": title[:300], "text": body or title, "source": outlet,
                           "published": item["time"]}  # fmt: skip
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if tmp:
            call_command("ingest", tmp, stdout=open(os.devnull, "w"))  # noqa: SIM115
    key_of = {}
    for pk, ref in Article.objects.values_list("pk", "import_ref"):
        outlet, _, line = ref.rpartition("/")[2].partition(".jsonl#line-")
        key_of[pk] = f"{outlet}:{by_outlet[outlet][int(line) - 1]['id']}"
    pk_of = {key: pk for pk, key in key_of.items()}
    linked = {}
    for first, second, kind in ArticleSimilarity.objects.filter(kind__in=STORY_KINDS).values_list(
        "first_id", "second_id", "kind"
    ):
        a, b = key_of[first], key_of[second]
        if a.split(":")[0] != b.split(":")[0]:
            linked[frozenset((a, b))] = kind
    judged = [(frozenset((a, b)), same) for a, b, same in T17_JUDGED if a in pk_of and b in pk_of]
    found = [same for pair, same in judged if pair in linked]
    wanted = [pair in linked for pair, same in judged if same]
    sizes = {}
    for story_id in StoryArticle.objects.values_list("story_id", flat=True):
        sizes[story_id] = sizes.get(story_id, 0) + 1
    unjudged = [pair for pair in linked if pair not in {p for p, _ in judged}]
    titles = dict(Article.objects.values_list("pk", "title"))
    return {
        "articles": len(key_of),
        "cross_pairs": len(linked),
        "same_event_pairs": sum(1 for kind in linked.values() if kind == "same-event"),
        "judged": len(judged),
        "precision": sum(found) / len(found) if found else 0.0,
        "linked_judged": len(found),
        "recall": sum(wanted) / len(wanted) if wanted else 0.0,
        "judged_same": len(wanted),
        "largest_story": max(sizes.values(), default=0),
        "wrong": [" / ".join(sorted(pair)) for pair, same in judged if pair in linked and not same],
        "unjudged": [
            " / ".join(f"{key} {titles[pk_of[key]][:60]}" for key in sorted(pair))
            for pair in unjudged[:show]
        ],
    }


def report_t17(args) -> int:
    from django.db import connection

    from articles.models import Article

    if Article.objects.exists() and not args.t17_keep:
        print("refusing: this database holds articles (--t17-keep to score them)", file=sys.stderr)
        return 2
    days = tuple(args.t17_days.split(":")) if args.t17_days else T17_DAYS
    r = measure_t17(args.t17_data, args.t17_show, keep=args.t17_keep, days=days)
    print(f"engine: {connection.vendor}; Timeline17 {T17_TOPIC}, {', '.join(T17_OUTLETS)}, "
          f"{days[0]} to {days[1]}: {r['articles']} articles")  # fmt: skip
    print(f"links between outlets: {r['cross_pairs']} ({r['same_event_pairs']} same event); "
          f"largest story: {r['largest_story']}")  # fmt: skip
    print(f"judged pairs: {r['judged']}; precision {r['precision']:.2f} of "
          f"{r['linked_judged']} linked; recall {r['recall']:.2f} of {r['judged_same']} "
          "judged the same event")  # fmt: skip
    for line in r["wrong"]:
        print(f"  linked, judged not one event: {line}")
    for line in r["unjudged"]:
        print(f"  unjudged: {line}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probes", type=int, default=40, help="per kind, at each size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuters", type=int, default=0, help="measure on this many stories")
    parser.add_argument("--reuters-data", type=Path, default=REUTERS_DATA)
    parser.add_argument(
        "--t17", action="store_true", help="measure same-event links on Timeline17 instead"
    )
    parser.add_argument("--t17-data", type=Path, default=T17_DATA)
    parser.add_argument("--t17-days", default="", help="FIRST:LAST (ISO days), a smaller run")
    parser.add_argument("--t17-show", type=int, default=0, help="print this many unjudged links")
    parser.add_argument("--t17-keep", action="store_true", help="score the database's links again")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Source

    call_command("migrate", verbosity=0)
    if args.t17:
        return report_t17(args)
    if Article.objects.exclude(slug__startswith="bench-").exists():
        print("refusing: this database holds real articles", file=sys.stderr)
        return 2
    Article.objects.filter(slug__startswith="bench-").delete()
    source, _ = Source.objects.get_or_create(name="Bench wire", defaults={"slug": "bench-wire"})
    writer, texts, client, roots = Writer(args.seed), [], Client(), {}
    if args.reuters:
        if not (args.reuters_data / "articles.jsonl").is_file():
            print(f"no Reuters data in {args.reuters_data}", file=sys.stderr)
            return 2
        r = measure_reuters(source, args.reuters, args.reuters_data, client)
        share = r["clashes"] / r["notice_pairs"] if r["notice_pairs"] else 0.0
        print(f"engine: {connection.vendor}; Reuters stories: {r['stories']:,}")
        print(f"ingest p50 per story: {r['per_article_ms']:.1f}ms")
        print(
            f"notices (earnings, dividend, acquisition): {r['notices']:,}; copy/rewrite pairs "
            f"between two notices: {r['notice_pairs']}; of them two different companies: "
            f"{r['clashes']} ({share:.1%})"
        )
        for example in r["examples"]:
            print(f"  two companies: {example}")
        print(
            f"same-event pairs between two notices: {r['event_pairs']}; of them two different "
            f"companies by the headline rule: {r['event_clashes']}"
        )
        for example in r["event_examples"]:
            print(f"  two companies: {example}")
        print(f"stories formed: {r['stories_formed']}; largest story: {r['largest_story']}")
        print(
            f"compare page, two {r['adversarial_kb']} KB repetitive files: "
            f"{r['adversarial_s']:.2f}s"
        )
        return 0
    print(
        f"engine: {connection.vendor}; probes at each size: {args.probes} near-copies, "
        "as many rewrites, heavy rewrites and unrelated articles",
        flush=True,
    )
    header = (
        f"{'archive':>8} {'ingest p50':>10} {'p95':>8} {'all-pairs':>10} {'compare':>8} "
        f"{'copy R':>7} {'copy P':>7} {'rewr R':>7} {'heavy R':>7} {'rewr P':>7} "
        f"{'fresh flagged':>13}"
    )
    print(header, flush=True)
    results = []
    for size in sizes:
        started = time.perf_counter()
        grow(writer, source, texts, size)
        if connection.vendor == "postgresql":
            # As autovacuum would soon after a bulk load: without statistics the planner
            # scans the whole shingle table instead of its index.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE articles_articleshingle, articles_article")
        built = time.perf_counter() - started
        r = measure(writer, source, texts, size, args.probes, client, roots)
        results.append(r)
        print(
            f"{size:>8,} {r['per_article_ms']:>8.1f}ms {r['p95_ms']:>6.1f}ms "
            f"{r['all_pairs_ms'] / 1000:>9.1f}s {r['compare_ms']:>6.1f}ms "
            f"{r['recall']['near-copy']:>7.2f} {r['precision']['near-copy']:>7.2f} "
            f"{r['recall']['rewrite']:>7.2f} {r['recall']['heavy rewrite']:>7.2f} "
            f"{r['precision']['rewrite']:>7.2f} "
            f"{r['fresh_flagged']:>6}/{r['probes']:<6}  (built in {built:.0f}s)",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"archive grew {last['size'] / first['size']:.0f}x; cost per new article grew "
            f"{last['per_article_ms'] / first['per_article_ms']:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
