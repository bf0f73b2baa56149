"""Ingest: the one place that turns files into rows.

The management command, the admin and the tests all call `ingest_paths` / `ingest_file`.
Each file is read and analysed outside any transaction, then all of its rows are written in
one transaction, so a failure never leaves half an article behind.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from articles.analysis import Analysis, EntityHit, analyze, normalize_alias, score_topics
from articles.analysis.sentences import split_sentences
from articles.models import (
    Article,
    ArticleTopic,
    Entity,
    EntityAlias,
    Mention,
    Source,
    Topic,
    unique_slug,
)
from articles.readers import SUPPORTED_SUFFIXES, Document, ReadError, read_document
from articles.similar import update_similarity

logger = logging.getLogger(__name__)


class IngestError(Exception):
    """A file could not be ingested; the message says which and why."""


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: str  # created / updated / unchanged / failed
    message: str = ""
    article_id: int | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Supported files under `paths` (recursively, sorted), and failures for missing paths."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(FileResult(path, "failed", "no such file or folder"))
    return files, missing


def ingest_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> list[FileResult]:
    files, missing = find_files(paths)
    total = len(missing) + len(files)
    results: list[FileResult] = []
    for item in [*missing, *files]:
        result = item if isinstance(item, FileResult) else ingest_file(item, dry_run=dry_run)
        results.append(result)
        if on_result:
            on_result(result, len(results), total)
    return results


def ingest_file(path: Path, *, dry_run: bool = False) -> FileResult:
    file_name = display_name(path)
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise IngestError(f"unsupported file type {path.suffix or '(none)'!r}")
        document = read_document(path)
        same_text = (
            Article.objects.filter(checksum=document.checksum).only("pk", "file_name").first()
        )
        if same_text:
            note = "" if same_text.file_name == file_name else f"same text as {same_text.file_name}"
            return FileResult(path, "unchanged", note, same_text.pk)
        topics = list(Topic.objects.all())
        analysis = analyze(document.text, {t.slug: t.keyword_list for t in topics})
        existing = Article.objects.filter(file_name=file_name).first()
        status = "updated" if existing else "created"
        if dry_run:
            return FileResult(path, status, "dry run: nothing written")
        with transaction.atomic():
            article = save_article(existing, file_name, document, analysis)
            save_mentions(article, analysis.entities)
            save_topic_scores(article, analysis.topics, topics)
            update_similarity(article)
    except (ReadError, IngestError) as exc:
        return FileResult(path, "failed", str(exc))
    except Exception as exc:  # one bad file must not stop the others
        logger.exception("ingest of %s failed", file_name)
        return FileResult(path, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}")
    return FileResult(path, status, "; ".join(document.warnings), article.pk)


def display_name(path: Path) -> str:
    """The file's path relative to the project when it lies inside it, so the same file is
    recognised whichever way it was named on the command line."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(resolved)


def source_for(document: Document) -> Source:
    name = document.metadata.get("source")
    domain = urlsplit(document.metadata.get("url", "")).hostname or ""
    domain = domain.removeprefix("www.")
    if not name:
        name = domain or Source.UNATTRIBUTED
    source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source.objects.create(name=name, slug=unique_slug(Source, name), domain=domain)
    return source


def save_article(existing, file_name: str, document: Document, analysis: Analysis) -> Article:
    article = existing or Article(file_name=file_name)
    meta = document.metadata
    # Corrections an editor made in the admin win over whatever the file says.
    article.set_from_file("source", source_for(document))
    article.set_from_file("title", meta.get("title") or analysis.title)
    article.title_derived = not meta.get("title") and analysis.title_derived
    article.set_from_file("byline", meta.get("byline") or analysis.byline)
    article.set_from_file("url", meta.get("url", article.url))
    article.set_from_file("published_on", document.published)
    article.set_from_file(
        "date_origin",
        Article.DateOrigin.METADATA if document.published else Article.DateOrigin.UNKNOWN,
    )
    article.body = analysis.body
    article.raw_text = document.raw_text
    article.checksum = document.checksum
    if not article.slug:
        article.slug = unique_slug(Article, article.title, max_length=90)
    article.save()
    return article


def resolve_entity(hit: EntityHit) -> Entity:
    """The entity `hit` refers to: found through any of its aliases, or created."""
    keys = {normalize_alias(alias) for alias in hit.aliases | {hit.name}} - {""}
    aliases = {a.key: a for a in EntityAlias.objects.filter(key__in=keys).select_related("entity")}
    main_key = normalize_alias(hit.name)
    known = aliases.get(main_key) or next(iter(aliases.values()), None)
    entity = known.entity if known else None
    if entity is None:
        entity = Entity.objects.create(
            name=hit.name, kind=hit.kind, slug=unique_slug(Entity, hit.name)
        )
    new_aliases = [
        EntityAlias(entity=entity, name=alias, key=normalize_alias(alias))
        for alias in sorted(hit.aliases | {hit.name})
        if normalize_alias(alias) and normalize_alias(alias) not in aliases
    ]
    unique = {a.key: a for a in new_aliases}.values()
    EntityAlias.objects.bulk_create(unique, ignore_conflicts=True)
    return entity


def save_mentions(article: Article, hits: Iterable[EntityHit]) -> None:
    counts: dict[int, int] = {}
    for hit in hits:
        entity = resolve_entity(hit)
        counts[entity.pk] = counts.get(entity.pk, 0) + hit.count
    Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(
        Mention(article=article, entity_id=pk, count=count) for pk, count in counts.items()
    )


def save_topic_scores(article: Article, scores: dict, topics: list[Topic]) -> None:
    """Replace the article's scores for `topics` with `scores` (slug -> TopicScore)."""
    by_slug = {t.slug: t for t in topics}
    ArticleTopic.objects.filter(article=article, topic__in=topics).delete()
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic=by_slug[slug], score=s.score, evidence=list(s.evidence))
        for slug, s in scores.items()
        if slug in by_slug
    )


def rescore_topics(articles: Iterable[Article], topics: Iterable[Topic] | None = None) -> int:
    """Score `articles` again against the topics' current keywords (after an editor changed
    them). Returns how many articles were scored."""
    topics = list(topics if topics is not None else Topic.objects.all())
    keywords = {t.slug: t.keyword_list for t in topics}
    count = 0
    for article in articles:
        scores = score_topics(split_sentences(article.body), keywords)
        with transaction.atomic():
            save_topic_scores(article, scores, topics)
        count += 1
    return count


def default_paths() -> list[Path]:
    return [Path(settings.ARCHIVE_SEEDS_DIR)]
