"""The statistical stage for Russian: natasha's news models propose names in their nominative form.

natasha (slovnet's NER and morphology taggers over navec embeddings, all shipped inside the
natasha wheel) finds PER, ORG and LOC spans; the morphology tagger gives each word of a span its
case, so "Путина" is named "Путин" and "Сергеем Лавровым" "Сергей Лавров". The models load once
per process. Nothing is downloaded: a missing package is `ner.ModelNotAvailable`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from articles.analysis.ner import ModelNotAvailable, _chunks

# natasha's labels and the spaCy-style labels the rest of the analysis speaks.
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}

_INFLECTED = ("PROPN", "NOUN", "ADJ")
# Words either side of a name that the morphology tagger reads to tell its case.
MORPH_CONTEXT = 4

# Bodies that a place's name makes an organisation of: "мэрии Москвы" is the Moscow mayor's
# office (an organisation) beside Moscow (a place); "МИД Грузии", "посольство США". Word
# starts, so that every case form matches.
_GOVERNING = re.compile(
    r"(?<![\w-])(?P<body>(?:правительств|мэри|администраци|парламент|министерств|посольств"
    r"|представительств|консульств|пресс-служб|руководств|сборн|генпрокуратур|прокуратур"
    r"|полици|МИД|мид|Минобороны|минобороны|Минфин|минфин|Минэкономразвития|ЦИК|Верховн\w*\s+суд"
    r"|Конституционн\w*\s+суд|Центробанк|Центральн\w*\s+банк)\w*)\s+$"
)


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
    # The morphology tagger is the costly part: it reads only a few words around each name,
    # and a name written the same way again ("Путина" twice) takes the nominative found first.
    seen: dict[tuple[str, str], str] = {}
    windows, tagged_spans = [], []
    for sent in doc.sents:
        for span in sent.spans or ():
            if span.type in LABELS and (span.type, span.text) not in seen:
                seen[span.type, span.text] = ""
                first = sent.tokens.index(span.tokens[0])
                window = sent.tokens[max(0, first - MORPH_CONTEXT) :][
                    : len(span.tokens) + 2 * MORPH_CONTEXT
                ]
                windows.append(window)
                tagged_spans.append(span)
    markups = models.morph.map([[token.text for token in window] for window in windows])
    for window, markup, span in zip(windows, markups, tagged_spans, strict=True):
        for token, tagged in zip(window, markup.tokens, strict=True):
            token.pos, token.feats = tagged.pos, tagged.feats
        seen[span.type, span.text] = _nominative(models.vocab, span)
    found = [
        NamedSpan(offset + span.start, offset + span.stop, LABELS[span.type], normal)
        for span in doc.spans
        if span.type in LABELS and (normal := seen[span.type, span.text])
    ]
    bodies = _governing_bodies(models.vocab, text, offset, doc.spans)
    bodies += [
        b
        for b in _national_bodies(models.vocab, text, offset)
        if not any(
            s.start < b.end and b.start < s.end
            for s in (*found, *bodies)
            if s.label != "ORG" or not (b.start <= s.start and s.end <= b.end)
        )
    ]
    # A body's own words are not a second organisation: "МИДе" inside "МИДе Грузии".
    found = [
        s
        for s in found
        if s.label != "ORG" or not any(b.start <= s.start and s.end <= b.end for b in bodies)
    ]
    return sorted(found + bodies, key=lambda s: (s.start, -s.end))


def _governing_bodies(vocab, text: str, offset: int, spans) -> list[NamedSpan]:
    """ "мэрии Москвы" -> the organisation "Мэрия Москвы": a governing body named by the place
    it governs, the place keeping its own mention."""
    bodies = []
    for span in spans:
        if span.type != "LOC":
            continue
        match = _GOVERNING.search(text, max(0, span.start - 40), span.start)
        if not match:
            continue
        body = match.group("body")
        words = body.split()
        head = _lemma(vocab, words[-1])
        words = [_lemma(vocab, w) for w in words[:-1]] + [head]
        name = " ".join(words)
        name = name if name.isupper() else name[:1].upper() + name[1:]
        bodies.append(
            NamedSpan(
                offset + match.start("body"), offset + span.stop, "ORG", f"{name} {span.text}"
            )
        )
    return bodies


# The same bodies after the adjective of a country or city: "китайскому правительству",
# "японском МИДе", "российское посольство".
_NATIONAL = re.compile(
    r"(?<![\w-])(?P<adj>[а-яёА-ЯЁ][а-яё]+[сц]к(?:ий|ая|ое|ого|ому|ой|ом|им|ую|их|ие|ими|ых|ым))\s+"
    r"(?P<body>(?:правительств|мэри|администраци|парламент|министерств|посольств"
    r"|представительств|консульств|МИД|мид|прокуратур|руководств)\w*)(?![\w-])"
)


def _national_bodies(vocab, text: str, offset: int) -> list[NamedSpan]:
    bodies = []
    for match in _NATIONAL.finditer(text):
        name = _agreeing_nominative(vocab, match.group("adj"), match.group("body"))
        if name:
            bodies.append(NamedSpan(offset + match.start(), offset + match.end(), "ORG", name))
    return bodies


def _agreeing_nominative(vocab, adjective: str, noun: str) -> str:
    """ "китайскому правительству" -> "Китайское правительство": the noun in the nominative,
    the adjective agreeing with its gender."""
    nouns = [f for f in vocab(noun.lower()) if f.pos == "NOUN"]
    adjectives = [f for f in vocab(adjective.lower()) if f.pos == "ADJ"]
    if not nouns or not adjectives:
        return ""
    head = nouns[0].inflect({"Nom"})
    gender = head.feats.get("Gender") if head else None
    agreeing = adjectives[0].inflect({"Nom", gender, "Sing"}) if gender else None
    if not agreeing:
        return ""
    head_word = head.word.upper() if noun.isupper() or noun[:3].isupper() else head.word
    return f"{agreeing.word.capitalize()} {head_word}"


def _lemma(vocab, word: str) -> str:
    """The dictionary form of one word ("мэрии" -> "мэрия"), keeping an acronym's capitals."""
    if word.isupper():
        return word
    forms = vocab(word.lower())
    return _shaped(forms[0].normal, word) if forms else word


def _shaped(word: str, source: str) -> str:
    """`word` written like `source`: an acronym declined with a lower-case ending ("МИДе",
    "ООНа") stays in capitals, otherwise natasha's shape rules (capitalised, lower case)."""
    from natasha.norm import recover_shape

    stem = source.rstrip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    if len(stem) >= 2 and stem.isupper() and stem != source:
        return word.upper()
    return recover_shape(word, source)


def _nominative(vocab, span) -> str:
    """The span's name in the nominative. A person's or place's every word agrees with it
    ("Сергеем Лавровым"); an organisation's name puts only its head, the first noun, and the
    adjectives before it in the nominative: "Министерства иностранных дел" ->
    "Министерство иностранных дел", not every word."""
    from natasha.norm import inflect_word, recover_spaces

    tokens = span.tokens
    if span.type == "ORG":
        head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), -1)
        inflected = {i for i, t in enumerate(tokens[: head + 1]) if t.pos in _INFLECTED}
    else:
        inflected = set(range(len(tokens)))
    words = [
        _shaped(inflect_word(vocab, t), t.text) if i in inflected else t.text
        for i, t in enumerate(tokens)
    ]
    return " ".join(recover_spaces(words, tokens).split())
