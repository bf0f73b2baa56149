"""Writing one document: its article and every row derived from its analysis, in one
transaction, retried when a concurrent ingest wrote the same rows first."""

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError

from articles.analysis import Analysis, analyze_many
from articles.analysis.dates import find_dateline
from articles.analysis.languages import detect as detect_language
from articles.analysis.ner import ModelNotAvailable
from articles.derived import save_events, save_topic_scores
from articles.ingest.discovery import printable_name
from articles.ingest.entities import names_that_fit, save_mentions
from articles.ingest.known_rows import NOTHING_KNOWN, KnownRows
from articles.ingest.readers import Document, ReadError
from articles.ingest.results import FileResult, IngestError, Status
from articles.ingest.retries import run_with_retries
from articles.limits import (
    SEARCH_VECTOR_LIMIT,
    TooLong,
    check_fits,
    clipped,
    fit_to_fields,
    max_length,
    search_vector_bytes,
)
from articles.models import Article, Source, Topic, unique_slug
from articles.stories.links import update_similarity

logger = logging.getLogger(__name__)


def ingest_document(
    path: Path,
    document: Document,
    *,
    topics: list[Topic],
    dry_run: bool = False,
    analysed: tuple[str, object, Analysis] | None = None,
    known: KnownRows = NOTHING_KNOWN,
) -> FileResult:
    """Write one document (analysing it first unless its batch did), in one transaction.
    `known`: what the database held when the document's chunk began (saves queries)."""
    file_name = display_name(path)
    where = document.where
    try:
        check_fits(Article, "file_name", file_name, "the file's path")
        check_fits(Article, "import_ref", document.import_ref, "the file's path")
        same_text = find_same_text(path, document, known)
        if same_text:
            return same_text
        existing = (
            None
            if known.surely_new(document.checksum, document.import_ref)
            else Article.objects.filter(import_ref=document.import_ref).first()
        )
        anchor = date_to_resolve_against(existing, document)
        if analysed and analysed[:2] == (document.checksum, anchor):
            analysis = analysed[2]  # analysed with its batch
        else:
            language = analysis_language(document, existing)
            (analysis,) = analyse_texts([document.text], topics, [anchor], [language])
        check_search_vector(analysis)
        if dry_run:
            status = Status.UPDATED if existing else Status.CREATED
            return FileResult(path, status, "dry run: nothing written", where=where)
        # The database's unique keys decide between concurrent ingests: a conflict rolls the
        # file back and it is written again, seeing what the other ingest committed (so what
        # the chunk's snapshot said is forgotten).
        attempts = 0

        def write():
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                known.forget()
            return write_document(path, file_name, document, analysis, topics, known)

        try:
            result = run_with_retries(write)
        except Exception:
            known.forget()  # the snapshot may name rows the rollback undid
            raise
        if result.status in (Status.CREATED, Status.UPDATED):
            known.written(result.article_id, file_name, document.import_ref, document.checksum)
        return result
    except (ReadError, IngestError, TooLong, ModelNotAvailable) as exc:
        return FileResult(path, Status.FAILED, str(exc), where=where)
    except Exception as exc:  # one bad file must not stop the others
        if isinstance(exc, DatabaseError) and "too long for tsvector" in str(exc):
            # PostgreSQL refused a vector the estimate let through: the same message.
            return FileResult(path, Status.FAILED, TOO_MANY_WORDS, where=where)
        logger.exception("ingest of %s failed", file_name)
        message = f"unexpected error: {exc.__class__.__name__}: {exc}"
        return FileResult(path, Status.FAILED, message, where=where)


def find_same_text(
    path: Path, document: Document, known: KnownRows = NOTHING_KNOWN
) -> FileResult | None:
    """An `unchanged` result when an article already has this text, else None."""
    if known.fresh:
        found = known.same_text.get(document.checksum)
    else:
        found = (
            Article.objects.filter(checksum=document.checksum)
            .values_list("pk", "file_name", "import_ref")
            .first()
        )
    if not found:
        return None
    pk, same_file, same_ref = found
    note = "" if same_ref == document.import_ref else f"same text as {same_ref or same_file}"
    return FileResult(path, Status.UNCHANGED, note, pk, document.where)


def write_document(
    path: Path,
    file_name: str,
    document: Document,
    analysis: Analysis,
    topics,
    known: KnownRows = NOTHING_KNOWN,
):
    """All rows for one document; call inside a transaction. A document `known` calls new
    is inserted without looking again: the unique keys catch another ingest's copy."""
    if known.surely_new(document.checksum, document.import_ref):
        existing = None
    else:
        same_text = find_same_text(path, document)
        if same_text:  # another ingest wrote it meanwhile
            return same_text
        existing = Article.objects.filter(import_ref=document.import_ref).first()
    status = Status.UPDATED if existing else Status.CREATED
    article = save_article(existing, file_name, document, analysis, known)
    save_analysis(article, analysis, topics, new=existing is None, known=known)
    warnings = [*document.warnings, *names_that_fit(analysis.entities)[1]]
    return FileResult(path, status, "; ".join(warnings), article.pk, document.where)


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


def too_rich_to_index(*texts: str) -> bool:
    """Whether PostgreSQL would refuse the search vector of `texts`. Checked on every engine,
    so that SQLite refuses what PostgreSQL would: on the text as read (an upper bound of what
    its cleaned body holds, so it is refused unanalysed), then on the analysis's title and body."""
    return search_vector_bytes(*texts) > SEARCH_VECTOR_LIMIT


