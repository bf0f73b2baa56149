"""Ingest: the one place that turns files into rows.

The management command, the admin and the tests all call `ingest_paths` / `ingest_file`.
Each file is read and analysed outside any transaction, then all of its rows are written in
one transaction, so a failure never leaves half an article behind.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from articles import timeline
from articles.analysis import Analysis, EntityHit, analyze_many, score_topics
from articles.analysis.ner import ModelNotAvailable
from articles.analysis.sentences import split_sentences
from articles.concurrency import run_with_retries
from articles.curation import merge_entities
from articles.discovery import discover, printable_name
from articles.limits import (
    SEARCH_VECTOR_LIMIT,
    TooLong,
    check_fits,
    clipped,
    fit_to_fields,
    max_length,
    search_vector_bytes,
)
from articles.models import (
    Article,
    ArticleTopic,
    Entity,
    EntityAlias,
    Mention,
    MergedEntity,
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
    status: str  # created / updated / unchanged / skipped / failed
    message: str = ""
    article_id: int | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Supported files under `paths` (recursively, sorted), and a result for every path that
    was skipped or could not be read (missing, unreadable folder, link, FIFO, other type)."""
    files, problems = discover(paths, SUPPORTED_SUFFIXES)
    return files, [FileResult(p.path, p.status, p.message) for p in problems]


def ingest_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> list[FileResult]:
    files, missing = find_files(paths)
    total = len(missing) + len(files)
    results: list[FileResult] = []
    for item in missing:
        results.append(item)
        if on_result:
            on_result(item, len(results), total)
    for start in range(0, len(files), ANALYSIS_BATCH):
        batch = files[start : start + ANALYSIS_BATCH]
        analysed = analyse_new_files(batch)
        for path in batch:
            result = ingest_file(path, dry_run=dry_run, analysed=analysed.get(path))
            results.append(result)
            if on_result:
                on_result(result, len(results), total)
    return results


# Files analysed together: the model reads a batch much faster than one text at a time.
ANALYSIS_BATCH = 32


def analyse_texts(
    texts: list[str], topics: list[Topic], published: list | None = None
) -> list[Analysis]:
    """The analysis of `texts` with the archive's topics and its configured NER model."""
    return analyze_many(
        texts,
        topics={t.slug: t.keyword_list for t in topics},
        published=published,
        ner_model=settings.ARCHIVE_NER_MODEL or None,
    )


def analyse_new_files(paths: list[Path]) -> dict[Path, tuple[str, object, Analysis]]:
    """Analyse in one batch those of `paths` whose text is not in the archive yet, keyed by
    path with the checksum and date analysed. Unreadable files are left to ingest_file."""
    documents = {}
    for path in paths:
        try:
            documents[path] = read_document(path, max_bytes=settings.ARCHIVE_MAX_FILE_BYTES)
        except (ReadError, OSError):
            continue
    known = set(
        Article.objects.filter(checksum__in=[d.checksum for d in documents.values()]).values_list(
            "checksum", flat=True
        )
    )
    new = {path: d for path, d in documents.items() if d.checksum not in known}
    if not new:
        return {}
    anchors = [timeline.publication_date(d)[0] for d in new.values()]
    try:
        analyses = analyse_texts([d.text for d in new.values()], list(Topic.objects.all()), anchors)
    except Exception:  # ingest_file then analyses each file alone and reports what fails
        return {}
    return {
        path: (d.checksum, anchor, analysis)
        for (path, d), anchor, analysis in zip(new.items(), anchors, analyses, strict=True)
    }


def ingest_file(
    path: Path, *, dry_run: bool = False, analysed: tuple[str, object, Analysis] | None = None
) -> FileResult:
    file_name = display_name(path)
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise IngestError(f"unsupported file type {path.suffix or '(none)'!r}")
        check_fits(Article, "file_name", file_name, "the file's path")
        document = without_overlong_url(
            read_document(path, max_bytes=settings.ARCHIVE_MAX_FILE_BYTES)
        )
        same_text = find_same_text(path, file_name, document)
        if same_text:
            return same_text
        topics = list(Topic.objects.all())
        existing = Article.objects.filter(file_name=file_name).first()
        anchor = timeline.date_to_resolve_against(existing, document)
        if analysed and analysed[:2] == (document.checksum, anchor):
            analysis = analysed[2]  # analysed with its batch (analyse_new_files)
        else:
            (analysis,) = analyse_texts([document.text], topics, [anchor])
        check_search_vector(analysis)
        if dry_run:
            return FileResult(
                path, "updated" if existing else "created", "dry run: nothing written"
            )
        # The database's unique keys decide between concurrent ingests: a conflict rolls the
        # file back and it is written again, seeing what the other ingest committed.
        result = run_with_retries(lambda: write_file(path, file_name, document, analysis, topics))
    except (ReadError, IngestError, TooLong, ModelNotAvailable) as exc:
        return FileResult(path, "failed", str(exc))
    except Exception as exc:  # one bad file must not stop the others
        if isinstance(exc, DatabaseError) and "too long for tsvector" in str(exc):
            # PostgreSQL refused a vector the estimate let through: the same message.
            return FileResult(path, "failed", TOO_MANY_WORDS)
        logger.exception("ingest of %s failed", file_name)
        return FileResult(path, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}")
    return result


