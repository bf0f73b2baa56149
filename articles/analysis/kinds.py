"""The kinds of entity, one vocabulary for the gazetteer, the results and `Entity.Kind`."""

from enum import StrEnum


class Kind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
