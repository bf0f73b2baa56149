"""The statistical stage for Russian: natasha's news models propose names in their nominative form.

natasha (slovnet's NER and morphology taggers over navec embeddings, all shipped inside the
natasha wheel) finds PER, ORG and LOC spans; the morphology tagger gives each word of a span its
case, so "Путина" is named "Путин" and "Сергеем Лавровым" "Сергей Лавров". The models load once
per process. Nothing is downloaded: a missing package is `ner.ModelNotAvailable`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from articles.analysis.ner import ModelNotAvailable, _chunks

# natasha's labels and the spaCy-style labels the rest of the analysis speaks.
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}

_INFLECTED = ("PROPN", "NOUN", "ADJ")


@dataclass(frozen=True)
class NamedSpan:
    start: int
    end: int
    label: str  # PERSON, ORG or GPE
    normal: str  # the name in the nominative: "Владимир Путин"


@dataclass(frozen=True)
class _Models:
    segmenter: object
    vocab: object
    ner: object
    morph: object


@cache
def load() -> _Models:
    """natasha's segmenter, morphology vocabulary and taggers, loaded once per process."""
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError as exc:  # pragma: no cover - the package is a project dependency
        raise ModelNotAvailable("the Russian NER package natasha is not installed") from exc
    embedding = NewsEmbedding()
    return _Models(Segmenter(), MorphVocab(), NewsNERTagger(embedding), NewsMorphTagger(embedding))


def propose(texts: Sequence[str]) -> list[tuple[NamedSpan, ...]]:
    """The names natasha finds in each of `texts`, with their nominative forms."""
    models = load()
    found = []
    for text in texts:
        spans: list[NamedSpan] = []
        for offset, piece in _chunks(text):
            spans.extend(_piece_spans(models, piece, offset))
        found.append(tuple(spans))
    return found


def _piece_spans(models: _Models, text: str, offset: int) -> list[NamedSpan]:
    from natasha import Doc

    if not text.strip():
        return []
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner)
    if not doc.spans:
        return []
    # Only the sentences that hold a name need their words' cases: most of the text has none.
    named = [sent for sent in doc.sents if sent.spans]
    markups = models.morph.map([[token.text for token in sent.tokens] for sent in named])
    for sent, markup in zip(named, markups, strict=True):
        for token, tagged in zip(sent.tokens, markup.tokens, strict=True):
            token.pos, token.feats = tagged.pos, tagged.feats
    return [
        NamedSpan(offset + span.start, offset + span.stop, LABELS[span.type], normal)
        for span in doc.spans
        if span.type in LABELS and (normal := _nominative(models.vocab, span))
    ]


def _nominative(vocab, span) -> str:
    """The span's name in the nominative. A person's or place's every word agrees with it
    ("Сергеем Лавровым"); an organisation's name puts only its head, the first noun, and the
    adjectives before it in the nominative: "Министерства иностранных дел" ->
    "Министерство иностранных дел", not every word."""
    from natasha.norm import inflect_word, recover_shape, recover_spaces

    tokens = span.tokens
    if span.type == "ORG":
        head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), -1)
        inflected = {i for i, t in enumerate(tokens[: head + 1]) if t.pos in _INFLECTED}
    else:
        inflected = set(range(len(tokens)))
    words = [
        recover_shape(inflect_word(vocab, t), t.text) if i in inflected else t.text
        for i, t in enumerate(tokens)
    ]
    return " ".join(recover_spaces(words, tokens).split())
