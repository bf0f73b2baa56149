"""Helpers for the word lists the analysis keeps in its modules."""


def words(text: str) -> frozenset[str]:
    """A set from a whitespace-separated block: long vocabularies stay readable."""
    return frozenset(text.split())
