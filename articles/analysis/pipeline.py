"""analyze(): raw article text in, one Analysis value out; analyze_many() for a batch."""

import datetime
import re
from collections.abc import Mapping, Sequence
from functools import cache

from articles.analysis import ner, ner_ru
from articles.analysis.cleaning import CleanedText, clean
from articles.analysis.dates import find_dates
from articles.analysis.entities import find_entities
from articles.analysis.entities_ru import find_entities_ru
from articles.analysis.figures import find_figures
from articles.analysis.quotes import find_quotes
from articles.analysis.results import Analysis
from articles.analysis.scripts import language_of_script
from articles.analysis.sentences import sentences_of
from articles.analysis.topics import score_topics


def analyze(
    raw_text: str,
    *,
    topics: Mapping[str, Sequence[str]],
    published: datetime.date | None = None,
    ner_model: str | None = ner.DEFAULT_MODEL,
    language: str = "",
) -> Analysis:
    """Analyse one article. `ner_model` names the spaCy pipeline that proposes names in
    English (None: no statistical model in any language, the gazetteer and cue rules alone).
    `language` is the article's ISO 639-1 code; "" lets its alphabet decide."""
    (analysis,) = analyze_many(
        [raw_text], topics=topics, published=[published], ner_model=ner_model, languages=[language]
    )
    return analysis


def analyze_many(
    raw_texts: Sequence[str],
    *,
    topics: Mapping[str, Sequence[str]],
    published: Sequence[datetime.date | None] | None = None,
    ner_model: str | None = ner.DEFAULT_MODEL,
    languages: Sequence[str] | None = None,
) -> list[Analysis]:
    """Analyse several articles at once: the model reads their bodies in batches, which is
    much faster than one call per article. `languages` gives each article's ISO 639-1 code
    ("" or None: its alphabet decides, see `scripts.language_of_script`)."""
    cleaned = [clean(raw_text or "") for raw_text in raw_texts]
    bodies = [c.body for c in cleaned]
    given = languages if languages is not None else [""] * len(cleaned)
    # "fr-FR" and "FR" are French: the language, not its region, picks the model.
    langs = [
        re.split(r"[-_]", (lang or language_of_script(body)).lower())[0]
        for lang, body in zip(given, bodies, strict=True)
    ]
    spans = _proposals(ner_model, bodies, langs)
    dates = published if published is not None else [None] * len(cleaned)
    return [
        _analysis(c, s, topics, d, lang)
        for c, s, d, lang in zip(cleaned, spans, dates, langs, strict=True)
    ]


# The Russian models' place among spaCy pipeline names, which are never empty.
RUSSIAN = ""


def _proposals(ner_model: str | None, bodies: list[str], langs: list[str]) -> list[tuple]:
    """The model's name spans for each body: natasha for Russian, spaCy's pipeline for the
    language where one is installed (`ner.LANGUAGE_MODELS`), else `ner_model`; each model
    reads its own articles as one batch."""
    spans: list[tuple] = [()] * len(bodies)
    if not ner_model:
        return spans
    by_model: dict[str, list[int]] = {}
    for i, lang in enumerate(langs):
        model = RUSSIAN if lang == "ru" else _installed(ner.LANGUAGE_MODELS.get(lang), ner_model)
        by_model.setdefault(model, []).append(i)
    for model, indices in by_model.items():
        texts = [bodies[i] for i in indices]
        found = ner_ru.propose(texts) if model == RUSSIAN else ner.propose(model, texts)
        for i, s in zip(indices, found, strict=True):
            spans[i] = s
    return spans


@cache
def _installed(model: str | None, fallback: str) -> str:
    """`model` when it loads, else `fallback`: a language without its pipeline is read by the
    configured one, as before it had its own. Asked once per process."""
    if model is None:
        return fallback
    try:
        ner.load(model)
    except ner.ModelNotAvailable:
        return fallback
    return model


def _analysis(
    cleaned: CleanedText,
    spans: Sequence,
    topics: Mapping[str, Sequence[str]],
    published: datetime.date | None,
    language: str = "",
) -> Analysis:
    sentences = tuple(sentences_of(cleaned.paragraphs))
    if language == "ru":
        entities = find_entities_ru(cleaned.body, spans)
    else:
        entities = find_entities(cleaned.body, spans)
    # A headline's dates and figures are the article's too; a derived title repeats the text.
    headed = sentences if cleaned.title_derived else (cleaned.title, *sentences)
    return Analysis(
        title=cleaned.title,
        title_derived=cleaned.title_derived,
        byline=cleaned.byline,
        body=cleaned.body,
        sentences=sentences,
        entities=entities,
        topics=score_topics(
            sentences, topics, title="" if cleaned.title_derived else cleaned.title
        ),
        dates=find_dates(headed, published, language or "en"),
        quotes=find_quotes(cleaned.paragraphs, entities),
        figures=find_figures(headed),
    )
