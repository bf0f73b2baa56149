"""Re-analysis: run the current analysis again on the raw texts the archive keeps.

An archive ingested with older rules (or another NER model) gets the new entities and topic
scores without reading any file again. The command, the admin action and the tests call
`reanalyze_articles`; each article is written in its own transaction with the same
`save_analysis` that ingest uses. Only the fields the analysis owns are written, on the row as
it is when written (locked), so that an editor's save during the run is never undone.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.db import transaction
from django.db.models import QuerySet

from articles.analysis.cleaning import with_given_title
from articles.analysis.ner import ModelNotAvailable
from articles.ingest.entities import remove_unmentioned_entities
from articles.ingest.pipeline import ANALYSIS_BATCH
from articles.ingest.readers import parse_text
from articles.ingest.write import analyse_texts, save_analysis, set_analysed_fields
from articles.models import Article, Mention, Topic
from articles.search.tantivy import store as search_index

logger = logging.getLogger(__name__)

# The article's own fields an analysis decides (set_analysed_fields); the rest is an editor's.
ANALYSED_FIELDS = [
    "title",
    "title_derived",
    "byline",
    "body",
    "language",
    "language_origin",
    "updated_at",
]


@dataclass(frozen=True)
class ArticleResult:
    slug: str
    status: str  # reanalysed / unchanged / failed
    message: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def select_articles(
    *, source: str | None = None, since: datetime.date | None = None, slugs: Iterable[str] = ()
) -> QuerySet:
    """The articles to re-analyse: all, or those of a source (slug or name), published on or
    after `since`, or named by slug."""
    articles = Article.objects.all()
    if source:
        articles = articles.filter(source__slug=source) | articles.filter(source__name=source)
    if since:
        articles = articles.filter(published_on__gte=since)
    slugs = list(slugs)
    if slugs:
        articles = articles.filter(slug__in=slugs)
    return articles.order_by("pk")


def reanalyze_articles(
    articles: QuerySet,
    *,
    on_result: Callable[[ArticleResult, int, int], None] | None = None,
) -> tuple[list[ArticleResult], int]:
    """Analyse `articles` again from their raw text. Returns a result per article and how many
    entities were removed because no article mentions them any more (curated ones stay)."""
    ids = list(articles.values_list("pk", flat=True))
    topics = list(Topic.objects.all())
    results: list[ArticleResult] = []
    removed = 0
    with search_index.deferred_writes():  # the search index is written once per batch
        for start in range(0, len(ids), ANALYSIS_BATCH):
            batch = list(Article.objects.filter(pk__in=ids[start : start + ANALYSIS_BATCH]))
            batch.sort(key=lambda a: a.pk)
            for result, dropped in _reanalyze_batch(batch, topics):
                results.append(result)
                removed += dropped
                if on_result:
                    on_result(result, len(results), len(ids))
            search_index.flush()
    # Entities left unmentioned by earlier runs or deletions go too.
    return results, removed + remove_unmentioned_entities()


def _parsed(article: Article) -> tuple[str, dict, list[str]]:
    """What ingest gave the analysis for the article's stored raw text. A JSON object or web
    page stores only its body: a title it gave (one that is not the text's own first line)
    is given again, so the analysis does not take that first line for a headline."""
    suffix = PurePath(article.file_name).suffix
    text, metadata, warnings = parse_text(article.raw_text, suffix)
    title = metadata.get("title")
    extracted = suffix.lower() not in (".txt", ".md")
    if not title and extracted and not article.title_derived:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        if " ".join(first_line.split()) != " ".join(article.title.split()):
            title = article.title
    if title:
        text = with_given_title(title, text)
    return text, metadata, warnings


def _reanalyze_batch(
    batch: list[Article], topics: list[Topic]
) -> Iterable[tuple[ArticleResult, int]]:
    """Each article's result, and how many entities writing it left unmentioned and removed."""
    parsed = [_parsed(a) for a in batch]
    texts = [text for text, _meta, _warnings in parsed]
    try:
        analyses = analyse_texts(
            texts, topics, [a.published_on for a in batch], [a.language for a in batch]
        )
    except ModelNotAvailable:
        raise
    except Exception:  # analyse one at a time, so that only the bad article fails
        analyses = [None] * len(batch)
    for article, text, (_text, metadata, _warnings), analysis in zip(
        batch, texts, parsed, analyses, strict=True
    ):
        try:
            if analysis is None:
                (analysis,) = analyse_texts(
                    [text], topics, [article.published_on], [article.language]
                )
            with transaction.atomic():
                # The row as it is now: an editor may have saved it since the batch was read.
                current = Article.objects.select_for_update().filter(pk=article.pk).first()
                if current is None or current.raw_text != article.raw_text:
                    changed = "deleted" if current is None else "edited"
                    yield ArticleResult(article.slug, "unchanged", f"{changed} meanwhile"), 0
                    continue
                before = _derived_state(current)
                set_analysed_fields(current, metadata, analysis, reanalysis=True)
                current.save(update_fields=ANALYSED_FIELDS)
                dropped = save_analysis(current, analysis, topics)
                after = _derived_state(current)
        except Exception as exc:  # one bad article must not stop the others
            logger.exception("re-analysis of %s failed", article.slug)
            yield ArticleResult(article.slug, "failed", f"{exc.__class__.__name__}: {exc}"), 0
            continue
        status = "unchanged" if after == before else "reanalysed"
        yield ArticleResult(article.slug, status, _describe(before, after)), dropped


def _derived_state(article: Article) -> tuple:
    mentions = frozenset(
        Mention.objects.filter(article=article).values_list("entity__name", "entity__kind", "count")
    )
    scores = frozenset(article.topic_scores.values_list("topic__slug", "score"))
    events = (
        tuple(article.dated_mentions.values_list("text", "start", "end")),
        tuple(article.quotes.values_list("text", "speaker_name")),
        tuple(article.figures.values_list("text", "value", "unit")),
    )
    return article.title, article.byline, article.body, mentions, scores, events, article.language


def _describe(before: tuple, after: tuple) -> str:
    old, new = {m[:2] for m in before[3]}, {m[:2] for m in after[3]}
    text = f"{len(new)} entities, {len(after[4])} topics"
    changes = []
    if new - old:
        changes.append("new: " + ", ".join(sorted(name for name, _ in new - old)[:5]))
    if old - new:
        changes.append("gone: " + ", ".join(sorted(name for name, _ in old - new)[:5]))
    return "; ".join([text, *changes])
