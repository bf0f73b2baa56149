"""People, organisations and places in Russian text, from the names natasha proposes.

The English finder's cue rules read capitalised Latin words; Russian names come from the model
alone (`ner_ru.propose`, names already in the nominative). Here they become the archive's
entities: a name the gazetteer knows in any script takes its canonical name ("Путин" ->
Vladimir Putin, "Россия" -> Russia); a lone surname is the person the article names in full;
one kind per name, by majority.
"""

from collections import Counter
from collections.abc import Iterable

from articles.analysis import gazetteer
from articles.analysis.aliases import normalize_alias
from articles.analysis.kinds import Kind
from articles.analysis.ner_ru import NamedSpan
from articles.analysis.results import EntityHit

_KINDS = {"PERSON": Kind.PERSON, "ORG": Kind.ORGANISATION, "GPE": Kind.PLACE}
# On a tied vote: organisations are the model's commonest confusion, as in English.
_KIND_PREFERENCE = {Kind.ORGANISATION: 2, Kind.PERSON: 1, Kind.PLACE: 0}


def _known_names() -> dict[str, tuple[str, Kind]]:
    known: dict[str, tuple[str, Kind]] = {}
    for name, kind, aliases in gazetteer.iter_entries():
        for alias in aliases:
            known.setdefault(normalize_alias(alias), (name, kind))
    return known


_KNOWN = _known_names()


def find_entities_ru(text: str, spans: Iterable[NamedSpan]) -> tuple[EntityHit, ...]:
    """The entities of a Russian `text`, with their mentions, from the model's `spans`."""
    mentions = [
        (span, normalize_alias(span.normal))
        for span in spans
        if _plausible(span.normal) and span.label in _KINDS
    ]
    # An entity is its gazetteer name when known, else the key of its name.
    entity_of = {key: _KNOWN[key][0] if key in _KNOWN else key for _span, key in mentions}
    # A surname alone is the person the article names in full: "Лавров" after "Сергей Лавров".
    full_names: dict[str, set[str]] = {}
    for span, key in mentions:
        if span.label == "PERSON" and " " in key:
            full_names.setdefault(key.split()[-1], set()).add(entity_of[key])
    votes: dict[str, Counter] = {}
    names: dict[str, str] = {}
    linked = []
    for span, key in mentions:
        entity = entity_of[key]
        owners = full_names.get(key, set()) if " " not in key and key not in _KNOWN else set()
        if len(owners) == 1 and _KINDS[span.label] != Kind.PLACE:
            entity = next(iter(owners))
        if entity == key:  # not in the gazetteer: its kind and name come from the text
            votes.setdefault(entity, Counter())[_KINDS[span.label]] += 1
            names.setdefault(entity, span.normal)
        linked.append((span, entity))
    decided = {name: kind for name, kind in _KNOWN.values()}
    for entity, counter in votes.items():
        kind = max(counter, key=lambda k: (counter[k], _KIND_PREFERENCE[k]))
        decided[entity] = kind
    return _tally(linked, decided, names)


# Capitalised words the model takes for names that name nothing in particular: "СМИ" is "the
# media".
_NOT_NAMES = frozenset({"СМИ", "ЧП", "ВУЗ"})


def _plausible(name: str) -> bool:
    # A name starts with a capital ("ООН", "Путин"); the model's rare lower-case spans are words.
    return (
        len(name) >= 2
        and name[0].isupper()
        and name not in _NOT_NAMES
        and not any(c.isdigit() for c in name)
    )


def _tally(linked, kinds, names) -> tuple[EntityHit, ...]:
    counts: Counter[str] = Counter()
    aliases: dict[str, set[str]] = {}
    places: dict[str, list[tuple[int, int]]] = {}
    for span, entity in sorted(linked, key=lambda pair: pair[0].start):
        counts[entity] += 1
        aliases.setdefault(entity, set()).add(span.normal)
        places.setdefault(entity, []).append((span.start, span.end))
    hits = []
    for entity in sorted(counts, key=lambda e: (-counts[e], places[e][0])):
        name = names.get(entity, entity)
        hits.append(
            EntityHit(
                name,
                kinds[entity],
                frozenset(aliases[entity] | {name}),
                counts[entity],
                tuple(places[entity]),
            )
        )
    return tuple(hits)