def check_search_vector(analysis: Analysis) -> None:
    if too_rich_to_index(analysis.title, analysis.body):
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


def source_for(document: Document, known: KnownRows = NOTHING_KNOWN) -> Source:
    name = document.metadata.get("source")
    domain = urlsplit(document.metadata.get("url", "")).hostname or ""
    domain = domain.removeprefix("www.")
    if not name:
        name = domain or Source.UNATTRIBUTED
    name, domain = clipped(Source, "name", name), clipped(Source, "domain", domain)
    source = known.sources.get(name)
    if source is None:
        source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source.objects.create(name=name, slug=unique_slug(Source, name), domain=domain)
    known.learn_source(source)
    return source


def save_article(
    existing,
    file_name: str,
    document: Document,
    analysis: Analysis,
    known: KnownRows = NOTHING_KNOWN,
) -> Article:
    article = existing or Article()
    # The file may have moved (a new checkout): the identity is the import_ref.
    article.file_name, article.import_ref = file_name, document.import_ref
    meta = document.metadata
    # Corrections an editor made in the admin win over whatever the file says.
    article.set_from_file("source", source_for(document, known))
    set_analysed_fields(article, meta, analysis)
    article.set_from_file("url", meta.get("url", article.url))
    published, date_origin = publication_date(document)
    article.set_from_file("published_on", published)
    article.set_from_file("date_origin", date_origin)
    article.raw_text = document.raw_text
    article.checksum = document.checksum
    fit_to_fields(article)
    if not article.slug:
        article.slug = unique_slug(Article, article.title, max_length=90)
    article.save()
    return article


def set_analysed_fields(
    article: Article, metadata: dict, analysis: Analysis, *, reanalysis: bool = False
) -> None:
    """What the analysis of the text decides about the article itself (the file's metadata,
    then an editor's corrections, win over it)."""
    article.set_from_file("title", metadata.get("title") or analysis.title)
    article.title_derived = not metadata.get("title") and analysis.title_derived
    article.set_from_file("byline", metadata.get("byline") or analysis.byline)
    article.body = analysis.body
    set_language(article, metadata, analysis.body, reanalysis=reanalysis)


def analysis_language(document, existing: Article | None = None) -> str:
    """The language a document is analysed in: an editor's choice for its article, else the
    one its file states, else the one detected in its text."""
    if existing is not None and existing.language_origin == Article.LanguageOrigin.MANUAL:
        return existing.language
    return document.metadata.get("language") or detect_language(document.text)


def set_language(article: Article, metadata: dict, body: str, *, reanalysis: bool) -> None:
    """The language the file states, else the one detected in the body; an editor's value
    always stays. Re-analysis sees only the stored text, which keeps no JSON field or
    <html lang>: a language that came from the file's metadata stays as it is."""
    Origin = Article.LanguageOrigin
    if "language" in article.edited_fields or article.language_origin == Origin.MANUAL:
        return
    if metadata.get("language"):
        article.language, article.language_origin = metadata["language"], Origin.METADATA
    elif reanalysis and article.language_origin == Origin.METADATA:
        return
    else:
        article.language = detect_language(body)
        article.language_origin = Origin.DETECTED if article.language else Origin.UNKNOWN


def save_analysis(
    article: Article,
    analysis: Analysis,
    topics: list[Topic],
    *,
    new: bool = False,
    known: KnownRows = NOTHING_KNOWN,
) -> int:
    """Write everything derived from `analysis` for a saved `article`, replacing what an
    earlier analysis wrote. Ingest and re-analysis both call this, inside the article's
    transaction; rows derived from new kinds of analysis are written here too. A `new`
    article (inserted in this transaction) has no earlier rows to replace.

    Returns how many entities were removed because no article mentions them any more."""
    removed = save_mentions(article, analysis.entities, new=new, known=known)
    save_topic_scores(article, analysis.topics, topics, new=new)
    save_events(article, analysis, new=new, alias_entity=known.alias_entity)
    update_similarity(article, new=new)
    return removed


def publication_date(document: Document) -> tuple[dt.date | None, str]:
    """The article's date and where it came from: the file's metadata, else a date the text
    states for itself (a dateline), else unknown. Never the latest year the text mentions."""
    if document.published:
        return document.published, document.metadata.get("date_origin", Article.DateOrigin.METADATA)
    stated = find_dateline(document.text, document.dateline_year)
    if stated:
        return stated, Article.DateOrigin.TEXT
    return None, Article.DateOrigin.UNKNOWN


def date_to_resolve_against(existing: Article | None, document: Document) -> dt.date | None:
    """What relative dates ("on Monday") are read against: an editor's date wins."""
    if existing is not None and "published_on" in existing.edited_fields:
        return existing.published_on
    return publication_date(document)[0]


def analyse_texts(
    texts: list[str],
    topics: list[Topic],
    published: list | None = None,
    languages: list[str] | None = None,
) -> list[Analysis]:
    """The analysis of `texts` with the archive's topics and its configured NER model;
    `languages` are the articles' languages where known ("": the text's alphabet decides)."""
    return analyze_many(
        texts,
        topics={t.slug: t.keyword_list for t in topics},
        published=published,
        ner_model=settings.ARCHIVE_NER_MODEL or None,
        languages=languages,
    )
