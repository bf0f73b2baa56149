"""The filters a search is narrowed by, each shown the same way: a chip that names it and
links to the same search without it; and the facet values that are already chosen.

Plain functions over the validated filter form and the request's GET, so the search page's
template only loops.
"""

from dataclasses import dataclass, replace

from django.http import QueryDict

from articles.search.facets import Facets, FacetValue
from articles.web.filters import LANGUAGE_CHOICES


@dataclass(frozen=True)
class Chip:
    """One active filter: what it is ("topic"), its value in words, and the URL (from "?")
    of the same search without it."""

    name: str
    label: str
    remove: str


def without(current: QueryDict, key: str, value: str | None = None) -> str:
    """`current` without parameter `key` (only its `value` when given) and without the page
    number: the URL of the same search with one filter removed."""
    query = current.copy()
    query.pop("page", None)
    if value is None:
        query.pop(key, None)
    else:
        query.setlist(key, [v for v in query.getlist(key) if v != value])
    return "?" + query.urlencode()


def active_filters(chosen: dict, current: QueryDict) -> list[Chip]:
    """The chips of the valid filters in `chosen` (the filter form's cleaned_data)."""
    chips = []
    if chosen.get("source"):
        chips.append(Chip("source", chosen["source"].name, without(current, "source")))
    if chosen.get("topic"):
        chips.append(Chip("topic", chosen["topic"].name, without(current, "topic")))
    for entity in chosen.get("entity") or []:
        chips.append(Chip("about", entity.name, without(current, "entity", entity.slug)))
    if chosen.get("language"):
        label = dict(LANGUAGE_CHOICES).get(chosen["language"], chosen["language"])
        chips.append(Chip("language", label, without(current, "language")))
    if chosen.get("date_from"):
        chips.append(Chip("from", chosen["date_from"].isoformat(), without(current, "date_from")))
    if chosen.get("date_to"):
        chips.append(Chip("to", chosen["date_to"].isoformat(), without(current, "date_to")))
    if chosen.get("undated"):
        chips.append(Chip("date", "undated only", without(current, "undated")))
    return chips


def _is_chosen(value: FacetValue, current: QueryDict) -> bool:
    wanted = {key: v for key, v in value.params.items() if v is not None}
    return bool(wanted) and all(v in current.getlist(key) for key, v in wanted.items())


def _adding_entity(value: FacetValue, current: QueryDict) -> FacetValue:
    # An entity narrows further: it is added to the entities already chosen (all must be
    # mentioned), instead of replacing them.
    query = current.copy()
    query.pop("page", None)
    slugs = query.getlist("entity")
    query.setlist("entity", [*slugs, value.params["entity"]])
    return replace(value, querystring="?" + query.urlencode())


def mark_chosen(facets: Facets, current: QueryDict) -> Facets:
    """`facets` (with their links) with the values the search is narrowed to marked chosen,
    and each entity's link adding it to the chosen entities."""

    def marked(values):
        return [replace(v, chosen=_is_chosen(v, current)) for v in values]

    return replace(
        facets,
        sources=marked(facets.sources),
        topics=marked(facets.topics),
        entities=[_adding_entity(v, current) for v in marked(facets.entities)],
        years=marked(facets.years),
        languages=marked(facets.languages),
    )
