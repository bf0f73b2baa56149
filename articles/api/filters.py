"""The search's parameters, once, as a ninja query schema (`Query[SearchFilters]`) made from
the search page's own filters (articles.web.filters.ArticleFilter): a filter added to the page
is a parameter of every search endpoint, typed and described in the OpenAPI description.

The validated values are turned back into the query string the page reads
(`SearchFilters.params()`), so the API and the page run one search with one meaning for each
value: a boolean is "true" or absent, a date is ISO text, an address is checked as one."""

import datetime as dt
import re
from typing import Literal

import django_filters
from django.http import QueryDict
from ninja import Schema
from pydantic import Field, create_model

from articles.search import SORTS
from articles.web.filters import ArticleFilter

ADDRESS = re.compile(r"[-a-zA-Z0-9_]{1,200}")

Sort = Literal[SORTS]


# What the page's label does not say.
DESCRIPTIONS = {
    "language": "Only articles in this language: an ISO 639-1 code (`ru`), or `und` for "
    "those whose language is unknown.",
}


class BadFilter(ValueError):
    pass


def _parameter(name: str, f: django_filters.Filter) -> tuple[object, object]:
    """The annotation and default of one page filter as a query parameter."""
    label = str(f.label or name)
    if isinstance(f, django_filters.ModelMultipleChoiceFilter):
        return list[str], Field([], description=f"Addresses (slugs), repeated: every {name}.")
    if isinstance(f, django_filters.ModelChoiceFilter):
        return str, Field("", description=f"The {name}'s address (slug).")
    if isinstance(f, django_filters.DateFilter):
        return dt.date | None, Field(None, description=f"{label} (ISO date, inclusive).")
    if isinstance(f, django_filters.BooleanFilter):
        return bool, Field(False, description=label)
    if isinstance(f, django_filters.ChoiceFilter):
        # Text, checked by the page's filter (a value it does not know is a 400 naming it).
        return str, Field("", description=DESCRIPTIONS.get(name, label))
    if isinstance(f, django_filters.CharFilter):
        return str, Field("", description=label)
    # Failing at import: a page filter the API cannot describe must be given a type here.
    raise TypeError(f"No API parameter type for the search filter {name} ({type(f).__name__}).")


class SearchText(Schema):
    q: str = Field("", description="The query, as typed in the search page's box.")
    names: Literal["on", "off"] = Field(
        "on", description="`off`: search only the names written, not the entities' other names."
    )


SearchFilters = create_model(
    "SearchFilters",
    __base__=SearchText,
    __doc__="The search page's query and filters.",
    **{name: _parameter(name, f) for name, f in ArticleFilter.base_filters.items()},
)

# The filters whose values are addresses of sources, topics, entities...
ADDRESSED = tuple(
    name
    for name, f in ArticleFilter.base_filters.items()
    if isinstance(f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter)
)


def params(filters: SearchText, sort: str | None = None) -> QueryDict:
    """The query string the search page reads for these filters: only what is set. An
    address that could not be one is refused here (BadFilter), before the database."""
    out = QueryDict(mutable=True)
    for name, value in filters.model_dump().items():
        values = value if isinstance(value, list) else [value]
        if name in ADDRESSED:
            for v in values:
                if v and not ADDRESS.fullmatch(v):
                    raise BadFilter(f"{name}: “{v[:100]}” is not an address.")
        if name == "names":
            values = ["off"] if value == "off" else []
        elif isinstance(value, bool):
            values = ["true"] if value else []
        text = [v.isoformat() if isinstance(v, dt.date) else str(v) for v in values if v]
        if text:
            out.setlist(name, text)
    if sort:
        out["sort"] = sort
    return out