def find_same_text(path: Path, file_name: str, document: Document) -> FileResult | None:
    """An `unchanged` result when an article already has this text, else None."""
    same_text = Article.objects.filter(checksum=document.checksum).only("pk", "file_name").first()
    if not same_text:
        return None
    note = "" if same_text.file_name == file_name else f"same text as {same_text.file_name}"
    return FileResult(path, "unchanged", note, same_text.pk)


def write_file(path: Path, file_name: str, document: Document, analysis: Analysis, topics):
    """All rows for one file; call inside a transaction."""
    same_text = find_same_text(path, file_name, document)
    if same_text:  # another ingest wrote it meanwhile
        return same_text
    existing = Article.objects.filter(file_name=file_name).first()
    status = "updated" if existing else "created"
    article = save_article(existing, file_name, document, analysis)
    save_analysis(article, analysis, topics)
    warnings = [*document.warnings, *names_that_fit(analysis.entities)[1]]
    return FileResult(path, status, "; ".join(warnings), article.pk)


def without_overlong_url(document: Document) -> Document:
    # Cutting a URL to the column's length would make it point somewhere else: drop it.
    url, limit = document.metadata.get("url", ""), max_length(Article, "url")
    if len(url) <= limit:
        return document
    metadata = {k: v for k, v in document.metadata.items() if k != "url"}
    warning = f"dropped URL longer than {limit:,} characters"
    return replace(document, metadata=metadata, warnings=(*document.warnings, warning))


TOO_MANY_WORDS = (
    "too many distinct words for the search index (PostgreSQL's limit is 1 MB per article)"
)


def check_search_vector(analysis: Analysis) -> None:
    # Checked on every engine, so that SQLite refuses what PostgreSQL would.
    if search_vector_bytes(analysis.title, analysis.body) > SEARCH_VECTOR_LIMIT:
        raise IngestError(TOO_MANY_WORDS)


def display_name(path: Path) -> str:
    """The file's path relative to the project when it lies inside it, so the same file is
    recognised whichever way it was named on the command line; printable and storable even
    when the name is not UTF-8 or holds control characters."""
    resolved = path.resolve()
    try:
        return printable_name(str(resolved.relative_to(settings.BASE_DIR)))
    except ValueError:
        return printable_name(str(resolved))


def source_for(document: Document) -> Source:
    name = document.metadata.get("source")
    domain = urlsplit(document.metadata.get("url", "")).hostname or ""
    domain = domain.removeprefix("www.")
    if not name:
        name = domain or Source.UNATTRIBUTED
    name, domain = clipped(Source, "name", name), clipped(Source, "domain", domain)
    source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source.objects.create(name=name, slug=unique_slug(Source, name), domain=domain)
    return source


def save_article(existing, file_name: str, document: Document, analysis: Analysis) -> Article:
    article = existing or Article(file_name=file_name)
    meta = document.metadata
    # Corrections an editor made in the admin win over whatever the file says.
    article.set_from_file("source", source_for(document))
    set_analysed_fields(article, meta, analysis)
    article.set_from_file("url", meta.get("url", article.url))
    published, date_origin = timeline.publication_date(document)
    article.set_from_file("published_on", published)
    article.set_from_file("date_origin", date_origin)
    article.raw_text = document.raw_text
    article.checksum = document.checksum
    fit_to_fields(article)
    if not article.slug:
        article.slug = unique_slug(Article, article.title, max_length=90)
    article.save()
    return article


def set_analysed_fields(article: Article, metadata: dict, analysis: Analysis) -> None:
    """What the analysis of the text decides about the article itself (the file's metadata,
    then an editor's corrections, win over it)."""
    article.set_from_file("title", metadata.get("title") or analysis.title)
    article.title_derived = not metadata.get("title") and analysis.title_derived
    article.set_from_file("byline", metadata.get("byline") or analysis.byline)
    article.body = analysis.body


def save_analysis(article: Article, analysis: Analysis, topics: list[Topic]) -> int:
    """Write everything derived from `analysis` for a saved `article`, replacing what an
    earlier analysis wrote. Ingest and re-analysis both call this, inside the article's
    transaction; rows derived from new kinds of analysis are written here too.

    Returns how many entities were removed because no article mentions them any more."""
    removed = save_mentions(article, analysis.entities)
    save_topic_scores(article, analysis.topics, topics)
    timeline.save_events(article, analysis)
    update_similarity(article)
    return removed


