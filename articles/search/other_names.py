"""A query word that names a known entity also finds the entity's other names: "Modi" finds
"Narendra Modi", "Zelenskiy" finds "Zelensky". The names come from the entity table that
ingest fills (EntityAlias); the page says what was added, and the person can turn it off."""

import re

from django.db.models import Q

from articles.analysis import normalize_alias
from articles.search.base import fetch_queryset
from articles.search.query import Term, tokenize

MAX_NAMES = 6  # other names added per typed term
# Transliterations that differ in the ending only: Zelenskyy / Zelenskiy / Zelensky.
_ENDING = re.compile(r"(?:yy|iy|ij|yi|ii|y)$")


def spelling_keys(key: str) -> set[str]:
    """`key` and its forms with the transliterated ending spelt the other usual ways."""
    if " " in key or not _ENDING.search(key) or len(key) < 5:
        return {key}
    stem = _ENDING.sub("", key)
    return {key, stem + "y", stem + "iy", stem + "yy", stem + "ii", stem + "i"}


def names_by_term(terms: list[Term]) -> dict[Term, list[str]]:
    """For each term, the other names of the entities it names (at most MAX_NAMES)."""
    from articles.models import Entity, EntityAlias

    keys_of = {t: spelling_keys(normalize_alias(t.text or " ".join(t.words))) for t in terms}
    keys_of = {t: keys for t, keys in keys_of.items() if all(len(k) >= 3 for k in keys)}
    all_keys = set().union(*keys_of.values()) if keys_of else set()
    if not all_keys:
        return {}
    rows = EntityAlias.objects.filter(key__in=all_keys).values_list("key", "entity_id")
    entities_of_key: dict[str, set[int]] = {}
    for key, entity_id in fetch_queryset(rows, "names_by_key"):
        entities_of_key.setdefault(key, set()).add(entity_id)
    # A surname alone names a person known by the full name ("zelensky" in "volodymyr
    # zelensky"), and an entity is known by its own name too.
    surnames = Q()
    for key in all_keys:
        if " " not in key and len(key) >= 4:
            surnames |= Q(name__iendswith=" " + key)
    if surnames:
        people = Entity.objects.filter(surnames, kind=Entity.Kind.PERSON)
        for pk, name in fetch_queryset(people.values_list("pk", "name")[:100], "names_by_surname"):
            last = normalize_alias(name).rsplit(" ", 1)[-1]
            entities_of_key.setdefault(last, set()).add(pk)
    wanted = set().union(*entities_of_key.values()) if entities_of_key else set()
    if not wanted:
        return {}
    names: dict[int, list[str]] = {
        pk: [name]
        for pk, name in fetch_queryset(
            Entity.objects.filter(pk__in=wanted).values_list("pk", "name"), "entity_names"
        )
    }
    aliases = EntityAlias.objects.filter(entity__in=wanted).order_by("name")
    for entity_id, name in fetch_queryset(aliases.values_list("entity_id", "name"), "entity_names"):
        names[entity_id].append(name)
    found: dict[Term, list[str]] = {}
    for term, keys in keys_of.items():
        typed = tokenize(term.text or " ".join(term.words))
        others: dict[str, None] = {}
        for key in sorted(keys):
            for entity_id in sorted(entities_of_key.get(key, ())):
                for name in names[entity_id]:
                    if tokenize(name) != typed and tokenize(name):
                        others.setdefault(name, None)
        if others:
            found[term] = list(others)[:MAX_NAMES]
    return found
