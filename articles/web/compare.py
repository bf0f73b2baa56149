"""Two articles side by side: which two the request asks for, and everything the page shows."""

import re
from dataclasses import dataclass

from django.http import QueryDict

from articles.analysis.agreement import (
    DateComparison,
    FigureComparison,
    compare_dates,
    compare_figures,
)
from articles.analysis.languages import LANGUAGE_NAMES
from articles.analysis.same_event import SameEvent
from articles.analysis.similarity import (
    PairScore,
    Row,
    sampled,
    score_pair,
    shingles,
    side_by_side,
)
from articles.models import Article, ArticleSimilarity, ArticleTopic, Entity, Mention
from articles.stories.links import TEXT_OVER_EVENT, article_sentences, common_shingles
from articles.stories.same_event import event_between, evidence_of, reasons_from
from articles.web.related import figures_and_dates

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class BadComparison(ValueError):
    """The request does not name two different, well-formed article slugs."""


@dataclass(frozen=True)
class ComparisonRequest:
    a: str
    b: str
    canonical: bool  # asked for as ?a=…&b=… (the permalink) rather than another way


def parse_request(params: QueryDict) -> ComparisonRequest:
    """The two slugs of `/compare/?a=x&b=y`, or of the search form's `?pick=x&pick=y` (or
    `?a=x&a=y`). Raises BadComparison with a message for a person."""
    a_values, b_values = params.getlist("a"), params.getlist("b")
    if a_values or b_values:
        slugs = a_values + b_values
        canonical = len(a_values) == len(b_values) == 1
    else:
        slugs, canonical = params.getlist("pick"), False
    slugs = [s.strip() for s in slugs if s.strip()]
    if len(slugs) != 2:
        raise BadComparison(f"Choose exactly two articles to compare (got {len(slugs)}).")
    if not all(_SLUG.fullmatch(s) for s in slugs):
        raise BadComparison("That is not an article's address.")
    if slugs[0] == slugs[1]:
        raise BadComparison("Choose two different articles: an article is the same as itself.")
    return ComparisonRequest(slugs[0], slugs[1], canonical)


@dataclass(frozen=True)
class Comparison:
    a: Article
    b: Article
    score: PairScore
    rows: list[Row]
    entities_both: list
    entities_only_a: list
    entities_only_b: list
    topics_a: list
    topics_b: list
    figures: FigureComparison
    dates: DateComparison
    has_figures: bool
    has_dates: bool
    reasons: tuple[str, ...]  # why the two are related, for a reader; empty when they are not
    first: Article | None  # the one published first, when both dates are known and differ
    event: SameEvent | None = None  # the evidence that they report one event

    @property
    def kind(self) -> str | None:
        """What the pair is: shared wording first (a copy, a rewrite), then one event, then
        a few sentences in common (related); None when unrelated."""
        if self.score.kind in TEXT_OVER_EVENT or not self.event:
            return self.score.kind
        return ArticleSimilarity.Kind.SAME_EVENT.value

    @property
    def only_a(self) -> int:
        return sum(1 for row in self.rows if row.right is None)

    @property
    def only_b(self) -> int:
        return sum(1 for row in self.rows if row.left is None)


def _entities(article: Article) -> dict:
    mentions = Mention.objects.filter(article=article).select_related("entity")
    return {m.entity_id: m.entity for m in mentions}


def _named(entities: dict) -> set[int]:
    """The people and organisations among an article's entities (for `score_pair`)."""
    kinds = {Entity.Kind.PERSON, Entity.Kind.ORGANISATION}
    return {pk for pk, entity in entities.items() if entity.kind in kinds}


def _topics(article: Article) -> list:
    return list(ArticleTopic.objects.filter(article=article).select_related("topic"))


def reasons_for(score: PairScore, entities_both: list, said: bool = False) -> tuple[str, ...]:
    """Why two articles are related, in words: the passages they share (not counting
    boilerplate) and the entities both name (unless the same-event reasons `said` them)."""
    reasons = []
    if score.aligned and score.kind:
        reasons.append(
            f"{score.aligned} passage{'s' if score.aligned != 1 else ''} say the same thing"
        )
    if score.kind is None and score.aligned:
        reasons.append("what reads alike is boilerplate (a template or standard phrases)")
    if entities_both and not said:
        names = ", ".join(e.name for e in entities_both[:5])
        more = f" and {len(entities_both) - 5} more" if len(entities_both) > 5 else ""
        reasons.append(f"both name {names}{more}")
    return tuple(reasons)


def across_languages(a: Article, b: Article, both: list, figures, dates) -> tuple[str, ...]:
    """What links two articles written in different languages, said as such: no sentence can
    align word for word, so only the names, dates and figures both give can."""
    if not (a.language and b.language and a.language != b.language):
        return ()
    shared = [
        f"{n} {what}{'s' if n != 1 else ''}"
        for n, what in (
            (len(both), "entity"),
            (len(dates.agree), "date"),
            (len(figures.agree), "figure"),
        )
        if n
    ]
    languages = f"{LANGUAGE_NAMES.get(a.language, a.language)} and " + LANGUAGE_NAMES.get(
        b.language, b.language
    )
    if not shared:
        return (f"written in {languages}: no sentence aligns word for word, and they share no "
                "entity, date or figure",)  # fmt: skip
    return (f"written in {languages}: no sentence aligns word for word, but they share "
            f"{', '.join(shared)}",)  # fmt: skip


def first_published(a: Article, b: Article) -> Article | None:
    if a.published_on and b.published_on and a.published_on != b.published_on:
        return a if a.published_on < b.published_on else b
    return None


def compare_articles(a: Article, b: Article) -> Comparison:
    sentences_a, sentences_b = article_sentences(a), article_sentences(b)
    entities_a, entities_b = _entities(a), _entities(b)

    def by_name(ids):
        return sorted((entities_a.get(pk) or entities_b[pk] for pk in ids), key=lambda e: e.name)

    figures_a, dates_a = figures_and_dates(a)
    figures_b, dates_b = figures_and_dates(b)
    shingles_a, shingles_b = shingles(" ".join(sentences_a)), shingles(" ".join(sentences_b))
    common = common_shingles(sampled(shingles_a & shingles_b), exclude=[a.pk, b.pk])
    score = score_pair(
        sentences_a,
        sentences_b,
        shingles_a,
        shingles_b,
        common=common,
        titles=(a.title, b.title),
        named=(_named(entities_a), _named(entities_b)),
    )
    both = by_name(entities_a.keys() & entities_b.keys())
    event = event_between(a, b)
    names = {pk: e.name for pk, e in {**entities_a, **entities_b}.items()}
    event_reasons = reasons_from(evidence_of(event), names) if event else ()
    figures = compare_figures(figures_a, figures_b)
    languages_differ = bool(a.language and b.language and a.language != b.language)
    dates = compare_dates(
        dates_a, dates_b, a.published_on, b.published_on, across_languages=languages_differ
    )
    return Comparison(
        a=a,
        b=b,
        score=score,
        rows=side_by_side(sentences_a, sentences_b),
        entities_both=both,
        entities_only_a=by_name(entities_a.keys() - entities_b.keys()),
        entities_only_b=by_name(entities_b.keys() - entities_a.keys()),
        topics_a=_topics(a),
        topics_b=_topics(b),
        figures=figures,
        dates=dates,
        has_figures=bool(figures_a or figures_b),
        has_dates=bool(dates_a or dates_b),
        reasons=across_languages(a, b, both, figures, dates)
        + event_reasons
        + reasons_for(score, both, said=bool(event_reasons)),
        first=first_published(a, b),
        event=event,
    )