def resolve_entity(hit: EntityHit) -> Entity:
    """The entity `hit` refers to: found through any of its aliases, or created.

    The result must not depend on which article came first: a lone surname finds the one
    person whose full name ends with it, and a new full name takes in the lone surname an
    earlier article left behind ("Leyen" -> Ursula von der Leyen).
    """
    names = hit.aliases | {hit.name}
    keys = {EntityAlias.key_for(name) for name in names} - {""}
    aliases = {a.key: a for a in EntityAlias.objects.filter(key__in=keys).select_related("entity")}
    main_key = EntityAlias.key_for(hit.name)
    entity = aliases[main_key].entity if main_key in aliases else _most_named(aliases.values())
    if entity is None and hit.kind == Entity.Kind.PERSON and " " not in main_key:
        entity = _person_by_surname(main_key)
    created = entity is None
    if created:
        entity = Entity.objects.create(name=hit.name, kind=hit.kind, slug=_entity_slug(hit.name))
    new_aliases = {
        key: EntityAlias(entity=entity, name=name[:200], key=key)
        for name in sorted(names)
        if (key := EntityAlias.key_for(name)) and key not in aliases
    }
    EntityAlias.objects.bulk_create(new_aliases.values(), ignore_conflicts=True)
    if created and EntityAlias.objects.filter(key=main_key).exclude(entity=entity).exists():
        # A concurrent ingest claimed the name first: write the file again to use its entity.
        raise IntegrityError(f"entity alias {main_key!r} was created by another ingest")
    if created and hit.kind == Entity.Kind.PERSON and " " in main_key:
        _take_in_lone_surname(entity, main_key.split()[-1])
    return entity


def _entity_slug(name: str) -> str:
    """A slug no entity uses and no merged-away entity used: old links keep leading to the
    entity it was merged into."""
    slug, n = unique_slug(Entity, name), 1
    while MergedEntity.objects.filter(slug=slug).exists():
        n += 1
        slug = unique_slug(Entity, f"{name} {n}")
    return slug


def _most_named(aliases) -> Entity | None:
    """Of the entities some of a hit's names already belong to, the one most of them do
    (then the oldest): the same answer whatever order the aliases came in."""
    votes: dict[int, list] = {}
    for alias in aliases:
        votes.setdefault(alias.entity_id, []).append(alias.entity)
    if not votes:
        return None
    best = min(votes, key=lambda pk: (-len(votes[pk]), pk))
    return votes[best][0]


def _person_by_surname(surname: str) -> Entity | None:
    people = set(
        EntityAlias.objects.filter(
            entity__kind=Entity.Kind.PERSON, key__endswith=f" {surname}"
        ).values_list("entity_id", flat=True)
    )
    return Entity.objects.get(pk=people.pop()) if len(people) == 1 else None


def _take_in_lone_surname(person: Entity, surname: str) -> None:
    """Fold into a new `person` the person an earlier article knew only as `surname`, when
    `person` is the only one with that surname."""
    lone = EntityAlias.objects.filter(
        key=surname, entity__kind=Entity.Kind.PERSON, entity__curated=False
    ).select_related("entity")
    for alias in lone:
        if _person_by_surname(surname) == person:
            merge_entities(person, [alias.entity], by_editor=False)


def save_mentions(article: Article, hits: Iterable[EntityHit]) -> int:
    """Replace the article's mentions (names too long to keep are left out, see
    names_that_fit); returns how many entities no article mentions any more were removed."""
    hits, _ = names_that_fit(hits)
    counts: dict[int, int] = {}
    # Sorted by name: concurrent ingests take the entities' unique keys in the same order,
    # which avoids deadlocks.
    for hit in sorted(hits, key=lambda h: EntityAlias.key_for(h.name)):
        entity = resolve_entity(hit)
        counts[entity.pk] = counts.get(entity.pk, 0) + hit.count
    before = set(Mention.objects.filter(article=article).values_list("entity_id", flat=True))
    Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(
        Mention(article=article, entity_id=pk, count=count) for pk, count in counts.items()
    )
    return remove_unmentioned_entities(before - counts.keys())


def remove_unmentioned_entities(candidates: Iterable[int] | None = None) -> int:
    """Delete entities no article mentions any more, among `candidates` (None: all), except
    those an editor curated. Returns how many were deleted."""
    entities = Entity.objects.filter(curated=False, mentions__isnull=True)
    if candidates is not None:
        entities = entities.filter(pk__in=list(candidates))
    _, deleted = Entity.objects.filter(pk__in=list(entities.values_list("pk", flat=True))).delete()
    return deleted.get(Entity._meta.label, 0)


def names_that_fit(hits: Iterable[EntityHit]) -> tuple[list[EntityHit], list[str]]:
    """The hits without names (or aliases) longer than the database keeps: a 200-character
    "name" is a run of capitalised words, not an entity."""
    limit = max_length(Entity, "name")
    kept, dropped = [], 0
    for hit in hits:
        if len(hit.name) > limit or len(EntityAlias.key_for(hit.name)) > limit:
            dropped += 1
            continue
        aliases = {
            a for a in hit.aliases if len(a) <= limit and len(EntityAlias.key_for(a)) <= limit
        }
        kept.append(replace(hit, aliases=frozenset(aliases)) if aliases != hit.aliases else hit)
    warnings = [f"ignored {dropped} name(s) longer than {limit} characters"] if dropped else []
    return kept, warnings


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
